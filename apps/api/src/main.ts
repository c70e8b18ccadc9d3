import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';
import { type Client } from '@temporalio/client';
import { type AppConfig, loadConfig } from '@khflow/config';
import { JsonLogger } from '@khflow/logging';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, TEMPORAL_CLIENT } from './api.tokens';
import { assertNoExposedDemo } from './auth/exposure-check';
import { registerRequestGuards } from './common/request-guards';
import { AppModule } from './app.module';
import { API_CONTROLLERS, API_PROVIDERS } from './api.routes';

export interface RunningApi {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

export async function startApi(config: AppConfig): Promise<RunningApi> {
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required by the API (npm start sets it for the embedded PostgreSQL)');
  const adapter = new FastifyAdapter({
    bodyLimit: 2 * 1024 * 1024, // JSON bodies; attachments stream through multipart with their own limit
    // A request id on every log line and response, taken from the caller when it sends one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    // X-Forwarded-For is believed only from the proxies named in KHFLOW_TRUSTED_PROXIES: anyone else could choose
    // their own address (and so escape login throttling or forge the audit's client address).
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
  });
  const logger = new JsonLogger('khflow-api', config.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, config.databaseUrl, { controllers: API_CONTROLLERS, providers: API_PROVIDERS }), adapter, {
    logger,
    bodyParser: false, // JSON bodies are parsed by registerRequestGuards (with a nesting limit)
  });
  const fastify = app.getHttpAdapter().getInstance();
  try {
    await assertNoExposedDemo(config, app.get<DataSource>(DATA_SOURCE));
  } catch (err) {
    await app.close();
    await app.get<Client>(TEMPORAL_CLIENT).connection.close().catch(() => undefined);
    throw err;
  }
  registerRequestGuards(fastify);
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // One structured line per request: ids and timings only, never headers or bodies (tokens, passwords).
  fastify.addHook('onResponse', async (req, reply) => {
    const user = (req as { user?: { id: string } }).user;
    logger.entry(reply.statusCode >= 500 ? 'error' : 'info', 'request', {
      reqId: req.id,
      method: req.method,
      path: req.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      ...(user ? { userId: user.id } : {}),
    });
  });
  await app.register(multipart as never, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 } });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('khflow API')
      .setDescription('Plans (Kế hoạch) executed as durable workflows: directory, plans, assignments, approvals, audit.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  // The web console (built by npm start / npm test into apps/console/dist) at /console/, talking to this API.
  const consoleDir = path.resolve(__dirname, '../../console/dist');
  if (fs.existsSync(path.join(consoleDir, 'index.html'))) {
    await fastify.register(fastifyStatic as never, { root: consoleDir, prefix: '/console/', decorateReply: false });
    fastify.get('/', (_req, reply) => void reply.redirect('/console/'));
  }
  await app.listen(config.apiPort, config.apiHost);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.apiPort;
  const url = `http://${config.apiHost === '0.0.0.0' ? '127.0.0.1' : config.apiHost}:${port}`;
  return {
    app,
    url,
    async close() {
      await app.close();
      await app.get<Client>(TEMPORAL_CLIENT).connection.close().catch(() => undefined);
    },
  };
}

if (require.main === module) {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(`khflow-api: bad configuration: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  startApi(config)
    .then((api) => {
      process.send?.({ ready: true }); // npm start waits for this before it says the system is running
      new JsonLogger('khflow-api', config.logLevel).log(`API listening on ${api.url} (OpenAPI at ${api.url}/docs)`, 'khflow-api');
      // Ctrl-C reaches us from the terminal and again from npm start: close once, ignore the repeat.
      let closing: Promise<void> | null = null;
      const stop = () => void (closing ??= api.close().then(() => process.exit(0)));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}

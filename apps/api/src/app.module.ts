import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '@khflow/config';
import { createDataSource } from '@khflow/persistence';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from './api.tokens';
import { DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS } from './common/dependency-errors';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { HealthController } from './health/health.controller';
import { MetricsModule } from './metrics/metrics.module';
import { temporalClientInterceptors } from '@khflow/observability';

/** The HTTP API: thin controllers over the Temporal client and the PostgreSQL read models. */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig, databaseUrl: string, extra: { controllers?: DynamicModule['controllers']; providers?: DynamicModule['providers'] } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [MetricsModule.forDatabase(databaseUrl)],
      controllers: [HealthController, ...(extra.controllers ?? [])],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: DATA_SOURCE,
          useFactory: async () => createDataSource(databaseUrl, { poolSize: 10, applicationName: 'khflow-api', connectTimeoutMs: DB_CONNECT_TIMEOUT_MS, queryTimeoutMs: DB_QUERY_TIMEOUT_MS }).initialize(),
        },
        {
          provide: TEMPORAL_CLIENT,
          // Lazy: the API starts (and /health/ready says why it is not ready) even while Temporal is still coming up.
          // With an OTLP endpoint, workflow starts and updates are spans whose context travels in the headers.
          useFactory: () => new Client({ connection: Connection.lazy({ address: config.temporalAddress }), namespace: config.temporalNamespace, interceptors: { workflow: temporalClientInterceptors() } }),
        },
        ...(extra.providers ?? []),
      ],
    };
  }
}

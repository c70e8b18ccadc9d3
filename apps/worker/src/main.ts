import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerInterceptors } from '@temporalio/worker';
import { type AppConfig, loadConfig } from '@khflow/config';
import { JsonLogger } from '@khflow/logging';
import { activityMap, AssignmentProjectionActivity, DirectoryActivity, PlanActivity } from './activities';
import { loadObservabilityConfig, startTracing, stopTracing, temporalActivityInterceptors } from '@khflow/observability';
import { activityMetricsInterceptor, freeLoopbackPort, serveWorkerMetrics } from './metrics/worker-metrics';
import { WorkerModule } from './worker.module';
import { workflowBundleOptions } from './workflow-bundle';

export interface RunningWorker {
  shutdown(): Promise<void>;
  worker: Worker;
}

/** Starts the khflow worker: a Nest application context for the activities, and a Temporal worker. */
export async function runWorker(
  config: AppConfig,
  opts: { workflowBundlePath?: string; maxConcurrentActivities?: number; connection?: NativeConnection; interceptors?: WorkerInterceptors } = {},
): Promise<RunningWorker> {
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required by the worker (npm start sets it for the embedded PostgreSQL)');
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config, config.databaseUrl), {
    logger: new JsonLogger('khflow-worker', config.logLevel),
  });
  const activities = activityMap(app.get(PlanActivity), app.get(AssignmentProjectionActivity), app.get(DirectoryActivity));
  const connection = opts.connection ?? (await NativeConnection.connect({ address: config.temporalAddress }));
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    ...(opts.workflowBundlePath ? { workflowBundle: { codePath: opts.workflowBundlePath } } : { bundlerOptions: { webpackConfigHook: workflowBundleOptions().webpackConfigHook }, workflowsPath: workflowBundleOptions().workflowsPath }),
    activities,
    interceptors: { activity: [activityMetricsInterceptor, ...temporalActivityInterceptors(), ...(opts.interceptors?.activity ?? [])], workflowModules: opts.interceptors?.workflowModules ?? [] },
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities ?? 50,
    ...(config.workerMaxCachedWorkflows ? { maxCachedWorkflows: config.workerMaxCachedWorkflows } : {}),
  });
  const running = worker.run();
  running.catch((err) => Logger.error(`worker stopped: ${err}`, 'khflow-worker'));
  let stopped: Promise<void> | null = null;
  return {
    worker,
    // Idempotent: tests and signal handlers may both ask.
    shutdown() {
      stopped ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        if (!opts.connection) await connection.close();
        await app.close();
      })();
      return stopped;
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const observability = loadObservabilityConfig();
  startTracing('khflow-worker'); // only with an OTLP endpoint (and already done when preloaded by tracing.register)
  // The SDK's own logs (worker state, workflow and activity failures) as JSON lines too.
  const sdkLog = new JsonLogger('khflow-worker', config.logLevel);
  // The SDK core exports its metrics on a loopback port of its own; /metrics below serves them with the worker's.
  const sdkMetricsPort = observability.workerMetricsPort ? await freeLoopbackPort() : null;
  Runtime.install({
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : config.logLevel === 'info' ? 'INFO' : config.logLevel === 'warn' ? 'WARN' : 'ERROR', (e) =>
      sdkLog.entry(e.level === 'TRACE' || e.level === 'DEBUG' ? 'debug' : e.level === 'INFO' ? 'info' : e.level === 'WARN' ? 'warn' : 'error', e.message, { context: 'temporal', ...(e.meta ?? {}) }),
    ),
    ...(sdkMetricsPort ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}`, countersTotalSuffix: true, useSecondsForDurations: true } } } } : {}),
  });
  const metrics = observability.workerMetricsPort
    ? await serveWorkerMetrics(observability.workerMetricsHost, observability.workerMetricsPort, `http://127.0.0.1:${sdkMetricsPort}/metrics`).catch((err: NodeJS.ErrnoException) => {
        throw new Error(
          err.code === 'EADDRINUSE'
            ? `the worker's metrics port ${observability.workerMetricsPort} is taken: set KHFLOW_WORKER_METRICS_PORT to another port (or "off")`
            : `serving the worker's metrics on ${observability.workerMetricsHost}:${observability.workerMetricsPort} failed: ${err.message}`,
        );
      })
    : null;
  // A prebuilt workflow bundle (tests build one once) saves the webpack step at start.
  const w = await runWorker(config, { workflowBundlePath: process.env.KHFLOW_WORKFLOW_BUNDLE || undefined });
  process.send?.({ ready: true }); // npm start waits for this before it says the system is running
  Logger.log(`worker polling ${config.temporalTaskQueue} at ${config.temporalAddress}${metrics ? `; metrics at ${metrics.url}` : ''}`, 'khflow-worker');
  // Ctrl-C reaches us from the terminal and again from npm start; shutdown() is idempotent.
  const stop = () => void Promise.all([w.shutdown(), metrics?.close()]).then(stopTracing).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

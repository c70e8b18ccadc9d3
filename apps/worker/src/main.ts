import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { type AppConfig, loadConfig } from '@khflow/config';
import { JsonLogger } from '@khflow/logging';
import { activityMap, AssignmentProjectionActivity, DirectoryActivity, PlanActivity } from './activities';
import { WorkerModule } from './worker.module';
import { workflowBundleOptions } from './workflow-bundle';

export interface RunningWorker {
  shutdown(): Promise<void>;
  worker: Worker;
}

/** Starts the khflow worker: a Nest application context for the activities, and a Temporal worker. */
export async function runWorker(
  config: AppConfig,
  opts: { workflowBundlePath?: string; maxConcurrentActivities?: number; connection?: NativeConnection } = {},
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

if (require.main === module) {
  const config = loadConfig();
  // The SDK's own logs (worker state, workflow and activity failures) as JSON lines too.
  const sdkLog = new JsonLogger('khflow-worker', config.logLevel);
  Runtime.install({
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : config.logLevel === 'info' ? 'INFO' : config.logLevel === 'warn' ? 'WARN' : 'ERROR', (e) =>
      sdkLog.entry(e.level === 'TRACE' || e.level === 'DEBUG' ? 'debug' : e.level === 'INFO' ? 'info' : e.level === 'WARN' ? 'warn' : 'error', e.message, { context: 'temporal', ...(e.meta ?? {}) }),
    ),
  });
  // A prebuilt workflow bundle (tests build one once) saves the webpack step at start.
  runWorker(config, { workflowBundlePath: process.env.KHFLOW_WORKFLOW_BUNDLE || undefined })
    .then((w) => {
      process.send?.({ ready: true }); // npm start waits for this before it says the system is running
      Logger.log(`worker polling ${config.temporalTaskQueue} at ${config.temporalAddress}`, 'khflow-worker');
      // Ctrl-C reaches us from the terminal and again from npm start; shutdown() is idempotent.
      const stop = () => void w.shutdown().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}

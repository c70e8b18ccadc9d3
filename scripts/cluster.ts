// The production topology (scripts/cluster-topology.ts) as local processes: PostgreSQL (embedded, or a given
// DATABASE_URL-style server), Temporal's schema, each Temporal service its own process (two history processes),
// khflow's workers and API replicas from the compiled build in dist/. Every process is supervised: one that dies is
// restarted with backoff. Used by `npm run start:cluster` and by the chaos test.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { runMigrations } from '../libs/persistence/src/migrate';
import { type ClusterDatabases, clusterDatabases, connectionParts, databaseName, redact, withDatabase } from './cluster-databases';
import {
  DYNAMIC_CONFIG_YAML,
  STANDARD_PORTS,
  TEMPORAL_COMPACT_PROCESSES,
  TEMPORAL_PROCESSES,
  type TemporalService,
  khflowApiNames,
  khflowWorkerNames,
  schemaSteps,
  temporalConfigYaml,
  temporalServerArgs,
} from './cluster-topology';
import { type EmbeddedPg, ROOT, canConnect, freeLowPort, freePort, startEmbeddedPostgres, waitUntil } from './dev-services';
import { AppProcess, type Restartable, ServiceProcess, Supervisor } from './supervisor';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the server module. */
  schema: string;
  /** The Temporal CLI (namespace registration). */
  cli: string;
}

export interface ClusterOptions {
  dir: string;
  binaries: ClusterBinaries;
  /** Fixed ports (npm run start:cluster); free ports otherwise. */
  ports?: { pg?: number; frontend?: number; apis?: number[]; workerMetrics?: number[] };
  persistent: boolean;
  /**
   * A PostgreSQL of the operator's (DATABASE_URL) instead of the embedded one: khflow's database is the URL's, and
   * Temporal's two are created on the same server (or on `temporalUrl`'s, see cluster-databases.ts). Each database is
   * created when missing, which needs the CREATEDB privilege; existing ones are used as they are.
   */
  database?: { url: string; temporalUrl?: string | null };
  /** How many khflow workers and API replicas (default: the topology's). */
  workers?: number;
  apis?: number;
  /** One Temporal process serving every service, for tests that are not about the topology (default: the topology). */
  compactTemporal?: boolean;
  /** PostgreSQL and the Temporal services only: the caller runs its own khflow processes (the benchmarks). */
  temporalOnly?: boolean;
  /** Fills the khflow database after the migrations (the demo directory, a test's province). */
  seed?: (databaseUrl: string) => Promise<void>;
  /** Extra settings for the khflow workers and APIs. */
  appEnv?: Record<string, string>;
  log: (msg: string) => void;
  /** Step timings are added here. */
  timings?: [string, number][];
}

export interface Cluster {
  /** The embedded PostgreSQL, or null with an external DATABASE_URL. */
  pg: EmbeddedPg | null;
  databaseUrl: string;
  databases: ClusterDatabases;
  temporalAddress: string;
  apiUrls: string[];
  /** Each khflow worker's Prometheus endpoint (its own counters and the Temporal SDK's). */
  workerMetricsUrls: string[];
  /** Every supervised process by name (temporal-history-1, worker-1, api-2, postgres, …). */
  processes: Map<string, Restartable>;
  supervisor: Supervisor;
  /** Where each process listens, for the banner. */
  listening: [string, string][];
  stop(): Promise<void>;
}

const DIST = path.join(ROOT, 'dist');

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  for (const f of o.temporalOnly ? [] : ['apps/api/src/main.js', 'apps/worker/src/main.js', 'workflow-bundle.js', 'tsconfig.json']) {
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`the compiled build is missing dist/${f}: run \`npm run build\` (npm run start:cluster and npm test build it)`);
  }
  fs.mkdirSync(path.join(o.dir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(o.dir, 'temporal'), { recursive: true });
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const processes = new Map<string, Restartable>();
  const listening: [string, string][] = [];
  const supervisor = new Supervisor({ log: o.log });
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      o.timings?.push([name, Date.now() - t]);
    }
  };
  const stop = async () => {
    supervisor.stop();
    for (const s of stops.reverse()) await s.stop().catch((err) => o.log(`stopping ${s.name}: ${err}`));
  };
  let migrated: Promise<void> | null = null;
  try {
    // PostgreSQL: khflow's database and Temporal's two (embedded, or the operator's server).
    let pg: EmbeddedPg | null = null;
    let databases: ClusterDatabases;
    if (o.database) {
      databases = clusterDatabases(o.database.url, o.database.temporalUrl);
      listening.push(['PostgreSQL', `${redact(databases.khflow)} (external; Temporal: ${databaseName(databases.temporal)}, ${databaseName(databases.visibility)})`]);
    } else {
      const pgPort = o.ports?.pg ?? (await freePort());
      const embedded = await timed('PostgreSQL', () => startEmbeddedPostgres({ dir: path.join(o.dir, 'pg'), port: pgPort, persistent: o.persistent, onNotice: o.log, logFile: path.join(o.dir, 'logs', 'postgres.log') }));
      pg = embedded;
      stops.push({ name: 'PostgreSQL', stop: () => embedded.stop() });
      processes.set('postgres', { name: 'postgres', crashed: () => embedded.crashed(), restart: () => embedded.restart(), pid: () => embedded.process()?.pid });
      listening.push(['PostgreSQL', `127.0.0.1:${pgPort} (data: ${embedded.dataDir})`]);
      databases = clusterDatabases(embedded.url('khflow'));
    }
    for (const url of [databases.khflow, databases.temporal, databases.visibility]) await ensureDatabase(url);
    const temporalDb = connectionParts(databases.temporal);
    const temporalNames = { main: temporalDb.database, visibility: databaseName(databases.visibility) };
    await timed('Temporal schema (temporal-sql-tool)', () => setupTemporalSchema(o.binaries, databases));
    const databaseUrl = databases.khflow;
    migrated = timed('khflow migrations and seed', async () => {
      await runMigrations(databaseUrl);
      await o.seed?.(databaseUrl);
    });

    // Temporal: every service its own process, configured from the topology (or the compact form).
    const temporalProcesses = o.compactTemporal ? TEMPORAL_COMPACT_PROCESSES : TEMPORAL_PROCESSES;
    const frontendPort = o.ports?.frontend ?? (await freePort());
    const configDir = path.join(o.dir, 'temporal', 'config');
    fs.mkdirSync(configDir, { recursive: true });
    const dynamicConfigFile = path.join(configDir, 'dynamicconfig.yaml');
    fs.writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG_YAML);
    const temporalAddress = `127.0.0.1:${frontendPort}`;
    const ports = new Map<string, Record<TemporalService, { grpc: number; membership: number; http?: number }>>();
    const allServices = ['frontend', 'history', 'matching', 'worker'] as const;
    for (const p of temporalProcesses) {
      const own = {} as Record<TemporalService, { grpc: number; membership: number; http?: number }>;
      for (const svc of [p.service, ...(p.alsoServes ?? [])]) {
        own[svc] = { grpc: svc === 'frontend' ? frontendPort : await freePort(), membership: await freeLowPort(), http: STANDARD_PORTS[svc].http ? await freePort() : undefined };
      }
      ports.set(p.name, own);
    }
    const firstOf = (svc: TemporalService) => ports.get(temporalProcesses.find((p) => p.service === svc || p.alsoServes?.includes(svc))!.name)![svc];
    const temporalProcs: ServiceProcess[] = [];
    for (const p of temporalProcesses) {
      const own = ports.get(p.name)!;
      const services = { ...Object.fromEntries(allServices.map((svc) => [svc, firstOf(svc)])), ...own } as Record<TemporalService, { grpc: number; membership: number; http?: number }>;
      const main = own[p.service];
      const metricsPort = await freePort();
      const values = { services, metricsPort, bind: 'localhost', broadcastAddress: '127.0.0.1', db: { host: temporalDb.host, port: temporalDb.port, user: temporalDb.user, password: temporalDb.password }, databases: temporalNames, frontendAddress: temporalAddress, dynamicConfigFile };
      fs.writeFileSync(path.join(configDir, `${p.name}.yaml`), temporalConfigYaml(p, values));
      const proc = new ServiceProcess(p.name, o.binaries.server, temporalServerArgs(p, path.join(o.dir, 'temporal'), 'config'), {
        logFile: path.join(o.dir, 'logs', `${p.name}.log`),
        // Temporal's own worker service serves no gRPC: it is up once it listens for membership.
        ready: () => canConnect(p.service === 'worker' ? main.membership : main.grpc),
      });
      stops.push({ name: p.name, stop: () => proc.stop() });
      processes.set(p.name, proc);
      temporalProcs.push(proc);
      listening.push([p.name, `127.0.0.1:${main.grpc} (metrics http://127.0.0.1:${metricsPort}/metrics, log ${path.join(o.dir, 'logs', `${p.name}.log`)})`]);
    }
    // The first process initialises the cluster metadata; the others then start side by side.
    const starts = timed('Temporal services', async () => {
      await temporalProcs[0].start();
      await Promise.all(temporalProcs.slice(1).map((p) => p.start()));
    });
    await starts;
    await timed('namespace "default"', () => ensureNamespace(o.binaries.cli, temporalAddress));
    await migrated;
    if (o.temporalOnly) {
      for (const p of processes.values()) supervisor.watch(p);
      return { pg, databaseUrl, databases, temporalAddress, apiUrls: [], workerMetricsUrls: [], processes, supervisor, listening, stop };
    }

    // khflow: workers and API replicas, compiled JavaScript, the workflow bundle prebuilt.
    const env = {
      ...process.env,
      TS_NODE_PROJECT: path.join(DIST, 'tsconfig.json'),
      KHFLOW_WORKFLOW_BUNDLE: path.join(DIST, 'workflow-bundle.js'),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      KHFLOW_TEMPORAL_DEV_SERVER: 'false',
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      ...o.appEnv,
    };
    // The tracing preload does nothing without OTEL_EXPORTER_OTLP_ENDPOINT (see libs/observability).
    const preload = ['-r', 'tsconfig-paths/register', '-r', path.join(DIST, 'libs/observability/src/tracing.register.js')];
    const apps: AppProcess[] = [];
    const workerMetricsUrls: string[] = [];
    const workerNames = khflowWorkerNames(o.workers);
    for (let i = 0; i < workerNames.length; i++) {
      const metricsPort = o.ports?.workerMetrics?.[i] ?? (await freePort());
      workerMetricsUrls.push(`http://127.0.0.1:${metricsPort}/metrics`);
      listening.push([workerNames[i], `metrics ${workerMetricsUrls[i]}`]);
      apps.push(new AppProcess(workerNames[i], [...preload, path.join(DIST, 'apps/worker/src/main.js')], { ...env, KHFLOW_WORKER_METRICS_PORT: String(metricsPort), KHFLOW_WORKER_METRICS_HOST: '127.0.0.1' }, ROOT));
    }
    const apiUrls: string[] = [];
    const apiNames = khflowApiNames(o.apis);
    for (let i = 0; i < apiNames.length; i++) {
      const port = o.ports?.apis?.[i] ?? (await freePort());
      apiUrls.push(`http://127.0.0.1:${port}`);
      listening.push([apiNames[i], `http://127.0.0.1:${port} (metrics http://127.0.0.1:${port}/metrics)`]);
      apps.push(new AppProcess(apiNames[i], [...preload, path.join(DIST, 'apps/api/src/main.js')], { ...env, API_PORT: String(port), API_HOST: '127.0.0.1' }, ROOT));
    }
    for (const a of apps) {
      stops.push({ name: a.name, stop: () => a.stop() });
      processes.set(a.name, a);
    }
    await timed('khflow workers and APIs', () => Promise.all(apps.map((a) => a.start())));
    await waitUntil(async () => (await Promise.all(apiUrls.map((u) => fetch(`${u}/health/ready`).then((r) => r.status === 200, () => false)))).every(Boolean), 120_000, 'every API replica to be ready');
    for (const p of processes.values()) supervisor.watch(p);
    return { pg, databaseUrl, databases, temporalAddress, apiUrls, workerMetricsUrls, processes, supervisor, listening, stop };
  } catch (err) {
    await migrated?.catch(() => undefined); // not in the middle of seeding
    await stop();
    throw err;
  }
}

/** Creates the URL's database on its server when missing (an existing one is used as it is). */
async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const c = new PgClient({ connectionString: withDatabase(url, 'postgres') });
  await c.connect();
  try {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) {
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string; message: string }) => {
        if (err.code === '42P04') return; // created meanwhile
        throw new Error(`creating the database ${name} on ${redact(url)} failed (${err.message}): create it, or give the user CREATEDB`);
      });
    }
  } finally {
    await c.end();
  }
}

async function setupTemporalSchema(b: ClusterBinaries, databases: ClusterDatabases): Promise<void> {
  const t = connectionParts(databases.temporal);
  const conn = ['--plugin', 'postgres12', '--ep', t.host, '-p', String(t.port), '-u', t.user, '--pw', t.password];
  for (const step of schemaSteps(b.schema, { main: t.database, visibility: databaseName(databases.visibility) })) {
    const url = step.database === t.database ? databases.temporal : databases.visibility;
    if (step.args[0] === 'setup-schema' && (await hasSchemaVersion(url))) continue; // a second start
    const r = spawnSync(b.sqlTool, [...conn, '--db', step.database, ...step.args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`temporal-sql-tool ${step.args[0]} on ${step.database} failed: ${(r.stderr || r.stdout || String(r.error)).slice(-2000)}`);
  }
}

async function hasSchemaVersion(url: string): Promise<boolean> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT to_regclass('public.schema_version') IS NOT NULL AS ok`)).rows[0].ok as boolean;
  } finally {
    await c.end();
  }
}

/** Registers the `default` namespace once the cluster answers (the frontend needs history and matching up). */
async function ensureNamespace(cli: string, address: string): Promise<void> {
  let last = '';
  await waitUntil(
    async () => {
      const d = spawnSync(cli, ['operator', 'namespace', 'describe', '--address', address, '-n', 'default'], { encoding: 'utf8' });
      if (d.status === 0) return true;
      const c = spawnSync(cli, ['operator', 'namespace', 'create', '--address', address, '-n', 'default', '--retention', '720h'], { encoding: 'utf8' });
      last = (c.stderr || c.stdout).trim();
      return false;
    },
    120_000,
    'the namespace "default" to be registered',
    1000,
  ).catch((err) => {
    throw new Error(`${err.message}: ${last}`);
  });
}

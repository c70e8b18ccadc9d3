// `npm run start:cluster`: the production topology on this machine, without containers. PostgreSQL (embedded, or the
// server of DATABASE_URL with Temporal's databases beside khflow's or on TEMPORAL_DB_URL's),
// Temporal's schema, the Temporal services as separate processes (two history processes), two khflow workers and
// two API replicas from the compiled build; everything supervised. Prints where each listens. Ctrl-C stops it all.
import path from 'node:path';
import { loadConfig } from '../libs/config/src';
import { seedDemoDirectory } from '../libs/persistence/src/seed-demo';
import { type Cluster, startCluster } from './cluster';
import { DEFAULT_WORKER_METRICS_PORT, loadObservabilityConfig } from '../libs/observability/src';
import { KHFLOW_APIS, KHFLOW_WORKERS } from './cluster-topology';
import { ROOT } from './dev-services';

const say = (msg: string) => console.log(`[khflow] ${msg}`);

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through \`npm run start:cluster\`, which builds the Temporal server`);
  return v;
}

/**
 * The settings that are for development only and must not reach production: the embedded PostgreSQL (a fixed password,
 * data in the clone) and what the API refuses itself (the public default JWT secret, the demo users). NODE_ENV=production
 * without DATABASE_URL stops here, before anything starts; KHFLOW_DEMO=true allows it, as it allows the demo setup.
 */
export function productionRefusal(config: { nodeEnv: string; demoMode: boolean; databaseUrl: string | null }): string | null {
  if (config.nodeEnv !== 'production' || config.demoMode) return null;
  if (!config.databaseUrl) return 'NODE_ENV=production needs DATABASE_URL: the embedded PostgreSQL (fixed password, data in the clone) is for development only (or KHFLOW_DEMO=true for a demo)';
  return null;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const refused = productionRefusal(config);
  if (refused) {
    console.error(`[khflow] ${refused}`);
    process.exit(1);
  }
  const workerMetricsBase = loadObservabilityConfig().workerMetricsPort ?? DEFAULT_WORKER_METRICS_PORT;
  const temporalUrl = process.env.TEMPORAL_DB_URL || null;
  if (temporalUrl && !/^postgres(ql)?:\/\//.test(temporalUrl)) {
    console.error('[khflow] TEMPORAL_DB_URL must be a postgresql:// URL (Temporal\'s main database; its visibility store is <name>_visibility)');
    process.exit(1);
  }
  if (temporalUrl && !config.databaseUrl) {
    console.error('[khflow] TEMPORAL_DB_URL is given without DATABASE_URL: set both (or neither, for the embedded PostgreSQL)');
    process.exit(1);
  }
  const started = Date.now();
  const timings: [string, number][] = JSON.parse(process.env.KHFLOW_BOOT_TIMINGS || '[]');
  let cluster: Cluster | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping the cluster …');
    await cluster?.stop();
    say('stopped');
    process.exit(code);
  };
  // Whatever goes wrong, what was started is stopped.
  process.on('uncaughtException', (err) => {
    console.error(`[khflow] unexpected error: ${err.stack ?? err}`);
    void stop(1);
  });
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    cluster = await startCluster({
      dir: path.resolve(ROOT, config.dataDir, 'cluster'),
      binaries: { server: required('KHFLOW_TEMPORAL_SERVER'), sqlTool: required('KHFLOW_TEMPORAL_SQL_TOOL'), schema: required('KHFLOW_TEMPORAL_SCHEMA'), cli: required('KHFLOW_TEMPORAL_CLI') },
      ports: { pg: config.embeddedPgPort, frontend: Number(config.temporalAddress.split(':').pop()), apis: Array.from({ length: KHFLOW_APIS }, (_, i) => config.apiPort + i), workerMetrics: Array.from({ length: KHFLOW_WORKERS }, (_, i) => workerMetricsBase + i) },
      persistent: true,
      ...(config.databaseUrl ? { database: { url: config.databaseUrl, temporalUrl } } : {}),
      seed: async (url) => {
        const s = await seedDemoDirectory(url);
        say(`demo directory: ${s.units} units, ${s.users} users`);
      },
      log: say,
      timings,
    });
  } catch (err) {
    console.error(`[khflow] ${err instanceof Error ? err.message : err}`);
    await stop(1);
    return;
  }
  if (stopping) return;
  console.log(
    [
      '',
      `khflow cluster is running (ready in ${Math.round((Date.now() - started) / 1000)} s)`,
      ...cluster.listening.map(([name, where]) => `  ${name.padEnd(20)} ${where}`),
      `  Console              ${cluster.apiUrls[0]}/console/`,
      '',
      'Every process is supervised (restarted with backoff when it dies). Press Ctrl-C to stop; data is kept.',
      '',
      'Step timings:',
      ...timings.map(([n, ms]) => `  ${n.padEnd(46)} ${(ms / 1000).toFixed(1).padStart(7)} s`),
      '',
    ].join('\n'),
  );
}

if (require.main === module) void main();

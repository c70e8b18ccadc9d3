// `npm start`: the whole system on embedded defaults. Temporal dev server (SQLite file and Web UI), embedded
// PostgreSQL (unless DATABASE_URL), migrations, the demo directory, then the worker and the API as child processes.
// Data lives in KHFLOW_DATA_DIR, so a second start keeps it. Ctrl-C stops every child, newest first.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type AppConfig, ConfigError, loadConfig } from '../libs/config/src';
import { DEMO_PASSWORD, DEMO_USERS } from '../libs/directory/src';
import { runMigrations } from '../libs/persistence/src/migrate';
import { seedDemoDirectory } from '../libs/persistence/src/seed-demo';
import { ROOT, findTemporalCli, isPortFree, startEmbeddedPostgres, startTemporalDevServer, stopChild, waitUntil } from './dev-services';

const say = (msg: string) => console.log(`[khflow] ${msg}`);
const stops: { name: string; stop: () => Promise<void> }[] = [];
let stopping: Promise<never> | null = null;

/** Stops every child, newest first, then exits. Repeated calls (Ctrl-C arrives from the terminal and from npm) wait for the first. */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    say('stopping …');
    for (const s of stops.reverse()) {
      await s.stop().catch((err) => console.error(`[khflow] stopping ${s.name}: ${err}`));
      say(`stopped ${s.name}`);
    }
    process.exit(code);
  })();
  return stopping;
}

async function ensurePortFree(port: number, what: string, variable: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new StartError(`port ${port} (${what}) is already in use. Stop whatever uses it, or set ${variable} to another port.`);
  }
}

class StartError extends Error {}

/** Starts an app as a child process; resolves once it reports `{ ready: true }` over IPC. */
function spawnApp(name: string, entry: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<ChildProcess>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean }) => m?.ready && resolve(child));
    child.once('exit', () => reject(new StartError(`the ${name} exited during start-up (see its messages above)`)));
  });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[khflow] the ${name} exited (${signal ?? `code ${code}`}); stopping everything`);
      void shutdown(1);
    }
  });
  stops.push({ name, stop: () => stopChild(child, 'SIGTERM', 15_000) });
  return ready;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError(`bad configuration: ${err.message}`);
    throw err;
  }
  const started = Date.now();
  const dataDir = path.resolve(ROOT, config.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  // As root, embedded PostgreSQL runs as the `postgres` user, which must be able to enter the data folder.
  fs.chmodSync(dataDir, 0o755);

  const ownTemporal = config.startTemporalDevServer;
  let temporalUi = config.temporalUiUrl;
  const temporalPort = Number(config.temporalAddress.split(':').pop());
  await ensurePortFree(config.apiPort, 'the API', 'API_PORT');
  if (ownTemporal) {
    await ensurePortFree(temporalPort, 'the Temporal dev server', 'TEMPORAL_ADDRESS');
    await ensurePortFree(config.temporalUiPort, 'the Temporal Web UI', 'TEMPORAL_UI_PORT');
  }
  if (!config.databaseUrl) await ensurePortFree(config.embeddedPgPort, 'the embedded PostgreSQL', 'KHFLOW_PG_PORT');

  if (ownTemporal) {
    const cli = findTemporalCli();
    if (!cli) throw new StartError('no Temporal CLI found: run `npm start` (which builds it), or set TEMPORAL_CLI');
    say(`starting the Temporal dev server on ${config.temporalAddress} (data: ${path.join(config.dataDir, 'temporal.sqlite')}) …`);
    const temporal = await startTemporalDevServer({
      cli,
      port: temporalPort,
      uiPort: config.temporalUiPort,
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      logFile: path.join(dataDir, 'temporal.log'),
    });
    stops.push({ name: 'Temporal dev server', stop: () => temporal.stop() });
    temporalUi = temporal.uiUrl ?? temporalUi;
  }

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    say(`starting the embedded PostgreSQL on port ${config.embeddedPgPort} (data: ${path.join(config.dataDir, 'pg')}) …`);
    const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), port: config.embeddedPgPort, persistent: true });
    stops.push({ name: 'PostgreSQL', stop: () => pg.stop() });
    await pg.createDatabase('khflow').catch((err: { code?: string }) => {
      if (err.code !== '42P04') throw err; // 42P04: it exists already (a second start)
    });
    databaseUrl = pg.url('khflow');
  }

  say('applying database migrations …');
  await runMigrations(databaseUrl);
  const seeded = await seedDemoDirectory(databaseUrl);
  say(`demo directory: ${seeded.units} units, ${seeded.users} users`);

  // The children log JSON lines; quiet (warnings and errors) unless LOG_LEVEL asks for more.
  const env = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: config.temporalAddress, TEMPORAL_UI_URL: temporalUi, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
  say('starting the worker (bundles the workflow code first) and the API …');
  await Promise.all([spawnApp('worker', 'apps/worker/src/main.ts', env), spawnApp('API', 'apps/api/src/main.ts', env)]);

  const api = `http://${config.apiHost === '0.0.0.0' ? '127.0.0.1' : config.apiHost}:${config.apiPort}`;
  await waitUntil(async () => (await fetch(`${api}/health/ready`).catch(() => null))?.status === 200, 180_000, 'the API to become ready');

  const logins = DEMO_USERS.filter((u) => /^(owner|inspector|admin|officer\.hp-sgddt-gdtxdh|supervisor\.hp-sgddt-gdtxdh|officer\.hp-pgd-lechan|supervisor\.hp-pgd-lechan)/.test(u.username))
    .slice(0, 12)
    .map((u) => `    ${u.username.padEnd(36)} ${u.roles.join(', ')}`);
  console.log(
    [
      '',
      `khflow is running (ready in ${Math.round((Date.now() - started) / 1000)} s)`,
      `  Console        ${api}/console/`,
      `  API            ${api}`,
      `  OpenAPI        ${api}/docs   (document: ${api}/openapi.json)`,
      `  Health         ${api}/health/ready`,
      `  Temporal UI    ${temporalUi}`,
      `  Data           ${dataDir}`,
      '',
      `  Demo logins (password "${DEMO_PASSWORD}"; every unit has officer.<unit-id> and supervisor.<unit-id>):`,
      ...logins,
      `  e.g. curl -s ${api}/auth/login -H 'content-type: application/json' -d '{"username":"owner.hp-sgddt","password":"${DEMO_PASSWORD}"}'`,
      '',
      'Press Ctrl-C to stop; data is kept for the next start.',
      '',
    ].join('\n'),
  );
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err) => {
  console.error(`[khflow] ${err instanceof StartError ? err.message : err instanceof Error ? err.stack : err}`);
  void shutdown(1);
});

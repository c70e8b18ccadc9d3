// `npm start`: the whole system on embedded defaults. Temporal dev server (SQLite file and Web UI), embedded
// PostgreSQL (unless DATABASE_URL), migrations, the demo directory, then the worker and the API as child processes.
// Data lives in KHFLOW_DATA_DIR, so a second start keeps it. Ctrl-C stops every child, newest first.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { type AppConfig, ConfigError, loadConfig } from '../libs/config/src';
import { DEMO_ALL_USERS, DEMO_PASSWORD } from '../libs/directory/src';
import { runMigrations } from '../libs/persistence/src/migrate';
import { seedDemoDirectory } from '../libs/persistence/src/seed-demo';
import { workflowBundleOptions } from '../apps/worker/src/workflow-bundle';
import { ROOT, PostgresSetupError, findTemporalCli, isPortFree, startEmbeddedPostgres, startTemporalDevServer, waitUntil } from './dev-services';
import { DEMO_PLAN_NUMBER, type DemoPlanOutcome, seedDemoPlan } from './demo-plan';
import { AppProcess, Supervisor } from './supervisor';
import { startDemoMail } from './start-mail';

const say = (msg: string) => console.log(`[khflow] ${msg}`);
const stops: { name: string; stop: () => Promise<void> }[] = [];
/** Starts under way: a shutdown waits for them, so that what they start is stopped too. */
const pending = new Set<Promise<unknown>>();
const supervisor = new Supervisor({ log: say, onStarted: (name, pid) => recordPid(name, pid) });
let stopping: Promise<never> | null = null;
let pidFile: string | null = null;
const pids: Record<string, number | undefined> = { 'npm start': process.pid };

/** `<data>/processes.json`: which pid runs what, for operators (and the supervision test). */
function recordPid(name: string, pid: number | undefined): void {
  pids[name] = pid;
  if (pidFile) fs.writeFileSync(pidFile, JSON.stringify(pids, null, 2));
}

/** Stops every child, newest first, then exits. Repeated calls (Ctrl-C arrives from the terminal and from npm) wait for the first. */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    supervisor.stop();
    say('stopping …');
    await Promise.allSettled([...pending]);
    for (const s of stops.reverse()) {
      await s.stop().catch((err) => console.error(`[khflow] stopping ${s.name}: ${err}`));
      say(`stopped ${s.name}`);
    }
    if (pidFile) fs.rmSync(pidFile, { force: true });
    process.exit(code);
  })();
  return stopping;
}

/** Runs a start-up step, timed; a shutdown that begins meanwhile waits for it. */
const timings: [string, number][] = [];
function track<T>(name: string, p: () => Promise<T>): Promise<T> {
  const t = Date.now();
  const run = p().then((v) => {
    timings.push([name, Date.now() - t]);
    return v;
  });
  pending.add(run);
  void run.catch(() => undefined).finally(() => pending.delete(run));
  return run;
}

async function ensurePortFree(port: number, what: string, variable: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new StartError(`port ${port} (${what}) is already in use. Stop whatever uses it, or set ${variable} to another port.`);
  }
}

class StartError extends Error {}

/** An app (worker or API) from its TypeScript entry, supervised once it is ready. */
async function startApp(name: string, entry: string, env: Record<string, string>): Promise<void> {
  const app = new AppProcess(name, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry], { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true' }, ROOT);
  stops.push({ name, stop: () => app.stop() });
  await app.start().catch((err: Error) => {
    throw new StartError(err.message);
  });
  supervisor.watch(app);
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
  pidFile = path.join(dataDir, 'processes.json');
  recordPid('npm start', process.pid);

  const ownTemporal = config.startTemporalDevServer;
  let temporalUi = config.temporalUiUrl;
  const temporalPort = Number(config.temporalAddress.split(':').pop());
  await ensurePortFree(config.apiPort, 'the API', 'API_PORT');
  if (ownTemporal) {
    await ensurePortFree(temporalPort, 'the Temporal dev server', 'TEMPORAL_ADDRESS');
    await ensurePortFree(config.temporalUiPort, 'the Temporal Web UI', 'TEMPORAL_UI_PORT');
  }
  if (!config.databaseUrl) await ensurePortFree(config.embeddedPgPort, 'the embedded PostgreSQL', 'KHFLOW_PG_PORT');

  // Temporal, PostgreSQL (with migrations and the demo directory) and the workflow bundle are independent: side by side.
  const temporalStarted = (async () => {
    if (!ownTemporal) return;
    const cli = findTemporalCli();
    if (!cli) throw new StartError('no Temporal CLI found: run `npm start` (which builds it), or set TEMPORAL_CLI');
    say(`starting the Temporal dev server on ${config.temporalAddress} (data: ${path.join(config.dataDir, 'temporal.sqlite')}) …`);
    const temporal = await track('Temporal dev server', () =>
      startTemporalDevServer({ cli, port: temporalPort, uiPort: config.temporalUiPort, dbFile: path.join(dataDir, 'temporal.sqlite'), logFile: path.join(dataDir, 'temporal.log') }),
    );
    stops.push({ name: 'Temporal dev server', stop: () => temporal.stop() });
    temporalUi = temporal.uiUrl ?? temporalUi;
    return { name: 'Temporal dev server', crashed: () => temporal.crashed(), restart: () => temporal.restart(), pid: () => temporal.process.pid };
  })();

  const databaseReady = (async () => {
    let databaseUrl = config.databaseUrl;
    let watched = null;
    if (!databaseUrl) {
      say(`starting the embedded PostgreSQL on port ${config.embeddedPgPort} …`);
      const pg = await track('PostgreSQL', () => startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), port: config.embeddedPgPort, persistent: true, onNotice: say, logFile: path.join(dataDir, 'postgres.log') }));
      stops.push({ name: 'PostgreSQL', stop: () => pg.stop() });
      say(`PostgreSQL data: ${pg.dataDir}`);
      await pg.createDatabase('khflow').catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // 42P04: it exists already (a second start)
      });
      databaseUrl = pg.url('khflow');
      watched = { name: 'PostgreSQL', crashed: () => pg.crashed(), restart: () => pg.restart(), pid: () => pg.process()?.pid };
    }
    await track('migrations and demo directory', async () => {
      await runMigrations(databaseUrl!);
      const seeded = await seedDemoDirectory(databaseUrl!, { reform: 'by-reorganisation' });
      say(`demo directory: ${seeded.units} units, ${seeded.users} users`);
    });
    return { databaseUrl: databaseUrl!, watched };
  })();

  // Built once here, so that the worker (and every restart of it) starts without webpack.
  const bundlePath = path.join(dataDir, 'workflow-bundle.js');
  const bundled = track('workflow bundle', async () => {
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
    fs.writeFileSync(bundlePath, code);
  });

  const [temporalWatch, db] = await Promise.all([temporalStarted, databaseReady, bundled]);

  // Issue 17: the demo's e-mail goes to a local mail catcher (unless KHFLOW_SMTP_URL names a real server).
  const consoleHost = config.apiHost === '0.0.0.0' ? '127.0.0.1' : config.apiHost;
  const mail = await track('mail catcher', () => startDemoMail({ dataDir, consoleUrl: `http://${consoleHost}:${config.apiPort}/console/`, fail: (m) => new StartError(m) }));
  if (mail.catcher) stops.push({ name: 'mail catcher', stop: () => mail.catcher!.stop() });

  // The children log JSON lines; quiet (warnings and errors) unless LOG_LEVEL asks for more.
  const env = { DATABASE_URL: db.databaseUrl, TEMPORAL_ADDRESS: config.temporalAddress, TEMPORAL_UI_URL: temporalUi, LOG_LEVEL: process.env.LOG_LEVEL || 'warn', KHFLOW_WORKFLOW_BUNDLE: bundlePath, ...mail.env };
  say('starting the worker and the API …');
  await Promise.all([track('worker', () => startApp('worker', 'apps/worker/src/main.ts', env)), track('API', () => startApp('API', 'apps/api/src/main.ts', env))]);
  if (temporalWatch) supervisor.watch(temporalWatch);
  if (db.watched) supervisor.watch(db.watched);

  const api = `http://${config.apiHost === '0.0.0.0' ? '127.0.0.1' : config.apiHost}:${config.apiPort}`;
  await waitUntil(async () => (await fetch(`${api}/health/ready`).catch(() => null))?.status === 200, 180_000, 'the API to become ready');

  // The demo plan that lived through the 2025 reform (through the API and the engine); then the communes' users.
  // A demo that cannot be made is said, not fatal: the system itself is up.
  const demoPlan: DemoPlanOutcome = await track('demo plan and the 2025 reorganisation', () =>
    seedDemoPlan(api, { password: DEMO_PASSWORD, log: say }).catch((err: Error): DemoPlanOutcome => {
      say(`the demo plan could not be made: ${err.message}`);
      return { status: 'skipped', planId: null, reorganisationId: '', moved: null, detail: `could not be made: ${err.message}` };
    }),
  );
  if (demoPlan.status === 'made') {
    const seeded = await seedDemoDirectory(db.databaseUrl);
    say(`demo directory after the 2025 reorganisation: ${seeded.units} unit versions, ${seeded.users} users`);
  }
  const demoPlanLine =
    demoPlan.planId
      ? `  Demo plan      ${DEMO_PLAN_NUMBER} (PII, issued 2024 on the four-level tree; its open work moved to the communes by the reorganisation of 01/07/2025): ${api}/console/#/plans/${demoPlan.planId}`
      : `  Demo plan      none (${demoPlan.detail})`;

  const logins = DEMO_ALL_USERS.filter((u) => /^(owner|inspector|admin|officer\.hp-sgddt-gdtxdh|supervisor\.hp-sgddt-gdtxdh|officer\.hp-xa-lechan-1|supervisor\.hp-xa-lechan-1|officer\.hp-thcs-lechan-1)/.test(u.username))
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
      ...mail.banner,
      '',
      `  Directory      Hải Phòng, two-level from 01/07/2025 (the four-level tree until 30/06/2025: GET /units?asOf=2025-06-30)`,
      demoPlanLine,
      '',
      `  Demo logins (password "${DEMO_PASSWORD}"; every unit has officer.<unit-id> and supervisor.<unit-id>):`,
      ...logins,
      `  e.g. curl -s ${api}/auth/login -H 'content-type: application/json' -d '{"username":"owner.hp-sgddt","password":"${DEMO_PASSWORD}"}'`,
      '',
      'Press Ctrl-C to stop; data is kept for the next start. A worker, API, Temporal or PostgreSQL that dies is restarted.',
      '',
    ].join('\n'),
  );
  printTimings(Date.now() - started);
}

/** What took how long: the bootstrap's steps (npm ci, tool builds) and this start's own. */
function printTimings(startMs: number): void {
  let boot: [string, number][] = [];
  try {
    boot = JSON.parse(process.env.KHFLOW_BOOT_TIMINGS || '[]') as [string, number][];
  } catch {
    // not given
  }
  const rows = [...boot, ...timings, ['start-up (all of the above after the tools)', startMs] as [string, number]];
  console.log(['Step timings:', ...rows.map(([n, ms]) => `  ${n.padEnd(46)} ${(ms / 1000).toFixed(1).padStart(7)} s`), ''].join('\n'));
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Whatever goes wrong, what was started is stopped: no Temporal or PostgreSQL is left holding its ports.
process.on('uncaughtException', (err) => {
  console.error(`[khflow] unexpected error: ${err.stack ?? err}`);
  void shutdown(1);
});
process.on('unhandledRejection', (err) => {
  console.error(`[khflow] unexpected error: ${err instanceof Error ? err.stack : err}`);
  void shutdown(1);
});
main().catch((err) => {
  console.error(`[khflow] ${err instanceof StartError || err instanceof PostgresSetupError ? err.message : err instanceof Error ? err.stack : err}`);
  void shutdown(1);
});

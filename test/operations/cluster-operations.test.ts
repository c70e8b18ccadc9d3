// Operating the production build: the cluster (compiled dist/, a compact Temporal process, one worker, one API) runs
// on a PostgreSQL of "the operator's" (DATABASE_URL: a server this test starts itself; Temporal's databases are
// created beside khflow's); both Prometheus endpoints are scraped and their counters move after real actions; the
// installation is backed up with pg_dump, restored into new databases, and a Temporal cluster started on the
// restored ones holds every workflow the read model names, in the state the read model says, while the audit chain
// verifies. Production settings refuse the development defaults on the compiled path.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { assignmentStateQuery } from '@khflow/contracts';
import { generateProvince } from '@khflow/directory';
import { addDays, vnDateOf } from '@khflow/domain';
import { createDataSource, insertUsers, upsertUnits, verifyAuditChain } from '@khflow/persistence';
import { backup, restore } from '../../scripts/backup';
import { type Cluster, startCluster } from '../../scripts/cluster';
import { clusterDatabases } from '../../scripts/cluster-databases';
import { type EmbeddedPg, ROOT, freePort, startEmbeddedPostgres } from '../../scripts/dev-services';
import { waitFor } from '../support/test-env';

jest.setTimeout(900_000);

const PREFIX = 'op';
const DISTRICTS = 2;
const SCHOOLS = 3; // per district: 6 school assignments and 2 consolidating district offices
const PASSWORD = 'operations-password';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: this test runs through npm test, which builds the Temporal server and finds pg_dump`);
  return v;
}
const binaries = () => ({ server: required('KHFLOW_TEMPORAL_SERVER'), sqlTool: required('KHFLOW_TEMPORAL_SQL_TOOL'), schema: required('KHFLOW_TEMPORAL_SCHEMA'), cli: required('KHFLOW_TEMPORAL_CLI') });

/** Sum of the samples of one metric whose labels include `labels`. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[4]);
  }
  return sum;
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function api(base: string, method: string, p: string, token: string | null, body?: unknown, key?: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}${p}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await r.text();
  return { status: r.status, body: text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

async function login(base: string, username: string): Promise<string> {
  const r = await api(base, 'POST', '/auth/login', null, { username, password: PASSWORD });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { accessToken: string }).accessToken;
}

interface ReceivedSpan {
  service: string;
  traceId: string;
  name: string;
  kind: number;
  attributes: Record<string, string>;
}

/** A local OTLP/HTTP receiver: accepts POST /v1/traces (JSON) and keeps every span with its service's name. */
async function otlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
  type Attr = { key: string; value: AnyValue };
  const flat = (attrs: Attr[] = []) => Object.fromEntries(attrs.map((a) => [a.key, String(a.value.stringValue ?? a.value.intValue ?? a.value.boolValue ?? '')]));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { resource: { attributes: Attr[] }; scopeSpans: { spans: { traceId: string; name: string; kind: number; attributes: Attr[] }[] }[] }[] };
      for (const rs of body.resourceSpans ?? []) {
        const service = flat(rs.resource?.attributes)['service.name'];
        for (const ss of rs.scopeSpans ?? []) for (const sp of ss.spans ?? []) spans.push({ service, traceId: sp.traceId, name: sp.name, kind: sp.kind, attributes: flat(sp.attributes) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => new Promise((r) => server.close(() => r())) };
}

describe('operating the cluster: external PostgreSQL, metrics, backup and restore', () => {
  let dir: string;
  let pg: EmbeddedPg;
  let cluster: Cluster | null = null;
  let restored: Cluster | null = null;
  let otlp: Awaited<ReturnType<typeof otlpReceiver>>;
  const log: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(process.env.KHFLOW_TEST_DIR ?? '/tmp', 'ops-'));
    // The operator's PostgreSQL: not the cluster's own (the cluster is given its URL, as DATABASE_URL).
    otlp = await otlpReceiver();
    pg = await startEmbeddedPostgres({ dir: path.join(dir, 'operator-pg'), port: await freePort(), persistent: false });
    const directory = generateProvince({ districts: DISTRICTS, schoolsPerDistrict: SCHOOLS, thptSchools: 0, prefix: PREFIX });
    cluster = await startCluster({
      dir: path.join(dir, 'cluster'),
      binaries: binaries(),
      persistent: false,
      database: { url: pg.url('khflow_ops') },
      workers: 1,
      apis: 1,
      compactTemporal: true,
      seed: async (url) => {
        const ds = await createDataSource(url, { poolSize: 2 }).initialize();
        await ds.transaction(async (m) => {
          await upsertUnits(m, directory.units);
          await insertUsers(m, directory.users, PASSWORD);
        });
        await ds.destroy();
      },
      // Traces go to the receiver of this test (flushed every 200 ms).
      appEnv: { LOG_LEVEL: 'error', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '200' },
      log: (m) => log.push(m),
    });
  });

  afterAll(async () => {
    await restored?.stop();
    await cluster?.stop();
    await pg?.stop();
    await otlp?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the development defaults in production, on the compiled path', () => {
    const env = { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'dist/tsconfig.json'), NODE_ENV: 'production', KHFLOW_DEMO: 'false', JWT_SECRET: '', DATABASE_URL: cluster!.databaseUrl, TEMPORAL_ADDRESS: cluster!.temporalAddress, KHFLOW_TEMPORAL_DEV_SERVER: 'false', API_PORT: '0' };
    delete (env as Record<string, string | undefined>).JWT_SECRET;
    const apiRun = spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', path.join(ROOT, 'dist/apps/api/src/main.js')], { env, encoding: 'utf8', timeout: 120_000 });
    expect(apiRun.signal).toBeNull(); // it stopped by itself, not at the timeout
    expect(apiRun.status).not.toBe(0);
    expect(`${apiRun.stderr}${apiRun.stdout}`).toMatch(/JWT_SECRET/);
    const clusterEnv = { ...env, JWT_SECRET: 'an-operator-secret-of-at-least-32-characters' };
    delete (clusterEnv as Record<string, string | undefined>).DATABASE_URL;
    const clusterRun = spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', path.join(ROOT, 'dist/scripts/start-cluster.js')], { env: clusterEnv, encoding: 'utf8', timeout: 120_000 });
    expect(clusterRun.status).toBe(1);
    expect(clusterRun.stderr).toMatch(/NODE_ENV=production needs DATABASE_URL/);
  });

  it('runs on the given PostgreSQL, serves metrics whose counters move, and restores from a backup into a working cluster', async () => {
    const c = cluster!;
    // Every database of the installation lives on the operator's server.
    const names = (await query<{ datname: string }>(pg.url('postgres'), 'SELECT datname FROM pg_database')).map((r) => r.datname);
    expect(names).toEqual(expect.arrayContaining(['khflow_ops', 'temporal', 'temporal_visibility']));
    expect(c.pg).toBeNull();

    const base = c.apiUrls[0];
    const owner = await login(base, `owner.${PREFIX}-sgddt`);
    const plan = await api(base, 'POST', '/plans', owner, {
      title: 'Kế hoạch vận hành',
      issuerUnitId: `${PREFIX}-sgddt`,
      tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ group: { kinds: ['school_thcs', 'school_th', 'school_mn'], underUnitId: `${PREFIX}-sgddt` } }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 30) }, consolidate: true }],
    }, 'ops-plan');
    expect(plan.status).toBe(201);
    const planId = (plan.body as { id: string }).id;
    expect((await api(base, 'POST', `/plans/${planId}/launch`, owner, undefined, 'ops-launch')).status).toBeLessThan(300);
    // Traces: the launch request's server span, and the workflow start it made, in one trace; the worker's activity spans.
    const launchPath = `/plans/${planId}/launch`;
    await waitFor(
      () => {
        const request = otlp.spans.find((sp) => sp.service === 'khflow-api' && sp.kind === 2 && Object.values(sp.attributes).some((v) => v.includes(launchPath)));
        return !!request && otlp.spans.some((sp) => sp.service === 'khflow-api' && sp.traceId === request.traceId && /^(StartWorkflow|StartUpdate|UpdateWithStart|SignalWithStart)/.test(sp.name));
      },
      { timeoutMs: 60_000 },
    ).catch((err) => {
      throw new Error(`${err.message}; spans received: ${JSON.stringify(otlp.spans.map((sp) => [sp.service, sp.name, sp.kind]).slice(0, 40))}`);
    });
    await waitFor(() => otlp.spans.some((sp) => sp.service === 'khflow-worker' && /^RunActivity:/.test(sp.name)), { timeoutMs: 60_000 });
    const expected = DISTRICTS * SCHOOLS + DISTRICTS;
    await waitFor(async () => (await query<{ n: number }>(c.databaseUrl, 'SELECT count(*)::int AS n FROM assignment WHERE plan_id = $1', [planId]))[0].n === expected, { timeoutMs: 300_000, intervalMs: 500 });

    // Metrics before and after one acknowledge and one submission.
    const scrape = async () => ({ worker: await (await fetch(c.workerMetricsUrls[0])).text(), api: await (await fetch(`${base}/metrics`)).text() });
    const before = await scrape();
    expect(before.worker).toMatch(/^temporal_\w+/m); // the SDK core's metrics, in the same answer
    const [a] = await query<{ id: string; unit_id: string; reviewer_unit_id: string }>(c.databaseUrl, `SELECT id, unit_id, reviewer_unit_id FROM assignment WHERE plan_id = $1 AND kind = 'lead' ORDER BY unit_id LIMIT 1`, [planId]);
    const officer = await login(base, `officer.${a.unit_id}`);
    expect((await api(base, 'POST', `/assignments/${a.id}/acknowledge`, officer, undefined, `${a.id}:ack`)).status).toBe(200);
    await waitFor(async () => (await query<{ state: string }>(c.databaseUrl, 'SELECT state FROM assignment WHERE id = $1', [a.id]))[0].state === 'acknowledged');
    const after = await scrape();
    const projected = (t: string) => metric(t, 'khflow_worker_projections_written_total');
    expect(projected(after.worker)).toBeGreaterThan(projected(before.worker));
    expect(metric(after.worker, 'khflow_worker_activities_total', { activity: 'recordAssignmentEvent', outcome: 'completed' })).toBeGreaterThan(metric(before.worker, 'khflow_worker_activities_total', { activity: 'recordAssignmentEvent', outcome: 'completed' }));
    expect(metric(after.api, 'khflow_assignments', { state: 'acknowledged' })).toBe(metric(before.api, 'khflow_assignments', { state: 'acknowledged' }) + 1);
    expect(metric(after.api, 'khflow_http_request_duration_seconds_count', { route: '/assignments/:id/acknowledge', status: '200' })).toBe(1);

    // Every khflow and SDK metric the sample Grafana dashboard charts is one these endpoints serve.
    const dashboard = fs.readFileSync(path.join(ROOT, 'deploy/grafana/khflow-dashboard.json'), 'utf8');
    const charted = [...new Set([...dashboard.matchAll(/\b((?:khflow|temporal)_\w+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1]))];
    expect(charted.length).toBeGreaterThan(5);
    const served = `${after.api}\n${after.worker}`;
    expect(charted.filter((name) => !new RegExp(`^# TYPE ${name} `, 'm').test(served))).toEqual([]);

    // Backup while the cluster runs, then the cluster goes away.
    const backupDir = path.join(dir, 'backup');
    const manifest = await backup(c.databases, backupDir, { pgBin: process.env.KHFLOW_PG_BIN });
    expect(manifest.databases.map((d) => d.name)).toEqual(['temporal', 'temporal_visibility', 'khflow_ops']);
    const original = await query<{ id: string; workflow_id: string; state: string; version: number }>(c.databaseUrl, 'SELECT id, workflow_id, state, version FROM assignment ORDER BY id');
    const auditCount = (await query<{ n: number }>(c.databaseUrl, 'SELECT count(*)::int AS n FROM audit_log'))[0].n;
    await c.stop();
    cluster = null;

    // Restore into new databases on the same server; a used database is refused.
    const targets = clusterDatabases(pg.url('khflow_restored'), pg.url('temporal_restored'));
    await expect(restore(backupDir, { ...targets, khflow: pg.url('khflow_ops') }, { pgBin: process.env.KHFLOW_PG_BIN })).rejects.toThrow(/already holds tables/);
    await restore(backupDir, targets, { pgBin: process.env.KHFLOW_PG_BIN });

    // The audit chain verifies on the restored database, and holds every entry.
    const ds = await createDataSource(targets.khflow, { poolSize: 1 }).initialize();
    try {
      const v = await verifyAuditChain(ds);
      expect(v).toMatchObject({ ok: true });
      expect(v.checked).toBeGreaterThanOrEqual(auditCount);
    } finally {
      await ds.destroy();
    }

    // A cluster on the restored databases: every assignment row is a workflow there, in the state the row says.
    restored = await startCluster({ dir: path.join(dir, 'restored'), binaries: binaries(), persistent: false, database: { url: targets.khflow, temporalUrl: targets.temporal }, workers: 1, apis: 1, compactTemporal: true, appEnv: { LOG_LEVEL: 'error' }, log: (m) => log.push(m) });
    const rows = await query<{ id: string; workflow_id: string; state: string; version: number }>(restored.databaseUrl, 'SELECT id, workflow_id, state, version FROM assignment ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(original.map((r) => r.id));
    const connection = await Connection.connect({ address: restored.temporalAddress });
    try {
      const client = new Client({ connection, namespace: 'default' });
      // The restored cluster's history and matching rings form within seconds of the start; the first query waits for them.
      await waitFor(() => client.workflow.getHandle(rows[0].workflow_id).query(assignmentStateQuery).then(() => true), { timeoutMs: 120_000, intervalMs: 1000 });
      for (const r of rows) {
        const snapshot = await client.workflow.getHandle(r.workflow_id).query(assignmentStateQuery);
        expect({ id: snapshot.assignmentId, state: snapshot.state, version: snapshot.version }).toEqual({ id: r.id, state: r.state, version: r.version });
      }
    } finally {
      await connection.close();
    }
    // And it works on: the restored assignment takes its submission, projected into the restored read model.
    const rbase = restored.apiUrls[0];
    const officer2 = await login(rbase, `officer.${a.unit_id}`);
    expect((await api(rbase, 'POST', `/assignments/${a.id}/submissions`, officer2, { text: 'Báo cáo sau khi khôi phục' }, `${a.id}:submit`)).status).toBeLessThan(300);
    await waitFor(async () => (await query<{ state: string }>(restored!.databaseUrl, 'SELECT state FROM assignment WHERE id = $1', [a.id]))[0].state === 'submitted', { timeoutMs: 60_000 });
  });
});

// actions: a sustained mix of acknowledge / submit / approve over HTTP, at rising concurrency until p99 passes
// 300 ms. Baselines at the same concurrency and on the same server: the same khflow Updates sent with the raw
// Temporal client (no HTTP, no auth, no idempotency record), a bare Update (a handler that returns at once, on a
// workflow of the bench's own worker: what Temporal alone costs), and GET /health/live, the emptiest route of the
// same Nest server.
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { acknowledgeUpdate, approveUpdate, submitUpdate, type Actor } from '@khflow/contracts';
import { generateProvince } from '@khflow/directory';
import { addDays, vnDateOf } from '@khflow/domain';
import { type BenchEnv, startKhflow } from '../bench-env';
import { BenchHttp } from '../bench-http';
import { pool, printTable, ratio, summary } from '../bench-stats.util';

interface Row {
  id: string;
  workflow_id: string;
  unit_id: string;
  reviewer_unit_id: string;
}

export async function actionsBench(env: BenchEnv, quick: boolean): Promise<Record<string, unknown>[]> {
  const levels = quick ? [4] : [2, 4, 8, 16, 32, 64];
  const perLevel = quick ? 10 : 60; // assignments per level: 3 actions each
  const schools = levels.length * perLevel * 2; // half for HTTP, half for the raw baseline
  const districts = Math.max(1, Math.round(schools / 50));
  const prefix = 'act';
  const directory = generateProvince({ districts, schoolsPerDistrict: Math.ceil(schools / districts), thptSchools: 0, prefix });
  const url = await env.database('bench_actions', directory);
  const sys = await startKhflow(env, url, 'bench-actions');
  const http = new BenchHttp(sys.apiUrl);
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  const rows: Record<string, unknown>[] = [];
  let stopBare = async () => undefined;
  try {
    const owner = await http.token(`owner.${prefix}-sgddt`);
    const plan = await http.ok<{ id: string }>('POST', '/plans', owner, {
      title: 'Kế hoạch đo tải',
      issuerUnitId: `${prefix}-sgddt`,
      tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ group: { kinds: ['school_thcs', 'school_th', 'school_mn'], underUnitId: `${prefix}-sgddt` } }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 60) } }],
    });
    await http.ok('POST', `/plans/${plan.id}/launch`, owner);
    const total = directory.units.filter((u) => u.kind.startsWith('school_')).length;
    let all: Row[] = [];
    for (let t0 = Date.now(); all.length < total; ) {
      all = (await pg.query(`SELECT id, workflow_id, unit_id, reviewer_unit_id FROM assignment WHERE plan_id = $1 ORDER BY unit_id`, [plan.id])).rows;
      if (Date.now() - t0 > 600_000) throw new Error('fan-out for the actions benchmark did not finish');
      await new Promise((r) => setTimeout(r, 200));
    }
    const tokens = new Map<string, string>();
    await pool([...new Set(all.flatMap((a) => [`officer.${a.unit_id}`, `supervisor.${a.reviewer_unit_id}`]))], 4, async (u) => void tokens.set(u, await http.token(u)));

    // The bare-Update baseline: its own worker and workflows.
    const bareQueue = 'bench-bare-update';
    const connection = await NativeConnection.connect({ address: env.temporalAddress });
    const bareWorker = await Worker.create({ connection, taskQueue: bareQueue, workflowsPath: path.join(__dirname, '../bench-noop.workflow.ts') });
    const bareRunning = bareWorker.run();
    const bareIds = Array.from({ length: perLevel }, (_, i) => `bench-bare-update-${Date.now()}-${i}`);
    await pool(bareIds, 8, async (workflowId) => void (await env.client.workflow.start('benchUpdateWorkflow', { taskQueue: bareQueue, workflowId })));
    stopBare = async () => {
      await pool(bareIds, 8, async (id) => void (await env.client.workflow.getHandle(id).executeUpdate('benchEnd').catch(() => undefined)));
      bareWorker.shutdown();
      await bareRunning;
      await connection.close();
    };

    let cursor = 0;
    const take = (k: number) => all.slice(cursor, (cursor += k));
    const actor = (unitId: string, role: 'officer' | 'supervisor'): Actor => ({ userId: `u-${role}.${unitId}`, unitId, roles: [role] });
    for (const c of levels) {
      // khflow over HTTP.
      const lat: number[] = [];
      const httpBatch = take(perLevel);
      const h0 = Date.now();
      await pool(httpBatch, c, async (a) => {
        for (const [path, user, body] of [
          [`/assignments/${a.id}/acknowledge`, `officer.${a.unit_id}`, undefined],
          [`/assignments/${a.id}/submissions`, `officer.${a.unit_id}`, { text: 'Báo cáo kết quả' }],
          [`/assignments/${a.id}/approve`, `supervisor.${a.reviewer_unit_id}`, undefined],
        ] as const) {
          const t = performance.now();
          const r = await http.call('POST', path, tokens.get(user)!, body);
          lat.push(performance.now() - t);
          if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
        }
      });
      const httpMs = Date.now() - h0;
      // The same updates with the raw client.
      const rawLat: number[] = [];
      const rawBatch = take(perLevel);
      const r0 = Date.now();
      await pool(rawBatch, c, async (a) => {
        const h = env.client.workflow.getHandle(a.workflow_id);
        for (const send of [
          () => h.executeUpdate(acknowledgeUpdate, { args: [{ actor: actor(a.unit_id, 'officer') }] }),
          () => h.executeUpdate(submitUpdate, { args: [{ actor: actor(a.unit_id, 'officer'), submission: { text: 'Báo cáo kết quả' } }] }),
          () => h.executeUpdate(approveUpdate, { args: [{ actor: actor(a.reviewer_unit_id, 'supervisor') }] }),
        ]) {
          const t = performance.now();
          await send();
          rawLat.push(performance.now() - t);
        }
      });
      const rawMs = Date.now() - r0;
      // The bare Update: three per workflow, as many workflows as assignments.
      const bareLat: number[] = [];
      const x0 = Date.now();
      await pool(bareIds, c, async (id) => {
        const h = env.client.workflow.getHandle(id);
        for (let k = 0; k < 3; k++) {
          const t = performance.now();
          await h.executeUpdate('benchNoop', { args: [k] });
          bareLat.push(performance.now() - t);
        }
      });
      const bareMs = Date.now() - x0;
      // The emptiest route of the same server.
      const emptyLat: number[] = [];
      const e0 = Date.now();
      await pool(Array.from({ length: perLevel * 3 }), c, async () => {
        const t = performance.now();
        await http.call('GET', '/health/live', null);
        emptyLat.push(performance.now() - t);
      });
      const emptyMs = Date.now() - e0;
      const s = summary(lat);
      const rs = summary(rawLat);
      const es = summary(emptyLat);
      const bs = summary(bareLat);
      const tput = Math.round((lat.length / httpMs) * 1000);
      const rawTput = Math.round((rawLat.length / rawMs) * 1000);
      const bareTput = Math.round((bareLat.length / bareMs) * 1000);
      rows.push({
        concurrency: c,
        'khflow req/s': tput,
        'p50 ms': s.p50,
        'p95 ms': s.p95,
        'p99 ms': s.p99,
        'raw updates/s': rawTput,
        'raw p99 ms': rs.p99,
        'khflow/raw tput': ratio(tput, rawTput),
        'bare update/s': bareTput,
        'bare p99 ms': bs.p99,
        'khflow/bare tput': ratio(tput, bareTput),
        'empty route req/s': Math.round((emptyLat.length / emptyMs) * 1000),
        'empty p99 ms': es.p99,
        'worker peak MiB': sys.worker.peakRssMiB(),
        'api peak MiB': sys.api.peakRssMiB(),
      });
      if (s.p99 > 300) break;
    }
  } finally {
    await stopBare();
    await pg.end();
    await sys.stop();
  }
  printTable('actions: acknowledge / submit / approve (HTTP) vs the same khflow Updates without HTTP vs a bare Update vs an empty route', rows);
  return rows;
}

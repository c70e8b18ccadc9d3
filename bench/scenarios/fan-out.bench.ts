// fan-out: a plan whose task reaches N schools (consolidated through their district offices) launched over HTTP,
// timed until every assignment exists in the read model and its workflow has started (a node writes its children's
// rows before it starts them, so the rows alone would stop the clock early; both times are reported). Baseline: the raw Temporal client starting N bare
// workflows on the same server, timed until all have completed.
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { generateProvince } from '@khflow/directory';
import { addDays, vnDateOf } from '@khflow/domain';
import { Client as PgClient } from 'pg';
import { type BenchEnv, startKhflow } from '../bench-env';
import { BenchHttp } from '../bench-http';
import { pool, printTable, ratio, waitForCount } from '../bench-stats.util';

// A fan-out has stalled when nothing moved for this long. At 50,000 units the last nodes' workflow tasks waited
// almost ten minutes in the task queue's backlog (approximate_backlog_age_seconds) while nothing else was left to
// move, so two minutes called a slow run a stall and lost it.
const STALL_MS = 20 * 60_000;

export async function fanOutBench(env: BenchEnv, quick: boolean, only?: number[]): Promise<Record<string, unknown>[]> {
  const sizes = only ?? (quick ? [60, 240] : [100, 1000, 5000]);
  const rows: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const perDistrict = n <= 100 ? 50 : n <= 1000 ? 50 : 100;
    const districts = Math.max(1, Math.round(n / perDistrict));
    const prefix = `f${n}`;
    const directory = generateProvince({ districts, schoolsPerDistrict: n / districts, thptSchools: 0, prefix });
    const url = await env.database(`bench_fanout_${n}`, directory);
    const sys = await startKhflow(env, url, `bench-fanout-${n}`);
    const http = new BenchHttp(sys.apiUrl);
    const owner = await http.token(`owner.${prefix}-sgddt`);
    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    try {
      const plan = await http.ok<{ id: string; tasks: { id: string }[] }>('POST', '/plans', owner, {
        title: `Báo cáo ${n} trường`,
        issuerUnitId: `${prefix}-sgddt`,
        tasks: [{ ref: '1', title: 'Báo cáo kết quả', lead: [{ group: { kinds: ['school_thcs', 'school_th', 'school_mn'], underUnitId: `${prefix}-sgddt` } }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 60) }, consolidate: true }],
      });
      const expected = n + districts;
      const t0 = Date.now();
      await http.ok('POST', `/plans/${plan.id}/launch`, owner);
      await waitForCount(`fan-out of ${n}: assignments`, async () => (await pg.query('SELECT count(*)::int AS c FROM assignment WHERE plan_id = $1', [plan.id])).rows[0].c as number, expected, STALL_MS);
      const rowsMs = Date.now() - t0;
      // Every assignment actionable: its workflow started (the visibility store counts them, on either server).
      const query = `TaskQueue="bench-fanout-${n}" AND WorkflowType="assignmentWorkflow"`;
      await waitForCount(`fan-out of ${n}: started assignment workflows`, async () => (await env.client.workflow.count(query)).count, expected, STALL_MS);
      const khflowMs = Date.now() - t0;
      // Shape of the tree: the largest number of direct children of any workflow, and the longest history.
      const { rows: fan } = await pg.query(`SELECT max(c)::int AS m FROM (SELECT reviewer_unit_id, count(*) c FROM assignment WHERE plan_id = $1 GROUP BY 1) x`, [plan.id]);
      const taskId = plan.tasks[0].id;
      const ids = [`plan:${plan.id}`, `task:${plan.id}:${taskId}`, `node:${plan.id}:${taskId}:once:${prefix}-sgddt-khtc`, `node:${plan.id}:${taskId}:once:${prefix}-sgddt`, `node:${plan.id}:${taskId}:once:${prefix}-pgd-1`];
      let longest = 0;
      let longestId = '';
      for (const id of ids) {
        const h = await env.client.workflow.getHandle(id).fetchHistory().catch(() => null);
        if (h && (h.events?.length ?? 0) > longest) [longest, longestId] = [h.events!.length, id.split(':')[0] + ':' + id.split(':').slice(-1)[0]];
      }
      // Baseline: N bare workflows through the raw client, same server.
      const baseQueue = `bench-noop-${n}`;
      const connection = await NativeConnection.connect({ address: env.temporalAddress });
      const baseWorker = await Worker.create({ connection, taskQueue: baseQueue, workflowsPath: path.join(__dirname, '../bench-noop.workflow.ts') });
      const running = baseWorker.run();
      const b0 = Date.now();
      await pool(Array.from({ length: n }, (_, i) => i), 50, async (i) => {
        const h = await env.client.workflow.start('benchNoopWorkflow', { taskQueue: baseQueue, workflowId: `noop-${n}-${i}-${b0}` });
        await h.result();
      });
      const baselineMs = Date.now() - b0;
      baseWorker.shutdown();
      await running;
      await connection.close();
      rows.push({
        units: n,
        assignments: expected,
        'rows s': rowsMs / 1000,
        'khflow s': khflowMs / 1000,
        'khflow wf/s': Math.round((expected / khflowMs) * 1000),
        'raw s': baselineMs / 1000,
        'raw wf/s': Math.round((n / baselineMs) * 1000),
        'khflow/raw time': ratio(khflowMs, baselineMs),
        'max children': fan[0].m,
        'longest history': `${longest} (${longestId})`,
        'worker peak MiB': sys.worker.peakRssMiB(),
        'api peak MiB': sys.api.peakRssMiB(),
      });
      // Each size printed when done: a later, larger size that fails does not take the earlier figures with it.
      printTable(`fan-out: ${n} units`, rows.slice(-1));
    } finally {
      await pg.end();
      await sys.stop();
    }
  }
  if (rows.length >= 2) {
    const [a, b] = rows.slice(-2);
    const growth = ratio((b['khflow s'] as number) / (a['khflow s'] as number), (b.units as number) / (a.units as number));
    rows.push({ units: `${a.units}→${b.units}`, 'khflow/raw time': `growth ${growth}× linear` });
  }
  printTable('fan-out: launch until every assignment is in the read model and its workflow started (raw: N bare workflows to completion)', rows);
  return rows;
}


// dashboards: inbox, plan progress and dashboard over HTTP on a read model of 100,000 assignments, against the
// same question asked in raw SQL with `pg` (the floor PostgreSQL allows). The read model is filled directly in SQL
// (a realistic spread of states and due dates), since only the queries are measured here.
import { Client as PgClient } from 'pg';
import { generateProvince } from '@khflow/directory';
import { addDays, vnDateOf } from '@khflow/domain';
import { createDataSource, insertDraftPlan, reportedStatusSql } from '@khflow/persistence';
import { type BenchEnv, startKhflow } from '../bench-env';
import { BenchHttp } from '../bench-http';
import { printTable, ratio, summary } from '../bench-stats.util';

// The baseline asks the same question with the same status rule (reportedStatusSql), in one raw SQL statement.
const STATUS_SQL = reportedStatusSql('a', 'now()');

export async function dashboardsBench(env: BenchEnv, quick: boolean): Promise<Record<string, unknown>[]> {
  const districts = quick ? 4 : 40;
  const schoolsPerDistrict = 50;
  const tasks = quick ? 10 : 50; // assignments = schools × tasks: 100,000 in the full run
  const iterations = quick ? 5 : 40;
  const prefix = 'dash';
  const directory = generateProvince({ districts, schoolsPerDistrict, thptSchools: 0, prefix });
  const url = await env.database('bench_dashboards', directory);
  const owner = { userId: `u-owner.${prefix}-sgddt-khtc`, unitId: `${prefix}-sgddt-khtc`, roles: ['plan_owner' as const] };
  const ds = await createDataSource(url, { poolSize: 2 }).initialize();
  const today = vnDateOf(Date.now());
  const { planId } = await ds.transaction((m) =>
    insertDraftPlan(
      m,
      {
        title: 'Kế hoạch lớn',
        issuerUnitId: `${prefix}-sgddt-khtc`,
        tasks: Array.from({ length: tasks }, (_, i) => ({ ref: String(i + 1), title: `Nhiệm vụ ${i + 1}`, lead: [{ group: { kinds: ['school_thcs', 'school_th', 'school_mn'] } }], coordinators: [], timeframe: { kind: 'once' as const, due: addDays(today, (i % 20) - 10) } })),
      },
      owner,
    ),
  );
  await ds.query(`UPDATE plan SET status = 'active', launched_at = now() WHERE id = $1`, [planId]);
  await ds.query(
    `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, reviewer_unit_id, title, state, version, due, due_at, submitted_at, approved_at, on_time, created_at, updated_at)
     SELECT gen_random_uuid(), 'asg:' || t.plan_id || ':' || t.id || ':once:' || u.id, t.plan_id, t.id, 'once', u.id, 'lead', u.reports_to_id, t.title,
            (ARRAY['assigned','acknowledged','in_progress','submitted','returned','approved','approved','approved'])[1 + floor(random() * 8)::int], 1,
            (t.timeframe->>'due')::date, ((t.timeframe->>'due')::date + 1) AT TIME ZONE 'Asia/Ho_Chi_Minh',
            now() - random() * interval '20 days', now() - random() * interval '10 days', random() < 0.8, now(), now()
       FROM task t CROSS JOIN org_unit u WHERE t.plan_id = $1 AND u.kind LIKE 'school_%'`,
    [planId],
  );
  await ds.query('ANALYZE assignment');
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM assignment');
  await ds.destroy();

  const sys = await startKhflow(env, url, 'bench-dashboards');
  const http = new BenchHttp(sys.apiUrl);
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  const school = `${prefix}-thcs-1-2`;
  const cases: { name: string; user: string; path: string; sql: string; params: unknown[] }[] = [
    {
      name: 'inbox (one school, open, by due date)',
      user: `officer.${school}`,
      path: '/inbox?status=assigned,acknowledged,in_progress,returned&sort=due&limit=50',
      sql: `SELECT a.*, p.title AS plan_title, t.ref, o.name, count(*) OVER () AS total FROM assignment a JOIN plan p ON p.id = a.plan_id JOIN task t ON t.id = a.task_id JOIN org_unit o ON o.id = a.unit_id
              WHERE a.unit_id = $1 AND a.state = ANY($2) ORDER BY a.due NULLS LAST, a.id LIMIT 50`,
      params: [school, ['assigned', 'acknowledged', 'in_progress', 'returned']],
    },
    {
      name: `plan progress (${n} assignments)`,
      user: `owner.${prefix}-sgddt-khtc`,
      path: `/plans/${planId}/progress`,
      sql: `WITH x AS (SELECT a.task_id, a.unit_id, ${STATUS_SQL} AS s FROM assignment a WHERE a.plan_id = $1 AND a.kind <> 'coordination')
            SELECT 'task' AS k, task_id::text AS id, s, count(*) FROM x GROUP BY 2, 3 UNION ALL SELECT 'unit', unit_id, s, count(*) FROM x GROUP BY 2, 3`,
      params: [planId],
    },
    {
      name: `dashboard (Sở scope, ${n} assignments)`,
      user: `inspector.${prefix}-sgddt-thanhtra`,
      path: '/dashboard',
      sql: `WITH x AS (SELECT a.unit_id, a.plan_id, ${STATUS_SQL} AS s FROM assignment a WHERE a.kind <> 'coordination')
            SELECT 'unit' AS k, unit_id AS id, s, count(*) FROM x GROUP BY 2, 3 UNION ALL SELECT 'plan', plan_id::text, s, count(*) FROM x GROUP BY 2, 3`,
      params: [],
    },
  ];
  const rows: Record<string, unknown>[] = [];
  try {
    for (const c of cases) {
      const token = await http.token(c.user);
      const api: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < iterations + 2; i++) {
        let t = performance.now();
        const r = await http.call('GET', c.path, token);
        if (r.status !== 200) throw new Error(`${c.path}: ${r.status} ${JSON.stringify(r.body)}`);
        if (i >= 2) api.push(performance.now() - t); // two warm-up rounds
        t = performance.now();
        await pg.query(c.sql, c.params);
        if (i >= 2) raw.push(performance.now() - t);
      }
      const a = summary(api);
      const b = summary(raw);
      rows.push({ query: c.name, 'khflow p50 ms': a.p50, 'khflow p95 ms': a.p95, 'raw SQL p50 ms': b.p50, 'raw SQL p95 ms': b.p95, 'p95 ratio': ratio(a.p95, b.p95), 'api peak MiB': sys.api.peakRssMiB() });
    }
  } finally {
    await pg.end();
    await sys.stop();
  }
  printTable(`dashboards: read-model queries over HTTP vs raw SQL (${n} assignments, ${iterations} runs each)`, rows);
  return rows;
}

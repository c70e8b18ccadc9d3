// dashboards: inbox, plan progress and dashboard over HTTP on a read model of 1,000,000 assignments (--assignments=N;
// 10 plans × 10 tasks × N/100 schools), against the same question asked in raw SQL with `pg` over the same counters
// (the same repository statements the route sends, on a bare connection: the floor PostgreSQL allows), and — for
// scale — the old question over every row (reportedStatusSql). The read
// model is filled directly in SQL (a spread of states and due dates); the counters follow through their triggers.
import { Client as PgClient, Pool as PgPool } from 'pg';
import { generateProvince } from '@khflow/directory';
import { UNIT_PAGE_DEFAULT } from '@khflow/contracts';
import { addDays, buildOrgIndex, inspectorScopeRoot, reportingSubtree, vnDateOf } from '@khflow/domain';
import { createDataSource, DashboardRepository, explanationsInScope, InboxRepository, insertDraftPlan, PlanReadRepository, reportedStatusSql } from '@khflow/persistence';
import { type BenchEnv, startKhflow } from '../bench-env';
import { BenchHttp } from '../bench-http';
import { printTable, ratio, summary } from '../bench-stats.util';

// The baseline asks the same question with the same status rule (reportedStatusSql), in one raw SQL statement.
const STATUS_SQL = reportedStatusSql('a', 'now()');

const argNumber = (name: string): number | undefined => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : undefined;
};

export async function dashboardsBench(env: BenchEnv, quick: boolean): Promise<Record<string, unknown>[]> {
  const plans = 10;
  const tasksPerPlan = 10;
  const wanted = argNumber('assignments') ?? (quick ? 20_000 : 1_000_000);
  const schoolsPerDistrict = 50;
  const districts = Math.max(1, Math.round(wanted / (plans * tasksPerPlan * schoolsPerDistrict)));
  const iterations = quick ? 5 : 40;
  const prefix = 'dash';
  const directory = generateProvince({ districts, schoolsPerDistrict, thptSchools: 0, prefix });
  const url = await env.database('bench_dashboards', directory);
  const owner = { userId: `u-owner.${prefix}-sgddt-khtc`, unitId: `${prefix}-sgddt-khtc`, roles: ['plan_owner' as const] };
  const ds = await createDataSource(url, { poolSize: 2 }).initialize();
  const today = vnDateOf(Date.now());
  const planIds: string[] = [];
  for (let p = 0; p < plans; p++) {
    const { planId } = await ds.transaction((m) =>
      insertDraftPlan(
        m,
        {
          title: `Kế hoạch lớn ${p + 1}`,
          issuerUnitId: `${prefix}-sgddt-khtc`,
          // Four deadlines per plan, some past (overdue open work), some to come.
          tasks: Array.from({ length: tasksPerPlan }, (_, i) => ({ ref: String(i + 1), title: `Nhiệm vụ ${i + 1}`, lead: [{ group: { kinds: ['school_thcs', 'school_th', 'school_mn'] } }], coordinators: [], timeframe: { kind: 'once' as const, due: addDays(today, ((i + p) % 4) * 7 - 10) } })),
        },
        owner,
      ),
    );
    planIds.push(planId);
  }
  await ds.query(`UPDATE plan SET status = 'active', launched_at = now() WHERE id = ANY($1)`, [planIds]);
  const f0 = Date.now();
  // One statement per plan (the counter triggers aggregate each statement's rows at once).
  for (const planId of planIds) {
    await ds.query(
      `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, reviewer_unit_id, title, state, version, due, due_at, submitted_at, approved_at, on_time, created_at, updated_at)
       SELECT gen_random_uuid(), 'asg:' || t.plan_id || ':' || t.id || ':once:' || u.id, t.plan_id, t.id, 'once', u.id, 'lead', u.reports_to_id, t.title,
              (ARRAY['assigned','acknowledged','in_progress','submitted','returned','approved','approved','approved'])[1 + floor(random() * 8)::int], 1,
              (t.timeframe->>'due')::date, ((t.timeframe->>'due')::date + 1) AT TIME ZONE 'Asia/Ho_Chi_Minh',
              now() - random() * interval '20 days', now() - random() * interval '10 days', random() < 0.8, now(), now()
         FROM task t CROSS JOIN org_unit u WHERE t.plan_id = $1 AND u.kind LIKE 'school_%'`,
      [planId],
    );
  }
  const fillSeconds = Math.round((Date.now() - f0) / 1000);
  await ds.query('ANALYZE assignment; ANALYZE assignment_unit_count; ANALYZE assignment_task_count; ANALYZE assignment_scope_count');
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM assignment');
  const [{ c }] = await ds.query('SELECT count(*)::int AS c FROM assignment_unit_count');
  const [{ sc }] = await ds.query('SELECT count(*)::int AS sc FROM assignment_scope_count');
  await ds.destroy();
  const planId = planIds[0];
  // The inspectorate's scope as the route computes it (its root first: the roll-up counters are read at the root).
  const orgIndex = buildOrgIndex(directory.units);
  const sRoot = inspectorScopeRoot(orgIndex, `${prefix}-sgddt-thanhtra`);
  const scope = [sRoot, ...reportingSubtree(orgIndex, sRoot)];
  const district = `${prefix}-pgd-1`;
  const districtScope = [district, ...directory.units.filter((u) => u.reportsToId === district).map((u) => u.id)];

  const sys = await startKhflow(env, url, 'bench-dashboards');
  const http = new BenchHttp(sys.apiUrl);
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  const school = `${prefix}-thcs-1-2`;
  // The raw baseline asks the very statements the route sends (the same repositories), on a bare `pg` connection:
  // no HTTP, token check, Nest, TypeORM or JSON — what PostgreSQL alone costs for the same question.
  const bare = { query: (sql: string, params?: unknown[]) => pg.query(sql, params).then((x) => x.rows) } as never;
  const inboxes = new InboxRepository(bare);
  const plansRead = new PlanReadRepository(bare);
  const dashboards = new DashboardRepository(bare);
  // The dashboard's statements go side by side through the API's pool: the baseline sends them through a bare pool
  // of the same size.
  const rawPool = new PgPool({ connectionString: url, max: 10 });
  const pooled = new DashboardRepository({ query: (sql: string, params?: unknown[]) => rawPool.query(sql, params).then((x) => x.rows) } as never);
  const since = addDays(today, -29);
  // Where a dashboard's time goes: each statement of the raw baseline timed on its own (ms per run, by scope size).
  const parts = new Map<string, number[]>();
  const timed = async <T>(key: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await f();
    parts.set(key, [...(parts.get(key) ?? []), performance.now() - t]);
    return r;
  };
  const dashboardRaw = async (units: string[]) => {
    const now = new Date();
    await pooled.read({ root: units[0], scope: units, planId: null, now, after: null, limit: UNIT_PAGE_DEFAULT + 1, since, answeredSince: new Date(now.getTime() - 30 * 86_400_000) });
  };
  /** Each statement of the dashboard alone, one after another: where its time goes. */
  const dashboardParts = async (units: string[]) => {
    for (const [label, run] of dashboardStatements(dashboards, bare, units, since)) await timed(`${units.length} units: ${label}`, run);
  };
  const cases: { name: string; user: string; path: string; raw: () => Promise<unknown>; parts?: () => Promise<unknown>; rowScan?: { sql: string; params: unknown[] } }[] = [
    {
      name: 'inbox (one school, open, by due date)',
      user: `officer.${school}`,
      path: '/inbox?status=assigned,acknowledged,in_progress,returned&sort=due&limit=50',
      raw: async () => {
        await inboxes.assignments({ unitId: school, states: ['assigned', 'acknowledged', 'in_progress', 'returned'], planId: null, dueBefore: null, dueAfter: null, overdue: null, q: null, sort: 'due', limit: 50, offset: 0 });
        await inboxes.notifications(school, ['officer']);
        await inboxes.counts(school, new Date());
      },
    },
    {
      name: `plan progress (one plan, ${n / plans} assignments)`,
      user: `owner.${prefix}-sgddt-khtc`,
      path: `/plans/${planId}/progress`,
      raw: async () => {
        const now = new Date();
        await plansRead.find(planId);
        await plansRead.progressCounts(planId, now);
        const units = await plansRead.progressUnits(planId, now, null, UNIT_PAGE_DEFAULT + 1);
        await plansRead.taskTitles(planId);
        await plansRead.consolidations(planId, [...new Set(units.map((u) => u.id))].slice(0, UNIT_PAGE_DEFAULT));
        await plansRead.subPlanCounts(planId, now);
      },
      rowScan: {
        sql: `WITH x AS (SELECT a.task_id, a.unit_id, ${STATUS_SQL} AS s FROM assignment a WHERE a.plan_id = $1 AND a.kind <> 'coordination')
              SELECT 'task' AS k, task_id::text AS id, s, count(*) FROM x GROUP BY 2, 3 UNION ALL SELECT 'unit', unit_id, s, count(*) FROM x GROUP BY 2, 3`,
        params: [planId],
      },
    },
    {
      name: `dashboard (district office: ${districtScope.length - 1} schools, ${(districtScope.length - 1) * plans * tasksPerPlan} assignments)`,
      user: `supervisor.${district}`,
      path: '/dashboard',
      raw: () => dashboardRaw(districtScope),
      parts: () => dashboardParts(districtScope),
    },
    {
      name: `dashboard (Sở scope, ${n} assignments)`,
      user: `inspector.${prefix}-sgddt-thanhtra`,
      path: '/dashboard',
      raw: () => dashboardRaw(scope),
      parts: () => dashboardParts(scope),
      rowScan: {
        sql: `WITH x AS (SELECT a.unit_id, a.plan_id, ${STATUS_SQL} AS s FROM assignment a WHERE a.kind <> 'coordination')
              SELECT 'unit' AS k, unit_id AS id, s, count(*) FROM x GROUP BY 2, 3 UNION ALL SELECT 'plan', plan_id::text, s, count(*) FROM x GROUP BY 2, 3`,
        params: [],
      },
    },
  ];
  const rows: Record<string, unknown>[] = [];
  const queryPlans: string[] = [];
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
        await c.raw();
        if (i >= 2) raw.push(performance.now() - t);
      }
      if (c.parts) for (let i = 0; i < iterations; i++) await c.parts();
      // Why a statement costs what it does: its plan, as PostgreSQL ran it, once per dashboard (full runs only).
      if (c.parts && !quick) queryPlans.push(...(await explainDashboard(pg, c.name, c === cases[cases.length - 1] ? scope : districtScope, since)));
      // The same question over every row, as it was asked before the counters (fewer runs: it is the slow one).
      const scan: number[] = [];
      if (c.rowScan) {
        for (let i = 0; i < Math.min(iterations, 10) + 1; i++) {
          const t = performance.now();
          await pg.query(c.rowScan.sql, c.rowScan.params);
          if (i >= 1) scan.push(performance.now() - t);
        }
      }
      const a = summary(api);
      const b = summary(raw);
      rows.push({
        query: c.name,
        'khflow p50 ms': a.p50,
        'khflow p95 ms': a.p95,
        'raw SQL p50 ms': b.p50,
        'raw SQL p95 ms': b.p95,
        'p95 ratio': ratio(a.p95, b.p95),
        'row scan p95 ms': scan.length ? summary(scan).p95 : '',
        'api peak MiB': sys.api.peakRssMiB(),
      });
    }
  } finally {
    await pg.end();
    await rawPool.end();
    await sys.stop();
  }
  const breakdown = [...parts].map(([part, ms]) => ({ 'dashboard statement (raw)': part, 'p50 ms': summary(ms).p50, 'p95 ms': summary(ms).p95 }));
  printTable('dashboards: where the raw dashboard time goes, statement by statement', breakdown);
  if (queryPlans.length) console.log(queryPlans.join('\n'));
  rows.push(...breakdown);
  printTable(`dashboards: read-model queries over HTTP vs raw SQL over the same counters (${n} assignments in ${fillSeconds} s, ${c} unit and ${sc} scope counter rows, ${iterations} runs each)`, rows);
  return rows;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each statement of one dashboard, through the repository itself (its query function
 * prefixes the statement), so the plans are those of the very SQL the route sends.
 */
async function explainDashboard(pg: PgClient, name: string, units: string[], since: string): Promise<string[]> {
  const out: string[] = [];
  let label = '';
  const explaining = {
    query: async (sql: string, params?: unknown[]) => {
      const r = await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      out.push(`--- plan: ${name}: ${label}`, ...r.rows.map((x: Record<string, string>) => x['QUERY PLAN']));
      return [];
    },
  } as never;
  for (const [l, run] of dashboardStatements(new DashboardRepository(explaining), explaining, units, since)) {
    label = l;
    await run();
  }
  return out;
}

/**
 * The statements of one dashboard (DashboardRepository.read sends them side by side), each on its own, in order:
 * timed for the breakdown and explained for the plans. The titles are those of the plans the totals found.
 */
function dashboardStatements(repo: DashboardRepository, db: never, units: string[], since: string): [string, () => Promise<unknown>][] {
  const now = new Date();
  let counted: { id: string }[] = [];
  return [
    ['scope totals (roll-up counters)', async () => (counted = await repo.scopeCounts(units[0], null, now))],
    ['plan titles', () => repo.planTitles([...new Set(counted.map((x) => x.id))])],
    ['first page of units (unit counters)', () => repo.unitCounts(units, null, now, null, UNIT_PAGE_DEFAULT + 1)],
    ['overdue list (≤ 200 rows)', () => repo.overdue(units, null, now)],
    ['30-day timeline (audit log)', () => repo.timeline(units, since)],
    ['explanation requests', () => explanationsInScope(db, units, null, new Date(now.getTime() - 30 * 86_400_000))],
  ];
}

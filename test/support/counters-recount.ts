// The counters (assignment_unit_count / assignment_task_count) checked against a full recount of the assignment rows:
// the raw counters key by key, and the dashboard's, plan progress's and the inbox's answers (read from the counters) against the
// same questions asked of every row with reportedStatusSql, at each instant given (overdue depends on time).
import type { DataSource } from 'typeorm';
import { DashboardRepository, InboxRepository, PlanReadRepository, reportedStatusSql } from '@khflow/persistence';

type Count = { k: string; id: string; s: string; n: number };
const norm = (rows: Count[]) =>
  rows
    .filter((r) => Number(r.n) !== 0)
    .map((r) => `${r.k} ${r.id} ${r.s} ${Number(r.n)}`)
    .sort();

/** Every difference between counters and a recount (empty when they agree). */
export async function counterMismatches(ds: DataSource, nows: number[]): Promise<string[]> {
  const out: string[] = [];
  const key = `kind, state, not_reported, assignment_count_late(due, submitted_at) AS late, assignment_count_due(state, due, submitted_at)::text AS due`;
  const diff = (what: string, counted: string[], recounted: string[]) => {
    const a = new Set(counted);
    const b = new Set(recounted);
    for (const x of a) if (!b.has(x)) out.push(`${what}: counter has ${x}, recount not`);
    for (const x of b) if (!a.has(x)) out.push(`${what}: recount has ${x}, counter not`);
  };
  const lines = (rows: Record<string, unknown>[]) => rows.map((r) => Object.values(r).map(String).join(' ')).sort();
  diff(
    'assignment_unit_count',
    lines(await ds.query(`SELECT plan_id, unit_id, kind, state, not_reported, late, due::text AS due, n FROM assignment_unit_count WHERE n <> 0`)),
    lines(await ds.query(`SELECT plan_id, unit_id, ${key}, count(*)::int AS n FROM assignment GROUP BY 1, 2, 3, 4, 5, 6, 7`)),
  );
  diff(
    'assignment_task_count',
    lines(await ds.query(`SELECT plan_id, task_id, kind, state, not_reported, late, due::text AS due, sum(n)::int AS n FROM assignment_task_count GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0`)),
    lines(await ds.query(`SELECT plan_id, task_id, ${key}, count(*)::int AS n FROM assignment GROUP BY 1, 2, 3, 4, 5, 6, 7`)),
  );
  const negative = await ds.query(`SELECT 'unit' AS t, * FROM assignment_unit_count WHERE n < 0 UNION ALL SELECT 'task', plan_id, task_id::text, kind, state, not_reported, late, due, n FROM assignment_task_count WHERE n < 0`);
  if (negative.length) out.push(`negative counters: ${JSON.stringify(negative)}`);

  const units: string[] = (await ds.query('SELECT id FROM org_unit')).map((u: { id: string }) => u.id);
  const plans: string[] = (await ds.query('SELECT id FROM plan')).map((p: { id: string }) => p.id);
  const dashboards = new DashboardRepository(ds);
  const plansRead = new PlanReadRepository(ds);
  const inboxes = new InboxRepository(ds);
  for (const now of nows) {
    const at = new Date(now).toISOString();
    const status = reportedStatusSql('a', '$2::timestamptz');
    diff(
      `dashboard at ${at}`,
      norm(await dashboards.counts(units, null, new Date(now))),
      norm(
        await ds.query(
          `WITH x AS (SELECT a.unit_id, a.plan_id, ${status} AS s FROM assignment a WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination')
           SELECT 'unit' AS k, unit_id AS id, s, count(*)::int AS n FROM x GROUP BY 2, 3
           UNION ALL SELECT 'plan', plan_id::text, s, count(*)::int FROM x GROUP BY 2, 3`,
          [units, at],
        ),
      ),
    );
    // The inbox's counts: one unit's assignments of every kind.
    const inboxCounted: Count[] = [];
    for (const unitId of units) for (const c of await inboxes.counts(unitId, new Date(now))) inboxCounted.push({ k: 'inbox', id: unitId, s: c.s, n: c.n });
    diff(
      `inbox counts at ${at}`,
      norm(inboxCounted),
      norm(await ds.query(`SELECT 'inbox' AS k, a.unit_id AS id, ${status} AS s, count(*)::int AS n FROM assignment a WHERE a.unit_id = ANY($1) GROUP BY 2, 3`, [units, at])),
    );
    for (const planId of plans) {
      diff(
        `progress of ${planId} at ${at}`,
        norm(await plansRead.progressCounts(planId, new Date(now))),
        norm(
          await ds.query(
            `WITH x AS (SELECT a.task_id, a.unit_id, ${status} AS s FROM assignment a WHERE a.plan_id = $1 AND a.kind <> 'coordination')
             SELECT 'task' AS k, task_id::text AS id, s, count(*)::int AS n FROM x GROUP BY 2, 3
             UNION ALL SELECT 'unit', unit_id, s, count(*)::int FROM x GROUP BY 2, 3`,
            [planId, at],
          ),
        ),
      );
    }
  }
  return out;
}

/** The statuses the recount finds at `now` (to show a run did go through them). */
export async function statusesAt(ds: DataSource, now: number): Promise<string[]> {
  const rows: { s: string }[] = await ds.query(`SELECT DISTINCT ${reportedStatusSql('a', '$1::timestamptz')} AS s FROM assignment a`, [new Date(now).toISOString()]);
  return rows.map((r) => r.s).sort();
}

// The counters (assignment_unit_count / assignment_task_count / assignment_scope_count) checked against a full recount
// of the assignment rows: the raw counters key by key (the roll-ups along the chains of the directory index the
// dashboard uses, reportingChain), and the dashboard's, plan progress's and the inbox's answers (read from the
// counters, per-unit lists page by page) against the same questions asked of every row with reportedStatusSql, at
// each instant given (overdue depends on time).
import type { DataSource } from 'typeorm';
import { buildOrgIndex, reportingChain, reportingSubtree } from '@khflow/domain';
import { DashboardRepository, InboxRepository, loadUnits, PlanReadRepository, reportedStatusSql } from '@khflow/persistence';

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
  // The roll-ups: each unit's recount on every unit of its chain in today's directory index (what the dashboard's
  // reportingSubtree walks down), the counters summed over their shards.
  const index = buildOrgIndex(await loadUnits(ds.manager));
  const rolled = new Map<string, number>();
  for (const r of await ds.query(`SELECT unit_id, plan_id, ${key}, count(*)::int AS n FROM assignment GROUP BY 1, 2, 3, 4, 5, 6, 7`)) {
    const { unit_id: unitId, n, ...rest } = r as Record<string, unknown>;
    for (const scope of reportingChain(index, unitId as string)) {
      const k = [scope, ...Object.values(rest).map(String)].join(' ');
      rolled.set(k, (rolled.get(k) ?? 0) + (n as number));
    }
  }
  diff(
    'assignment_scope_count',
    lines(await ds.query(`SELECT scope_unit_id, plan_id, kind, state, not_reported, late, due::text AS due, sum(n)::int AS n FROM assignment_scope_count GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0`)),
    [...rolled].map(([k, n]) => `${k} ${n}`).sort(),
  );
  const negative = await ds.query(
    `SELECT 'unit' AS t, * FROM assignment_unit_count WHERE n < 0 UNION ALL SELECT 'task', plan_id, task_id::text, kind, state, not_reported, late, due, n FROM assignment_task_count WHERE n < 0
     UNION ALL SELECT 'scope', plan_id, scope_unit_id, kind, state, not_reported, late, due, n FROM assignment_scope_count WHERE n < 0`,
  );
  if (negative.length) out.push(`negative counters: ${JSON.stringify(negative)}`);

  const units: string[] = (await ds.query('SELECT id FROM org_unit')).map((u: { id: string }) => u.id);
  const plans: string[] = (await ds.query('SELECT id FROM plan')).map((p: { id: string }) => p.id);
  const dashboards = new DashboardRepository(ds);
  const plansRead = new PlanReadRepository(ds);
  const inboxes = new InboxRepository(ds);
  for (const now of nows) {
    const at = new Date(now).toISOString();
    const status = reportedStatusSql('a', '$2::timestamptz');
    // Every unit as a dashboard's root: its totals per plan (roll-ups) and its per-unit list, read two units a page.
    for (const root of units) {
      const scope = [root, ...reportingSubtree(index, root)];
      const recount = async (by: 'plan_id::text' | 'unit_id') =>
        norm(
          await ds.query(
            `SELECT 'x' AS k, ${by} AS id, ${status} AS s, count(*)::int AS n FROM assignment a WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination' GROUP BY 2, 3`,
            [scope, at],
          ),
        );
      diff(`dashboard of ${root} at ${at}`, norm((await dashboards.scopeCounts(root, null, new Date(now))).map((c) => ({ k: 'x', ...c }))), await recount('plan_id::text'));
      const pages = await pagesOf((after, limit) => dashboards.unitCounts(scope, null, new Date(now), after, limit));
      diff(`dashboard units of ${root} at ${at}`, norm(pages.map((c) => ({ k: 'x', ...c }))), await recount('unit_id'));
    }
    // The inbox's counts: one unit's assignments of every kind.
    const inboxCounted: Count[] = [];
    for (const unitId of units) for (const c of await inboxes.counts(unitId, new Date(now))) inboxCounted.push({ k: 'inbox', id: unitId, s: c.s, n: c.n });
    diff(
      `inbox counts at ${at}`,
      norm(inboxCounted),
      norm(await ds.query(`SELECT 'inbox' AS k, a.unit_id AS id, ${status} AS s, count(*)::int AS n FROM assignment a WHERE a.unit_id = ANY($1) GROUP BY 2, 3`, [units, at])),
    );
    for (const planId of plans) {
      const recount = async (by: 'task_id::text' | 'unit_id') =>
        norm(
          await ds.query(
            `SELECT 'x' AS k, ${by} AS id, ${status} AS s, count(*)::int AS n FROM assignment a WHERE a.plan_id = $1 AND a.kind <> 'coordination' GROUP BY 2, 3`,
            [planId, at],
          ),
        );
      diff(`progress of ${planId} at ${at}`, norm((await plansRead.progressCounts(planId, new Date(now))).map((c) => ({ k: 'x', ...c }))), await recount('task_id::text'));
      const pages = await pagesOf((after, limit) => plansRead.progressUnits(planId, new Date(now), after, limit));
      diff(`progress units of ${planId} at ${at}`, norm(pages.map((c) => ({ k: 'x', ...c }))), await recount('unit_id'));
    }
  }
  return out;
}

/**
 * Every row of a per-unit list read two units a page (the last unit of a page is the next one's `after`); a page
 * with more units than asked, or a unit on two pages, throws.
 */
async function pagesOf(read: (after: string | null, limit: number) => Promise<{ id: string; s: string; n: number }[]>): Promise<{ id: string; s: string; n: number }[]> {
  const all: { id: string; s: string; n: number }[] = [];
  const seen = new Set<string>();
  for (let after: string | null = null; ; ) {
    const rows = await read(after, 2);
    const ids = [...new Set(rows.map((r) => r.id))];
    if (ids.length > 2 || ids.some((id) => seen.has(id))) throw new Error(`bad page after ${after}: ${ids.join(', ')}`);
    ids.forEach((id) => seen.add(id));
    all.push(...rows);
    if (ids.length < 2) return all;
    after = ids[1];
  }
}

/** The statuses the recount finds at `now` (to show a run did go through them). */
export async function statusesAt(ds: DataSource, now: number): Promise<string[]> {
  const rows: { s: string }[] = await ds.query(`SELECT DISTINCT ${reportedStatusSql('a', '$1::timestamptz')} AS s FROM assignment a`, [new Date(now).toISOString()]);
  return rows.map((r) => r.s).sort();
}

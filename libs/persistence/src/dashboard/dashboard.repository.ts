import type { DataSource, EntityManager } from 'typeorm';
import type { ReportedStatus } from '@khflow/contracts';
import { ASSIGNMENT_SELECT, type AssignmentRow } from '../assignment/assignment-read.repository';
import { counterStatusSql, overdueSql } from '../reported-status.sql';
import { type ExplanationInScopeRow, explanationsInScope } from '../explanation/explanation.repository';

/**
 * The dashboard's totals per plan for a scope ($1 the scope's root unit, $2 plan or null, $3 now): the roll-up
 * counters of that one unit (its assignments and those of every unit under it, migration 1764001300000).
 * Exported for the bench's raw baseline.
 */
export const DASHBOARD_SCOPE_SQL = `SELECT c.plan_id::text AS id, ${counterStatusSql('c', '$3::timestamptz')} AS s, sum(c.n)::int AS n
    FROM assignment_scope_count c
   WHERE c.scope_unit_id = $1 AND c.kind <> 'coordination' AND c.n <> 0 AND ($2::uuid IS NULL OR c.plan_id = $2)
   GROUP BY 1, 2`;

/**
 * One page of the dashboard's per-unit counts ($1 the scope's units, $2 plan or null, $3 now, $4 the last unit of
 * the page before or null, $5 units per page): the units with assignments, in id order, read from the unit counters.
 * Exported for the bench's raw baseline.
 */
export const DASHBOARD_UNITS_SQL = `WITH page AS (
    SELECT DISTINCT c.unit_id FROM assignment_unit_count c
     WHERE c.unit_id = ANY($1) AND ($4::text IS NULL OR c.unit_id > $4) AND c.kind <> 'coordination' AND c.n <> 0
       AND ($2::uuid IS NULL OR c.plan_id = $2)
     ORDER BY c.unit_id LIMIT $5)
  SELECT c.unit_id AS id, ${counterStatusSql('c', '$3::timestamptz')} AS s, sum(c.n)::int AS n
    FROM assignment_unit_count c JOIN page p ON p.unit_id = c.unit_id
   WHERE c.kind <> 'coordination' AND c.n <> 0 AND ($2::uuid IS NULL OR c.plan_id = $2)
   GROUP BY 1, 2 ORDER BY 1`;

/** Counts for a scope of units, from the counters kept with the assignment rows (migrations 1764001200000, 1764001300000). */
export class DashboardRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Assignments (coordination excluded) of the scope under `root` (the unit and every unit reporting to it, as
   * reportingSubtree says) by plan and reported status, judged at `now` (counterStatusSql).
   */
  async scopeCounts(root: string, planId: string | null, now: Date): Promise<{ id: string; s: ReportedStatus; n: number }[]> {
    return this.db.query(DASHBOARD_SCOPE_SQL, [root, planId, now.toISOString()]);
  }

  /**
   * Per-unit counts of `limit` units of `scope` with assignments, the first units after `after` in id order
   * (one row per unit and status).
   */
  async unitCounts(scope: string[], planId: string | null, now: Date, after: string | null, limit: number): Promise<{ id: string; s: ReportedStatus; n: number }[]> {
    return this.db.query(DASHBOARD_UNITS_SQL, [scope, planId, now.toISOString(), after, limit]);
  }

  /**
   * Everything the dashboard reads for one scope. The statements do not depend on one another (only the titles on
   * the totals), so they go to the pool side by side: a Sở's dashboard waits for its slowest statement, not for the
   * sum of them (measured by `npm run bench -- dashboards`). Inside a transaction they queue on its one connection.
   */
  async read(q: { root: string; scope: string[]; planId: string | null; now: Date; after: string | null; limit: number; since: string; answeredSince: Date }): Promise<{
    counted: { id: string; s: ReportedStatus; n: number }[];
    titles: Map<string, string>;
    units: { id: string; s: ReportedStatus; n: number }[];
    overdue: AssignmentRow[];
    timeline: { day: string; approved: number; submitted: number; overdue: number }[];
    explanations: ExplanationInScopeRow[];
  }> {
    const totals = this.scopeCounts(q.root, q.planId, q.now).then(async (counted) => ({ counted, titles: await this.planTitles([...new Set(counted.map((c) => c.id))]) }));
    const [t, units, overdue, timeline, explanations] = await Promise.all([
      totals,
      this.unitCounts(q.scope, q.planId, q.now, q.after, q.limit),
      this.overdue(q.scope, q.planId, q.now),
      this.timeline(q.scope, q.since),
      explanationsInScope(this.db, q.scope, q.planId, q.answeredSince),
    ]);
    return { ...t, units, overdue, timeline, explanations };
  }

  async planTitles(planIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; title: string }[] = await this.db.query('SELECT id, title FROM plan WHERE id = ANY($1::uuid[])', [planIds]);
    return new Map(rows.map((p) => [p.id, p.title]));
  }

  /**
   * The overdue assignments of the scope, earliest due first (at most 200). Overdue (overdueSql) implies open, said
   * here in so many words so that the partial index on open assignments by due date serves the scan.
   */
  async overdue(scope: string[], planId: string | null, now: Date): Promise<AssignmentRow[]> {
    return this.db.query(
      `${ASSIGNMENT_SELECT} WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination' AND ($2::uuid IS NULL OR a.plan_id = $2)
         AND a.state NOT IN ('approved','cancelled') AND ${overdueSql('a', '$3::timestamptz')} ORDER BY a.due, a.id LIMIT 200`,
      [scope, planId, now.toISOString()],
    );
  }

  /** Approvals, submissions and overdue events per Vietnamese calendar day since `since` (YYYY-MM-DD). */
  async timeline(scope: string[], since: string): Promise<{ day: string; approved: number; submitted: number; overdue: number }[]> {
    return this.db.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE action = 'assignment.approved')::int AS approved,
              count(*) FILTER (WHERE action = 'assignment.submitted')::int AS submitted,
              count(*) FILTER (WHERE action = 'assignment.overdue')::int AS overdue
         FROM audit_log l JOIN assignment a ON a.id = l.assignment_id
        WHERE a.unit_id = ANY($1) AND l.occurred_at >= ($2::date AT TIME ZONE 'Asia/Ho_Chi_Minh') GROUP BY 1`,
      [scope, since],
    );
  }
}

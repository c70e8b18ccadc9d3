import type { DataSource, EntityManager } from 'typeorm';
import type { ReportedStatus } from '@khflow/contracts';
import { ASSIGNMENT_SELECT, type AssignmentRow } from '../assignment/assignment-read.repository';
import { counterStatusSql, overdueSql } from '../reported-status.sql';

/** The dashboard's counts over the counters ($1 scope, $2 plan or null, $3 now); exported for the bench's raw baseline. */
export const DASHBOARD_COUNTS_SQL = `WITH x AS (
    SELECT c.unit_id, c.plan_id, ${counterStatusSql('c', '$3::timestamptz')} AS s, c.n FROM assignment_unit_count c
     WHERE c.unit_id = ANY($1) AND c.kind <> 'coordination' AND c.n <> 0 AND ($2::uuid IS NULL OR c.plan_id = $2))
  SELECT 'unit' AS k, unit_id AS id, s, sum(n)::int AS n FROM x GROUP BY 2, 3
  UNION ALL SELECT 'plan', plan_id::text, s, sum(n)::int FROM x GROUP BY 2, 3`;

/** Counts for a scope of units, from the counters kept with the assignment rows (migration 1764001200000). */
export class DashboardRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Assignments (coordination excluded) by reported status, per unit and per plan: read from the counters the
   * assignment triggers keep (a few rows per unit and plan), the status judged at `now` (counterStatusSql).
   */
  async counts(scope: string[], planId: string | null, now: Date): Promise<{ k: 'unit' | 'plan'; id: string; s: ReportedStatus; n: number }[]> {
    return this.db.query(DASHBOARD_COUNTS_SQL, [scope, planId, now.toISOString()]);
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

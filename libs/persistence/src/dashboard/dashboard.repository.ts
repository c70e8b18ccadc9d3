import type { DataSource, EntityManager } from 'typeorm';
import type { ReportedStatus } from '@khflow/contracts';
import { ASSIGNMENT_SELECT, type AssignmentRow } from '../assignment/assignment-read.repository';
import { reportedStatusSql } from '../reported-status.sql';

/** Counts for a scope of units, computed in PostgreSQL (reportedStatusSql mirrors the domain rule). */
export class DashboardRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Assignments (coordination excluded) by reported status, per unit and per plan. */
  async counts(scope: string[], planId: string | null, now: Date): Promise<{ k: 'unit' | 'plan'; id: string; s: ReportedStatus; n: number }[]> {
    const status = reportedStatusSql('a', '$3::timestamptz');
    return this.db.query(
      `WITH x AS (SELECT a.unit_id, a.plan_id, ${status} AS s FROM assignment a WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination' AND ($2::uuid IS NULL OR a.plan_id = $2))
       SELECT 'unit' AS k, unit_id AS id, s, count(*)::int AS n FROM x GROUP BY 2, 3
       UNION ALL SELECT 'plan', plan_id::text, s, count(*)::int FROM x GROUP BY 2, 3`,
      [scope, planId, now.toISOString()],
    );
  }

  async planTitles(planIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; title: string }[] = await this.db.query('SELECT id, title FROM plan WHERE id = ANY($1::uuid[])', [planIds]);
    return new Map(rows.map((p) => [p.id, p.title]));
  }

  /** The overdue assignments of the scope, earliest due first (at most 200). */
  async overdue(scope: string[], planId: string | null, now: Date): Promise<AssignmentRow[]> {
    const status = reportedStatusSql('a', '$3::timestamptz');
    return this.db.query(
      `${ASSIGNMENT_SELECT} WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination' AND ($2::uuid IS NULL OR a.plan_id = $2) AND ${status} = 'overdue' ORDER BY a.due, a.id LIMIT 200`,
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

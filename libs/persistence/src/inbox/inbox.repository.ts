import type { DataSource, EntityManager } from 'typeorm';
import type { ReportedStatus } from '@khflow/contracts';
import { counterStatusSql, overdueSql } from '../reported-status.sql';
import { foldSql, searchPatterns } from '../search.sql';

/** The text an inbox search looks in: task reference and title, plan title, unit name (folded: accents optional). */
const SEARCHED = foldSql(`concat_ws(' ', t.ref, a.title, p.title, o.name, o.short_name)`);
import { ASSIGNMENT_SELECT, type AssignmentRow, type Row } from '../assignment/assignment-read.repository';

export interface InboxFilter {
  unitId: string;
  states: string[] | null;
  planId: string | null;
  dueBefore: string | null;
  dueAfter: string | null;
  overdue: boolean | null;
  /** Words to find (every one) in the task's reference or title, the plan's title or the unit's name. */
  q: string | null;
  sort: InboxSort;
  limit: number;
  offset: number;
}

const SORTS = {
  due: 'a.due ASC NULLS LAST, a.id',
  '-due': 'a.due DESC NULLS LAST, a.id',
  updated: 'a.updated_at ASC, a.id',
  '-updated': 'a.updated_at DESC, a.id',
  created: 'a.created_at ASC, a.id',
  '-created': 'a.created_at DESC, a.id',
} as const;
export type InboxSort = keyof typeof SORTS;
export const INBOX_SORTS = Object.keys(SORTS) as InboxSort[];

/** A unit's work: its assignments (filtered, sorted, paged), its notifications, and what awaits its supervisors. */
export class InboxRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async assignments(f: InboxFilter): Promise<{ rows: AssignmentRow[]; total: number }> {
    const where = ['a.unit_id = $1'];
    const params: unknown[] = [f.unitId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.states) add('a.state = ANY(?)', f.states);
    if (f.planId) add('a.plan_id = ?', f.planId);
    if (f.dueBefore) add('a.due <= ?', f.dueBefore);
    if (f.dueAfter) add('a.due >= ?', f.dueAfter);
    // The one overdue rule (isOverdue in @khflow/domain), as the red rows and the dashboards judge it.
    if (f.overdue === true) where.push(overdueSql('a', 'now()'));
    if (f.overdue === false) where.push(`NOT ${overdueSql('a', 'now()')}`);
    for (const word of searchPatterns(f.q)) add(`${SEARCHED} ILIKE ?`, word);
    params.push(f.limit, f.offset);
    const rows: (AssignmentRow & { total: string })[] = await this.db.query(
      `SELECT x.*, count(*) OVER () AS total FROM (${ASSIGNMENT_SELECT} WHERE ${where.join(' AND ')}) x ORDER BY ${SORTS[f.sort].replace(/a\./g, 'x.')} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { rows, total: rows.length ? Number(rows[0].total) : 0 };
  }

  async notifications(unitId: string, roles: string[]): Promise<Row[]> {
    return this.db.query(
      `SELECT id, kind, message, params, plan_id, assignment_id, recipient_unit_id, recipient_role, created_at FROM notification
        WHERE recipient_unit_id = $1 AND (recipient_role IS NULL OR recipient_role = ANY($2)) ORDER BY created_at DESC, id LIMIT 100`,
      [unitId, roles],
    );
  }

  /** Submissions and pending extension requests whose reviewer is this unit (matching the search words, if any). */
  async awaitingDecision(reviewerUnitId: string, q: string | null = null): Promise<AssignmentRow[]> {
    const words = searchPatterns(q);
    const match = words.map((_, i) => ` AND ${SEARCHED} ILIKE $${i + 2}`).join('');
    return this.db.query(
      `${ASSIGNMENT_SELECT} WHERE a.reviewer_unit_id = $1 AND (a.state = 'submitted' OR EXISTS (SELECT 1 FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending'))${match} ORDER BY a.submitted_at NULLS LAST, a.id LIMIT 200`,
      [reviewerUnitId, ...words],
    );
  }

  /** The unit's assignments (every kind) by reported status at `now`, from the counters kept with the rows. */
  async counts(unitId: string, now: Date): Promise<{ s: ReportedStatus; n: number }[]> {
    return this.db.query(
      `SELECT ${counterStatusSql('c', '$2::timestamptz')} AS s, sum(c.n)::int AS n FROM assignment_unit_count c WHERE c.unit_id = $1 AND c.n <> 0 GROUP BY 1`,
      [unitId, now.toISOString()],
    );
  }
}

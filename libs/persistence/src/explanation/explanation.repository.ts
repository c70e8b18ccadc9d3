// Explanation requests (yêu cầu giải trình, issue 17): the read model written by the assignment projection with its
// audit entry (one transaction), read by the assignment page and the dashboard.
import type { DataSource, EntityManager } from 'typeorm';
import type { AssignmentEvent, ExplanationRequestView } from '@khflow/contracts';

type Db = DataSource | EntityManager;

/** The contract's view of a request, and the assignment it belongs to. */
export interface ExplanationRow extends ExplanationRequestView {
  assignmentId: string;
}

export interface ExplanationInScopeRow extends ExplanationRow {
  planId: string;
  title: string;
  unitId: string;
  due: string | null;
}

const nfc = (s: string | null | undefined) => (s == null ? null : s.normalize('NFC'));
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

function row(r: Record<string, unknown>): ExplanationRow {
  return {
    id: r.id as string,
    assignmentId: r.assignment_id as string,
    message: r.message as string,
    requestedBy: r.requested_by as string,
    requestedAt: iso(r.requested_at)!,
    status: r.status as ExplanationRow['status'],
    reason: (r.reason as string | null) ?? null,
    newDue: (r.new_due as string | null) ?? null,
    answeredBy: (r.answered_by as string | null) ?? null,
    answeredAt: iso(r.answered_at),
  };
}

const COLUMNS = `e.id, e.assignment_id, e.message, e.requested_by, e.requested_at, e.status, e.reason, to_char(e.new_due, 'YYYY-MM-DD') AS new_due, e.answered_by, e.answered_at`;

/** Writes the request or its answer; an answer never goes back to pending (an older event arriving late). */
export async function writeExplanation(db: Db, e: AssignmentEvent): Promise<void> {
  const x = e.explanation;
  if (!x) return;
  if (x.status === 'pending') {
    await db.query(
      `INSERT INTO explanation_request (id, assignment_id, message, requested_by, requested_at, status) VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT (id) DO NOTHING`,
      [x.id, e.assignmentId, nfc(x.message), e.actor.userId, x.requestedAt],
    );
    return;
  }
  await db.query(
    `INSERT INTO explanation_request (id, assignment_id, message, requested_by, requested_at, status, reason, new_due, answered_by, answered_at)
     VALUES ($1, $2, $3, '', $4, 'answered', $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET status = 'answered', reason = EXCLUDED.reason, new_due = EXCLUDED.new_due, answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at
       WHERE explanation_request.status = 'pending'`,
    [x.id, e.assignmentId, nfc(x.message), x.requestedAt, nfc(x.reason ?? null), x.newDue ?? null, e.actor.userId, e.occurredAt],
  );
}

export class ExplanationReadRepository {
  constructor(private readonly db: Db) {}

  async ofAssignment(assignmentId: string): Promise<ExplanationRow[]> {
    return (await this.db.query(`SELECT ${COLUMNS} FROM explanation_request e WHERE e.assignment_id = $1 ORDER BY e.requested_at, e.id`, [assignmentId])).map(row);
  }
}

/** The scope's explanation requests: every one still waiting, and those answered since `answeredSince` (newest first, at most 200). */
export async function explanationsInScope(db: Db, scope: string[], planId: string | null, answeredSince: Date): Promise<ExplanationInScopeRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${COLUMNS}, a.plan_id, a.title, a.unit_id, to_char(a.due, 'YYYY-MM-DD') AS due
       FROM explanation_request e JOIN assignment a ON a.id = e.assignment_id
      WHERE a.unit_id = ANY($1) AND ($2::uuid IS NULL OR a.plan_id = $2) AND (e.status = 'pending' OR e.answered_at >= $3)
      ORDER BY (e.status = 'pending') DESC, coalesce(e.answered_at, e.requested_at) DESC, e.id LIMIT 200`,
    [scope, planId, answeredSince.toISOString()],
  );
  return rows.map((r) => ({ ...row(r), planId: r.plan_id as string, title: r.title as string, unitId: r.unit_id as string, due: (r.due as string | null) ?? null }));
}

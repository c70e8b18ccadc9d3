// Every SQL statement of the assignment projection. The read-model row carries the version of the event that
// wrote it, and an older event never overwrites a newer one (its audit entry is still appended: it happened).
import type { EntityManager } from 'typeorm';
import { type AssignmentEvent, type AssignmentRowPatch, type NotificationParams, renderNotification } from '@khflow/contracts';
import { deadlineAt } from '@khflow/domain';

const COLUMNS: Record<keyof AssignmentRowPatch, string> = {
  state: 'state',
  version: 'version',
  due: 'due',
  unitId: 'unit_id',
  reviewerUnitId: 'reviewer_unit_id',
  submittedAt: 'submitted_at',
  approvedAt: 'approved_at',
  onTime: 'on_time',
  submissionVersion: 'submission_version',
  escalationLevel: 'escalation_level',
  consolidation: 'consolidation',
  notReported: 'not_reported',
};

const nfc = (s: string | null | undefined) => (s == null ? null : s.normalize('NFC'));

export class AssignmentRepository {
  constructor(private readonly m: EntityManager) {}

  async insert(e: AssignmentEvent): Promise<void> {
    const c = e.create!;
    await this.m.query(
      `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, parent_assignment_id, reviewer_unit_id,
         title, state, version, due, due_at, consolidation, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16)
       ON CONFLICT (id) DO NOTHING`,
      [
        e.assignmentId, e.workflowId, c.planId, c.taskId, c.periodKey, c.unitId, c.kind, c.parentAssignmentId, c.reviewerUnitId,
        nfc(c.title), e.patch.state ?? 'assigned', e.patch.version ?? 1, c.due, c.due ? new Date(deadlineAt(c.due)) : null,
        c.consolidation ? JSON.stringify(c.consolidation) : null, e.occurredAt,
      ],
    );
  }

  /**
   * Writes the row as the event left it, unless the row already holds a newer version. Returns whether it wrote.
   * Events that change no version (a comment, a reminder) carry the current one and rewrite the same values.
   */
  async applyPatch(id: string, patch: AssignmentRowPatch, at: string): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    for (const [key, col] of Object.entries(COLUMNS) as [keyof AssignmentRowPatch, string][]) {
      if (!(key in patch) || patch[key] === undefined) continue;
      const v = patch[key];
      values.push(key === 'consolidation' ? (v == null ? null : JSON.stringify(v)) : v);
      sets.push(`${col} = $${values.length}`);
      if (key === 'due') {
        values.push(v ? new Date(deadlineAt(v as string)) : null);
        sets.push(`due_at = $${values.length}`);
      }
    }
    values.push(at);
    sets.push(`updated_at = $${values.length}`);
    let guard = '';
    if (patch.version != null) {
      values.push(patch.version);
      guard = ` AND version <= $${values.length}`;
    }
    const res = await this.m.query(`UPDATE assignment SET ${sets.join(', ')} WHERE id = $1${guard}`, values);
    return (res?.[1] ?? 0) > 0;
  }

  async writeDetails(e: AssignmentEvent): Promise<void> {
    if (e.submission) {
      await this.m.query(
        `INSERT INTO submission (id, assignment_id, version, text, attachments, consolidation, submitted_by, submitted_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (assignment_id, version) DO NOTHING`,
        [e.assignmentId, e.submission.version, nfc(e.submission.text), JSON.stringify(e.submission.attachments), e.submission.consolidation ? JSON.stringify(e.submission.consolidation) : null, e.actor.userId, e.occurredAt],
      );
    }
    if (e.decision) {
      await this.m.query(
        `UPDATE submission SET decision = $3, decided_by = $4, decided_at = $5, decision_comment = $6 WHERE assignment_id = $1 AND version = $2 AND decision IS NULL`,
        [e.assignmentId, e.decision.version, e.decision.decision, e.actor.userId, e.occurredAt, nfc(e.decision.comment)],
      );
    }
    if (e.extension) {
      const x = e.extension;
      // A decision never goes back to pending (an older event arriving late).
      await this.m.query(
        `INSERT INTO extension_request (id, assignment_id, requested_due, reason, requested_by, status, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, decided_by = $8, decision_comment = $9, decided_at = $7
           WHERE extension_request.status = 'pending' AND EXCLUDED.status <> 'pending'`,
        [x.id, e.assignmentId, x.requestedDue, nfc(x.reason), e.actor.userId, x.status, e.occurredAt, x.status === 'pending' ? null : e.actor.userId, nfc(x.comment)],
      );
    }
    if (e.coordination) {
      const c = e.coordination;
      await this.m.query(
        `INSERT INTO coordination_request (id, assignment_id, unit_ids, due, message, requested_by, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING`,
        [c.id, e.assignmentId, c.unitIds, c.due, nfc(c.message), e.actor.userId, e.occurredAt],
      );
    }
    if (e.comment) {
      await this.m.query(
        `INSERT INTO assignment_comment (id, assignment_id, author_id, author_unit_id, text, created_at)
         VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (id) DO NOTHING`,
        [e.comment.id, e.assignmentId, e.actor.userId, e.actor.unitId, nfc(e.comment.text), e.occurredAt],
      );
    }
  }

  /**
   * A subordinate's report approved after the consolidating level above had already closed: counted there as
   * reported (late), so the progress tree does not show the unit as still awaited.
   */
  async countLateReport(e: AssignmentEvent): Promise<void> {
    const parentId = e.details?.reportsTo;
    if (e.action !== 'assignment.approved' || typeof parentId !== 'string' || !e.patch.unitId) return;
    const entry = { unitId: e.patch.unitId, assignmentId: e.assignmentId, approvedAt: e.patch.approvedAt ?? e.occurredAt, onTime: e.patch.onTime ?? false, afterClose: true };
    await this.m.query(
      `UPDATE assignment SET consolidation = jsonb_set(consolidation, '{reported}', coalesce(consolidation->'reported', '[]'::jsonb) || jsonb_build_array($2::jsonb))
        WHERE id = $1 AND state IN ('approved','cancelled') AND consolidation IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(consolidation->'reported', '[]'::jsonb)) r WHERE r->>'unitId' = $3)`,
      [parentId, JSON.stringify(entry), e.patch.unitId],
    );
  }

  /** Why an assignment ended: its task was cancelled, its unit removed from the task, or else the plan closed. */
  async endReason(assignmentId: string | null): Promise<NonNullable<NotificationParams['reason']>> {
    const [r] = await this.m.query(
      `SELECT t.status AS task_status, p.status AS plan_status,
              EXISTS (SELECT 1 FROM task_target tt WHERE tt.task_id = a.task_id AND tt.unit_id = a.unit_id AND NOT tt.active) AS removed
         FROM assignment a JOIN task t ON t.id = a.task_id AND t.plan_id = a.plan_id JOIN plan p ON p.id = a.plan_id
        WHERE a.id = $1`,
      [assignmentId],
    );
    if (!r) return 'cancelled';
    if (r.removed) return 'unit_removed';
    if (r.task_status === 'cancelled' && r.plan_status === 'active') return 'task_cancelled';
    return 'plan_closed';
  }

  async insertNotifications(e: Pick<AssignmentEvent, 'eventKey' | 'planId' | 'occurredAt' | 'notifications'> & { assignmentId: string | null }): Promise<void> {
    for (const n of e.notifications ?? []) {
      const params = n.kind === 'cancelled' ? { ...n.params, reason: await this.endReason(e.assignmentId) } : n.params;
      await this.m.query(
        `INSERT INTO notification (event_key, recipient_unit_id, recipient_role, kind, plan_id, assignment_id, message, params, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING`,
        [e.eventKey, n.unitId, n.role, n.kind, e.planId, e.assignmentId, renderNotification(n.kind, params, 'vi').normalize('NFC'), JSON.stringify(params), e.occurredAt],
      );
    }
  }

  /** Kept outside the failed transaction: the event the read model refused, and why. */
  async recordProjectionFailure(e: Pick<AssignmentEvent, 'eventKey' | 'workflowId' | 'assignmentId' | 'planId' | 'action' | 'occurredAt'>, code: string | null, message: string): Promise<void> {
    await this.m.query(
      `INSERT INTO projection_failure (event_key, workflow_id, assignment_id, plan_id, action, error_code, error_message, occurred_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (event_key) DO UPDATE SET error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message, recorded_at = now()`,
      [e.eventKey, e.workflowId, e.assignmentId, e.planId, e.action, code, message.slice(0, 2000), e.occurredAt],
    );
  }
}

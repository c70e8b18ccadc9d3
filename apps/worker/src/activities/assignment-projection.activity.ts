import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AssignmentEvent, AssignmentRowPatch } from '@khflow/contracts';
import { deadlineAt } from '@khflow/domain';
import { withAuditEntry } from '@khflow/persistence';
import { DATA_SOURCE } from '../worker.tokens';

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
};

/**
 * Projects assignment events into the read models. The audit entry's unique event key is the idempotency guard:
 * an event already recorded (an activity retried after a crash) changes nothing, and the read-model change, the
 * audit entry and the notifications are written in one transaction.
 */
@Injectable()
export class AssignmentProjectionActivity {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async recordAssignmentEvent(e: AssignmentEvent): Promise<void> {
    await this.ds.transaction(async (m) => {
      const entry = {
        eventKey: e.eventKey,
        occurredAt: e.occurredAt,
        actor: e.actor,
        action: e.action,
        entityType: 'assignment',
        entityId: e.assignmentId,
        planId: e.planId,
        assignmentId: e.assignmentId,
        workflowId: e.workflowId,
        before: e.before ?? null,
        after: e.patch,
        details: compact({
          ...e.details,
          onBehalfOf: e.actor.onBehalfOf, // a deputy acting for a delegator (ủy quyền)
          submission: e.submission && { version: e.submission.version, text: e.submission.text, attachments: e.submission.attachments },
          decision: e.decision,
          extension: e.extension,
          coordination: e.coordination,
          comment: e.comment,
        }),
      };
      await withAuditEntry(m, entry, async () => {
        if (e.create) await this.insertAssignment(m, e);
        else await this.patchAssignment(m, e.assignmentId, e.patch, e.occurredAt);
        await this.writeDetails(m, e);
        for (const n of e.notifications ?? []) {
          await m.query(
            `INSERT INTO notification (event_key, recipient_unit_id, recipient_role, kind, plan_id, assignment_id, message, created_at)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
            [e.eventKey, n.unitId, n.role, n.kind, e.planId, e.assignmentId, n.message.normalize('NFC'), e.occurredAt],
          );
        }
      });
    });
  }

  private async insertAssignment(m: EntityManager, e: AssignmentEvent) {
    const c = e.create!;
    await m.query(
      `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, parent_assignment_id, reviewer_unit_id,
         title, state, version, due, due_at, consolidation, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16)
       ON CONFLICT (id) DO NOTHING`,
      [
        e.assignmentId, e.workflowId, c.planId, c.taskId, c.periodKey, c.unitId, c.kind, c.parentAssignmentId, c.reviewerUnitId,
        c.title.normalize('NFC'), e.patch.state ?? 'assigned', e.patch.version ?? 1, c.due, c.due ? new Date(deadlineAt(c.due)) : null,
        c.consolidation ? JSON.stringify(c.consolidation) : null, e.occurredAt,
      ],
    );
  }

  private async patchAssignment(m: EntityManager, id: string, patch: AssignmentRowPatch, at: string) {
    const sets: string[] = [];
    const values: unknown[] = [id];
    for (const [key, col] of Object.entries(COLUMNS) as [keyof AssignmentRowPatch, string][]) {
      if (!(key in patch)) continue;
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
    await m.query(`UPDATE assignment SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  private async writeDetails(m: EntityManager, e: AssignmentEvent) {
    if (e.submission) {
      await m.query(
        `INSERT INTO submission (id, assignment_id, version, text, attachments, consolidation, submitted_by, submitted_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (assignment_id, version) DO NOTHING`,
        [e.assignmentId, e.submission.version, e.submission.text.normalize('NFC'), JSON.stringify(e.submission.attachments), e.submission.consolidation ? JSON.stringify(e.submission.consolidation) : null, e.actor.userId, e.occurredAt],
      );
    }
    if (e.decision) {
      await m.query(
        `UPDATE submission SET decision = $3, decided_by = $4, decided_at = $5, decision_comment = $6 WHERE assignment_id = $1 AND version = $2`,
        [e.assignmentId, e.decision.version, e.decision.decision, e.actor.userId, e.occurredAt, e.decision.comment?.normalize('NFC') ?? null],
      );
    }
    if (e.extension) {
      const x = e.extension;
      await m.query(
        `INSERT INTO extension_request (id, assignment_id, requested_due, reason, requested_by, status, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, decided_by = $8, decision_comment = $9, decided_at = $7`,
        [x.id, e.assignmentId, x.requestedDue, x.reason.normalize('NFC'), e.actor.userId, x.status, e.occurredAt, x.status === 'pending' ? null : e.actor.userId, x.comment?.normalize('NFC') ?? null],
      );
    }
    if (e.coordination) {
      const c = e.coordination;
      await m.query(
        `INSERT INTO coordination_request (id, assignment_id, unit_ids, due, message, requested_by, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING`,
        [c.id, e.assignmentId, c.unitIds, c.due, c.message.normalize('NFC'), e.actor.userId, e.occurredAt],
      );
    }
    if (e.comment) {
      await m.query(
        `INSERT INTO assignment_comment (id, assignment_id, author_id, author_unit_id, text, created_at)
         VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (id) DO NOTHING`,
        [e.comment.id, e.assignmentId, e.actor.userId, e.actor.unitId, e.comment.text.normalize('NFC'), e.occurredAt],
      );
    }
  }
}

function compact(o: Record<string, unknown>): Record<string, unknown> | null {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
  return Object.keys(out).length ? out : null;
}

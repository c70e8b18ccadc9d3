import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, log } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import type { AssignmentEvent } from '@khflow/contracts';
import { AssignmentRepository, appendAudit, claimAuditEntry, isPermanentDataError, lockPlanBatch, lockPlanEvent, withAuditEntry, writeExplanation } from '@khflow/persistence';
import { DATA_SOURCE } from '../worker.tokens';

/**
 * Projects assignment events into the read models. The audit entry's unique event key is the idempotency guard:
 * an event already recorded (an activity retried after a crash) changes nothing, and the read-model change, the
 * audit entry and the notifications are written in one transaction. The row keeps the newest version it has seen.
 *
 * An event PostgreSQL refuses for good (text it cannot store, a broken constraint) is not retried: it is logged,
 * recorded in projection_failure, and reported to the workflow as a non-retryable ProjectionRejected failure.
 */
@Injectable()
export class AssignmentProjectionActivity {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async recordAssignmentEvent(e: AssignmentEvent): Promise<void> {
    try {
      await this.ds.transaction((m) => project(m, e));
    } catch (err) {
      if (!isPermanentDataError(err)) throw err;
      const code = (err as { code?: string }).code ?? null;
      const message = (err as Error).message;
      log.error('projection refused by the read model', { eventKey: e.eventKey, action: e.action, assignmentId: e.assignmentId, code, message });
      await new AssignmentRepository(this.ds.manager).recordProjectionFailure(e, code, message);
      throw ApplicationFailure.create({ type: 'ProjectionRejected', message: `${e.action} refused by the read model (${code}): ${message}`, nonRetryable: true });
    }
  }

  /**
   * A fan-out node's children, one transaction for all (issue 20: one round trip per node instead of one per child).
   * If the read model refuses one for good, the batch is rolled back and each event is recorded on its own, so the
   * good ones land and the refused ones are named (their workflows record them again, and fail as they always did).
   */
  async recordAssignmentEvents(events: AssignmentEvent[]): Promise<{ rejected: string[] }> {
    try {
      await this.ds.transaction(async (m) => {
        if (events.length) await lockPlanBatch(m, events[0].planId);
        // Every event's rows first, then the audit entries: the chain lock is held only for the appends (as for one event).
        const claimed: AssignmentEvent[] = [];
        for (const e of events) {
          if (!(await claimAuditEntry(m, e.eventKey))) continue;
          await writeRows(m, e);
          claimed.push(e);
        }
        for (const e of claimed) await appendAudit(m, auditEntryOf(e));
      });
      return { rejected: [] };
    } catch (err) {
      if (!isPermanentDataError(err)) throw err;
    }
    const rejected: string[] = [];
    for (const e of events) {
      try {
        await this.recordAssignmentEvent(e);
      } catch (err) {
        if (!(err instanceof ApplicationFailure) || err.type !== 'ProjectionRejected') throw err;
        rejected.push(e.eventKey);
      }
    }
    return { rejected };
  }
}

/** The read-model change, the audit entry and the notifications of one event, inside the caller's transaction. */
async function project(m: EntityManager, e: AssignmentEvent): Promise<void> {
  await lockPlanEvent(m, e.planId);
  await withAuditEntry(m, auditEntryOf(e), () => writeRows(m, e));
}

async function writeRows(m: EntityManager, e: AssignmentEvent): Promise<void> {
  const repo = new AssignmentRepository(m);
  if (e.create) await repo.insert(e);
  else await repo.applyPatch(e.assignmentId, e.patch, e.occurredAt);
  await repo.writeDetails(e);
  await writeExplanation(m, e); // issue 17: explanation requests
  await repo.countLateReport(e);
  await repo.insertNotifications(e);
}

function auditEntryOf(e: AssignmentEvent) {
  return {
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
      explanation: e.explanation,
    }),
  };
}

function compact(o: Record<string, unknown>): Record<string, unknown> | null {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
  return Object.keys(out).length ? out : null;
}

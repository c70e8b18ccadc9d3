// The one mapping of an audit_log row to the audit entry everybody reads (history pages, exports, the chain check).
import type { AuditEntryView } from '@khflow/contracts';

export interface AuditEntry extends AuditEntryView {
  eventKey: string;
  prevHash: string;
}

/** The columns an audit entry is read from (SELECT them all, or `SELECT *`). */
export const AUDIT_COLUMNS = `seq, event_key, occurred_at, actor_id, actor_unit_id, actor_ip, request_id, action, entity_type, entity_id,
  plan_id, assignment_id, workflow_id, before, after, details, prev_hash, hash`;

export function auditEntryOfRow(r: Record<string, unknown>): AuditEntry {
  return {
    seq: String(r.seq),
    eventKey: r.event_key as string,
    occurredAt: new Date(r.occurred_at as string | Date).toISOString(),
    actorId: r.actor_id as string,
    actorUnitId: (r.actor_unit_id as string | null) ?? null,
    actorIp: (r.actor_ip as string | null) ?? null,
    requestId: (r.request_id as string | null) ?? null,
    action: r.action as string,
    entityType: r.entity_type as string,
    entityId: r.entity_id as string,
    planId: (r.plan_id as string | null) ?? null,
    assignmentId: (r.assignment_id as string | null) ?? null,
    workflowId: (r.workflow_id as string | null) ?? null,
    before: r.before ?? null,
    after: r.after ?? null,
    details: r.details ?? null,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

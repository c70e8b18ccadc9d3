// What each decided event writes: the read-model row (carrying the version the event produced), the audit entry's
// before/after, the detail rows and the notifications (kind + parameters). The workflow passes the result to the
// projection activity unchanged; an event key is `<workflow id>#<seq>:<action>`, unique per recorded event.
import { type AssignmentCreate, type AssignmentEvent as RecordedEvent, type AssignmentRowPatch, type NotificationDraft, type NotificationParams, type Role, SYSTEM_ACTOR } from '@khflow/contracts';
import { type AssignmentDomainEvent, type AssignmentModel, isRecorded } from './assignment.decider';
import { submittedOnTime } from './assignment-status';

export interface ProjectionContext {
  title: string | null;
  /** The coordination request's lead assignment (coordination only). */
  parentAssignmentId: string | null;
  /** The consolidating assignment of the level above that this one reports to (lead and consolidation kinds). */
  reportsToAssignmentId?: string | null;
}

export function rowOf(m: AssignmentModel): AssignmentRowPatch {
  const row: AssignmentRowPatch = {
    state: m.s.state,
    version: m.s.version,
    due: m.s.due,
    unitId: m.s.unitId,
    reviewerUnitId: m.s.reviewerUnitId,
    submittedAt: m.submittedAt,
    approvedAt: m.approvedAt,
    onTime: m.approvedAt ? submittedOnTime({ due: m.s.due, submittedAt: m.submittedAt }) : null,
    submissionVersion: m.s.submissionVersion,
    escalationLevel: m.s.escalationLevel,
    consolidation: m.s.consolidation,
  };
  return row;
}

export const ACTION_OF: Record<Exclude<AssignmentDomainEvent['type'], 'deadline_skipped' | 'deadlines_moved'>, string> = {
  acknowledged: 'assignment.acknowledged',
  submitted: 'assignment.submitted',
  partial_reported: 'assignment.partial_reported',
  approved: 'assignment.approved',
  returned: 'assignment.returned',
  coordination_requested: 'assignment.coordination_requested',
  extension_requested: 'assignment.extension_requested',
  extension_decided: 'assignment.extension_decided',
  commented: 'assignment.commented',
  explanation_requested: 'assignment.explanation_requested',
  explanation_answered: 'assignment.explanation_answered',
  reassigned: 'assignment.reassigned',
  absorbed: 'assignment.merged',
  taken_over: 'assignment.consolidation_merged',
  due_changed: 'assignment.due_changed',
  subordinate_reported: 'assignment.subordinate_reported',
  coordination_answered: 'assignment.coordination_answered',
  reminder_sent: 'assignment.reminder_sent',
  overdue: 'assignment.overdue',
  escalated: 'assignment.escalated',
  cancelled: 'assignment.cancelled',
};

function actionOf(e: Exclude<AssignmentDomainEvent, { type: 'deadline_skipped' | 'deadlines_moved' }>): string {
  if (e.type === 'submitted' && e.resubmission) return 'assignment.resubmitted';
  if (e.type === 'extension_decided') return e.grant ? 'assignment.extension_granted' : 'assignment.extension_refused';
  return ACTION_OF[e.type];
}

/** A fresh assignment: its state after the creation event, and that event's record. */
export function startAssignment(initial: AssignmentModel, ctx: ProjectionContext, at: string): { model: AssignmentModel; record: RecordedEvent } {
  const model = { ...initial, seq: initial.seq + 1 };
  return { model, record: creationRecord(model, ctx, at) };
}

function creationRecord(m: AssignmentModel, ctx: ProjectionContext, at: string): RecordedEvent {
  const create: AssignmentCreate = {
    planId: m.s.planId,
    taskId: m.s.taskId,
    periodKey: m.s.periodKey,
    unitId: m.s.unitId,
    kind: m.s.kind,
    parentAssignmentId: ctx.parentAssignmentId,
    reviewerUnitId: m.s.reviewerUnitId,
    title: ctx.title ?? '',
    due: m.s.due,
    consolidation: m.s.consolidation,
  };
  return {
    eventKey: `${m.s.workflowId}#${m.seq}:assignment.created`,
    assignmentId: m.s.assignmentId,
    workflowId: m.s.workflowId,
    planId: m.s.planId,
    action: 'assignment.created',
    actor: SYSTEM_ACTOR,
    occurredAt: at,
    create,
    patch: rowOf(m),
    notifications: [note(m.s.unitId, 'officer', 'assigned', ctx, m, { due: m.s.due })],
  };
}

function note(unitId: string, role: Role | null, kind: NotificationDraft['kind'], ctx: ProjectionContext, m: AssignmentModel, params: NotificationParams = {}): NotificationDraft {
  return { unitId, role, kind, params: { title: ctx.title, periodKey: m.s.periodKey, ...params } };
}

/** The record of one decided event: `prev` is the state before it, `next` the state it produced. */
export function recordOf(prev: AssignmentModel, next: AssignmentModel, e: AssignmentDomainEvent, ctx: ProjectionContext): RecordedEvent | null {
  if (e.type === 'deadline_skipped' || e.type === 'deadlines_moved' || !isRecorded(e)) return null;
  const action = actionOf(e);
  const s = next.s;
  const n = (unitId: string, role: Role | null, kind: NotificationDraft['kind'], params: NotificationParams = {}) => note(unitId, role, kind, ctx, next, params);
  const base: RecordedEvent = {
    eventKey: `${s.workflowId}#${next.seq}:${action}`,
    assignmentId: s.assignmentId,
    workflowId: s.workflowId,
    planId: s.planId,
    action,
    actor: e.actor,
    occurredAt: e.at,
    before: rowOf(prev),
    patch: rowOf(next),
  };
  switch (e.type) {
    case 'acknowledged':
      return base;
    case 'submitted':
    case 'partial_reported':
      return {
        ...base,
        submission: {
          version: s.submissionVersion,
          text: e.text,
          attachments: e.attachments,
          consolidation: s.consolidation && { ...s.consolidation, missingAtDeadline: e.missing.length ? e.missing : null },
        },
        details: e.missing.length ? { missingReports: e.missing, partial: e.type === 'partial_reported' } : undefined,
        notifications: [
          e.type === 'submitted' ? n(s.reviewerUnitId, 'supervisor', 'submission', { unitId: s.unitId }) : n(s.reviewerUnitId, 'supervisor', 'partial_report', { unitId: s.unitId, units: e.missing }),
        ],
      };
    case 'approved':
      return {
        ...base,
        decision: { version: s.submissionVersion, decision: 'approved', comment: e.comment },
        // The read model also counts this report at the level above when that level has already closed (a late report
        // the closed workflow can no longer receive), so progress shows it as reported late instead of waiting.
        details: ctx.reportsToAssignmentId ? { reportsTo: ctx.reportsToAssignmentId, onTime: base.patch.onTime } : undefined,
        notifications: [n(s.unitId, null, 'approved')],
      };
    case 'returned':
      return { ...base, decision: { version: s.submissionVersion, decision: 'returned', comment: e.comment }, notifications: [n(s.unitId, 'officer', 'returned', { comment: e.comment })] };
    case 'coordination_requested':
      return { ...base, coordination: { id: e.request.id, unitIds: e.request.unitIds, due: e.request.due, message: e.request.message } };
    case 'extension_requested':
      return {
        ...base,
        extension: { id: e.requestId, requestedDue: e.requestedDue, reason: e.reason, status: 'pending' },
        notifications: [n(s.reviewerUnitId, 'supervisor', 'extension_request', { due: e.requestedDue, unitId: s.unitId })],
      };
    case 'extension_decided': {
      const x = s.extensions.find((y) => y.id === e.requestId)!;
      return {
        ...base,
        extension: { id: x.id, requestedDue: x.requestedDue, reason: x.reason, status: x.status, comment: x.comment ?? null },
        notifications: [n(s.unitId, 'officer', 'extension_decision', { granted: e.grant, due: x.requestedDue })],
      };
    }
    case 'commented':
      // A comment changes no row: the audit entry has no before/after (as in every earlier history).
      return { ...base, before: null, comment: { id: e.commentId, text: e.text } };
    case 'explanation_requested':
      // The whole unit hears it (the request is about the unit's overdue work); shown in the history and dashboard.
      return {
        ...base,
        explanation: { id: e.requestId, message: e.message, status: 'pending', requestedAt: e.at },
        details: { explanationRequestId: e.requestId, message: e.message },
        notifications: [n(s.unitId, null, 'explanation_requested', { due: s.due, comment: e.message })],
      };
    case 'explanation_answered': {
      const x = (s.explanations ?? []).find((y) => y.id === e.requestId);
      return {
        ...base,
        explanation: { id: e.requestId, message: x?.message ?? '', status: 'answered', requestedAt: x?.requestedAt ?? e.at, reason: e.reason, newDue: e.newDue },
        details: { explanationRequestId: e.requestId, reason: e.reason, newDue: e.newDue },
        notifications: [n(x?.requestedByUnitId ?? s.reviewerUnitId, 'supervisor', 'explanation_answered', { unitId: s.unitId, newDue: e.newDue, comment: e.reason, due: s.due })],
      };
    }
    case 'reassigned':
      return {
        ...base,
        details: {
          fromUnitId: e.fromUnitId,
          toUnitId: e.toUnitId,
          reason: e.reason,
          ...(e.shares ? { splitTo: e.shares.map((x) => ({ unitId: x.unitId, expected: x.expected })) } : {}),
          ...(e.toUnitIds ? { awaitedFrom: e.toUnitIds } : {}),
        },
        notifications: [n(e.toUnitId, null, 'reassigned', { fromUnitId: e.fromUnitId })],
      };
    case 'absorbed':
      // Why it ended, and where its work went: the history of the consolidation that went says so.
      return {
        ...base,
        patch: { ...base.patch, notReported: false },
        details: {
          reorganisationId: e.reorganisationId,
          reason: e.reason,
          fromUnitId: e.fromUnitId,
          toUnitId: e.toUnitId,
          intoAssignmentId: e.intoAssignmentId,
          handedOver: { expected: e.handover.expected, reported: e.handover.reported.map((x) => x.unitId) },
          ...(e.shares ? { splitTo: e.shares.map((x) => ({ unitId: x.unitId, expected: x.expected })) } : {}),
        },
      };
    case 'taken_over':
      return {
        ...base,
        details: { reorganisationId: e.reorganisationId, reason: e.reason, fromAssignmentId: e.fromAssignmentId, fromUnitId: e.fromUnitId, expected: e.expected, reported: e.reported.map((x) => x.unitId) },
        notifications: [n(s.unitId, null, 'reassigned', { fromUnitId: e.fromUnitId })],
      };
    case 'due_changed':
      return { ...base, details: { reason: e.reason }, notifications: [n(s.unitId, null, 'due_changed', { due: e.due })] };
    case 'subordinate_reported': {
      const complete = !!s.consolidation && s.consolidation.expected.every((u) => s.consolidation!.reported.some((r) => r.unitId === u));
      // Once the last subordinate has reported, the unit hears that its complete report can go (after a partial one, or
      // before the deadline).
      return { ...base, details: { ...e.report }, notifications: complete && s.state !== 'submitted' ? [n(s.unitId, 'officer', 'reports_complete')] : undefined };
    }
    case 'coordination_answered':
      return { ...base, details: { assignmentId: e.assignmentId, unitId: e.unitId }, notifications: [n(s.unitId, 'officer', 'coordination_answered', { unitId: e.unitId })] };
    case 'reminder_sent':
      return { ...base, details: { daysBefore: e.daysBefore }, notifications: [n(s.unitId, 'officer', 'reminder', { daysBefore: e.daysBefore, due: s.due })] };
    case 'overdue':
      return {
        ...base,
        details: e.missing.length ? { missingReports: e.missing } : undefined,
        notifications: [n(s.unitId, null, 'overdue', { due: s.due }), ...(e.missing.length ? [n(s.unitId, 'officer', 'missing_reports', { units: e.missing })] : [])],
      };
    case 'escalated':
      return {
        ...base,
        details: { level: e.level, toUnitId: e.toUnitId },
        notifications: e.toUnitId ? [n(e.toUnitId, 'supervisor', 'escalation', { level: e.level, unitId: s.unitId, due: s.due })] : [],
      };
    case 'cancelled':
      return {
        ...base,
        patch: { ...base.patch, notReported: e.notReported },
        details: { notReported: e.notReported },
        // The reason (plan closed, task cancelled, unit removed) is known to the plan and task rows; the worker fills it in.
        notifications: [n(s.unitId, null, 'cancelled', { notReported: e.notReported })],
      };
  }
}

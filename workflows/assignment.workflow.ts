// One unit's share of one task (for one period): its lifecycle, its deadlines and the decisions on it.
import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type AcknowledgeInput,
  type ActionBase,
  type ActionResult,
  type AssignmentEvent,
  type AssignmentOutcome,
  type AssignmentRowPatch,
  type AssignmentSnapshot,
  type AssignmentWorkflowInput,
  type NotificationDraft,
  type Role,
  SYSTEM_ACTOR,
  acknowledgeUpdate,
  approveUpdate,
  assignmentStateQuery,
  changeDueSignal,
  commentSignal,
  coordinationAnsweredSignal,
  decideExtensionUpdate,
  reassignSignal,
  requestCoordinationUpdate,
  requestExtensionUpdate,
  returnUpdate,
  subordinateReportedSignal,
  submitUpdate,
  workflowIds,
} from '@khflow/contracts';
import { deadlineAt, deadlineSchedule, isValidDate, pendingDeadlineEvents, transition, type DeadlineEvent } from '@khflow/domain';
import { engineActivities } from './activities.proxy';
import { assignmentIdOf } from './ids';
import { workflowNow } from './workflow-clock';

type Action = Parameters<typeof transition>[1];

interface Carried {
  s: AssignmentSnapshot;
  seq: number;
  fired: string[];
  submittedAt: string | null;
  approvedAt: string | null;
  openCoordination: string[];
}

/** Reminders older than this when first seen are stale (e.g. an assignment created 2 days before its due date
 *  does not get its "7 days before" reminder). */
const STALE_REMINDER_MS = 12 * 3600 * 1000;
const MAX_HISTORY = 2000;
const MAX_COORDINATION_UNITS = 300;

export async function assignmentWorkflow(input: AssignmentWorkflowInput): Promise<AssignmentOutcome> {
  const acts = engineActivities();
  const carried = input.carried as Carried | undefined;
  const wfId = workflowInfo().workflowId;
  const s: AssignmentSnapshot = carried?.s ?? {
    assignmentId: input.assignmentId,
    workflowId: wfId,
    planId: input.planId,
    taskId: input.taskId,
    periodKey: input.periodKey,
    unitId: input.unitId,
    kind: input.kind,
    reviewerUnitId: input.reviewerUnitId,
    state: 'assigned',
    version: 1,
    due: input.due,
    submissionVersion: 0,
    extensions: [],
    coordination: [],
    consolidation: input.kind === 'consolidation' ? { expected: [...(input.expectedSubordinates ?? [])], reported: [] } : null,
    overdueNotified: false,
    escalationLevel: 0,
  };
  let seq = carried?.seq ?? 0;
  const fired = new Set<string>(carried?.fired ?? []);
  let submittedAt: string | null = carried?.submittedAt ?? null;
  let approvedAt: string | null = carried?.approvedAt ?? null;
  const openCoordination = new Set<string>(carried?.openCoordination ?? []);
  let dirty = false;

  const nowIso = () => new Date().toISOString();
  const nextKey = (name: string) => `${wfId}#${++seq}:${name}`;
  const terminal = () => s.state === 'approved' || s.state === 'cancelled';
  const row = (): AssignmentRowPatch => ({
    state: s.state,
    version: s.version,
    due: s.due,
    unitId: s.unitId,
    reviewerUnitId: s.reviewerUnitId,
    submittedAt,
    approvedAt,
    onTime: approvedAt ? isOnTime() : null,
    submissionVersion: s.submissionVersion,
    escalationLevel: s.escalationLevel,
    consolidation: s.consolidation,
  });
  const result = (): ActionResult => ({ assignmentId: s.assignmentId, state: s.state, version: s.version, due: s.due });
  const isOnTime = () => !s.due || !submittedAt || Date.parse(submittedAt) <= deadlineAt(s.due);
  const to = (unitId: string, role: Role | null, kind: string, message: string): NotificationDraft => ({ unitId, role, kind, message });
  const label = () => `${input.title ?? 'Nhiệm vụ'}${s.periodKey !== 'once' && s.periodKey !== 'ongoing' ? ` (kỳ ${s.periodKey})` : ''}`;

  async function record(action: string, actor: AssignmentEvent['actor'], before: AssignmentRowPatch | null, extra: Partial<AssignmentEvent> = {}) {
    await acts.recordAssignmentEvent({
      eventKey: nextKey(action),
      assignmentId: s.assignmentId,
      workflowId: wfId,
      planId: s.planId,
      action,
      actor,
      occurredAt: nowIso(),
      before,
      patch: row(),
      ...extra,
    });
  }

  // ---- validation shared by every update: rejected updates are not recorded in history ----
  function reject(type: string, message: string): never {
    throw ApplicationFailure.create({ type, message, nonRetryable: true, details: [snapshot()] });
  }
  function check(action: Action, a: ActionBase, who: 'assignee' | 'reviewer') {
    if (a.expectedVersion != null && a.expectedVersion !== s.version)
      reject('VersionConflict', `assignment changed: expected version ${a.expectedVersion}, current version is ${s.version} (${s.state})`);
    const t = transition(s.state, action);
    if (!t.ok) reject('InvalidTransition', t.reason);
    if (who === 'assignee') {
      if (a.actor.unitId !== s.unitId) reject('Forbidden', `only officers of unit ${s.unitId} act on this assignment`);
      if (!a.actor.roles.includes('officer') && !a.actor.roles.includes('supervisor')) reject('Forbidden', 'an officer or supervisor role is required');
    } else {
      if (a.actor.unitId !== s.reviewerUnitId) reject('Forbidden', `only supervisors of unit ${s.reviewerUnitId} decide on this assignment`);
      if (!a.actor.roles.includes('supervisor')) reject('Forbidden', 'the supervisor role is required');
    }
    return t as { ok: true; next: AssignmentSnapshot['state'] };
  }
  function snapshot(): AssignmentSnapshot {
    return { ...s, extensions: [...s.extensions], coordination: [...s.coordination] };
  }
  function missingReports(): string[] {
    if (!s.consolidation) return [];
    const got = new Set(s.consolidation.reported.map((r) => r.unitId));
    return s.consolidation.expected.filter((u) => !got.has(u));
  }
  /** Applies a state change synchronously (so a concurrent update's validator sees the new version), then records it. */
  function applyNow(next: AssignmentSnapshot['state']): AssignmentRowPatch {
    const before = row();
    s.state = next;
    s.version += 1;
    dirty = true;
    return before;
  }

  // ---- updates ----
  setHandler(
    acknowledgeUpdate,
    async (a: AcknowledgeInput) => {
      const before = applyNow(check('acknowledge', a, 'assignee').next);
      await record('assignment.acknowledged', a.actor, before);
      return result();
    },
    { validator: (a) => void check('acknowledge', a, 'assignee') },
  );

  setHandler(
    submitUpdate,
    async (a) => {
      const t = check('submit', a, 'assignee');
      const wasReturned = s.state === 'returned';
      const before = applyNow(t.next);
      s.submissionVersion += 1;
      submittedAt = nowIso();
      const missing = missingReports();
      if (s.consolidation && missing.length) s.consolidation = { ...s.consolidation, missingAtDeadline: missing };
      await record(wasReturned ? 'assignment.resubmitted' : 'assignment.submitted', a.actor, before, {
        submission: {
          version: s.submissionVersion,
          text: a.submission.text,
          attachments: a.submission.attachments ?? [],
          consolidation: s.consolidation,
        },
        notifications: [to(s.reviewerUnitId, 'supervisor', 'submission', `Báo cáo chờ duyệt: ${label()} — ${s.unitId}`)],
      });
      return result();
    },
    {
      validator: (a) => {
        check('submit', a, 'assignee');
        if (!a.submission || typeof a.submission.text !== 'string' || !a.submission.text.trim()) reject('Invalid', 'submission.text must not be empty');
        const missing = missingReports();
        if (missing.length && (!s.due || workflowNow() <= deadlineAt(s.due)))
          reject('WaitingForReports', `waiting for the reports of ${missing.join(', ')}${s.due ? ` until the deadline ${s.due}` : ''}`);
      },
    },
  );

  setHandler(
    approveUpdate,
    async (a) => {
      const before = applyNow(check('approve', a, 'reviewer').next);
      approvedAt = nowIso();
      await record('assignment.approved', a.actor, before, {
        decision: { version: s.submissionVersion, decision: 'approved', comment: a.comment ?? null },
        notifications: [to(s.unitId, null, 'approved', `Báo cáo đã được duyệt: ${label()}`)],
      });
      return result();
    },
    { validator: (a) => void check('approve', a, 'reviewer') },
  );

  setHandler(
    returnUpdate,
    async (a) => {
      const before = applyNow(check('return', a, 'reviewer').next);
      await record('assignment.returned', a.actor, before, {
        decision: { version: s.submissionVersion, decision: 'returned', comment: a.comment },
        notifications: [to(s.unitId, 'officer', 'returned', `Báo cáo bị trả lại: ${label()} — ${a.comment}`)],
      });
      return result();
    },
    {
      validator: (a) => {
        check('return', a, 'reviewer');
        if (typeof a.comment !== 'string' || !a.comment.trim()) reject('Invalid', 'comment is required when returning a submission');
      },
    },
  );

  setHandler(
    requestCoordinationUpdate,
    async (a) => {
      const t = check('request_coordination', a, 'assignee');
      const before = t.next !== s.state ? applyNow(t.next) : null;
      if (!before) {
        s.version += 1;
        dirty = true;
      }
      const childIds: string[] = [];
      const starts = a.unitIds.map(async (unitId) => {
        const childWfId = workflowIds.assignment(s.planId, s.taskId, s.periodKey, unitId, 'coordination', `${s.assignmentId}:${a.requestId}`);
        childIds.push(assignmentIdOf(childWfId));
        openCoordination.add(childWfId);
        // Abandoned so that they survive this workflow continuing as new; closed explicitly when this one ends.
        await startChild(assignmentWorkflow, {
          workflowId: childWfId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              assignmentId: assignmentIdOf(childWfId),
              planId: s.planId,
              taskId: s.taskId,
              periodKey: s.periodKey,
              unitId,
              kind: 'coordination',
              reviewerUnitId: s.unitId,
              due: a.due,
              policy: input.policy,
              parentAssignmentWorkflowId: wfId,
              title: `Phối hợp: ${input.title ?? ''}`.trim(),
            },
          ],
        }).catch((err) => {
          if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
        });
      });
      s.coordination.push({ id: a.requestId, unitIds: a.unitIds, due: a.due, message: a.message, childAssignmentIds: childIds });
      await record('assignment.coordination_requested', a.actor, before ?? row(), {
        coordination: { id: a.requestId, unitIds: a.unitIds, due: a.due, message: a.message },
      });
      await Promise.all(starts);
      return result();
    },
    {
      validator: (a) => {
        check('request_coordination', a, 'assignee');
        if (s.kind === 'coordination') reject('Invalid', 'a coordination request cannot itself ask for coordination');
        if (!Array.isArray(a.unitIds) || a.unitIds.length === 0) reject('Invalid', 'unitIds must name at least one unit');
        if (a.unitIds.length > MAX_COORDINATION_UNITS) reject('Invalid', `unitIds may name at most ${MAX_COORDINATION_UNITS} units`);
        if (a.unitIds.includes(s.unitId)) reject('Invalid', 'a unit cannot ask itself for coordination');
        if (a.due !== null && !isValidDate(a.due)) reject('Invalid', 'due must be a date YYYY-MM-DD');
        if (s.coordination.some((c) => c.id === a.requestId)) reject('Duplicate', `coordination request ${a.requestId} exists`);
      },
    },
  );

  setHandler(
    requestExtensionUpdate,
    async (a) => {
      const t = check('request_extension', a, 'assignee');
      const before = row();
      if (t.next !== s.state) s.state = t.next;
      s.version += 1;
      dirty = true;
      s.extensions.push({ id: a.requestId, requestedDue: a.requestedDue, reason: a.reason, requestedBy: a.actor.userId, status: 'pending' });
      await record('assignment.extension_requested', a.actor, before, {
        extension: { id: a.requestId, requestedDue: a.requestedDue, reason: a.reason, status: 'pending' },
        notifications: [to(s.reviewerUnitId, 'supervisor', 'extension_request', `Đề nghị gia hạn đến ${a.requestedDue}: ${label()} — ${s.unitId}`)],
      });
      return result();
    },
    {
      validator: (a) => {
        check('request_extension', a, 'assignee');
        if (!isValidDate(a.requestedDue)) reject('Invalid', 'requestedDue must be a date YYYY-MM-DD');
        if (s.due && a.requestedDue <= s.due) reject('Invalid', `requestedDue must be after the current due date ${s.due}`);
        if (!a.reason?.trim()) reject('Invalid', 'reason is required');
        if (s.extensions.some((e) => e.status === 'pending')) reject('InvalidTransition', 'an extension request is already pending');
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async (a) => {
      check('decide_extension', a, 'reviewer');
      const ext = s.extensions.find((e) => e.id === a.requestId)!;
      const before = row();
      ext.status = a.grant ? 'granted' : 'refused';
      ext.decidedBy = a.actor.userId;
      ext.comment = a.comment ?? null;
      if (a.grant) s.due = ext.requestedDue;
      s.version += 1;
      dirty = true;
      await record(a.grant ? 'assignment.extension_granted' : 'assignment.extension_refused', a.actor, before, {
        extension: { id: ext.id, requestedDue: ext.requestedDue, reason: ext.reason, status: ext.status, comment: ext.comment },
        notifications: [
          to(s.unitId, 'officer', 'extension_decision', a.grant ? `Đã gia hạn đến ${ext.requestedDue}: ${label()}` : `Không chấp thuận gia hạn: ${label()}`),
        ],
      });
      return result();
    },
    {
      validator: (a) => {
        check('decide_extension', a, 'reviewer');
        const ext = s.extensions.find((e) => e.id === a.requestId);
        if (!ext) reject('NotFound', `extension request ${a.requestId} not found`);
        if (ext.status !== 'pending') reject('InvalidTransition', `extension request ${a.requestId} is already ${ext.status}`);
      },
    },
  );

  // ---- signals (fire-and-forget) ----
  setHandler(commentSignal, (c) => {
    if (terminal()) return;
    pending.push(() => record('assignment.commented', c.actor, null, { comment: { id: c.commentId, text: c.text } }));
    dirty = true;
  });
  setHandler(reassignSignal, (r) => {
    if (terminal()) return;
    const before = row();
    const from = r.fromUnitId;
    let changed = false;
    if (s.unitId === from) {
      s.unitId = r.toUnitId;
      changed = true;
    }
    if (s.reviewerUnitId === from) {
      s.reviewerUnitId = r.toUnitId;
      changed = true;
    }
    // A reorganisation: the consolidation's expected reporters follow (the unit that went is now its successor).
    if (s.consolidation?.expected.includes(from) && patched('reassign-follows-expected')) {
      const expected = [...new Set(s.consolidation.expected.map((u) => (u === from ? r.toUnitId : u)))];
      const reported = s.consolidation.reported.map((x) => (x.unitId === from ? { ...x, unitId: r.toUnitId } : x));
      s.consolidation = { ...s.consolidation, expected, reported };
      changed = true;
    }
    if (!changed) return;
    s.version += 1;
    dirty = true;
    pending.push(() =>
      record('assignment.reassigned', r.actor, before, {
        details: { fromUnitId: from, toUnitId: r.toUnitId, reason: r.reason },
        notifications: [to(r.toUnitId, null, 'reassigned', `Nhiệm vụ chuyển từ ${from}: ${label()}`)],
      }),
    );
  });
  setHandler(changeDueSignal, (c) => {
    if (terminal() || c.due === s.due) return;
    const before = row();
    s.due = c.due;
    s.version += 1;
    dirty = true;
    pending.push(() =>
      record('assignment.due_changed', c.actor, before, {
        details: { reason: c.reason },
        notifications: [to(s.unitId, null, 'due_changed', `Thời hạn mới ${c.due ?? '(không thời hạn)'}: ${label()}`)],
      }),
    );
  });
  setHandler(subordinateReportedSignal, (r) => {
    if (!s.consolidation || s.consolidation.reported.some((x) => x.unitId === r.unitId)) return;
    const before = row();
    s.consolidation = { ...s.consolidation, reported: [...s.consolidation.reported, r] };
    if (!s.consolidation.expected.includes(r.unitId)) s.consolidation.expected = [...s.consolidation.expected, r.unitId];
    s.version += 1;
    dirty = true;
    pending.push(() => record('assignment.subordinate_reported', SYSTEM_ACTOR, before, { details: { ...r } }));
  });
  setHandler(coordinationAnsweredSignal, (r) => {
    const before = row();
    s.version += 1;
    dirty = true;
    pending.push(() =>
      record('assignment.coordination_answered', SYSTEM_ACTOR, before, {
        details: { ...r },
        notifications: [to(s.unitId, 'officer', 'coordination_answered', `Đơn vị phối hợp ${r.unitId} đã gửi ý kiến: ${label()}`)],
      }),
    );
  });
  setHandler(assignmentStateQuery, snapshot);

  /** Signal effects that need an activity run in order from the main loop. */
  const pending: (() => Promise<void>)[] = [];

  // ---- deadlines ----
  async function fireDeadline(ev: DeadlineEvent) {
    fired.add(dueKey(ev));
    if (ev.kind === 'reminder' && workflowNow() - ev.at > STALE_REMINDER_MS) return;
    const before = row();
    if (ev.kind === 'reminder') {
      await record('assignment.reminder_sent', SYSTEM_ACTOR, before, {
        details: { daysBefore: ev.daysBefore ?? null },
        notifications: [to(s.unitId, 'officer', 'reminder', `Nhắc việc: còn ${ev.daysBefore} ngày đến hạn ${s.due} — ${label()}`)],
      });
    } else if (ev.kind === 'overdue') {
      s.overdueNotified = true;
      s.version += 1;
      const missing = missingReports();
      if (s.consolidation && missing.length) s.consolidation = { ...s.consolidation, missingAtDeadline: missing };
      await record('assignment.overdue', SYSTEM_ACTOR, before, {
        details: missing.length ? { missingReports: missing } : undefined,
        notifications: [
          to(s.unitId, null, 'overdue', `Quá hạn ${s.due}: ${label()}`),
          ...(missing.length ? [to(s.unitId, 'officer', 'missing_reports', `Chưa nhận báo cáo của: ${missing.join(', ')}`)] : []),
        ],
      });
    } else {
      const targets = await acts.escalationTargets({ unitId: s.unitId, reviewerUnitId: s.reviewerUnitId });
      const level = ev.kind === 'escalate_supervisor' ? 1 : 2;
      const unit = level === 1 ? targets.supervisorUnitId : targets.nextLevelUnitId;
      s.escalationLevel = level;
      s.version += 1;
      await record('assignment.escalated', SYSTEM_ACTOR, before, {
        details: { level, toUnitId: unit },
        notifications: unit ? [to(unit, 'supervisor', 'escalation', `Chuyển cấp (mức ${level}): ${s.unitId} chưa hoàn thành ${label()}, hạn ${s.due}`)] : [],
      });
    }
  }
  const dueKey = (ev: DeadlineEvent) => `${s.due}:${ev.key}`;

  // ---- main loop ----
  try {
    if (!carried) {
      await acts.recordAssignmentEvent({
        eventKey: nextKey('assignment.created'),
        assignmentId: s.assignmentId,
        workflowId: wfId,
        planId: s.planId,
        action: 'assignment.created',
        actor: SYSTEM_ACTOR,
        occurredAt: nowIso(),
        create: {
          planId: s.planId,
          taskId: s.taskId,
          periodKey: s.periodKey,
          unitId: s.unitId,
          kind: s.kind,
          parentAssignmentId: input.parentAssignmentWorkflowId && s.kind === 'coordination' ? assignmentIdOf(input.parentAssignmentWorkflowId) : null,
          reviewerUnitId: s.reviewerUnitId,
          title: input.title ?? '',
          due: s.due,
          consolidation: s.consolidation,
        },
        patch: row(),
        notifications: [to(s.unitId, 'officer', 'assigned', `Nhiệm vụ mới: ${label()}${s.due ? `, hạn ${s.due}` : ''}`)],
      });
    }
    while (!terminal()) {
      while (pending.length) await pending.shift()!();
      // Nothing to chase while the work waits for the reviewer; the events stay due for when it is returned.
      const schedule = s.state === 'submitted' ? [] : deadlineSchedule({ due: s.due, reminderOffsetsDays: input.policy.reminderOffsetsDays, escalateSupervisorAfterHours: input.policy.escalateSupervisorAfterHours, escalateNextLevelAfterHours: input.policy.escalateNextLevelAfterHours });
      const firedForDue = schedule.filter((e) => fired.has(dueKey(e))).map((e) => e.key);
      const { due: dueNow, next } = pendingDeadlineEvents(schedule, firedForDue, workflowNow());
      for (const ev of dueNow) {
        if (terminal() || s.state === 'submitted') break;
        await fireDeadline(ev);
      }
      if (dueNow.length) continue;
      if (pending.length) continue;
      const info = workflowInfo();
      if ((info.historyLength > MAX_HISTORY || info.continueAsNewSuggested) && allHandlersFinished()) {
        await continueAsNew<typeof assignmentWorkflow>({
          ...input,
          carried: { s, seq, fired: [...fired], submittedAt, approvedAt, openCoordination: [...openCoordination] } satisfies Carried,
        });
      }
      dirty = false;
      const wake = () => dirty || terminal() || pending.length > 0;
      if (next) await condition(wake, Math.max(next.at - workflowNow(), 1));
      else await condition(wake);
    }
    while (pending.length) await pending.shift()!();
    await condition(allHandlersFinished);
    if (s.state === 'approved') await notifyParent();
    await closeCoordination();
    return outcome();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Plan closed, task cancelled or unit removed: end cleanly and say so in the read model and the audit trail.
    await CancellationScope.nonCancellable(async () => {
      if (!terminal()) {
        const before = applyNow('cancelled');
        await record('assignment.cancelled', SYSTEM_ACTOR, before, {});
      }
      await closeCoordination();
    });
    return outcome();
  }

  async function notifyParent() {
    if (!input.parentAssignmentWorkflowId) return;
    const parent = getExternalWorkflowHandle(input.parentAssignmentWorkflowId);
    try {
      if (s.kind === 'coordination') await parent.signal(coordinationAnsweredSignal, { assignmentId: s.assignmentId, unitId: s.unitId });
      else await parent.signal(subordinateReportedSignal, { unitId: s.unitId, assignmentId: s.assignmentId, approvedAt: approvedAt!, onTime: isOnTime() });
    } catch (err) {
      // The consolidating assignment may already be closed (approved with this report named missing): nothing to tell.
      if (!(err instanceof Error)) throw err;
    }
  }

  async function closeCoordination() {
    for (const id of openCoordination) {
      try {
        await getExternalWorkflowHandle(id).cancel();
      } catch {
        // already finished
      }
    }
    openCoordination.clear();
  }

  function outcome(): AssignmentOutcome {
    return {
      assignmentId: s.assignmentId,
      unitId: s.unitId,
      state: s.state === 'approved' ? 'approved' : 'cancelled',
      approvedAt,
      onTime: approvedAt ? isOnTime() : null,
      consolidation: s.consolidation,
    };
  }
}

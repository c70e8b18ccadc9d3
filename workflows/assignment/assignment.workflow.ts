// One unit's share of one task (for one period): a thin shell over the pure decider in libs/domain
// (assignment.decider.ts). The shell owns what only a workflow can do: receive messages, hold the one state object,
// run the effects through one ordered outbox, wait for deadlines and continue as new.
// Model: the safe-message-handlers sample of temporalio/samples-typescript (handlers under one mutex, the main loop
// waits for allHandlersFinished before it ends or continues as new).
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  type defineSignal,
  type defineUpdate,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import {
  type ActionResult,
  type AssignmentEvent as RecordedEvent,
  type AssignmentOutcome,
  type AssignmentWorkflowInput,
  type ConsolidationHandover,
  type ConsolidationShare,
  absorbConsolidationSignal,
  acknowledgeUpdate,
  answerExplanationUpdate,
  approveUpdate,
  assignmentStateQuery,
  calendarChangedSignal,
  changeDueSignal,
  commentSignal,
  consolidationHandoverSignal,
  coordinationAnsweredSignal,
  decideExtensionUpdate,
  reassignSignal,
  requestCoordinationUpdate,
  requestExplanationUpdate,
  requestExtensionUpdate,
  returnUpdate,
  subordinateReportedSignal,
  submitUpdate,
} from '@khflow/contracts';
import {
  type AssignmentCommand,
  type AssignmentDomainEvent,
  type AssignmentModel,
  type Refusal,
  type WorkingCalendar,
  deadlineSchedule,
  decide,
  evolve,
  firedKey,
  initialAssignment,
  isTerminal,
  pendingDeadlineEvents,
  recordOf,
  submittedOnTime,
} from '@khflow/domain';
import { engineActivities, engineLocalActivities, engineLocalProjection } from '../activities.proxy';
import { assignmentIdOf } from '../ids';
import { workflowNow } from '../workflow-clock';
import { Outbox } from '../shared/outbox';
import { assignmentContext, assignmentCreation } from './assignment-creation';

/** Reminders older than this when first seen are stale (e.g. an assignment created 2 days before its due date
 *  does not get its "7 days before" reminder). */
const STALE_REMINDER_MS = 12 * 3600 * 1000;
const MAX_HISTORY = 2000;
/**
 * A reorganisation that splits a district office among several communes (2025 reform): the office's consolidation
 * starts one share per other commune, and a school reports to the share of its commune. Only signals sent by
 * reorganisations of this version carry shares or a new report target, so histories of before never reach it.
 */
export const SPLIT_CONSOLIDATION_PATCH = 'reorganisation-split-consolidation';
/**
 * Issue 17: an administrator's edit of the working-day calendar reaches running assignments (the calendarChanged
 * signal): a run that follows the calendar reloads it and its reminders and overdue move. Only runs that receive the
 * new signal reach this patch, so histories of before replay unchanged.
 */
export const CALENDAR_EDITS_PATCH = 'calendar-edits-reach-running-assignments';
/**
 * A reorganisation that merges consolidating units (or splits one into a successor that already consolidates):
 * the consolidation that would duplicate the successor's hands its reporters and reports over to it and ends, and
 * a share for a successor that already consolidates goes into that one. Only reorganisations of this version send
 * the absorb signal or such shares, so histories of before never reach it.
 */
export const ABSORB_CONSOLIDATION_PATCH = 'reorganisation-absorb-consolidation';
/**
 * A due date amended on a consolidation that a reorganisation split reaches its shares too (they are its children,
 * not the fan-out node's). Only runs holding shares reach it, so histories of before replay unchanged.
 */
export const SHARES_FOLLOW_DUE_PATCH = 'split-shares-follow-due-changes';
/**
 * Issue 20: the projection of each event runs as a local activity (see engineLocalProjection). Histories of before
 * have an activity per event and replay with it; a run reaching this patch records the marker once and projects
 * locally from then on.
 */
export const LOCAL_PROJECTION_PATCH = 'projection-as-local-activity';
/** A hand-over to a share being started by another consolidation may arrive before it exists: tried again. */
const HANDOVER_ATTEMPTS = 5;

export async function assignmentWorkflow(input: AssignmentWorkflowInput): Promise<AssignmentOutcome> {
  const acts = engineActivities();
  const wfId = workflowInfo().workflowId;
  const ctx = assignmentContext(input);

  // ---- the state, the outbox and the mutex exist before any handler: a signal delivered in the first activation
  // (signal-with-start, a node's changeDue right after it started this child, the first task after continue-as-new)
  // finds them initialised ----
  let m: AssignmentModel = (input.carried as AssignmentModel | undefined) ?? initialAssignment({ ...input, workflowId: wfId });
  const localProjection = engineLocalProjection();
  const outbox = new Outbox<RecordedEvent>((r) => (patched(LOCAL_PROJECTION_PATCH) ? localProjection.recordAssignmentEvent(r) : acts.recordAssignmentEvent(r)));
  const lock = new Mutex();
  /** Signals waiting for the main loop, in arrival order. */
  const inbox: AssignmentCommand[] = [];
  let dirty = false;
  /** Calendar days edited since the calendar was last loaded (calendarChanged signals). */
  const calendarEdits: string[] = [];
  let calendarEdited = false;
  let created: Promise<void> | null = null;
  if (!input.carried) {
    // A node that recorded this creation in its batch (issue 20) says when; inputs of before never carry it.
    const start = assignmentCreation(input, wfId, input.recordedAt ?? new Date(workflowNow()).toISOString());
    m = start.model;
    if (!input.recordedAt) created = outbox.push(start.record);
  }

  const result = (x: AssignmentModel): ActionResult => ({ assignmentId: x.s.assignmentId, state: x.s.state, version: x.s.version, due: x.s.due });
  const snapshot = () => ({ ...m.s, extensions: m.s.extensions.map((e) => ({ ...e })), coordination: [...m.s.coordination] });
  const refusal = (r: Refusal): never => {
    throw ApplicationFailure.create({ type: r.type, message: r.message, nonRetryable: true, details: [snapshot()] });
  };

  /**
   * Decides a command on the current state, applies its events at once (a concurrent validator sees the new
   * version), then runs their effects through the outbox. Callers hold the mutex, so one command's effects finish
   * before the next command is decided. Returns the state this command produced.
   */
  async function run(cmd: AssignmentCommand): Promise<AssignmentModel> {
    const d = decide(m, cmd, workflowNow());
    if (!d.ok) return refusal(d.refusal);
    const before = m;
    const records: RecordedEvent[] = [];
    let next = m;
    for (const e of d.events) {
      const prev = next;
      next = evolve(prev, e);
      const r = recordOf(prev, next, e, ctx);
      if (r) records.push(r);
    }
    m = next;
    if (d.events.length) dirty = true;
    try {
      await effects(d.events, records);
    } catch (err) {
      if (!isPermanent(err)) throw err;
      // The read model refused the event for good (the activity logged and recorded why): the state goes back to
      // what the read model holds, and the caller is told instead of waiting for retries that cannot succeed.
      m = before;
      dirty = true;
      throw ApplicationFailure.create({ type: 'ProjectionRejected', message: `the event could not be recorded: ${rejection(err)?.message}`, nonRetryable: true });
    }
    return next;
  }

  async function effects(events: AssignmentDomainEvent[], records: RecordedEvent[]) {
    // Coordination requests start their children first (as this workflow always has), then record the request.
    const starts: Promise<unknown>[] = [];
    for (const e of events) if (e.type === 'coordination_requested') starts.push(...e.childWorkflowIds.map((id, i) => startCoordination(id, e.request.unitIds[i], e.request.due)));
    for (const e of events) if (e.type === 'reassigned' && e.shares?.length && patched(SPLIT_CONSOLIDATION_PATCH)) starts.push(...e.shares.map((x) => (x.existing && patched(ABSORB_CONSOLIDATION_PATCH) ? handShare(x, e) : startShare(x))));
    for (const e of events) if (e.type === 'absorbed' && patched(ABSORB_CONSOLIDATION_PATCH)) starts.push(handOverAbsorbed(e));
    // The fan-out node knows this consolidation, not the shares it split off: a new due date goes on to them.
    for (const e of events) if (e.type === 'due_changed' && m.shares?.length && patched(SHARES_FOLLOW_DUE_PATCH)) starts.push(...m.shares.map((id) => getExternalWorkflowHandle(id).signal(changeDueSignal, { actor: e.actor, due: e.due, reason: e.reason }).catch(() => undefined)));
    await Promise.all(records.map((r) => outbox.push(r)));
    await Promise.all(starts);
  }

  function startCoordination(childWfId: string, unitId: string, due: string | null) {
    // Abandoned so that they survive this workflow continuing as new; closed explicitly when this one ends.
    return startChild(assignmentWorkflow, {
      workflowId: childWfId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          assignmentId: assignmentIdOf(childWfId),
          planId: m.s.planId,
          taskId: m.s.taskId,
          periodKey: m.s.periodKey,
          unitId,
          kind: 'coordination',
          reviewerUnitId: m.s.unitId,
          due,
          policy: input.policy,
          parentAssignmentWorkflowId: wfId,
          title: `Phối hợp: ${input.title ?? ''}`.trim(),
        },
      ],
    }).catch((err) => {
      if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    });
  }

  /**
   * A share of this consolidation split off by a reorganisation: the successor's own consolidation of the same
   * task and period, awaiting the reporters now under it (those that already reported here stay here), reviewed by
   * this one's reviewer and reporting to the same level above. Abandoned like coordination children; cancelled
   * with this one (plan closed), not when this one ends.
   */
  function startShare(share: ConsolidationShare) {
    const got = new Set(m.s.consolidation?.reported.map((x) => x.unitId) ?? []);
    return startChild(assignmentWorkflow, {
      workflowId: share.workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          assignmentId: assignmentIdOf(share.workflowId),
          planId: m.s.planId,
          taskId: m.s.taskId,
          periodKey: m.s.periodKey,
          unitId: share.unitId,
          kind: 'consolidation',
          reviewerUnitId: m.s.reviewerUnitId,
          due: m.s.due,
          policy: input.policy,
          parentAssignmentWorkflowId: input.parentAssignmentWorkflowId ?? null,
          nodeWorkflowId: input.nodeWorkflowId ?? null,
          expectedSubordinates: share.expected.filter((u) => !got.has(u)),
          title: input.title,
        },
      ],
    }).catch((err) => {
      if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    });
  }

  /** A share for a successor that already consolidates this work: its reporters (not yet reported here) go there. */
  function handShare(share: ConsolidationShare, e: { actor: ConsolidationHandover['actor']; reason: string; fromUnitId: string }) {
    const got = new Set(m.s.consolidation?.reported.map((x) => x.unitId) ?? []);
    return handOver(share.workflowId, { actor: e.actor, reason: e.reason, reorganisationId: null, fromAssignmentId: m.s.assignmentId, fromUnitId: e.fromUnitId, expected: share.expected.filter((u) => !got.has(u)), reported: [] });
  }

  /** Absorbed: the shares first (as a split would), then everything else to the surviving consolidation. */
  async function handOverAbsorbed(e: Extract<AssignmentDomainEvent, { type: 'absorbed' }>) {
    await Promise.all((e.shares ?? []).map((x) => (x.existing ? handShare(x, e) : startShare(x))));
    await handOver(e.intoWorkflowId, {
      actor: e.actor,
      reason: e.reason,
      reorganisationId: e.reorganisationId,
      fromAssignmentId: m.s.assignmentId,
      fromUnitId: e.fromUnitId,
      expected: e.handover.expected,
      reported: e.handover.reported,
      shares: e.handover.shares,
    });
  }

  async function handOver(target: string, h: ConsolidationHandover) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await getExternalWorkflowHandle(target).signal(consolidationHandoverSignal, h);
      } catch (err) {
        if (!(err instanceof Error)) throw err;
        if (attempt >= HANDOVER_ATTEMPTS) return log.error('consolidation hand-over not delivered', { target, from: h.fromAssignmentId, error: err.message });
        await sleep('1 minute');
      }
    }
  }

  // ---- updates: the validator and the handler call the same decide() ----
  const update = <I>(def: ReturnType<typeof defineUpdate<ActionResult, [I]>>, command: (i: I) => AssignmentCommand) =>
    setHandler(def, (i: I) => lock.runExclusive(async () => result(await run(command(i)))), {
      validator: (i: I) => {
        const d = decide(m, command(i), workflowNow());
        if (!d.ok) refusal(d.refusal);
      },
    });
  update(acknowledgeUpdate, (input) => ({ type: 'acknowledge', input }));
  update(submitUpdate, (input) => ({ type: 'submit', input }));
  update(approveUpdate, (input) => ({ type: 'approve', input }));
  update(returnUpdate, (input) => ({ type: 'return', input }));
  update(requestCoordinationUpdate, (input) => ({ type: 'request_coordination', input }));
  update(requestExtensionUpdate, (input) => ({ type: 'request_extension', input }));
  update(decideExtensionUpdate, (input) => ({ type: 'decide_extension', input }));
  // Issue 17: explanation requests are new update names; no existing command path changes.
  update(requestExplanationUpdate, (input) => ({ type: 'request_explanation', input }));
  update(answerExplanationUpdate, (input) => ({ type: 'answer_explanation', input }));

  // ---- signals: queued for the main loop, decided there in arrival order ----
  const signal = <I>(def: ReturnType<typeof defineSignal<[I]>>, command: (i: I) => AssignmentCommand) =>
    setHandler(def, (i: I) => {
      inbox.push(command(i));
      dirty = true;
    });
  signal(commentSignal, (input) => ({ type: 'comment', input }));
  signal(reassignSignal, (input) => ({ type: 'reassign', input }));
  signal(changeDueSignal, (input) => ({ type: 'change_due', input }));
  signal(subordinateReportedSignal, (input) => ({ type: 'subordinate_reported', input }));
  signal(coordinationAnsweredSignal, (input) => ({ type: 'coordination_answered', input }));
  // Not a command of its own: the main loop reloads the calendar (a local activity) and then decides on it.
  setHandler(calendarChangedSignal, (input) => {
    calendarEdits.push(...(Array.isArray(input?.dates) ? input.dates.filter((d) => typeof d === 'string') : []));
    calendarEdited = true;
    dirty = true;
  });
  signal(absorbConsolidationSignal, (input) => ({ type: 'absorb', input }));
  signal(consolidationHandoverSignal, (input) => ({ type: 'take_over', input }));
  setHandler(assignmentStateQuery, snapshot);

  async function drainInbox() {
    while (inbox.length) {
      const cmd = inbox.shift()!;
      await lock.runExclusive(() =>
        run(cmd).catch((err) => {
          // Nobody waits for a signal's answer: a refused or unrecordable signal is logged (the activity recorded the
          // projection failure) and the next one proceeds.
          if (!(err instanceof ApplicationFailure)) throw err;
          log.warn('signal not applied', { type: cmd.type, error: err.message });
        }),
      );
    }
  }

  /** Issue 17: the administrators' working-day calendar, loaded once per run (start and each continue-as-new), so
   *  reminders and overdue follow it. Runs recorded before this change keep their calendar-day schedule. */
  let calendar: WorkingCalendar | null = null;
  /** Reloads the calendar after an edit; the decider says which deadline events it moves (logged), the schedule of
   *  the main loop is then built on the new calendar. A run without a calendar (recorded before it) stays as it is. */
  async function reloadCalendar() {
    const dates = calendarEdits.splice(0);
    calendarEdited = false;
    if (!calendar || !patched(CALENDAR_EDITS_PATCH)) return;
    await lock.runExclusive(async () => {
      const before = calendar!;
      const after = await engineLocalActivities().workingCalendar({});
      const d = decide(m, { type: 'calendar_changed', dates, before, after, policy: input.policy }, workflowNow());
      if (d.ok) {
        for (const e of d.events) {
          m = evolve(m, e);
          if (e.type === 'deadlines_moved') log.info('deadlines moved with the working-day calendar', { dates: e.dates, moves: e.moves });
        }
      }
      calendar = after;
    });
  }

  // ---- main loop ----
  try {
    if (created) await created;
    if (patched('deadlines-follow-working-calendar')) calendar = await engineLocalActivities().workingCalendar({});
    while (!isTerminal(m)) {
      if (calendarEdited) await reloadCalendar();
      await drainInbox();
      // Nothing to chase while the work waits for the reviewer; the events stay due for when it is returned.
      const schedule = m.s.state === 'submitted' ? [] : deadlineSchedule({ due: m.s.due, ...input.policy, calendar });
      const firedForDue = schedule.filter((e) => m.fired.includes(firedKey(m, e))).map((e) => e.key);
      const { due: dueNow, next } = pendingDeadlineEvents(schedule, firedForDue, workflowNow());
      for (const event of dueNow) {
        if (isTerminal(m) || m.s.state === 'submitted') break;
        await lock.runExclusive(async () => {
          const escalateTo =
            event.kind === 'escalate_supervisor' || event.kind === 'escalate_next_level'
              ? await acts.escalationTargets({ unitId: m.s.unitId, reviewerUnitId: m.s.reviewerUnitId }).then((t) => (event.kind === 'escalate_supervisor' ? t.supervisorUnitId : t.nextLevelUnitId))
              : null;
          await run({ type: 'deadline', event, escalateTo, staleAfterMs: STALE_REMINDER_MS });
        });
      }
      if (dueNow.length || inbox.length || calendarEdited) continue;
      const info = workflowInfo();
      if ((info.historyLength > MAX_HISTORY || info.continueAsNewSuggested) && allHandlersFinished()) {
        await continueAsNew<typeof assignmentWorkflow>({ ...input, carried: m });
      }
      dirty = false;
      const wake = () => dirty || isTerminal(m) || inbox.length > 0;
      if (next) await condition(wake, Math.max(next.at - workflowNow(), 1));
      else await condition(wake);
    }
    await drainInbox();
    await condition(allHandlersFinished);
    if (m.s.state === 'approved') await notifyParent();
    await closeCoordination();
    return outcome();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Plan closed, task cancelled or unit removed: end cleanly and say so in the read model, the audit trail and
    // the unit's notifications (work past its deadline stays visible as not reported).
    await CancellationScope.nonCancellable(async () => {
      if (!isTerminal(m)) await run({ type: 'cancel', reason: 'cancelled' });
      await closeCoordination();
      for (const id of m.shares ?? []) await getExternalWorkflowHandle(id).cancel().catch(() => undefined);
    });
    return outcome();
  }

  async function notifyParent() {
    if (!input.parentAssignmentWorkflowId) return;
    // A reorganisation that split the consolidation above names the share that now awaits this report.
    const target = m.s.reportToWorkflowId && patched(SPLIT_CONSOLIDATION_PATCH) ? m.s.reportToWorkflowId : input.parentAssignmentWorkflowId;
    const parent = getExternalWorkflowHandle(target);
    try {
      if (m.s.kind === 'coordination') await parent.signal(coordinationAnsweredSignal, { assignmentId: m.s.assignmentId, unitId: m.s.unitId });
      else await parent.signal(subordinateReportedSignal, { unitId: m.s.unitId, assignmentId: m.s.assignmentId, approvedAt: m.approvedAt!, onTime: outcome().onTime! });
    } catch (err) {
      // The consolidating assignment may already be closed (approved with this report named missing): nothing to tell.
      if (!(err instanceof Error)) throw err;
    }
  }

  async function closeCoordination() {
    for (const id of m.openCoordination) {
      try {
        await getExternalWorkflowHandle(id).cancel();
      } catch {
        // already finished
      }
    }
    m = { ...m, openCoordination: [] };
  }

  function outcome(): AssignmentOutcome {
    return {
      assignmentId: m.s.assignmentId,
      unitId: m.s.unitId,
      state: m.s.state === 'approved' ? 'approved' : 'cancelled',
      approvedAt: m.approvedAt,
      onTime: m.approvedAt ? submittedOnTime({ due: m.s.due, submittedAt: m.submittedAt }) : null,
      consolidation: m.s.consolidation,
    };
  }
}

/** A projection the read model refuses for good (bad data), as opposed to PostgreSQL being unreachable. An activity's
 *  failure arrives wrapped in an ActivityFailure; a local activity's as the activity's own ApplicationFailure. */
export function isPermanent(err: unknown): boolean {
  return rejection(err) !== null;
}

function rejection(err: unknown): ApplicationFailure | null {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === 'ProjectionRejected' ? cause : null;
}

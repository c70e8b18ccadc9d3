// The assignment's rules as a pure decider: decide(state, command, now) -> events | refusal, evolve(state, event).
// The workflow (workflows/assignment/) is a thin shell over it: its validators and handlers call the same decide(),
// so an update the validator accepted is decided again, under the mutex, on the state it actually applies to.
// Nothing here imports Temporal: a node hosting many assignments as state can run the same rules.
import type {
  AbsorbConsolidationInput,
  AcknowledgeInput,
  Actor,
  ApproveInput,
  AssignmentKind,
  AssignmentSnapshot,
  AssignmentState,
  AttachmentRef,
  ChangeDueInput,
  CommentInput,
  DeadlinePolicy,
  ConsolidationHandover,
  ConsolidationState,
  CoordinationRequest,
  CoordinationRequestInput,
  ExplanationAnswerInput,
  ExplanationRequestInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  ReassignInput,
  ConsolidationShare,
  ReturnInput,
  SubmitInput,
  SubordinateReport,
} from '@khflow/contracts';
import { SYSTEM_ACTOR, stableUuid, workflowIds } from '@khflow/contracts';
import { type DeadlineEvent } from '../deadline.util';
import { type DeadlineMove, deadlineMoves } from '../calendar/calendar-edit.util';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { compareDates, deadlineAt, isValidDate, vnDateOf } from '../time.util';
import { transition } from './assignment-state.util';
import { assignmentActorRule } from '../permission.util';
import { MAX_COORDINATION_UNITS } from '@khflow/contracts';
import { isOverdue } from './assignment-status';

/** The whole state of one assignment, carried unchanged through continue-as-new. */
export interface AssignmentModel {
  s: AssignmentSnapshot;
  /** Number of events recorded so far: the event keys of the audit trail are `<workflow id>#<seq>:<action>`. */
  seq: number;
  /** Deadline events already handled, as `<due>:<key>` (a changed due date starts a fresh schedule). */
  fired: string[];
  submittedAt: string | null;
  approvedAt: string | null;
  /** Workflow ids of coordination requests still running, closed when this assignment ends. */
  openCoordination: string[];
  /** Consolidations split off this one by a reorganisation (its children): cancelled with it, not when it ends. */
  shares?: string[];
  /** Consolidations absorbed into this one by a reorganisation (their assignment ids): each is taken over once. */
  absorbedFrom?: string[];
}

export interface AssignmentStart {
  assignmentId: string;
  workflowId: string;
  planId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  kind: AssignmentKind;
  reviewerUnitId: string;
  due: string | null;
  expectedSubordinates?: string[];
}

export function initialAssignment(i: AssignmentStart): AssignmentModel {
  return {
    s: {
      assignmentId: i.assignmentId,
      workflowId: i.workflowId,
      planId: i.planId,
      taskId: i.taskId,
      periodKey: i.periodKey,
      unitId: i.unitId,
      kind: i.kind,
      reviewerUnitId: i.reviewerUnitId,
      state: 'assigned',
      version: 1,
      due: i.due,
      submissionVersion: 0,
      extensions: [],
      coordination: [],
      consolidation: i.kind === 'consolidation' ? { expected: [...(i.expectedSubordinates ?? [])], reported: [] } : null,
      overdueNotified: false,
      escalationLevel: 0,
    },
    seq: 0,
    fired: [],
    submittedAt: null,
    approvedAt: null,
    openCoordination: [],
  };
}

// ---- commands ----
export type AssignmentCommand =
  | { type: 'acknowledge'; input: AcknowledgeInput }
  | { type: 'submit'; input: SubmitInput }
  | { type: 'approve'; input: ApproveInput }
  | { type: 'return'; input: ReturnInput }
  | { type: 'request_coordination'; input: CoordinationRequestInput }
  | { type: 'request_extension'; input: ExtensionRequestInput }
  | { type: 'decide_extension'; input: ExtensionDecisionInput }
  | { type: 'request_explanation'; input: ExplanationRequestInput }
  | { type: 'answer_explanation'; input: ExplanationAnswerInput }
  | { type: 'comment'; input: CommentInput }
  | { type: 'reassign'; input: ReassignInput }
  | { type: 'change_due'; input: ChangeDueInput }
  | { type: 'subordinate_reported'; input: SubordinateReport }
  | { type: 'coordination_answered'; input: { assignmentId: string; unitId: string } }
  /** A reorganisation merges this consolidation's unit into a successor that already consolidates the same work. */
  | { type: 'absorb'; input: AbsorbConsolidationInput }
  /** The reporters and received reports of a consolidation absorbed into this one (or of a share routed here). */
  | { type: 'take_over'; input: ConsolidationHandover }
  /** A deadline event of the schedule is due; escalations carry the unit the directory names for that level. */
  | { type: 'deadline'; event: DeadlineEvent; escalateTo?: string | null; staleAfterMs: number }
  /** The plan closed, the task was cancelled or the unit removed. */
  | { type: 'cancel'; reason: CancelReason }
  /** Issue 17: administrators edited these calendar days; the run's deadlines were on `before`, now on `after`. */
  | { type: 'calendar_changed'; dates: string[]; before: WorkingCalendar; after: WorkingCalendar; policy: DeadlinePolicy };

export type CancelReason = 'plan_closed' | 'task_cancelled' | 'unit_removed' | 'cancelled';

// ---- events: one per recorded fact; `at` is the decision's instant ----
export type AssignmentDomainEvent =
  | { type: 'acknowledged'; actor: Actor; at: string }
  | { type: 'submitted'; actor: Actor; at: string; resubmission: boolean; text: string; attachments: AttachmentRef[]; missing: string[] }
  | { type: 'partial_reported'; actor: Actor; at: string; text: string; attachments: AttachmentRef[]; missing: string[] }
  | { type: 'approved'; actor: Actor; at: string; comment: string | null }
  | { type: 'returned'; actor: Actor; at: string; comment: string }
  | { type: 'coordination_requested'; actor: Actor; at: string; request: CoordinationRequest; childWorkflowIds: string[] }
  | { type: 'extension_requested'; actor: Actor; at: string; requestId: string; requestedDue: string; reason: string }
  | { type: 'extension_decided'; actor: Actor; at: string; requestId: string; grant: boolean; comment: string | null }
  | { type: 'commented'; actor: Actor; at: string; commentId: string; text: string }
  | { type: 'explanation_requested'; actor: Actor; at: string; requestId: string; message: string }
  | { type: 'explanation_answered'; actor: Actor; at: string; requestId: string; reason: string; newDue: string }
  | {
      type: 'reassigned';
      actor: Actor;
      at: string;
      fromUnitId: string;
      toUnitId: string;
      reason: string;
      /** Set only by a reorganisation that split a unit among several successors (see ReassignInput). */
      shares?: ConsolidationShare[];
      toUnitIds?: string[];
      reportToWorkflowId?: string;
    }
  | (AbsorbConsolidationInput & {
      type: 'absorbed';
      at: string;
      /** What the surviving consolidation takes over: the reporters still here, the reports received, the shares. */
      handover: { expected: string[]; reported: ConsolidationState['reported']; shares: string[] };
    })
  | {
      type: 'taken_over';
      actor: Actor;
      at: string;
      reorganisationId: string | null;
      reason: string;
      fromAssignmentId: string;
      fromUnitId: string;
      /** Only what is new here: reporters not yet awaited, reports not yet received. */
      expected: string[];
      reported: ConsolidationState['reported'];
      shares: string[];
    }
  | { type: 'due_changed'; actor: Actor; at: string; due: string | null; reason: string }
  | { type: 'subordinate_reported'; actor: Actor; at: string; report: SubordinateReport }
  | { type: 'coordination_answered'; actor: Actor; at: string; assignmentId: string; unitId: string }
  | { type: 'reminder_sent'; actor: Actor; at: string; key: string; daysBefore: number | null }
  /** A deadline event handled without a record (a stale reminder, an escalation nobody can receive is still recorded). */
  | { type: 'deadline_skipped'; key: string }
  | { type: 'overdue'; actor: Actor; at: string; key: string; missing: string[] }
  | { type: 'escalated'; actor: Actor; at: string; key: string; level: 1 | 2; toUnitId: string | null }
  | { type: 'cancelled'; actor: Actor; at: string; reason: CancelReason; notReported: boolean }
  /** The calendar edit moved these deadline events (not recorded: the due date itself is unchanged, the schedule
   *  derived from it follows the calendar; events already handled stay handled). */
  | { type: 'deadlines_moved'; at: string; dates: string[]; moves: DeadlineMove[] };

export type RefusalType = 'VersionConflict' | 'InvalidTransition' | 'Forbidden' | 'Invalid' | 'Duplicate' | 'NotFound' | 'WaitingForReports';
export interface Refusal {
  type: RefusalType;
  message: string;
}
export type AssignmentDecision = { ok: true; events: AssignmentDomainEvent[] } | { ok: false; refusal: Refusal };

const refuse = (type: RefusalType, message: string): AssignmentDecision => ({ ok: false, refusal: { type, message } });
const accept = (...events: AssignmentDomainEvent[]): AssignmentDecision => ({ ok: true, events });

/** The one overdue rule (assignment-status.ts), judged on the workflow's own state. */
export const isOverdueAt = (m: AssignmentModel, now: number) => isOverdue({ state: m.s.state, due: m.s.due, submittedAt: m.submittedAt }, now);

export const isTerminal = (m: AssignmentModel) => m.s.state === 'approved' || m.s.state === 'cancelled';

/** Subordinates of a consolidating assignment whose reports have not arrived. */
export function missingReports(m: AssignmentModel): string[] {
  const c = m.s.consolidation;
  if (!c) return [];
  const got = new Set(c.reported.map((r) => r.unitId));
  return c.expected.filter((u) => !got.has(u));
}

/** The key under which a deadline event of the current due date is remembered as handled. */
export const firedKey = (m: AssignmentModel, ev: Pick<DeadlineEvent, 'key'>) => `${m.s.due}:${ev.key}`;

const iso = (now: number) => new Date(now).toISOString();

/** The version check, the transition table and the unit-and-role rule, shared by every update. */
function guard(m: AssignmentModel, action: Parameters<typeof transition>[1], a: { actor: Actor; expectedVersion?: number | null }, who: 'act' | 'decide'): Refusal | null {
  if (a.expectedVersion != null && a.expectedVersion !== m.s.version)
    return { type: 'VersionConflict', message: `assignment changed: expected version ${a.expectedVersion}, current version is ${m.s.version} (${m.s.state})` };
  const t = transition(m.s.state, action);
  if (!t.ok) return { type: 'InvalidTransition', message: t.reason };
  const p = assignmentActorRule(a.actor, who, { unitId: m.s.unitId, reviewerUnitId: m.s.reviewerUnitId });
  if (!p.allow) return { type: 'Forbidden', message: p.reason };
  return null;
}

const blank = (v: unknown) => typeof v !== 'string' || !v.trim();

export function decide(m: AssignmentModel, c: AssignmentCommand, now: number): AssignmentDecision {
  const at = iso(now);
  switch (c.type) {
    case 'acknowledge': {
      const r = guard(m, 'acknowledge', c.input, 'act');
      return r ? { ok: false, refusal: r } : accept({ type: 'acknowledged', actor: c.input.actor, at });
    }
    case 'submit': {
      const r = guard(m, 'submit', c.input, 'act');
      if (r) return { ok: false, refusal: r };
      if (!c.input.submission || blank(c.input.submission.text)) return refuse('Invalid', 'submission.text must not be empty');
      // A consolidating level may report before its deadline while subordinates are missing: that is a partial
      // report naming them (it waits in progress for the rest); the complete report follows once they have reported,
      // or at the deadline, when it names the units still missing.
      const missing = missingReports(m);
      const base = { actor: c.input.actor, at, text: c.input.submission.text, attachments: c.input.submission.attachments ?? [], missing };
      if (missing.length && (!m.s.due || now < deadlineAt(m.s.due))) return accept({ type: 'partial_reported', ...base });
      return accept({ type: 'submitted', ...base, resubmission: m.s.state === 'returned' });
    }
    case 'approve': {
      const r = guard(m, 'approve', c.input, 'decide');
      return r ? { ok: false, refusal: r } : accept({ type: 'approved', actor: c.input.actor, at, comment: c.input.comment ?? null });
    }
    case 'return': {
      const r = guard(m, 'return', c.input, 'decide');
      if (r) return { ok: false, refusal: r };
      if (blank(c.input.comment)) return refuse('Invalid', 'comment is required when returning a submission');
      return accept({ type: 'returned', actor: c.input.actor, at, comment: c.input.comment });
    }
    case 'request_coordination': {
      const a = c.input;
      const r = guard(m, 'request_coordination', a, 'act');
      if (r) return { ok: false, refusal: r };
      if (m.s.kind === 'coordination') return refuse('Invalid', 'a coordination request cannot itself ask for coordination');
      if (!Array.isArray(a.unitIds) || a.unitIds.length === 0) return refuse('Invalid', 'unitIds must name at least one unit');
      if (a.unitIds.length > MAX_COORDINATION_UNITS) return refuse('Invalid', `unitIds may name at most ${MAX_COORDINATION_UNITS} units`);
      if (new Set(a.unitIds).size !== a.unitIds.length) return refuse('Invalid', 'unitIds must not repeat a unit');
      if (a.unitIds.includes(m.s.unitId)) return refuse('Invalid', 'a unit cannot ask itself for coordination');
      if (a.due != null && !isValidDate(a.due)) return refuse('Invalid', 'due must be a date YYYY-MM-DD');
      if (blank(a.requestId)) return refuse('Invalid', 'requestId is required');
      if (m.s.coordination.some((x) => x.id === a.requestId)) return refuse('Duplicate', `coordination request ${a.requestId} exists`);
      const childWorkflowIds = a.unitIds.map((u) => workflowIds.assignment(m.s.planId, m.s.taskId, m.s.periodKey, u, 'coordination', `${m.s.assignmentId}:${a.requestId}`));
      return accept({
        type: 'coordination_requested',
        actor: a.actor,
        at,
        request: { id: a.requestId, unitIds: [...a.unitIds], due: a.due ?? null, message: a.message, childAssignmentIds: childWorkflowIds.map(stableUuid) },
        childWorkflowIds,
      });
    }
    case 'request_extension': {
      const a = c.input;
      const r = guard(m, 'request_extension', a, 'act');
      if (r) return { ok: false, refusal: r };
      if (!isValidDate(a.requestedDue)) return refuse('Invalid', 'requestedDue must be a date YYYY-MM-DD');
      if (m.s.due && a.requestedDue <= m.s.due) return refuse('Invalid', `requestedDue must be after the current due date ${m.s.due}`);
      if (blank(a.reason)) return refuse('Invalid', 'reason is required');
      if (m.s.extensions.some((e) => e.status === 'pending')) return refuse('InvalidTransition', 'an extension request is already pending');
      if (m.s.extensions.some((e) => e.id === a.requestId)) return refuse('Duplicate', `extension request ${a.requestId} exists`);
      return accept({ type: 'extension_requested', actor: a.actor, at, requestId: a.requestId, requestedDue: a.requestedDue, reason: a.reason });
    }
    case 'decide_extension': {
      const a = c.input;
      const r = guard(m, 'decide_extension', a, 'decide');
      if (r) return { ok: false, refusal: r };
      const ext = m.s.extensions.find((e) => e.id === a.requestId);
      if (!ext) return refuse('NotFound', `extension request ${a.requestId} not found`);
      if (ext.status !== 'pending') return refuse('InvalidTransition', `extension request ${a.requestId} is already ${ext.status}`);
      return accept({ type: 'extension_decided', actor: a.actor, at, requestId: a.requestId, grant: a.grant === true, comment: a.comment ?? null });
    }
    case 'request_explanation': {
      // A supervisor of the reviewer unit asks an overdue unit why (yêu cầu giải trình); one open request at a time.
      const a = c.input;
      const r = guard(m, 'request_explanation', a, 'decide');
      if (r) return { ok: false, refusal: r };
      if (!isOverdueAt(m, now)) return refuse('InvalidTransition', `only an overdue assignment can be asked for an explanation (due ${m.s.due ?? 'none'})`);
      if (blank(a.requestId)) return refuse('Invalid', 'requestId is required');
      if (blank(a.message)) return refuse('Invalid', 'message is required');
      const asked = m.s.explanations ?? [];
      if (asked.some((x) => x.id === a.requestId)) return refuse('Duplicate', `explanation request ${a.requestId} exists`);
      if (asked.some((x) => x.status === 'pending')) return refuse('InvalidTransition', 'an explanation request is already waiting for an answer');
      return accept({ type: 'explanation_requested', actor: a.actor, at, requestId: a.requestId, message: a.message });
    }
    case 'answer_explanation': {
      // The unit answers with its reason and the date by which it will finish (today or later, Vietnamese date).
      const a = c.input;
      const r = guard(m, 'answer_explanation', a, 'act');
      if (r) return { ok: false, refusal: r };
      const x = (m.s.explanations ?? []).find((y) => y.id === a.requestId);
      if (!x) return refuse('NotFound', `explanation request ${a.requestId} not found`);
      if (x.status !== 'pending') return refuse('InvalidTransition', `explanation request ${a.requestId} is already answered`);
      if (blank(a.reason)) return refuse('Invalid', 'reason is required');
      if (!isValidDate(a.newDue)) return refuse('Invalid', 'newDue must be a date YYYY-MM-DD');
      if (compareDates(a.newDue, vnDateOf(now)) < 0) return refuse('Invalid', `newDue must not be before today (${vnDateOf(now)})`);
      return accept({ type: 'explanation_answered', actor: a.actor, at, requestId: a.requestId, reason: a.reason, newDue: a.newDue });
    }
    // ---- signals: never refused with a message (nobody waits for an answer); ignored when they change nothing ----
    case 'comment':
      if (isTerminal(m) || blank(c.input.text)) return accept();
      return accept({ type: 'commented', actor: c.input.actor, at, commentId: c.input.commentId, text: c.input.text });
    case 'reassign': {
      if (isTerminal(m)) return accept();
      const r = c.input;
      // A reorganisation also moves the consolidation's expected reporters (the unit that went is now its successor).
      const expects = m.s.consolidation?.expected.includes(r.fromUnitId) ?? false;
      if (m.s.unitId !== r.fromUnitId && m.s.reviewerUnitId !== r.fromUnitId && !expects) return accept();
      const split = {
        ...(r.shares?.length && m.s.unitId === r.fromUnitId && m.s.consolidation ? { shares: r.shares } : {}),
        ...(r.toUnitIds?.length && expects ? { toUnitIds: r.toUnitIds } : {}),
        ...(r.reportToWorkflowId ? { reportToWorkflowId: r.reportToWorkflowId } : {}),
      };
      return accept({ type: 'reassigned', actor: r.actor, at, fromUnitId: r.fromUnitId, toUnitId: r.toUnitId, reason: r.reason, ...split });
    }
    case 'change_due':
      if (isTerminal(m) || c.input.due === m.s.due) return accept();
      if (c.input.due !== null && !isValidDate(c.input.due)) return accept();
      return accept({ type: 'due_changed', actor: c.input.actor, at, due: c.input.due, reason: c.input.reason });
    case 'subordinate_reported':
      if (!m.s.consolidation || m.s.consolidation.reported.some((x) => x.unitId === c.input.unitId)) return accept();
      return accept({ type: 'subordinate_reported', actor: SYSTEM_ACTOR, at, report: c.input });
    case 'coordination_answered':
      return accept({ type: 'coordination_answered', actor: SYSTEM_ACTOR, at, assignmentId: c.input.assignmentId, unitId: c.input.unitId });
    case 'absorb': {
      // Only an open consolidation of the unit the reorganisation names is absorbed; anything else is ignored.
      const a = c.input;
      const cons = m.s.consolidation;
      if (isTerminal(m) || !cons || m.s.unitId !== a.fromUnitId || a.intoWorkflowId === m.s.workflowId) return accept();
      const got = new Set(cons.reported.map((x) => x.unitId));
      const away = new Set((a.shares ?? []).flatMap((x) => x.expected).filter((u) => !got.has(u)));
      const started = (a.shares ?? []).filter((x) => !x.existing).map((x) => x.workflowId);
      const handover = { expected: cons.expected.filter((u) => !away.has(u)), reported: cons.reported.map((x) => ({ ...x })), shares: [...(m.shares ?? []), ...started] };
      const { actor, reorganisationId, reason, fromUnitId, toUnitId, intoWorkflowId, intoAssignmentId } = a;
      return accept({ type: 'absorbed', actor, at, reorganisationId, reason, fromUnitId, toUnitId, intoWorkflowId, intoAssignmentId, ...(a.shares?.length ? { shares: a.shares } : {}), handover });
    }
    case 'take_over': {
      // A finished consolidation has already reported upwards: it takes nothing over (the absorbed one said so in
      // its history). The same hand-over arriving twice changes nothing.
      const h = c.input;
      const cons = m.s.consolidation;
      if (isTerminal(m) || !cons || (m.absorbedFrom ?? []).includes(h.fromAssignmentId)) return accept();
      const got = new Set(cons.reported.map((x) => x.unitId));
      const reported = h.reported.filter((x) => !got.has(x.unitId) && x.unitId !== m.s.unitId);
      const awaited = new Set(cons.expected);
      const expected = [...new Set([...h.expected, ...reported.map((x) => x.unitId)])].filter((u) => !awaited.has(u) && u !== m.s.unitId);
      const shares = (h.shares ?? []).filter((x) => !(m.shares ?? []).includes(x));
      return accept({ type: 'taken_over', actor: h.actor, at, reorganisationId: h.reorganisationId ?? null, reason: h.reason, fromAssignmentId: h.fromAssignmentId, fromUnitId: h.fromUnitId, expected, reported, shares });
    }
    case 'deadline': {
      const ev = c.event;
      if (isTerminal(m) || m.fired.includes(firedKey(m, ev))) return accept();
      if (ev.kind === 'reminder') {
        if (now - ev.at > c.staleAfterMs) return accept({ type: 'deadline_skipped', key: ev.key });
        return accept({ type: 'reminder_sent', actor: SYSTEM_ACTOR, at, key: ev.key, daysBefore: ev.daysBefore ?? null });
      }
      if (ev.kind === 'overdue') return accept({ type: 'overdue', actor: SYSTEM_ACTOR, at, key: ev.key, missing: missingReports(m) });
      return accept({ type: 'escalated', actor: SYSTEM_ACTOR, at, key: ev.key, level: ev.kind === 'escalate_supervisor' ? 1 : 2, toUnitId: c.escalateTo ?? null });
    }
    case 'calendar_changed': {
      if (isTerminal(m) || !m.s.due) return accept();
      // Only what is still to come matters: a handled event keeps its record (a holiday added after the overdue
      // fired does not take the overdue back).
      const moves = deadlineMoves({ due: m.s.due, ...c.policy }, c.before, c.after).filter((x) => !m.fired.includes(firedKey(m, x)));
      return moves.length ? accept({ type: 'deadlines_moved', at, dates: [...c.dates], moves }) : accept();
    }
    case 'cancel':
      if (isTerminal(m)) return accept();
      return accept({ type: 'cancelled', actor: SYSTEM_ACTOR, at, reason: c.reason, notReported: m.s.state !== 'submitted' && isOverdueAt(m, now) });
  }
}

/** Whether the event is written to the read model and the audit trail (and so takes an event key). */
export const isRecorded = (e: AssignmentDomainEvent) => e.type !== 'deadline_skipped' && e.type !== 'deadlines_moved';

const withMissing = (c: ConsolidationState | null, missing: string[]): ConsolidationState | null =>
  c && missing.length ? { ...c, missingAtDeadline: missing } : c;

export function evolve(m: AssignmentModel, e: AssignmentDomainEvent): AssignmentModel {
  const s: AssignmentSnapshot = { ...m.s, extensions: m.s.extensions.map((x) => ({ ...x })), coordination: [...m.s.coordination] };
  const n: AssignmentModel = { ...m, s, seq: isRecorded(e) ? m.seq + 1 : m.seq, fired: [...m.fired], openCoordination: [...m.openCoordination] };
  const bump = () => void (s.version += 1);
  const to = (state: AssignmentState) => {
    s.state = state;
    bump();
  };
  switch (e.type) {
    case 'acknowledged':
      to('acknowledged');
      break;
    case 'submitted':
      to('submitted');
      s.submissionVersion += 1;
      n.submittedAt = e.at;
      s.consolidation = withMissing(s.consolidation, e.missing);
      if (s.consolidation && !e.missing.length && s.consolidation.missingAtDeadline) s.consolidation = { ...s.consolidation, missingAtDeadline: null };
      break;
    case 'partial_reported':
      if (s.state === 'assigned' || s.state === 'acknowledged') s.state = 'in_progress';
      bump();
      s.submissionVersion += 1;
      break;
    case 'approved':
      to('approved');
      n.approvedAt = e.at;
      break;
    case 'returned':
      to('returned');
      break;
    case 'coordination_requested':
      if (s.state === 'acknowledged') s.state = 'in_progress';
      bump();
      s.coordination.push(e.request);
      n.openCoordination = [...new Set([...n.openCoordination, ...e.childWorkflowIds])];
      break;
    case 'extension_requested':
      if (s.state === 'acknowledged') s.state = 'in_progress';
      bump();
      s.extensions.push({ id: e.requestId, requestedDue: e.requestedDue, reason: e.reason, requestedBy: e.actor.userId, status: 'pending' });
      break;
    case 'extension_decided': {
      const x = s.extensions.find((y) => y.id === e.requestId);
      if (x) {
        x.status = e.grant ? 'granted' : 'refused';
        x.decidedBy = e.actor.userId;
        x.comment = e.comment;
        if (e.grant) s.due = x.requestedDue;
      }
      bump();
      break;
    }
    case 'commented':
      break;
    case 'explanation_requested':
      s.explanations = [...(m.s.explanations ?? []), { id: e.requestId, message: e.message, requestedBy: e.actor.userId, requestedByUnitId: e.actor.unitId, requestedAt: e.at, status: 'pending' }];
      bump();
      break;
    case 'explanation_answered':
      s.explanations = (m.s.explanations ?? []).map((x) => (x.id === e.requestId ? { ...x, status: 'answered' as const, reason: e.reason, newDue: e.newDue, answeredBy: e.actor.userId, answeredAt: e.at } : x));
      bump();
      break;
    case 'reassigned':
      if (s.unitId === e.fromUnitId) s.unitId = e.toUnitId;
      if (s.reviewerUnitId === e.fromUnitId) s.reviewerUnitId = e.toUnitId;
      if (s.consolidation?.expected.includes(e.fromUnitId)) {
        const c = s.consolidation;
        // A unit split among several successors is awaited from each of them.
        const successors = e.toUnitIds?.length ? e.toUnitIds : [e.toUnitId];
        const expected = [...new Set(c.expected.flatMap((u) => (u === e.fromUnitId ? successors : [u])))];
        const reported = c.reported.map((x) => (x.unitId === e.fromUnitId ? { ...x, unitId: e.toUnitId } : x));
        s.consolidation = { ...c, expected, reported };
      }
      if (e.shares?.length && s.consolidation) {
        // The reporters that went to the other successors' shares are no longer awaited here; a report already
        // received stays with the consolidation that received it.
        const c = s.consolidation;
        const got = new Set(c.reported.map((x) => x.unitId));
        const away = new Set(e.shares.flatMap((x) => x.expected).filter((u) => !got.has(u)));
        s.consolidation = { ...c, expected: c.expected.filter((u) => !away.has(u)) };
        // A share routed into a consolidation the successor already had is not a child of this one.
        n.shares = [...(n.shares ?? []), ...e.shares.filter((x) => !x.existing).map((x) => x.workflowId)];
      }
      if (e.reportToWorkflowId) s.reportToWorkflowId = e.reportToWorkflowId;
      bump();
      break;
    case 'absorbed':
      // Ends as merged: what it awaited and received now belongs to the surviving consolidation.
      if (s.consolidation) s.consolidation = { ...s.consolidation, expected: e.handover.expected };
      n.shares = [];
      to('cancelled');
      break;
    case 'taken_over': {
      const c = s.consolidation!;
      s.consolidation = { ...c, expected: [...c.expected, ...e.expected], reported: [...c.reported, ...e.reported] };
      n.absorbedFrom = [...(m.absorbedFrom ?? []), e.fromAssignmentId];
      if (e.shares.length) n.shares = [...(m.shares ?? []), ...e.shares];
      bump();
      break;
    }
    case 'due_changed':
      s.due = e.due;
      bump();
      break;
    case 'subordinate_reported': {
      const c = s.consolidation!;
      s.consolidation = {
        ...c,
        reported: [...c.reported, e.report],
        expected: c.expected.includes(e.report.unitId) ? c.expected : [...c.expected, e.report.unitId],
      };
      bump();
      break;
    }
    case 'coordination_answered':
      bump();
      break;
    case 'deadlines_moved':
      // The schedule is derived (due date, policy, calendar): the shell holds the calendar, nothing here changes.
      break;
    case 'reminder_sent':
    case 'deadline_skipped':
      n.fired.push(`${s.due}:${e.key}`);
      break;
    case 'overdue':
      n.fired.push(`${s.due}:${e.key}`);
      s.overdueNotified = true;
      s.consolidation = withMissing(s.consolidation, e.missing);
      bump();
      break;
    case 'escalated':
      n.fired.push(`${s.due}:${e.key}`);
      s.escalationLevel = e.level;
      bump();
      break;
    case 'cancelled':
      to('cancelled');
      break;
  }
  return n;
}

/** decide then evolve: the events and the state they lead to. */
export function decideAndEvolve(m: AssignmentModel, c: AssignmentCommand, now: number): { ok: true; events: AssignmentDomainEvent[]; next: AssignmentModel } | { ok: false; refusal: Refusal } {
  const d = decide(m, c, now);
  if (!d.ok) return d;
  return { ok: true, events: d.events, next: d.events.reduce(evolve, m) };
}

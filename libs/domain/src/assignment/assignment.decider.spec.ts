import type { Actor, AssignmentState, Role } from '@khflow/contracts';
import { MAX_COORDINATION_UNITS as MAX_UNIT_IDS_PER_REQUEST } from '@khflow/contracts';
import { deadlineAt } from '../time.util';
import { buildCalendar } from '../calendar/working-calendar';
import { type AssignmentCommand, type AssignmentModel, type RefusalType, decide, decideAndEvolve, evolve, firedKey, initialAssignment, missingReports } from './assignment.decider';
import { recordOf, startAssignment } from './assignment.projection';

const who = (unitId: string, ...roles: Role[]): Actor => ({ userId: `u-${unitId}`, unitId, roles });
const officer = who('school', 'officer');
const supervisor = who('office', 'supervisor');
const DUE = '2026-06-15';
const BEFORE = Date.parse('2026-06-10T03:00:00Z');
const AFTER = Date.parse('2026-06-20T03:00:00Z');

function model(over: { state?: AssignmentState; version?: number; kind?: 'lead' | 'consolidation' | 'coordination'; expected?: string[]; reported?: string[]; pendingExtension?: boolean; submittedAt?: string | null; due?: string | null; explanation?: 'pending' | 'answered' } = {}): AssignmentModel {
  const m = initialAssignment({
    assignmentId: 'a1',
    workflowId: 'asg:p:t:once:school',
    planId: 'p',
    taskId: 't',
    periodKey: 'once',
    unitId: 'school',
    kind: over.kind ?? 'lead',
    reviewerUnitId: 'office',
    due: over.due === undefined ? DUE : over.due,
    expectedSubordinates: over.expected,
  });
  m.seq = 1;
  if (over.state) m.s.state = over.state;
  if (over.version) m.s.version = over.version;
  if (over.reported && m.s.consolidation) m.s.consolidation.reported = over.reported.map((unitId) => ({ unitId, assignmentId: `a-${unitId}`, approvedAt: '2026-06-01T00:00:00Z', onTime: true }));
  if (over.pendingExtension) m.s.extensions.push({ id: 'x1', requestedDue: '2026-07-01', reason: 'r', requestedBy: 'u', status: 'pending' });
  if (over.submittedAt !== undefined) m.submittedAt = over.submittedAt;
  if (over.explanation) m.s.explanations = [{ id: 'e1', message: 'vì sao chậm?', requestedBy: 'u-office', requestedByUnitId: 'office', requestedAt: '2026-06-16T03:00:00Z', status: over.explanation }];
  return m;
}

type Case = [string, AssignmentModel, AssignmentCommand, number, string[] | RefusalType];

// Issue 17: calendar edits. DUE is Monday 15/06/2026; weekends only, then one day made a holiday.
const WEEKENDS = buildCalendar([]);
const POLICY = { reminderOffsetsDays: [3, 1], escalateSupervisorAfterHours: 48, escalateNextLevelAfterHours: 72 };
const holidayOn = (date: string): AssignmentCommand => ({ type: 'calendar_changed', dates: [date], before: WEEKENDS, after: buildCalendar([{ date, kind: 'holiday', name: 'Nghỉ bù' }]), policy: POLICY });
const ABSORB = { actor: supervisor, reorganisationId: 'r1', reason: 'Sáp nhập', fromUnitId: 'school', toUnitId: 'c', intoWorkflowId: 'wf-c', intoAssignmentId: 'a-c' };
const report = (unitId: string) => ({ unitId, assignmentId: `a-${unitId}`, approvedAt: '2026-06-01T00:00:00Z', onTime: true });
const HANDOVER = { actor: supervisor, reason: 'Sáp nhập', reorganisationId: 'r1', fromAssignmentId: 'a-b', fromUnitId: 'b', expected: ['s1', 's2', 's3'], reported: [report('s2')], shares: [] };

// (state, command, now) → events or refusal: the whole rule book of one assignment.
const CASES: Case[] = [
  // acknowledge
  ['officer acknowledges an assigned task', model(), { type: 'acknowledge', input: { actor: officer } }, BEFORE, ['acknowledged']],
  ['a supervisor of the unit may act too', model(), { type: 'acknowledge', input: { actor: who('school', 'supervisor') } }, BEFORE, ['acknowledged']],
  ['acknowledging twice is refused', model({ state: 'acknowledged' }), { type: 'acknowledge', input: { actor: officer } }, BEFORE, 'InvalidTransition'],
  ['another unit cannot acknowledge', model(), { type: 'acknowledge', input: { actor: who('other', 'officer') } }, BEFORE, 'Forbidden'],
  ['an inspector cannot acknowledge', model(), { type: 'acknowledge', input: { actor: who('school', 'inspector') } }, BEFORE, 'Forbidden'],
  ['a stale expected version is refused', model({ version: 3 }), { type: 'acknowledge', input: { actor: officer, expectedVersion: 2 } }, BEFORE, 'VersionConflict'],
  ['the current expected version passes', model({ version: 3 }), { type: 'acknowledge', input: { actor: officer, expectedVersion: 3 } }, BEFORE, ['acknowledged']],
  // submit
  ['submit from assigned', model(), { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }, BEFORE, ['submitted']],
  ['submit from returned (resubmission)', model({ state: 'returned' }), { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }, BEFORE, ['submitted']],
  ['submit while waiting for review', model({ state: 'submitted' }), { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }, BEFORE, 'InvalidTransition'],
  ['submit with blank text', model(), { type: 'submit', input: { actor: officer, submission: { text: '  ' } } }, BEFORE, 'Invalid'],
  ['submit after approval', model({ state: 'approved' }), { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }, BEFORE, 'InvalidTransition'],
  ['consolidation with missing reports before the deadline: a partial report', model({ kind: 'consolidation', expected: ['s1', 's2'], reported: ['s1'] }), { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }, BEFORE, ['partial_reported']],
  ['consolidation with missing reports after the deadline: the report names them', model({ kind: 'consolidation', expected: ['s1', 's2'], reported: ['s1'] }), { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }, AFTER, ['submitted']],
  ['consolidation with every report: the complete report', model({ kind: 'consolidation', expected: ['s1', 's2'], reported: ['s1', 's2'] }), { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }, BEFORE, ['submitted']],
  // approve / return
  ['the reviewer approves', model({ state: 'submitted' }), { type: 'approve', input: { actor: supervisor } }, BEFORE, ['approved']],
  ['an officer of the reviewer cannot approve', model({ state: 'submitted' }), { type: 'approve', input: { actor: who('office', 'officer') } }, BEFORE, 'Forbidden'],
  ['the assignee’s supervisor cannot approve its own work', model({ state: 'submitted' }), { type: 'approve', input: { actor: who('school', 'supervisor') } }, BEFORE, 'Forbidden'],
  ['nothing to approve before a submission', model(), { type: 'approve', input: { actor: supervisor } }, BEFORE, 'InvalidTransition'],
  ['the reviewer returns with a comment', model({ state: 'submitted' }), { type: 'return', input: { actor: supervisor, comment: 'more data' } }, BEFORE, ['returned']],
  ['returning needs a comment', model({ state: 'submitted' }), { type: 'return', input: { actor: supervisor, comment: ' ' } }, BEFORE, 'Invalid'],
  // coordination
  ['ask a coordinating unit', model(), { type: 'request_coordination', input: { actor: officer, requestId: 'c1', unitIds: ['helper'], due: null, message: 'm' } }, BEFORE, ['coordination_requested']],
  ['no units', model(), { type: 'request_coordination', input: { actor: officer, requestId: 'c1', unitIds: [], due: null, message: 'm' } }, BEFORE, 'Invalid'],
  [`more than ${MAX_UNIT_IDS_PER_REQUEST} units`, model(), { type: 'request_coordination', input: { actor: officer, requestId: 'c1', unitIds: Array.from({ length: MAX_UNIT_IDS_PER_REQUEST + 1 }, (_, i) => `u${i}`), due: null, message: 'm' } }, BEFORE, 'Invalid'],
  ['a repeated unit', model(), { type: 'request_coordination', input: { actor: officer, requestId: 'c1', unitIds: ['h', 'h'], due: null, message: 'm' } }, BEFORE, 'Invalid'],
  ['asking itself', model(), { type: 'request_coordination', input: { actor: officer, requestId: 'c1', unitIds: ['school'], due: null, message: 'm' } }, BEFORE, 'Invalid'],
  ['an impossible due date', model(), { type: 'request_coordination', input: { actor: officer, requestId: 'c1', unitIds: ['h'], due: '2026-13-45', message: 'm' } }, BEFORE, 'Invalid'],
  ['a coordination request cannot ask further', model({ kind: 'coordination' }), { type: 'request_coordination', input: { actor: officer, requestId: 'c1', unitIds: ['h'], due: null, message: 'm' } }, BEFORE, 'Invalid'],
  // extensions
  ['request an extension', model({ state: 'acknowledged' }), { type: 'request_extension', input: { actor: officer, requestId: 'x1', requestedDue: '2026-07-01', reason: 'r' } }, BEFORE, ['extension_requested']],
  ['an extension must move the date later', model(), { type: 'request_extension', input: { actor: officer, requestId: 'x1', requestedDue: DUE, reason: 'r' } }, BEFORE, 'Invalid'],
  ['one pending request at a time', model({ pendingExtension: true }), { type: 'request_extension', input: { actor: officer, requestId: 'x2', requestedDue: '2026-07-02', reason: 'r' } }, BEFORE, 'InvalidTransition'],
  ['the reviewer grants', model({ pendingExtension: true }), { type: 'decide_extension', input: { actor: supervisor, requestId: 'x1', grant: true } }, BEFORE, ['extension_decided']],
  ['an unknown request', model({ pendingExtension: true }), { type: 'decide_extension', input: { actor: supervisor, requestId: 'nope', grant: true } }, BEFORE, 'NotFound'],
  // explanation requests (yêu cầu giải trình)
  ['the reviewer asks an overdue unit for an explanation', model(), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e1', message: 'Đề nghị giải trình' } }, AFTER, ['explanation_requested']],
  ['work still within its deadline is not asked', model(), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e1', message: 'm' } }, BEFORE, 'InvalidTransition'],
  ['work without a due date is never overdue', model({ due: null }), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e1', message: 'm' } }, AFTER, 'InvalidTransition'],
  ['work waiting for review is not asked', model({ state: 'submitted', submittedAt: '2026-06-18T00:00:00Z' }), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e1', message: 'm' } }, AFTER, 'InvalidTransition'],
  ['an officer of the reviewer cannot ask', model(), { type: 'request_explanation', input: { actor: who('office', 'officer'), requestId: 'e1', message: 'm' } }, AFTER, 'Forbidden'],
  ['the assignee’s own supervisor cannot ask', model(), { type: 'request_explanation', input: { actor: who('school', 'supervisor'), requestId: 'e1', message: 'm' } }, AFTER, 'Forbidden'],
  ['asking needs a message', model(), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e1', message: ' ' } }, AFTER, 'Invalid'],
  ['one open request at a time', model({ explanation: 'pending' }), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e2', message: 'm' } }, AFTER, 'InvalidTransition'],
  ['a request id is used once', model({ explanation: 'answered' }), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e1', message: 'm' } }, AFTER, 'Duplicate'],
  ['asking again after an answer', model({ explanation: 'answered' }), { type: 'request_explanation', input: { actor: supervisor, requestId: 'e2', message: 'm' } }, AFTER, ['explanation_requested']],
  ['the unit answers with a reason and a new date', model({ explanation: 'pending' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'thiếu số liệu', newDue: '2026-06-25' } }, AFTER, ['explanation_answered']],
  ['the new date may be today', model({ explanation: 'pending' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'r', newDue: '2026-06-20' } }, AFTER, ['explanation_answered']],
  ['the new date cannot be in the past', model({ explanation: 'pending' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'r', newDue: '2026-06-19' } }, AFTER, 'Invalid'],
  ['the new date must be a date', model({ explanation: 'pending' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'r', newDue: '2026-02-30' } }, AFTER, 'Invalid'],
  ['an answer needs a reason', model({ explanation: 'pending' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: '', newDue: '2026-06-25' } }, AFTER, 'Invalid'],
  ['an unknown request', model({ explanation: 'pending' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'nope', reason: 'r', newDue: '2026-06-25' } }, AFTER, 'NotFound'],
  ['a request is answered once', model({ explanation: 'answered' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'r', newDue: '2026-06-25' } }, AFTER, 'InvalidTransition'],
  ['the reviewer cannot answer for the unit', model({ explanation: 'pending' }), { type: 'answer_explanation', input: { actor: supervisor, requestId: 'e1', reason: 'r', newDue: '2026-06-25' } }, AFTER, 'Forbidden'],
  ['a report sent meanwhile still lets the unit answer', model({ explanation: 'pending', state: 'submitted', submittedAt: '2026-06-18T00:00:00Z' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'r', newDue: '2026-06-25' } }, AFTER, ['explanation_answered']],
  ['finished work takes no answer', model({ explanation: 'pending', state: 'approved' }), { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'r', newDue: '2026-06-25' } }, AFTER, 'InvalidTransition'],
  // signals: applied or ignored, never refused
  ['a comment', model(), { type: 'comment', input: { actor: officer, commentId: 'k', text: 't' } }, BEFORE, ['commented']],
  ['a comment on finished work is ignored', model({ state: 'approved' }), { type: 'comment', input: { actor: officer, commentId: 'k', text: 't' } }, BEFORE, []],
  ['reassignment of the assignee', model(), { type: 'reassign', input: { actor: supervisor, fromUnitId: 'school', toUnitId: 'school2', reason: 'merge' } }, BEFORE, ['reassigned']],
  ['reassignment of an unrelated unit is ignored', model(), { type: 'reassign', input: { actor: supervisor, fromUnitId: 'x', toUnitId: 'y', reason: 'merge' } }, BEFORE, []],
  ['a new due date', model(), { type: 'change_due', input: { actor: supervisor, due: '2026-06-30', reason: 'r' } }, BEFORE, ['due_changed']],
  ['the same due date is ignored', model(), { type: 'change_due', input: { actor: supervisor, due: DUE, reason: 'r' } }, BEFORE, []],
  ['a subordinate reports', model({ kind: 'consolidation', expected: ['s1'] }), { type: 'subordinate_reported', input: { unitId: 's1', assignmentId: 'a-s1', approvedAt: 'x', onTime: true } }, BEFORE, ['subordinate_reported']],
  ['a subordinate reporting twice is ignored', model({ kind: 'consolidation', expected: ['s1'], reported: ['s1'] }), { type: 'subordinate_reported', input: { unitId: 's1', assignmentId: 'a-s1', approvedAt: 'x', onTime: true } }, BEFORE, []],
  // a reorganisation merging consolidating units: the absorbed one hands over, the surviving one takes over
  ['an open consolidation of the merged unit is absorbed', model({ kind: 'consolidation', expected: ['s1'] }), { type: 'absorb', input: ABSORB }, BEFORE, ['absorbed']],
  ['a consolidation waiting for review is absorbed too', model({ kind: 'consolidation', expected: ['s1'], state: 'submitted' }), { type: 'absorb', input: ABSORB }, BEFORE, ['absorbed']],
  ['a finished consolidation is not absorbed', model({ kind: 'consolidation', expected: ['s1'], state: 'approved' }), { type: 'absorb', input: ABSORB }, BEFORE, []],
  ['lead work is never absorbed', model(), { type: 'absorb', input: ABSORB }, BEFORE, []],
  ['an absorb naming another unit is ignored', model({ kind: 'consolidation', expected: ['s1'] }), { type: 'absorb', input: { ...ABSORB, fromUnitId: 'x' } }, BEFORE, []],
  ['a consolidation is not absorbed into itself', model({ kind: 'consolidation', expected: ['s1'] }), { type: 'absorb', input: { ...ABSORB, intoWorkflowId: 'asg:p:t:once:school' } }, BEFORE, []],
  ['the surviving consolidation takes over', model({ kind: 'consolidation', expected: ['s1'] }), { type: 'take_over', input: HANDOVER }, BEFORE, ['taken_over']],
  ['the same hand-over twice changes nothing', { ...model({ kind: 'consolidation', expected: ['s1'] }), absorbedFrom: ['a-b'] }, { type: 'take_over', input: HANDOVER }, BEFORE, []],
  ['a finished consolidation takes nothing over', model({ kind: 'consolidation', expected: ['s1'], state: 'approved' }), { type: 'take_over', input: HANDOVER }, BEFORE, []],
  ['lead work takes nothing over', model(), { type: 'take_over', input: HANDOVER }, BEFORE, []],
  // deadlines
  ['a reminder on time', model(), { type: 'deadline', event: { key: 'reminder:3', kind: 'reminder', at: BEFORE, daysBefore: 3 }, staleAfterMs: 3600_000 }, BEFORE + 1000, ['reminder_sent']],
  ['a stale reminder is skipped', model(), { type: 'deadline', event: { key: 'reminder:7', kind: 'reminder', at: BEFORE - 86_400_000, daysBefore: 7 }, staleAfterMs: 3600_000 }, BEFORE, ['deadline_skipped']],
  ['overdue', model(), { type: 'deadline', event: { key: 'overdue', kind: 'overdue', at: deadlineAt(DUE) }, staleAfterMs: 0 }, AFTER, ['overdue']],
  ['escalation to the supervisor', model(), { type: 'deadline', event: { key: 'escalate:1', kind: 'escalate_supervisor', at: deadlineAt(DUE) }, escalateTo: 'office', staleAfterMs: 0 }, AFTER, ['escalated']],
  ['no deadline events for finished work', model({ state: 'approved' }), { type: 'deadline', event: { key: 'overdue', kind: 'overdue', at: deadlineAt(DUE) }, staleAfterMs: 0 }, AFTER, []],
  // calendar edits (issue 17): the decider says whether the schedule moves
  ['a holiday on the due day moves the deadline', model(), holidayOn(DUE), BEFORE, ['deadlines_moved']],
  ['a holiday between a reminder and the due day moves the reminder', model(), holidayOn('2026-06-11'), BEFORE, ['deadlines_moved']],
  ['a holiday after the due day changes nothing', model(), holidayOn('2026-06-16'), BEFORE, []],
  ['a holiday weeks before changes nothing', model(), holidayOn('2026-05-20'), BEFORE, []],
  ['finished work does not move', model({ state: 'approved' }), holidayOn(DUE), BEFORE, []],
  ['work without a due date has nothing to move', model({ due: null }), holidayOn(DUE), BEFORE, []],
  ['submitted work still moves (its schedule resumes if returned)', model({ state: 'submitted' }), holidayOn(DUE), BEFORE, ['deadlines_moved']],
  // cancellation
  ['cancellation of open work', model(), { type: 'cancel', reason: 'cancelled' }, BEFORE, ['cancelled']],
  ['cancellation of finished work changes nothing', model({ state: 'approved' }), { type: 'cancel', reason: 'cancelled' }, BEFORE, []],
];

describe('assignment decider: (state, command, now) → events | refusal', () => {
  it.each(CASES)('%s', (_label, m, command, now, expected) => {
    const d = decide(m, command, now);
    if (typeof expected === 'string') {
      expect(d).toMatchObject({ ok: false, refusal: { type: expected } });
    } else {
      expect(d.ok).toBe(true);
      if (d.ok) expect(d.events.map((e) => e.type)).toEqual(expected);
    }
  });
});

describe('evolve and the records it leads to', () => {
  const run = (m: AssignmentModel, c: AssignmentCommand, now = BEFORE) => {
    const r = decideAndEvolve(m, c, now);
    if (!r.ok) throw new Error(r.refusal.message);
    return r;
  };

  it('bumps the version once per state change, and answers with it', () => {
    let m = model();
    m = run(m, { type: 'acknowledge', input: { actor: officer } }).next;
    expect(m.s).toMatchObject({ state: 'acknowledged', version: 2 });
    m = run(m, { type: 'comment', input: { actor: officer, commentId: 'k', text: 't' } }).next;
    expect(m.s.version).toBe(2); // a comment changes no state
    m = run(m, { type: 'submit', input: { actor: officer, submission: { text: 'r' } } }).next;
    expect(m.s).toMatchObject({ state: 'submitted', version: 3, submissionVersion: 1 });
    expect(m.seq).toBe(4); // created, acknowledged, commented, submitted
  });

  it('records each event with its own key, before/after rows and a kind-plus-parameters notification', () => {
    const start = startAssignment(model({}), { title: 'Báo cáo', parentAssignmentId: null }, '2026-06-01T00:00:00Z');
    expect(start.record.eventKey).toBe('asg:p:t:once:school#2:assignment.created');
    const prev = model({ state: 'submitted', submittedAt: '2026-06-09T00:00:00Z' });
    const r = run(prev, { type: 'return', input: { actor: supervisor, comment: 'thêm số liệu' } });
    const rec = recordOf(prev, r.next, r.events[0], { title: 'Báo cáo', parentAssignmentId: null })!;
    expect(rec).toMatchObject({
      eventKey: 'asg:p:t:once:school#2:assignment.returned',
      before: { state: 'submitted', version: 1 },
      patch: { state: 'returned', version: 2 },
      decision: { decision: 'returned', comment: 'thêm số liệu' },
      notifications: [{ unitId: 'school', role: 'officer', kind: 'returned', params: { title: 'Báo cáo', periodKey: 'once', comment: 'thêm số liệu' } }],
    });
  });

  it('keeps the missing units of a partial report, then sends the complete one once they have reported', () => {
    let m = model({ kind: 'consolidation', expected: ['s1', 's2'] });
    expect(missingReports(m)).toEqual(['s1', 's2']);
    const partial = run(m, { type: 'submit', input: { actor: officer, submission: { text: 'part' } } });
    m = partial.next;
    expect(m.s).toMatchObject({ state: 'in_progress', submissionVersion: 1 });
    const rec = recordOf(model({ kind: 'consolidation', expected: ['s1', 's2'] }), m, partial.events[0], { title: null, parentAssignmentId: null })!;
    expect(rec.submission?.consolidation?.missingAtDeadline).toEqual(['s1', 's2']);
    for (const u of ['s1', 's2']) m = run(m, { type: 'subordinate_reported', input: { unitId: u, assignmentId: `a-${u}`, approvedAt: 'x', onTime: true } }).next;
    expect(missingReports(m)).toEqual([]);
    m = run(m, { type: 'submit', input: { actor: officer, submission: { text: 'all' } } }).next;
    expect(m.s).toMatchObject({ state: 'submitted', submissionVersion: 2 });
  });

  it('marks deadline events of the current due date as fired; a new due date starts a fresh schedule', () => {
    let m = model();
    const overdue = { key: 'overdue', kind: 'overdue' as const, at: deadlineAt(DUE) };
    m = run(m, { type: 'deadline', event: overdue, staleAfterMs: 0 }, AFTER).next;
    expect(m.fired).toContain(firedKey(m, overdue));
    expect(decide(m, { type: 'deadline', event: overdue, staleAfterMs: 0 }, AFTER)).toEqual({ ok: true, events: [] });
    m = run(m, { type: 'change_due', input: { actor: supervisor, due: '2026-06-30', reason: 'r' } }).next;
    expect(m.fired).not.toContain(firedKey(m, overdue));
  });

  it('a calendar edit names the events it moves, keeps handled ones handled, and records nothing', () => {
    const d = decide(model(), holidayOn(DUE), BEFORE);
    expect(d).toEqual({
      ok: true,
      events: [
        {
          type: 'deadlines_moved',
          at: new Date(BEFORE).toISOString(),
          dates: [DUE],
          moves: [
            { key: 'overdue', from: deadlineAt('2026-06-15'), to: deadlineAt('2026-06-16') },
            { key: 'escalate:1', from: deadlineAt('2026-06-15') + 48 * 3600_000, to: deadlineAt('2026-06-16') + 48 * 3600_000 },
            { key: 'escalate:2', from: deadlineAt('2026-06-15') + 120 * 3600_000, to: deadlineAt('2026-06-16') + 120 * 3600_000 },
          ],
        },
      ],
    });
    // A holiday on Thursday 11/06 moves the three-day reminder (Wednesday 10/06 → Tuesday 09/06) unless it went out.
    expect(decide(model(), holidayOn('2026-06-11'), BEFORE)).toMatchObject({ ok: true, events: [{ moves: [{ key: 'reminder:3', from: deadlineAt('2026-06-10'), to: deadlineAt('2026-06-09') }] }] });
    const reminded = run(model(), { type: 'deadline', event: { key: 'reminder:3', kind: 'reminder', at: deadlineAt('2026-06-10') }, staleAfterMs: 3600_000 }, deadlineAt('2026-06-10') + 1).next;
    expect(decide(reminded, holidayOn('2026-06-11'), BEFORE)).toEqual({ ok: true, events: [] });
    // The event changes no state and is not recorded: the shell builds the schedule on the new calendar.
    const moved = run(reminded, holidayOn(DUE));
    expect(moved.events.map((e) => e.type)).toEqual(['deadlines_moved']);
    expect(moved.next).toEqual(reminded);
    expect(recordOf(reminded, moved.next, moved.events[0], { title: null, parentAssignmentId: null })).toBeNull();
  });

  it('ends overdue unreported work as not reported; work submitted in time is not', () => {
    const late = run(model(), { type: 'cancel', reason: 'cancelled' }, AFTER);
    expect(late.events[0]).toMatchObject({ type: 'cancelled', notReported: true });
    const early = run(model(), { type: 'cancel', reason: 'cancelled' }, BEFORE);
    expect(early.events[0]).toMatchObject({ type: 'cancelled', notReported: false });
    const waiting = run(model({ state: 'submitted', submittedAt: '2026-06-14T00:00:00Z' }), { type: 'cancel', reason: 'cancelled' }, AFTER);
    expect(waiting.events[0]).toMatchObject({ type: 'cancelled', notReported: false });
  });

  it('grants an extension by moving the due date', () => {
    const m = run(model({ pendingExtension: true }), { type: 'decide_extension', input: { actor: supervisor, requestId: 'x1', grant: true } }).next;
    expect(m.s.due).toBe('2026-07-01');
    expect(m.s.extensions[0]).toMatchObject({ status: 'granted', decidedBy: supervisor.userId });
  });

  it('records an explanation request and its answer: versions, audit rows and who is notified', () => {
    const ctx = { title: 'Báo cáo', parentAssignmentId: null };
    const m0 = model();
    const asked = run(m0, { type: 'request_explanation', input: { actor: supervisor, requestId: 'e1', message: 'Vì sao chậm?' } }, AFTER);
    expect(asked.next.s).toMatchObject({ state: 'assigned', version: 2, due: DUE, explanations: [{ id: 'e1', status: 'pending', message: 'Vì sao chậm?', requestedByUnitId: 'office' }] });
    expect(recordOf(m0, asked.next, asked.events[0], ctx)).toMatchObject({
      action: 'assignment.explanation_requested',
      before: { version: 1 },
      patch: { version: 2 },
      explanation: { id: 'e1', status: 'pending', message: 'Vì sao chậm?' },
      notifications: [{ unitId: 'school', role: null, kind: 'explanation_requested', params: { due: DUE, comment: 'Vì sao chậm?' } }],
    });
    const answered = run(asked.next, { type: 'answer_explanation', input: { actor: officer, requestId: 'e1', reason: 'Chờ số liệu', newDue: '2026-06-25' } }, AFTER);
    // The committed date is recorded; the due date moves only by an extension.
    expect(answered.next.s).toMatchObject({ version: 3, due: DUE, explanations: [{ id: 'e1', status: 'answered', reason: 'Chờ số liệu', newDue: '2026-06-25', answeredBy: officer.userId }] });
    expect(recordOf(asked.next, answered.next, answered.events[0], ctx)).toMatchObject({
      action: 'assignment.explanation_answered',
      explanation: { id: 'e1', status: 'answered', message: 'Vì sao chậm?', reason: 'Chờ số liệu', newDue: '2026-06-25' },
      notifications: [{ unitId: 'office', role: 'supervisor', kind: 'explanation_answered', params: { unitId: 'school', newDue: '2026-06-25', comment: 'Chờ số liệu' } }],
    });
  });

  it.each([
    [
      'the consolidation of a split office keeps the reporters of its commune and starts a share for the others',
      model({ kind: 'consolidation', expected: ['s1', 's2', 's3'], reported: ['s3'] }),
      { actor: supervisor, fromUnitId: 'school', toUnitId: 'x1', reason: 'r', shares: [{ unitId: 'x2', workflowId: 'wf-x2', expected: ['s2', 's3'] }] },
      { unitId: 'x1', expected: ['s1', 's3'], shares: ['wf-x2'], reportTo: undefined },
    ],
    [
      'the consolidation above awaits every commune that got a part',
      model({ kind: 'consolidation', expected: ['pgd', 'thpt'] }),
      { actor: supervisor, fromUnitId: 'pgd', toUnitId: 'x1', reason: 'r', toUnitIds: ['x1', 'x2'] },
      { unitId: 'school', expected: ['x1', 'x2', 'thpt'], shares: undefined, reportTo: undefined },
    ],
    [
      'a school of the second commune reports to its share',
      model(),
      { actor: supervisor, fromUnitId: 'office', toUnitId: 'x2', reason: 'r', reportToWorkflowId: 'wf-x2' },
      { unitId: 'school', expected: undefined, shares: undefined, reportTo: 'wf-x2' },
    ],
    [
      'shares sent to an assignment that is not the split unit\'s are ignored',
      model({ kind: 'consolidation', expected: ['office'] }),
      { actor: supervisor, fromUnitId: 'office', toUnitId: 'x1', reason: 'r', shares: [{ unitId: 'x2', workflowId: 'wf-x2', expected: ['s2'] }] },
      { unitId: 'school', expected: ['x1'], shares: undefined, reportTo: undefined },
    ],
  ])('reassignment in a split: %s', (_what, m, input, want) => {
    const d = decideAndEvolve(m, { type: 'reassign', input }, BEFORE);
    if (!d.ok) throw new Error(d.refusal.message);
    expect(d.next.s.unitId).toBe(want.unitId);
    expect(d.next.s.consolidation?.expected).toEqual(want.expected);
    expect(d.next.shares).toEqual(want.shares);
    expect(d.next.s.reportToWorkflowId).toEqual(want.reportTo);
  });

  it('an absorbed consolidation ends as merged, handing over its reporters, its received reports and its shares', () => {
    const m0 = { ...model({ kind: 'consolidation', expected: ['s1', 's2', 's3'], reported: ['s3'] }), shares: ['wf-old-share'] };
    const shares = [
      { unitId: 'x2', workflowId: 'wf-x2', expected: ['s2'] },
      { unitId: 'x3', workflowId: 'wf-x3', expected: ['s3'], existing: true },
    ];
    const d = run(m0, { type: 'absorb', input: { ...ABSORB, shares } });
    // s2 goes to the new share, s3 already reported here and stays with the hand-over (its report is kept).
    expect(d.events[0]).toMatchObject({ type: 'absorbed', intoWorkflowId: 'wf-c', handover: { expected: ['s1', 's3'], reported: [report('s3')], shares: ['wf-old-share', 'wf-x2'] } });
    expect(d.next.s.state).toBe('cancelled');
    expect(recordOf(m0, d.next, d.events[0], { title: null, parentAssignmentId: null })).toMatchObject({
      action: 'assignment.merged',
      patch: { state: 'cancelled', notReported: false },
      details: { reorganisationId: 'r1', reason: 'Sáp nhập', intoAssignmentId: 'a-c', handedOver: { expected: ['s1', 's3'], reported: ['s3'] } },
    });
  });

  it('the surviving consolidation awaits the union of the reporters and keeps every report received by either', () => {
    const m0 = model({ kind: 'consolidation', expected: ['s1', 's9'], reported: ['s1'] });
    const d = run(m0, { type: 'take_over', input: { ...HANDOVER, expected: ['s1', 's2', 's3', 'school'], reported: [report('s1'), report('s2')], shares: ['wf-x2'] } });
    expect(d.events[0]).toMatchObject({ type: 'taken_over', expected: ['s2', 's3'], reported: [report('s2')] });
    expect(d.next.s.consolidation).toMatchObject({ expected: ['s1', 's9', 's2', 's3'], reported: [report('s1'), report('s2')] });
    expect(d.next.absorbedFrom).toEqual(['a-b']);
    expect(d.next.shares).toEqual(['wf-x2']);
    expect(missingReports(d.next)).toEqual(['s9', 's3']);
    expect(recordOf(m0, d.next, d.events[0], { title: null, parentAssignmentId: null })).toMatchObject({ action: 'assignment.consolidation_merged', details: { fromAssignmentId: 'a-b', fromUnitId: 'b', reorganisationId: 'r1' } });
  });

  it('a share routed into an existing consolidation is not a child of the split one', () => {
    const m0 = model({ kind: 'consolidation', expected: ['s1', 's2', 's3'] });
    const shares = [
      { unitId: 'x2', workflowId: 'wf-x2', expected: ['s2'] },
      { unitId: 'x3', workflowId: 'wf-x3', expected: ['s3'], existing: true },
    ];
    const d = run(m0, { type: 'reassign', input: { actor: supervisor, fromUnitId: 'school', toUnitId: 'x1', reason: 'r', shares } });
    expect(d.next.s.consolidation?.expected).toEqual(['s1']);
    expect(d.next.shares).toEqual(['wf-x2']);
  });

  it('evolve never mutates the state it is given', () => {
    const m = model({ pendingExtension: true });
    const copy = JSON.parse(JSON.stringify(m));
    evolve(m, { type: 'extension_decided', actor: supervisor, at: 'x', requestId: 'x1', grant: true, comment: null });
    expect(m).toEqual(copy);
  });
});

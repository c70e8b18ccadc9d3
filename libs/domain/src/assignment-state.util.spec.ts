import type { AssignmentState, ReportedStatus } from '@khflow/contracts';
import { type AssignmentAction, reportedStatus, transition, type TransitionResult } from './assignment-state.util';

const ok = (next: AssignmentState): TransitionResult => ({ ok: true, next });
const no = (reason: string): TransitionResult => ({ ok: false, reason });

describe('transition', () => {
  // The full lifecycle matrix for the five open states, written out by hand.
  it.each<[AssignmentState, AssignmentAction, TransitionResult]>([
    // acknowledge
    ['assigned', 'acknowledge', ok('acknowledged')],
    ['acknowledged', 'acknowledge', no('assignment is already acknowledged')],
    ['in_progress', 'acknowledge', no('assignment is already acknowledged')],
    ['submitted', 'acknowledge', no('assignment is already acknowledged')],
    ['returned', 'acknowledge', no('assignment is already acknowledged')],
    // start
    ['assigned', 'start', no('start is not allowed when the assignment is assigned')],
    ['acknowledged', 'start', ok('in_progress')],
    ['in_progress', 'start', no('start is not allowed when the assignment is in_progress')],
    ['submitted', 'start', no('start is not allowed when the assignment is submitted')],
    ['returned', 'start', no('start is not allowed when the assignment is returned')],
    // submit: from any working state, including straight from assigned and after a return
    ['assigned', 'submit', ok('submitted')],
    ['acknowledged', 'submit', ok('submitted')],
    ['in_progress', 'submit', ok('submitted')],
    ['returned', 'submit', ok('submitted')],
    ['submitted', 'submit', no('assignment is already submitted and waits for review')],
    // approve
    ['submitted', 'approve', ok('approved')],
    ['assigned', 'approve', no('only a submitted assignment can be approved')],
    ['acknowledged', 'approve', no('only a submitted assignment can be approved')],
    ['in_progress', 'approve', no('only a submitted assignment can be approved')],
    ['returned', 'approve', no('only a submitted assignment can be approved')],
    // return
    ['submitted', 'return', ok('returned')],
    ['assigned', 'return', no('only a submitted assignment can be returned')],
    ['acknowledged', 'return', no('only a submitted assignment can be returned')],
    ['in_progress', 'return', no('only a submitted assignment can be returned')],
    ['returned', 'return', no('only a submitted assignment can be returned')],
    // cancel: from every open state
    ['assigned', 'cancel', ok('cancelled')],
    ['acknowledged', 'cancel', ok('cancelled')],
    ['in_progress', 'cancel', ok('cancelled')],
    ['submitted', 'cancel', ok('cancelled')],
    ['returned', 'cancel', ok('cancelled')],
    // request_extension: acknowledging by acting moves to in_progress; other working states stay
    ['assigned', 'request_extension', ok('assigned')],
    ['acknowledged', 'request_extension', ok('in_progress')],
    ['in_progress', 'request_extension', ok('in_progress')],
    ['returned', 'request_extension', ok('returned')],
    ['submitted', 'request_extension', no('an extension cannot be requested while the submission waits for review')],
    // decide_extension: state unchanged in every open state
    ['assigned', 'decide_extension', ok('assigned')],
    ['acknowledged', 'decide_extension', ok('acknowledged')],
    ['in_progress', 'decide_extension', ok('in_progress')],
    ['submitted', 'decide_extension', ok('submitted')],
    ['returned', 'decide_extension', ok('returned')],
    // request_coordination: like request_extension
    ['assigned', 'request_coordination', ok('assigned')],
    ['acknowledged', 'request_coordination', ok('in_progress')],
    ['in_progress', 'request_coordination', ok('in_progress')],
    ['returned', 'request_coordination', ok('returned')],
    ['submitted', 'request_coordination', no('coordination cannot be requested while the submission waits for review')],
    // comment and reassign: allowed and state-preserving in every open state
    ['assigned', 'comment', ok('assigned')],
    ['acknowledged', 'comment', ok('acknowledged')],
    ['in_progress', 'comment', ok('in_progress')],
    ['submitted', 'comment', ok('submitted')],
    ['returned', 'comment', ok('returned')],
    ['assigned', 'reassign', ok('assigned')],
    ['acknowledged', 'reassign', ok('acknowledged')],
    ['in_progress', 'reassign', ok('in_progress')],
    ['submitted', 'reassign', ok('submitted')],
    ['returned', 'reassign', ok('returned')],
  ])('%s --%s--> %j', (state, action, expected) => {
    expect(transition(state, action)).toEqual(expected);
  });

  const ALL_ACTIONS: AssignmentAction[] = [
    'acknowledge',
    'start',
    'submit',
    'approve',
    'return',
    'cancel',
    'request_extension',
    'decide_extension',
    'request_coordination',
    'comment',
    'reassign',
  ];

  it.each(ALL_ACTIONS.flatMap((action) => (['approved', 'cancelled'] as AssignmentState[]).map((state) => [state, action] as const)))(
    'a %s assignment is final: %s is refused',
    (state, action) => {
      expect(transition(state, action)).toEqual(no(`assignment is already ${state}`));
    },
  );

  it.each<[AssignmentState, string, TransitionResult]>([
    ['assigned', 'fly', no('unknown action fly')],
    ['submitted', 'delete', no('unknown action delete')],
    ['approved', 'fly', no('assignment is already approved')], // the final-state check comes first
  ])('%s with the unknown action %s → %j', (state, action, expected) => {
    expect(transition(state, action as AssignmentAction)).toEqual(expected);
  });

  it('walks the happy path with a return and resubmission', () => {
    const steps: AssignmentAction[] = ['acknowledge', 'start', 'submit', 'return', 'submit', 'approve'];
    let s: AssignmentState = 'assigned';
    const seen: AssignmentState[] = [];
    for (const a of steps) {
      const r = transition(s, a);
      if (!r.ok) throw new Error(r.reason);
      s = r.next;
      seen.push(s);
    }
    expect(seen).toEqual(['acknowledged', 'in_progress', 'submitted', 'returned', 'submitted', 'approved']);
  });
});

describe('reportedStatus', () => {
  const DUE = '2024-03-15'; // deadline 2024-03-15T23:59:59.999+07:00 = 16:59:59.999Z
  const ON_TIME = '2024-03-15T16:59:59.999Z';
  const LATE = '2024-03-15T17:00:00.000Z'; // 00:00 on 16 March in Hanoi
  const BEFORE = Date.parse('2024-03-10T03:00:00.000Z');
  const AFTER = Date.parse('2024-03-20T03:00:00.000Z');

  type Input = Parameters<typeof reportedStatus>[0];
  it.each<[string, Input, ReportedStatus]>([
    // cancelled wins over everything
    ['cancelled before the deadline', { state: 'cancelled', due: DUE, submittedAt: null, now: BEFORE }, 'cancelled'],
    ['cancelled after the deadline', { state: 'cancelled', due: DUE, submittedAt: null, now: AFTER }, 'cancelled'],
    // approved: judged by the submission time, not by now or by the approval time
    ['approved, submitted at the last millisecond', { state: 'approved', due: DUE, submittedAt: ON_TIME, now: AFTER }, 'done_on_time'],
    ['approved, submitted at midnight after the due date', { state: 'approved', due: DUE, submittedAt: LATE, now: AFTER }, 'done_late'],
    ['approved, submitted 23:59:59 +07:00 on the due date', { state: 'approved', due: DUE, submittedAt: '2024-03-15T23:59:59+07:00', now: AFTER }, 'done_on_time'],
    ['approved, submitted 00:00 +07:00 the next day', { state: 'approved', due: DUE, submittedAt: '2024-03-16T00:00:00+07:00', now: AFTER }, 'done_late'],
    ['approved, submittedAt as epoch ms (on time)', { state: 'approved', due: DUE, submittedAt: Date.parse(ON_TIME), now: AFTER }, 'done_on_time'],
    ['approved, submittedAt as epoch ms (late)', { state: 'approved', due: DUE, submittedAt: Date.parse(LATE), now: AFTER }, 'done_late'],
    ['approved late but submitted on time', { state: 'approved', due: DUE, submittedAt: ON_TIME, approvedAt: '2024-03-18T02:00:00.000Z', now: AFTER }, 'done_on_time'],
    ['approved without a due date', { state: 'approved', due: null, submittedAt: LATE, now: AFTER }, 'done_on_time'],
    ['approved without a submission time', { state: 'approved', due: DUE, submittedAt: null, now: AFTER }, 'done_on_time'],
    // returned is reported as such, even past the deadline
    ['returned before the deadline', { state: 'returned', due: DUE, submittedAt: ON_TIME, now: BEFORE }, 'returned'],
    ['returned after the deadline', { state: 'returned', due: DUE, submittedAt: LATE, now: AFTER }, 'returned'],
    // working states: overdue once now passes the end of the due day
    ['assigned before the deadline', { state: 'assigned', due: DUE, submittedAt: null, now: BEFORE }, 'in_progress_on_time'],
    ['assigned at the last millisecond', { state: 'assigned', due: DUE, submittedAt: null, now: Date.parse(ON_TIME) }, 'in_progress_on_time'],
    ['assigned one ms after the deadline', { state: 'assigned', due: DUE, submittedAt: null, now: Date.parse(LATE) }, 'overdue'],
    ['acknowledged after the deadline', { state: 'acknowledged', due: DUE, submittedAt: null, now: AFTER }, 'overdue'],
    ['in_progress after the deadline', { state: 'in_progress', due: DUE, submittedAt: null, now: AFTER }, 'overdue'],
    ['in_progress without a due date, much later', { state: 'in_progress', due: null, submittedAt: null, now: AFTER }, 'in_progress_on_time'],
    // submitted: the submission time decides, not now
    ['submitted on time, reviewed after the deadline', { state: 'submitted', due: DUE, submittedAt: ON_TIME, now: AFTER }, 'in_progress_on_time'],
    ['submitted late', { state: 'submitted', due: DUE, submittedAt: LATE, now: AFTER }, 'overdue'],
    ['submitted before the deadline, now before', { state: 'submitted', due: DUE, submittedAt: '2024-03-10T01:00:00.000Z', now: BEFORE }, 'in_progress_on_time'],
    ['submitted without a submission time, after the deadline', { state: 'submitted', due: DUE, submittedAt: null, now: AFTER }, 'in_progress_on_time'],
    ['submitted late without a due date', { state: 'submitted', due: null, submittedAt: LATE, now: AFTER }, 'in_progress_on_time'],
  ])('%s → %s', (_label, input, expected) => {
    expect(reportedStatus(input)).toBe(expected);
  });

  it.each<[string, number, ReportedStatus]>([
    ['31 Dec 23:59:59.999 +07:00', Date.parse('2024-12-31T16:59:59.999Z'), 'in_progress_on_time'],
    ['1 Jan 00:00 +07:00 (still 31 Dec in UTC)', Date.parse('2024-12-31T17:00:00.000Z'), 'overdue'],
  ])('a year-end due date at %s → %s', (_label, now, expected) => {
    expect(reportedStatus({ state: 'in_progress', due: '2024-12-31', submittedAt: null, now })).toBe(expected);
  });
});

import type { AssignmentState, ReportedStatus } from '@khflow/contracts';
import { isOverdue, reportedStatus } from './assignment-status';

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
    ['approved late but submitted on time', { state: 'approved', due: DUE, submittedAt: ON_TIME, now: AFTER }, 'done_on_time'],
    ['approved without a due date', { state: 'approved', due: null, submittedAt: LATE, now: AFTER }, 'done_on_time'],
    ['approved without a submission time', { state: 'approved', due: DUE, submittedAt: null, now: AFTER }, 'done_on_time'],
    // returned: rework within the deadline is "returned"; past the deadline it is overdue (one rule with the inbox
    // filter and the workflow's overdue timer)
    ['returned before the deadline', { state: 'returned', due: DUE, submittedAt: ON_TIME, now: BEFORE }, 'returned'],
    ['returned after the deadline', { state: 'returned', due: DUE, submittedAt: LATE, now: AFTER }, 'overdue'],
    ['returned after the deadline, first submitted on time', { state: 'returned', due: DUE, submittedAt: ON_TIME, now: AFTER }, 'overdue'],
    ['returned without a due date', { state: 'returned', due: null, submittedAt: LATE, now: AFTER }, 'returned'],
    // ended without a report past the deadline stays visible, as not done
    ['cancelled after the deadline without a report', { state: 'cancelled', due: DUE, submittedAt: null, notReported: true, now: AFTER }, 'not_reported_at_close'],
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

describe('isOverdue: the one overdue rule (inbox filter, red rows, dashboards, the workflow timer)', () => {
  const DUE = '2024-03-15';
  const ON_TIME = '2024-03-15T16:59:59.999Z';
  const LATE = '2024-03-15T17:00:00.000Z';
  const AFTER = Date.parse('2024-03-20T03:00:00.000Z');
  it.each<[AssignmentState, string | null, string | null, number, boolean]>([
    ['assigned', DUE, null, Date.parse(ON_TIME), false],
    ['assigned', DUE, null, Date.parse(LATE), true],
    ['in_progress', null, null, AFTER, false],
    ['submitted', DUE, ON_TIME, AFTER, false],
    ['submitted', DUE, LATE, AFTER, true],
    ['returned', DUE, ON_TIME, AFTER, true],
    ['approved', DUE, LATE, AFTER, false],
    ['cancelled', DUE, null, AFTER, false],
  ])('%s due %s submitted %s at %d → %s', (state, due, submittedAt, now, expected) => {
    expect(isOverdue({ state, due, submittedAt }, now)).toBe(expected);
    // reportedStatus says overdue exactly when isOverdue does
    expect(reportedStatus({ state, due, submittedAt, now }) === 'overdue').toBe(expected);
  });
});

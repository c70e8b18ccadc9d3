// The one home of "overdue" and of the reported status. The SQL renderings in
// libs/persistence/src/reported-status.sql.ts are tested against these functions on a table of cases
// (test/persistence/reported-status-sql.test.ts); the inbox filter, the dashboards and the workflow's overdue
// timer all use them.
import type { AssignmentState, ReportedStatus } from '@khflow/contracts';
import { deadlineAt } from '../time.util';

export interface StatusFacts {
  state: AssignmentState;
  due: string | null;
  /** When the current (latest) submission was made. */
  submittedAt: string | number | null;
  /** Set when the assignment ended (plan closed, task cancelled, unit removed) past its deadline without a report. */
  notReported?: boolean | null;
}

const ms = (v: string | number) => (typeof v === 'number' ? v : new Date(v).getTime());

/** Submitted within the deadline (a due date D means by 23:59:59.999 of D in Vietnam). */
export function submittedOnTime(a: Pick<StatusFacts, 'due' | 'submittedAt'>): boolean {
  return !a.due || a.submittedAt == null || ms(a.submittedAt) <= deadlineAt(a.due);
}

/**
 * Overdue: still open, past its deadline, and not waiting for review of a submission made in time. A late
 * submission waiting for review is overdue (the work was not delivered in time); a returned assignment past its
 * deadline is overdue (the rework is late).
 */
export function isOverdue(a: StatusFacts, now: number): boolean {
  if (a.state === 'approved' || a.state === 'cancelled' || !a.due) return false;
  if (now <= deadlineAt(a.due)) return false;
  return !(a.state === 'submitted' && submittedOnTime(a));
}

/** The status Vietnamese task-tracking practice reports on, at a given instant. */
export function reportedStatus(a: StatusFacts & { now: number }): ReportedStatus {
  if (a.state === 'cancelled') return a.notReported ? 'not_reported_at_close' : 'cancelled';
  if (a.state === 'approved') return submittedOnTime(a) ? 'done_on_time' : 'done_late';
  if (isOverdue(a, a.now)) return 'overdue';
  if (a.state === 'returned') return 'returned';
  return 'in_progress_on_time';
}

/** Statuses that count as done in every dashboard (everything else, including not_reported_at_close, is not done). */
export const DONE_STATUSES: readonly ReportedStatus[] = ['done_on_time', 'done_late'];

/**
 * Share of finished work done on time. Work that ended past its deadline without a report counts against it, so
 * closing a plan never improves the rate of the units that did not report.
 */
export function onTimeRate(c: Partial<Record<ReportedStatus, number>>): number | null {
  const onTime = c.done_on_time ?? 0;
  const judged = onTime + (c.done_late ?? 0) + (c.not_reported_at_close ?? 0);
  return judged ? onTime / judged : null;
}

// Issue 17: what an administrator's edit of the working-day calendar does to running deadlines. An assignment that
// follows the calendar moves its due date off rest days and counts its reminders in working days, so adding or
// removing one day can move its overdue (the due day became a holiday), its escalations (they follow the overdue) and
// its reminders (a day between a reminder and the due date changed). Pure: the API picks the assignments to tell,
// the assignment's decider says what moved.
import { deadlineSchedule, type DeadlineSettings } from '../deadline.util';
import { addDays, compareDates } from '../time.util';
import { addWorkingDays, isWorkingDay, type WorkingCalendar } from './working-calendar';

export interface DeadlineMove {
  key: string;
  from: number;
  to: number;
}

/** The deadline events whose time differs between the schedule on `before` and the one on `after`. */
export function deadlineMoves(s: Omit<DeadlineSettings, 'calendar'>, before: WorkingCalendar, after: WorkingCalendar): DeadlineMove[] {
  const old = new Map(deadlineSchedule({ ...s, calendar: before }).map((e) => [e.key, e.at]));
  const moves: DeadlineMove[] = [];
  for (const e of deadlineSchedule({ ...s, calendar: after })) {
    const from = old.get(e.key);
    if (from !== undefined && from !== e.at) moves.push({ key: e.key, from, to: e.at });
  }
  return moves;
}

// Scanning stops after a year, as the calendar's own scans do.
const MAX_SCAN_DAYS = 366;

/**
 * The due dates (inclusive) whose schedule an edit of `dates` can move, for reminders up to `maxReminderDays` working
 * days before the due date. Earlier: a due date in a run of rest days ending just before a changed day moves onto or
 * past it. Later: a changed day at most `maxReminderDays` working days (on either calendar) before the due date. A
 * coarse bound for selecting candidates; `deadlineMoves` decides exactly.
 */
export function calendarEditDueRange(dates: string[], before: WorkingCalendar, after: WorkingCalendar, maxReminderDays: number): { from: string; to: string } {
  if (!dates.length) throw new RangeError('a calendar edit changes at least one day');
  const sorted = [...dates].sort(compareDates);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  let from = first;
  for (const cal of [before, after]) {
    let d = first;
    for (let i = 0; i < MAX_SCAN_DAYS && !isWorkingDay(cal, addDays(d, -1)); i++) d = addDays(d, -1);
    if (compareDates(d, from) < 0) from = d;
  }
  // One working day more than the furthest reminder: the changed day itself may be the one that stops counting.
  const reach = Math.max(0, maxReminderDays) + 1;
  const to = [before, after].map((cal) => addWorkingDays(cal, last, reach)).sort(compareDates)[1];
  return { from, to };
}

// The working-day calendar: weekly rest days plus dated exceptions (public holidays, days off swapped or given in
// compensation, and the make-up working days announced each year). Pure and deterministic, so it runs in workflow
// code as well as in the API; the calendar itself is data that administrators edit (see vn-official-calendar.ts
// for the seed and libs/persistence/src/calendar for where the edited copy lives).
import { addDays, compareDates, isValidDate } from '../time.util';

/**
 * - `holiday`: a public holiday of the Labour Code (Tết, 30/4, 1/5, 2/9 …) or the day given in compensation
 *   when one falls on a weekend — not a working day;
 * - `day_off`: a working day swapped into a rest day (hoán đổi) — not a working day;
 * - `working_day`: a weekend day worked instead (làm bù) — a working day.
 */
export type CalendarDayKind = 'holiday' | 'day_off' | 'working_day';

export interface CalendarDay {
  date: string; // YYYY-MM-DD, Asia/Ho_Chi_Minh
  kind: CalendarDayKind;
  name: string;
  /** Not yet confirmed by an official announcement (seeded from the Labour Code's rule, to be checked). */
  tentative?: boolean;
}

export interface WorkingCalendar {
  /** Weekly rest days, 0 = Sunday … 6 = Saturday (Vietnamese public offices: Saturday and Sunday). */
  weekendDays: number[];
  /** Dated exceptions by date. */
  days: Record<string, CalendarDay>;
}

export const VN_WEEKEND_DAYS = [0, 6];

export function buildCalendar(days: CalendarDay[], weekendDays: number[] = VN_WEEKEND_DAYS): WorkingCalendar {
  const byDate: Record<string, CalendarDay> = {};
  for (const d of days) {
    if (!isValidDate(d.date)) throw new RangeError(`calendar day: not a date YYYY-MM-DD: ${d.date}`);
    byDate[d.date] = d;
  }
  return { weekendDays: [...weekendDays], days: byDate };
}

/** Day of the week of a calendar date, 0 = Sunday (as weekendDays counts; recurrence.util's weekdayOf is ISO, 1 = Monday). */
export function dayOfWeekSundayZero(date: string): number {
  if (!isValidDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  const exception = cal.days[date];
  if (exception) return exception.kind === 'working_day';
  return !cal.weekendDays.includes(dayOfWeekSundayZero(date));
}

// A calendar with every day of the week a rest day and no exception would loop forever; a year is plenty.
const MAX_SCAN_DAYS = 366;

function scan(cal: WorkingCalendar, from: string, step: 1 | -1): string {
  let d = from;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, step);
    if (isWorkingDay(cal, d)) return d;
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days ${step > 0 ? 'after' : 'before'} ${from}`);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(cal: WorkingCalendar, date: string): string {
  return scan(cal, date, 1);
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(cal: WorkingCalendar, date: string): string {
  return scan(cal, date, -1);
}

/** `date` itself when it is a working day, otherwise the next one (a deadline falling on a holiday moves on). */
export function onOrAfterWorkingDay(cal: WorkingCalendar, date: string): string {
  return isWorkingDay(cal, date) ? date : nextWorkingDay(cal, date);
}

/**
 * "Trong n ngày làm việc kể từ ngày …": the n-th working day after `date` (the start day itself is not counted).
 * n = 0 gives `date` moved to a working day; a negative n counts backwards (n working days before `date`).
 */
export function addWorkingDays(cal: WorkingCalendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  if (n === 0) return onOrAfterWorkingDay(cal, date);
  let d = date;
  for (let i = 0; i < Math.abs(n); i++) d = n > 0 ? nextWorkingDay(cal, d) : previousWorkingDay(cal, d);
  return d;
}

/** Working days in (a, b]: how many working days after `a` up to and including `b` (negative when b < a). */
export function workingDaysBetween(cal: WorkingCalendar, a: string, b: string): number {
  const sign = compareDates(a, b) <= 0 ? 1 : -1;
  const [lo, hi] = sign > 0 ? [a, b] : [b, a];
  let n = 0;
  for (let d = addDays(lo, 1); compareDates(d, hi) <= 0; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return sign * n;
}

/** How a due date is derived from the calendar. */
export type DueRule =
  /** A fixed date; with `onNonWorkingDay: 'next_working_day'` a date falling on a rest day moves to the next working day. */
  | { kind: 'date'; date: string; onNonWorkingDay?: 'keep' | 'next_working_day' }
  /** "Trong n ngày làm việc kể từ ngày from". */
  | { kind: 'working_days'; from: string; days: number };

export function resolveDue(cal: WorkingCalendar, rule: DueRule): string {
  if (rule.kind === 'working_days') return addWorkingDays(cal, rule.from, rule.days);
  return rule.onNonWorkingDay === 'next_working_day' ? onOrAfterWorkingDay(cal, rule.date) : rule.date;
}

/** The exceptions of one year, in date order (for the administrators' view). */
export function calendarDaysOfYear(cal: WorkingCalendar, year: number): CalendarDay[] {
  return Object.values(cal.days)
    .filter((d) => d.date.startsWith(`${year}-`))
    .sort((x, y) => compareDates(x.date, y.date));
}

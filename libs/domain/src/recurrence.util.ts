import type { Frequency, Recurrence } from '@khflow/contracts';
import { addDays, addMonths, compareDates, daysBetween, formatDate, isValidDate, lastDayOfMonth } from './time.util';

export interface Period {
  key: string; // 2024-03, 2024-Q1, 2024
  start: string; // first day
  end: string; // last day
}

const MONTHS: Record<Exclude<Frequency, 'weekly'>, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** Day of the week of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The ISO week (Monday to Sunday) that contains a date; its key names the ISO week-numbering year and week. */
function weekContaining(date: string): Period {
  const start = addDays(date, 1 - weekdayOf(date));
  const thursday = addDays(start, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, start, end: addDays(start, 6) };
}

/** The calendar period (week, month, quarter or year) that contains a date. */
export function periodContaining(freq: Frequency, date: string): Period {
  if (freq === 'weekly') return weekContaining(date);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const firstMonth = freq === 'monthly' ? m : freq === 'quarterly' ? Math.floor((m - 1) / 3) * 3 + 1 : 1;
  return periodStarting(freq, y, firstMonth);
}

function periodStarting(freq: Exclude<Frequency, 'weekly'>, y: number, firstMonth: number): Period {
  const lastMonth = firstMonth + MONTHS[freq] - 1;
  const key =
    freq === 'monthly' ? `${y}-${String(firstMonth).padStart(2, '0')}` : freq === 'quarterly' ? `${y}-Q${(firstMonth + 2) / 3}` : `${y}`;
  return { key, start: formatDate(y, firstMonth, 1), end: formatDate(y, lastMonth, lastDayOfMonth(y, lastMonth)) };
}

export function nextPeriod(freq: Frequency, p: Period): Period {
  return periodContaining(freq, freq === 'weekly' ? addDays(p.start, 7) : addMonths(p.start, MONTHS[freq]));
}

/** Due date of a period: `due.day` of the month `due.monthOffset` months after the period's last month. */
export function dueOfPeriod(r: Recurrence, p: Period): string {
  if (r.freq === 'weekly') return addDays(p.start, 7 * r.due.monthOffset + Math.min(Math.max(r.due.day, 1), 7) - 1);
  const lastMonthStart = `${p.end.slice(0, 8)}01`;
  const target = addMonths(lastMonthStart, r.due.monthOffset);
  const y = Number(target.slice(0, 4));
  const m = Number(target.slice(5, 7));
  return formatDate(y, m, Math.min(Math.max(r.due.day, 1), lastDayOfMonth(y, m)));
}

/** Period number `index` (0 = the one containing `r.start`, or the launch date). */
export function periodAt(r: Recurrence, launchDate: string, index: number): Period {
  const first = periodContaining(r.freq, r.start ?? launchDate);
  if (r.freq === 'weekly') return periodContaining('weekly', addDays(first.start, index * 7));
  return periodContaining(r.freq, addMonths(first.start, index * MONTHS[r.freq]));
}

/**
 * After a due rule is amended: the index (under the new rule) of the first period that starts after `lastStarted`
 * ended, so that no stretch of time gets two periods and none is skipped.
 */
export function nextPeriodIndexAfter(r: Recurrence, launchDate: string, lastStarted: Period | null): number {
  if (!lastStarted) return 0;
  let i = 0;
  while (compareDates(periodAt(r, launchDate, i).start, lastStarted.end) <= 0) i += 1;
  return i;
}

/** No period starts after `until`. */
export function isPeriodWithinUntil(r: Recurrence, p: Period): boolean {
  return !r.until || compareDates(p.start, r.until) <= 0;
}

const FREQUENCIES: Frequency[] = ['weekly', 'monthly', 'quarterly', 'yearly'];

/** What is wrong with a due rule (field and message), or null when it is usable. */
export function recurrenceProblem(r: unknown): { field: string; message: string } | null {
  const x = r as Partial<Recurrence> | null;
  if (!x || typeof x !== 'object') return { field: 'recurrence', message: 'must be an object' };
  if (!FREQUENCIES.includes(x.freq as Frequency)) return { field: 'recurrence.freq', message: `must be one of ${FREQUENCIES.join(', ')}` };
  const d = x.due as Recurrence['due'] | undefined;
  if (!d || !Number.isInteger(d.monthOffset) || Math.abs(d.monthOffset) > 12) return { field: 'recurrence.due.monthOffset', message: 'must be an integer from -12 to 12' };
  const maxDay = x.freq === 'weekly' ? 7 : 31;
  if (!Number.isInteger(d.day) || d.day < 1 || d.day > maxDay) return { field: 'recurrence.due.day', message: `must be an integer from 1 to ${maxDay}` };
  for (const f of ['start', 'until'] as const) {
    const v = x[f];
    if (v != null && !isValidDate(v)) return { field: `recurrence.${f}`, message: 'must be a date YYYY-MM-DD or null' };
  }
  return null;
}

import type { Frequency, Recurrence } from '@khflow/contracts';
import { addMonths, compareDates, formatDate, lastDayOfMonth } from './time.util';

export interface Period {
  key: string; // 2024-03, 2024-Q1, 2024
  start: string; // first day
  end: string; // last day
}

const MONTHS: Record<Frequency, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** The calendar period (month, quarter or year) that contains a date. */
export function periodContaining(freq: Frequency, date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const firstMonth = freq === 'monthly' ? m : freq === 'quarterly' ? Math.floor((m - 1) / 3) * 3 + 1 : 1;
  return periodStarting(freq, y, firstMonth);
}

function periodStarting(freq: Frequency, y: number, firstMonth: number): Period {
  const lastMonth = firstMonth + MONTHS[freq] - 1;
  const key =
    freq === 'monthly' ? `${y}-${String(firstMonth).padStart(2, '0')}` : freq === 'quarterly' ? `${y}-Q${(firstMonth + 2) / 3}` : `${y}`;
  return { key, start: formatDate(y, firstMonth, 1), end: formatDate(y, lastMonth, lastDayOfMonth(y, lastMonth)) };
}

export function nextPeriod(freq: Frequency, p: Period): Period {
  return periodContaining(freq, addMonths(p.start, MONTHS[freq]));
}

/** Due date of a period: `due.day` of the month `due.monthOffset` months after the period's last month. */
export function dueOfPeriod(r: Recurrence, p: Period): string {
  const lastMonthStart = `${p.end.slice(0, 8)}01`;
  const target = addMonths(lastMonthStart, r.due.monthOffset);
  const y = Number(target.slice(0, 4));
  const m = Number(target.slice(5, 7));
  return formatDate(y, m, Math.min(Math.max(r.due.day, 1), lastDayOfMonth(y, m)));
}

/** Period number `index` (0 = the one containing `r.start`, or the launch date). */
export function periodAt(r: Recurrence, launchDate: string, index: number): Period {
  const first = periodContaining(r.freq, r.start ?? launchDate);
  return periodContaining(r.freq, addMonths(first.start, index * MONTHS[r.freq]));
}

/** No period starts after `until`. */
export function isPeriodWithinUntil(r: Recurrence, p: Period): boolean {
  return !r.until || compareDates(p.start, r.until) <= 0;
}

// A plan's deadline as its list shows it ("Hạn"): not the issue date, but the date by which the plan's work is due.
import type { Timeframe } from '@khflow/contracts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The plan's horizon end when it has one ("đến năm 2025"), else the latest due (or end) date among its tasks that
 * are still in force; null for open-ended plans (ongoing or recurring work without an end).
 */
export function planDue(horizon: { until?: string | null } | null | undefined, tasks: { timeframe: Timeframe | null; status?: string | null }[]): string | null {
  if (horizon?.until && DAY.test(horizon.until)) return horizon.until;
  let last: string | null = null;
  for (const t of tasks) {
    if (t.status === 'cancelled' || !t.timeframe) continue;
    const d = t.timeframe.due ?? t.timeframe.end ?? t.timeframe.recurrence?.until ?? null;
    if (d && DAY.test(d) && (last === null || d > last)) last = d;
  }
  return last;
}

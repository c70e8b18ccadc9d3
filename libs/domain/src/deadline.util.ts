import { deadlineAt } from './time.util';
// Working-day calendar (issue 17, reports): optional, so every existing caller keeps its calendar-day schedule.
import { addWorkingDays, onOrAfterWorkingDay, type WorkingCalendar } from './calendar/working-calendar';

export type DeadlineKind = 'reminder' | 'overdue' | 'escalate_supervisor' | 'escalate_next_level';

export interface DeadlineEvent {
  key: string;
  kind: DeadlineKind;
  at: number;
  daysBefore?: number;
}

export interface DeadlineSettings {
  due: string | null;
  reminderOffsetsDays: number[];
  escalateSupervisorAfterHours: number;
  escalateNextLevelAfterHours: number;
  /** Issue 17: with a working-day calendar, a due date on a rest day moves to the next working day and reminders
   *  count working days before it ("nhắc trước 3 ngày làm việc"). Absent = calendar days, as before. */
  calendar?: WorkingCalendar | null;
}

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Reminders before the due date, overdue at it, then escalation to the supervisor and to the next level. */
export function deadlineSchedule(s: DeadlineSettings): DeadlineEvent[] {
  if (!s.due) return [];
  // --- issue 17 (working-day calendar): the only change to this function; without a calendar nothing differs.
  const cal = s.calendar ?? null;
  const due = cal ? onOrAfterWorkingDay(cal, s.due) : s.due;
  const overdueAt = deadlineAt(due);
  const reminders = [...new Set(s.reminderOffsetsDays.filter((d) => d > 0))].map<DeadlineEvent>((d) => ({
    key: `reminder:${d}`,
    kind: 'reminder',
    at: cal ? deadlineAt(addWorkingDays(cal, due, -d)) : overdueAt - d * DAY,
    daysBefore: d,
  }));
  const esc1 = overdueAt + s.escalateSupervisorAfterHours * HOUR;
  const events: DeadlineEvent[] = [
    ...reminders,
    { key: 'overdue', kind: 'overdue', at: overdueAt },
    { key: 'escalate:1', kind: 'escalate_supervisor', at: esc1 },
    { key: 'escalate:2', kind: 'escalate_next_level', at: esc1 + s.escalateNextLevelAfterHours * HOUR },
  ];
  // Stable order: by time, then by the order above (overdue before an escalation at the same instant).
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map(({ e }) => e);
}

/** Events due now and not yet fired, and the next one to wait for. */
export function pendingDeadlineEvents(schedule: DeadlineEvent[], firedKeys: string[], now: number): { due: DeadlineEvent[]; next: DeadlineEvent | null } {
  const fired = new Set(firedKeys);
  const open = schedule.filter((e) => !fired.has(e.key));
  return { due: open.filter((e) => e.at <= now), next: open.find((e) => e.at > now) ?? null };
}

/** A reminder whose time passed long before it could be sent (the work was assigned late) is not worth sending. */
export function isStale(event: DeadlineEvent, now: number, graceMs: number): boolean {
  return event.kind === 'reminder' && now - event.at > graceMs;
}

// What a plan owner should hear when a task starts: its due date has already passed, or some units it names have
// nobody (no officer or supervisor) who could act on it. Warnings, not refusals: the work still starts.
import type { Timeframe } from '@khflow/contracts';
import { dueOfPeriod, periodAt } from '../recurrence.util';
import { compareDates } from '../time.util';

export type LaunchWarning =
  | { code: 'due_in_past'; taskId: string; ref: string; due: string }
  | { code: 'units_without_actors'; taskId: string; ref: string; unitIds: string[] };

/** The first due date the task's work will have (a recurring task: its first period's). */
export function firstDueOf(timeframe: Timeframe, launchDate: string): string | null {
  if (timeframe.kind === 'recurring' && timeframe.recurrence) return dueOfPeriod(timeframe.recurrence, periodAt(timeframe.recurrence, launchDate, 0));
  return timeframe.kind === 'ongoing' ? null : (timeframe.due ?? null);
}

export function launchWarnings(task: { id: string; ref: string; timeframe: Timeframe }, today: string, launchDate: string, unitsWithoutActors: string[]): LaunchWarning[] {
  const out: LaunchWarning[] = [];
  const due = firstDueOf(task.timeframe, launchDate);
  if (due && compareDates(due, today) < 0) out.push({ code: 'due_in_past', taskId: task.id, ref: task.ref, due });
  if (unitsWithoutActors.length) out.push({ code: 'units_without_actors', taskId: task.id, ref: task.ref, unitIds: [...unitsWithoutActors] });
  return out;
}

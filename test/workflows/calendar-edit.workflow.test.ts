// Issue 17: an administrator's edit of the working-day calendar reaches a running assignment. On the time-skipping
// test server (stubbed activities), an assignment that follows the calendar gets its due day made a holiday while it
// runs: the calendarChanged signal makes it reload the calendar, and its overdue fires at the end of the next working
// day, not of the old one; a control run that was not told keeps the old day. The edited run's history is recorded
// (KHFLOW_RECORD_HISTORIES=1) for the replay test.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { calendarChangedSignal } from '@khflow/contracts';
import { addDays, dayOfWeekSundayZero, deadlineAt, vnDateOf } from '@khflow/domain';
import { createTimeSkippingEnv, waitFor } from '../support/test-env';
import { recordHistory } from '../replay/history-recorder';
import { assignmentDriver, eventsOf, startStubEngine, type StubEngine } from './stub-engine';

jest.setTimeout(300_000);

const WEEKENDS: StubEngine['calendar'] = { weekendDays: [0, 6], days: {} };
const POLICY = { reminderOffsetsDays: [1], escalateSupervisorAfterHours: 48, escalateNextLevelAfterHours: 72 };
const HOUR = 3600_000;

describe('assignment workflow: a calendar edit moves the deadline of a running assignment (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let engine: StubEngine;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    engine = await startStubEngine(env);
  });
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
  });

  const { start, actions } = assignmentDriver(() => engine);
  const sleepUntil = async (at: number) => env.sleep(Math.max(1, at - (await env.currentTimeMs())));
  const occurredAt = (workflowId: string, action: string) => eventsOf(engine, workflowId).filter((e) => e.action === action).map((e) => Date.parse(e.occurredAt));

  it('a holiday added on the due day moves the overdue to the end of the next working day', async () => {
    // A Monday to Thursday at least a week ahead, so the day after it is a working day.
    let due = addDays(vnDateOf(await env.currentTimeMs()), 8);
    while (![1, 2, 3, 4].includes(dayOfWeekSundayZero(due))) due = addDays(due, 1);
    const newDue = addDays(due, 1);
    const edited = await start({ due, policy: POLICY }, WEEKENDS);
    const control = await start({ due, policy: POLICY }, WEEKENDS);

    // The administrators make the due day a holiday; the API tells the edited run (not the control run).
    engine.calendars.set(edited.input.workflowId, { ...WEEKENDS, days: { [due]: { date: due, kind: 'holiday', name: 'Nghỉ bù' } } });
    await edited.handle.signal(calendarChangedSignal, { dates: [due] });
    // Reloaded: the local activity's marker follows the signal in the history.
    await waitFor(async () => {
      const events = (await edited.handle.fetchHistory()).events ?? [];
      const signalled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged');
      return signalled >= 0 && events.slice(signalled).some((e) => e.markerRecordedEventAttributes);
    }, { timeoutMs: 60_000 });

    // The end of the old due day passes: the control run is overdue, the edited one is not.
    await sleepUntil(deadlineAt(due) + HOUR);
    await waitFor(() => actions(control.input.workflowId).includes('assignment.overdue'), { timeoutMs: 60_000 });
    expect(occurredAt(control.input.workflowId, 'assignment.overdue')[0]).toBeGreaterThanOrEqual(deadlineAt(due));
    expect(occurredAt(control.input.workflowId, 'assignment.overdue')[0]).toBeLessThan(deadlineAt(due) + HOUR);
    expect(actions(edited.input.workflowId)).not.toContain('assignment.overdue');
    // Both were reminded the working day before (the holiday does not move a reminder counted back from it).
    const [remindedEdited, remindedControl] = [edited, control].map((r) => occurredAt(r.input.workflowId, 'assignment.reminder_sent'));
    expect([remindedEdited.length, remindedControl.length]).toEqual([1, 1]);
    expect(Math.abs(remindedEdited[0] - remindedControl[0])).toBeLessThan(60_000);

    // The end of the next working day: the edited run is overdue now, at that day's end.
    await sleepUntil(deadlineAt(newDue) + HOUR);
    await waitFor(() => actions(edited.input.workflowId).includes('assignment.overdue'), { timeoutMs: 60_000 });
    const [overdueAt] = occurredAt(edited.input.workflowId, 'assignment.overdue');
    expect(overdueAt).toBeGreaterThanOrEqual(deadlineAt(newDue));
    expect(overdueAt).toBeLessThan(deadlineAt(newDue) + HOUR);
    // Its escalation follows the moved overdue (48 hours after it), not the old one.
    await sleepUntil(deadlineAt(due) + 48 * HOUR + HOUR);
    await waitFor(() => actions(control.input.workflowId).includes('assignment.escalated'), { timeoutMs: 60_000 });
    expect(actions(edited.input.workflowId)).not.toContain('assignment.escalated');
    await sleepUntil(deadlineAt(newDue) + 48 * HOUR + HOUR);
    await waitFor(() => actions(edited.input.workflowId).includes('assignment.escalated'), { timeoutMs: 60_000 });
    expect(occurredAt(edited.input.workflowId, 'assignment.escalated')[0]).toBeGreaterThanOrEqual(deadlineAt(newDue) + 48 * HOUR);

    recordHistory('calendar-edit', 'assignment-holiday-on-due', await edited.handle.fetchHistory());
  });

  it('a run told of an edit that moves nothing keeps its schedule', async () => {
    let due = addDays(vnDateOf(await env.currentTimeMs()), 8);
    while (![1, 2, 3, 4].includes(dayOfWeekSundayZero(due))) due = addDays(due, 1);
    const far = addDays(due, 30);
    const run = await start({ due, policy: POLICY }, WEEKENDS);
    engine.calendars.set(run.input.workflowId, { ...WEEKENDS, days: { [far]: { date: far, kind: 'holiday', name: 'Nghỉ' } } });
    await run.handle.signal(calendarChangedSignal, { dates: [far] });
    await sleepUntil(deadlineAt(due) + HOUR);
    await waitFor(() => actions(run.input.workflowId).includes('assignment.overdue'), { timeoutMs: 60_000 });
    expect(occurredAt(run.input.workflowId, 'assignment.overdue')[0]).toBeLessThan(deadlineAt(due) + HOUR);
  });
});

import { type DeadlineEvent, deadlineSchedule, type DeadlineSettings, isStale, pendingDeadlineEvents } from './deadline.util';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const settings = (over: Partial<DeadlineSettings> = {}): DeadlineSettings => ({
  due: '2024-03-15',
  reminderOffsetsDays: [7, 3, 1],
  escalateSupervisorAfterHours: 24,
  escalateNextLevelAfterHours: 48,
  ...over,
});

// Due 2024-03-15 ends at 23:59:59.999 +07:00 = 16:59:59.999Z.
const R7: DeadlineEvent = { key: 'reminder:7', kind: 'reminder', at: at('2024-03-08T16:59:59.999Z'), daysBefore: 7 };
const R3: DeadlineEvent = { key: 'reminder:3', kind: 'reminder', at: at('2024-03-12T16:59:59.999Z'), daysBefore: 3 };
const R1: DeadlineEvent = { key: 'reminder:1', kind: 'reminder', at: at('2024-03-14T16:59:59.999Z'), daysBefore: 1 };
const OVERDUE: DeadlineEvent = { key: 'overdue', kind: 'overdue', at: at('2024-03-15T16:59:59.999Z') };
const ESC1: DeadlineEvent = { key: 'escalate:1', kind: 'escalate_supervisor', at: at('2024-03-16T16:59:59.999Z') };
const ESC2: DeadlineEvent = { key: 'escalate:2', kind: 'escalate_next_level', at: at('2024-03-18T16:59:59.999Z') };
const FULL = [R7, R3, R1, OVERDUE, ESC1, ESC2];

describe('deadlineSchedule', () => {
  it.each<[string, Partial<DeadlineSettings>, DeadlineEvent[]]>([
    ['no due date: nothing to schedule', { due: null }, []],
    ['default policy: reminders, overdue at end of day, escalations 24h and 24h+48h after', {}, FULL],
    ['reminder offsets in any order come out by time', { reminderOffsetsDays: [1, 7, 3] }, FULL],
    ['duplicate, zero and negative offsets are dropped', { reminderOffsetsDays: [3, 0, -1, 3] }, [R3, OVERDUE, ESC1, ESC2]],
    ['no reminders', { reminderOffsetsDays: [] }, [OVERDUE, ESC1, ESC2]],
    [
      'reminder one day before 1 March (leap year) fires at the end of 29 Feb',
      { due: '2024-03-01', reminderOffsetsDays: [1] },
      [
        { key: 'reminder:1', kind: 'reminder', at: at('2024-02-29T16:59:59.999Z'), daysBefore: 1 },
        { key: 'overdue', kind: 'overdue', at: at('2024-03-01T16:59:59.999Z') },
        { key: 'escalate:1', kind: 'escalate_supervisor', at: at('2024-03-02T16:59:59.999Z') },
        { key: 'escalate:2', kind: 'escalate_next_level', at: at('2024-03-04T16:59:59.999Z') },
      ],
    ],
    [
      'reminder one day before 1 March (common year) fires at the end of 28 Feb',
      { due: '2023-03-01', reminderOffsetsDays: [1], escalateSupervisorAfterHours: 1, escalateNextLevelAfterHours: 1 },
      [
        { key: 'reminder:1', kind: 'reminder', at: at('2023-02-28T16:59:59.999Z'), daysBefore: 1 },
        { key: 'overdue', kind: 'overdue', at: at('2023-03-01T16:59:59.999Z') },
        { key: 'escalate:1', kind: 'escalate_supervisor', at: at('2023-03-01T17:59:59.999Z') },
        { key: 'escalate:2', kind: 'escalate_next_level', at: at('2023-03-01T18:59:59.999Z') },
      ],
    ],
    [
      'year-end due date',
      { due: '2024-12-31', reminderOffsetsDays: [31] },
      [
        { key: 'reminder:31', kind: 'reminder', at: at('2024-11-30T16:59:59.999Z'), daysBefore: 31 },
        { key: 'overdue', kind: 'overdue', at: at('2024-12-31T16:59:59.999Z') },
        { key: 'escalate:1', kind: 'escalate_supervisor', at: at('2025-01-01T16:59:59.999Z') },
        { key: 'escalate:2', kind: 'escalate_next_level', at: at('2025-01-03T16:59:59.999Z') },
      ],
    ],
    [
      'zero escalation delays keep overdue before the escalations at the same instant',
      { reminderOffsetsDays: [], escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0 },
      [OVERDUE, { ...ESC1, at: OVERDUE.at }, { ...ESC2, at: OVERDUE.at }],
    ],
  ])('%s', (_label, over, expected) => {
    expect(deadlineSchedule(settings(over))).toEqual(expected);
  });

  it('gives only reminders a daysBefore', () => {
    const events = deadlineSchedule(settings());
    expect(events.filter((e) => e.daysBefore !== undefined).map((e) => e.key)).toEqual(['reminder:7', 'reminder:3', 'reminder:1']);
  });

  it('measures the next-level escalation from the supervisor escalation, not from the deadline', () => {
    const [esc1, esc2] = deadlineSchedule(settings({ reminderOffsetsDays: [], escalateSupervisorAfterHours: 5, escalateNextLevelAfterHours: 3 })).slice(1);
    expect(esc1.at - OVERDUE.at).toBe(5 * HOUR);
    expect(esc2.at - OVERDUE.at).toBe(8 * HOUR);
  });

  it('throws on an invalid due date', () => {
    expect(() => deadlineSchedule(settings({ due: '2023-02-29' }))).toThrow(RangeError);
  });
});

describe('pendingDeadlineEvents', () => {
  it.each<[string, string[], number, DeadlineEvent[], DeadlineEvent | null]>([
    ['long before anything', [], at('2024-03-01T00:00:00.000Z'), [], R7],
    ['one ms before the first reminder', [], R7.at - 1, [], R7],
    ['exactly at the first reminder (inclusive)', [], R7.at, [R7], R3],
    ['at the deadline with two reminders already sent', ['reminder:7', 'reminder:3'], OVERDUE.at, [R1, OVERDUE], ESC1],
    ['one ms after the deadline, all reminders sent', ['reminder:7', 'reminder:3', 'reminder:1'], OVERDUE.at + 1, [OVERDUE], ESC1],
    ['a fired future event is skipped as next', ['escalate:1'], OVERDUE.at, [R7, R3, R1, OVERDUE], ESC2],
    ['everything late and nothing fired', [], at('2024-04-01T00:00:00.000Z'), FULL, null],
    ['everything fired', FULL.map((e) => e.key), at('2024-04-01T00:00:00.000Z'), [], null],
    ['unknown fired keys are ignored', ['reminder:14'], R7.at, [R7], R3],
  ])('%s', (_label, fired, now, due, next) => {
    expect(pendingDeadlineEvents(FULL, fired, now)).toEqual({ due, next });
  });

  it('handles an empty schedule (no due date)', () => {
    expect(pendingDeadlineEvents([], [], 0)).toEqual({ due: [], next: null });
  });
});

describe('isStale', () => {
  const grace = 6 * HOUR;
  it.each<[string, DeadlineEvent, number, number, boolean]>([
    ['reminder within the grace period', R1, R1.at + grace - 1, grace, false],
    ['reminder exactly at the grace limit', R1, R1.at + grace, grace, false],
    ['reminder one ms past the grace limit', R1, R1.at + grace + 1, grace, true],
    ['reminder not yet due', R1, R1.at - HOUR, grace, false],
    ['reminder with zero grace, on time', R1, R1.at, 0, false],
    ['reminder with zero grace, one ms late', R1, R1.at + 1, 0, true],
    ['overdue is never stale', OVERDUE, OVERDUE.at + 30 * 24 * HOUR, grace, false],
    ['supervisor escalation is never stale', ESC1, ESC1.at + 30 * 24 * HOUR, grace, false],
    ['next-level escalation is never stale', ESC2, ESC2.at + 30 * 24 * HOUR, 0, false],
  ])('%s → %s', (_label, event, now, g, expected) => {
    expect(isStale(event, now, g)).toBe(expected);
  });
});

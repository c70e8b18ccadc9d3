import { deadlineAt } from '../time.util';
import { calendarEditDueRange, deadlineMoves } from './calendar-edit.util';
import { buildCalendar } from './working-calendar';
import { VN_OFFICIAL_CALENDAR } from './vn-official-calendar';

const WEEKENDS = buildCalendar([]);
const with_ = (date: string, kind: 'holiday' | 'working_day' = 'holiday') => buildCalendar([{ date, kind, name: 'x' }]);
const policy = { reminderOffsetsDays: [3, 1], escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0 };

describe('what a calendar edit moves', () => {
  it.each<[string, string, ReturnType<typeof buildCalendar>, string[]]>([
    // due (2026-06-15 is a Monday), calendar after the edit, keys that move
    ['a holiday on the due day moves the overdue and escalations one working day later (the reminders count back from a day off to the same days)', '2026-06-15', with_('2026-06-15'), ['overdue', 'escalate:1', 'escalate:2']],
    ['a holiday on the day of the last reminder moves the reminders only', '2026-06-15', with_('2026-06-12'), ['reminder:3', 'reminder:1']],
    ['a holiday between the two reminders moves the earlier one', '2026-06-15', with_('2026-06-11'), ['reminder:3']],
    ['a holiday before every reminder moves nothing', '2026-06-15', with_('2026-06-09'), []],
    ['a make-up Saturday before a Monday due date moves the last reminder onto it', '2026-06-15', with_('2026-06-13', 'working_day'), ['reminder:3', 'reminder:1']],
    ['a make-up Saturday that is the due date keeps the deadline on Saturday instead of Monday', '2026-06-13', with_('2026-06-13', 'working_day'), ['overdue', 'escalate:1', 'escalate:2']],
  ])('%s', (_label, due, after, keys) => {
    expect(deadlineMoves({ due, ...policy }, WEEKENDS, after).map((m) => m.key)).toEqual(keys);
  });

  it('gives old and new times', () => {
    expect(deadlineMoves({ due: '2026-06-15', ...policy }, WEEKENDS, with_('2026-06-15')).find((m) => m.key === 'overdue')).toEqual({ key: 'overdue', from: deadlineAt('2026-06-15'), to: deadlineAt('2026-06-16') });
  });

  it.each<[string, string[], ReturnType<typeof buildCalendar>, ReturnType<typeof buildCalendar>, number, { from: string; to: string }]>([
    // a Wednesday: due dates from that day to 4 working days later (3-day reminders, one more for the changed day itself)
    ['a weekday', ['2026-06-10'], WEEKENDS, with_('2026-06-10'), 3, { from: '2026-06-10', to: '2026-06-16' }],
    // a Monday: a due date on the weekend before moves onto it
    ['a Monday after a weekend', ['2026-06-15'], WEEKENDS, with_('2026-06-15'), 1, { from: '2026-06-13', to: '2026-06-17' }],
    // the first working day after Tết Bính Ngọ, removed as a working day: every due date of the Tết break reaches it
    ['the day after Tết', ['2026-02-23'], VN_OFFICIAL_CALENDAR, WEEKENDS, 0, { from: '2026-02-14', to: '2026-02-24' }],
  ])('the due dates an edit of %s can move', (_label, dates, before, after, maxReminderDays, range) => {
    expect(calendarEditDueRange(dates, before, after, maxReminderDays)).toEqual(range);
  });

  it('every due date whose schedule moves lies in the range', () => {
    const changed = '2026-06-15';
    const after = with_(changed);
    const { from, to } = calendarEditDueRange([changed], WEEKENDS, after, 7);
    for (let i = -40; i <= 40; i++) {
      const due = new Date(Date.parse(`${changed}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
      const moved = deadlineMoves({ due, reminderOffsetsDays: [7, 3, 1], escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0 }, WEEKENDS, after).length > 0;
      if (moved) expect([due >= from, due <= to]).toEqual([true, true]);
    }
  });
});

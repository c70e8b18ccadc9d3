import { deadlineSchedule, type DeadlineSettings } from '../deadline.util';
import { deadlineAt } from '../time.util';
import { VN_OFFICIAL_CALENDAR } from './vn-official-calendar';

const base: DeadlineSettings = { due: null, reminderOffsetsDays: [3, 1], escalateSupervisorAfterHours: 48, escalateNextLevelAfterHours: 72 };
const at = (s: DeadlineSettings, key: string) => deadlineSchedule(s).find((e) => e.key === key)?.at;

describe('deadlines on the working-day calendar', () => {
  it.each<[string, string, string, string, string]>([
    // due, overdue at the end of, reminder 1 working day before, reminder 3 working days before
    ['a due date on mùng 1 Tết Bính Ngọ moves to the first working day after Tết', '2026-02-17', '2026-02-23', '2026-02-13', '2026-02-11'],
    ['a due date on a Saturday moves to Monday', '2026-12-05', '2026-12-07', '2026-12-04', '2026-12-02'],
    ['a working day stays; reminders skip Tết Ất Tỵ', '2025-02-04', '2025-02-04', '2025-02-03', '2025-01-23'],
    ['a make-up Saturday is a working day', '2026-01-10', '2026-01-10', '2026-01-09', '2026-01-07'],
  ])('%s', (_label, due, overdueOn, r1, r3) => {
    const s = { ...base, due, calendar: VN_OFFICIAL_CALENDAR };
    expect(at(s, 'overdue')).toBe(deadlineAt(overdueOn));
    expect(at(s, 'reminder:1')).toBe(deadlineAt(r1));
    expect(at(s, 'reminder:3')).toBe(deadlineAt(r3));
    expect(at(s, 'escalate:1')).toBe(deadlineAt(overdueOn) + 48 * 3600_000);
  });

  it('without a calendar the schedule counts calendar days, as before', () => {
    const s = { ...base, due: '2026-02-17' };
    expect(at(s, 'overdue')).toBe(deadlineAt('2026-02-17'));
    expect(at(s, 'reminder:1')).toBe(deadlineAt('2026-02-16'));
  });
});

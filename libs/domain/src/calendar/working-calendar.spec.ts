import { addDays } from '../time.util';
import { VN_OFFICIAL_CALENDAR, VN_OFFICIAL_CALENDAR_DAYS } from './vn-official-calendar';
import {
  addWorkingDays,
  buildCalendar,
  calendarDaysOfYear,
  isWorkingDay,
  nextWorkingDay,
  onOrAfterWorkingDay,
  previousWorkingDay,
  resolveDue,
  dayOfWeekSundayZero,
  workingDaysBetween,
  type DueRule,
} from './working-calendar';

const cal = VN_OFFICIAL_CALENDAR;

describe('isWorkingDay on the official calendar', () => {
  it.each([
    ['2025-01-24', true, 'Friday before Tết Ất Tỵ'],
    ['2025-01-25', false, 'Saturday'],
    ['2025-01-27', false, 'Tết (28 tháng Chạp)'],
    ['2025-01-29', false, 'mùng 1 Tết'],
    ['2025-01-31', false, 'mùng 3 Tết'],
    ['2025-02-01', false, 'Saturday in Tết'],
    ['2025-02-03', true, 'first Monday after Tết'],
    ['2025-04-26', true, 'make-up Saturday for 2/5/2025'],
    ['2025-05-02', false, 'Friday swapped to 26/4'],
    ['2024-05-04', true, 'make-up Saturday for 29/4/2024'],
    ['2024-04-29', false, 'Monday swapped to 4/5'],
    ['2024-09-03', false, 'Quốc khánh adjacent day'],
    ['2026-01-02', false, 'Friday swapped to 10/1/2026'],
    ['2026-01-10', true, 'make-up Saturday 10/1/2026'],
    ['2026-02-16', false, 'Tết Bính Ngọ (29 tháng Chạp)'],
    ['2026-02-23', true, 'Monday after Tết Bính Ngọ'],
    ['2026-04-27', false, 'Giỗ Tổ compensated (26/4 is a Sunday)'],
    ['2027-04-16', false, 'Giỗ Tổ 2027 (Friday)'],
    ['2027-05-03', false, '1/5/2027 is a Saturday: compensated Monday'],
    ['2026-12-01', true, 'an ordinary Tuesday'],
    ['2026-12-06', false, 'an ordinary Sunday'],
  ])('%s working=%s (%s)', (date, expected) => {
    expect(isWorkingDay(cal, date)).toBe(expected);
  });
});

describe('moving along working days', () => {
  it.each<[string, string, number, string]>([
    ['5 working days from Thursday 23/1/2025 cross Tết Ất Tỵ', '2025-01-23', 5, '2025-02-06'],
    ['1 working day from Friday 24/1/2025 is the Monday after Tết', '2025-01-24', 1, '2025-02-03'],
    ['from inside Tết', '2025-01-29', 1, '2025-02-03'],
    ['a make-up Saturday counts', '2025-04-25', 1, '2025-04-26'],
    ['over 30/4–1/5/2025', '2025-04-29', 1, '2025-05-05'],
    ['over Tết Bính Ngọ 2026', '2026-02-13', 1, '2026-02-23'],
    ['10 working days over Tết Bính Ngọ and a weekend', '2026-02-09', 10, '2026-03-02'],
    ['0 keeps a working day', '2026-12-01', 0, '2026-12-01'],
    ['0 moves a holiday on', '2026-02-17', 0, '2026-02-23'],
    ['backwards over Tết', '2025-02-03', -1, '2025-01-24'],
    ['backwards 3 from a Monday', '2026-12-07', -3, '2026-12-02'],
  ])('%s', (_label, from, n, expected) => {
    expect(addWorkingDays(cal, from, n)).toBe(expected);
  });

  it('nextWorkingDay and previousWorkingDay skip rest days and holidays, never return the day itself', () => {
    expect(nextWorkingDay(cal, '2026-12-01')).toBe('2026-12-02');
    expect(nextWorkingDay(cal, '2024-02-07')).toBe('2024-02-15');
    expect(previousWorkingDay(cal, '2024-02-15')).toBe('2024-02-07');
    expect(onOrAfterWorkingDay(cal, '2024-04-30')).toBe('2024-05-02');
  });

  it('counts working days between two dates both ways', () => {
    expect(workingDaysBetween(cal, '2025-01-23', '2025-02-06')).toBe(5);
    expect(workingDaysBetween(cal, '2025-02-06', '2025-01-23')).toBe(-5);
    expect(workingDaysBetween(cal, '2026-12-01', '2026-12-01')).toBe(0);
  });

  it('addWorkingDays and workingDaysBetween agree on every start day of 2024–2027', () => {
    for (let d = '2024-01-01'; d < '2027-12-01'; d = addDays(d, 1)) {
      expect(workingDaysBetween(cal, d, addWorkingDays(cal, d, 7))).toBe(7);
    }
  });

  it('refuses a fractional count and a calendar without working days', () => {
    expect(() => addWorkingDays(cal, '2026-12-01', 1.5)).toThrow(/whole number/);
    expect(() => nextWorkingDay(buildCalendar([], [0, 1, 2, 3, 4, 5, 6]), '2026-12-01')).toThrow(/no working day/);
    expect(() => buildCalendar([{ date: '2026-02-30', kind: 'holiday', name: 'x' }])).toThrow(/not a date/);
  });
});

describe('due rules', () => {
  it.each<[string, DueRule, string]>([
    ['a fixed date is kept by default', { kind: 'date', date: '2025-01-29' }, '2025-01-29'],
    ['a fixed date on Tết moves to the next working day when the rule says so', { kind: 'date', date: '2025-01-29', onNonWorkingDay: 'next_working_day' }, '2025-02-03'],
    ['a fixed date on a weekend moves to Monday', { kind: 'date', date: '2026-01-03', onNonWorkingDay: 'next_working_day' }, '2026-01-05'],
    ['"trong 05 ngày làm việc" over Tết', { kind: 'working_days', from: '2025-01-23', days: 5 }, '2025-02-06'],
  ])('%s', (_label, rule, expected) => {
    expect(resolveDue(cal, rule)).toBe(expected);
  });
});

describe('the seed data', () => {
  it('has every year 2024–2027 with the statutory holidays on working days or in compensation', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      const days = calendarDaysOfYear(cal, year);
      const holidays = days.filter((d) => d.kind === 'holiday');
      // Labour Code art. 112: 11 days a year (1 + 5 + 1 + 1 + 1 + 2); those on a weekend are given back on a
      // working day, so every year has at least 9 weekday holidays listed.
      expect(holidays.length).toBeGreaterThanOrEqual(9);
      expect(holidays.every((d) => ![0, 6].includes(dayOfWeekSundayZero(d.date)))).toBe(true);
      // Each swap has its make-up Saturday in the same year.
      expect(days.filter((d) => d.kind === 'day_off').length).toBe(days.filter((d) => d.kind === 'working_day').length);
      expect(days.filter((d) => d.kind === 'working_day').every((d) => dayOfWeekSundayZero(d.date) === 6)).toBe(true);
    }
  });

  it('lists each date once and marks what is not confirmed', () => {
    const dates = VN_OFFICIAL_CALENDAR_DAYS.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(VN_OFFICIAL_CALENDAR_DAYS.filter((d) => d.tentative).map((d) => d.date)).toEqual(['2026-09-01', '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-09-03']);
  });
});

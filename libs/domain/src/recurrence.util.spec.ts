import type { Frequency, Recurrence } from '@khflow/contracts';
import { dueOfPeriod, isPeriodWithinUntil, nextPeriod, nextPeriodIndexAfter, type Period, periodAt, periodContaining } from './recurrence.util';

const period = (key: string, start: string, end: string): Period => ({ key, start, end });
const rec = (freq: Frequency, monthOffset: number, day: number, extra: Partial<Recurrence> = {}): Recurrence => ({ freq, due: { monthOffset, day }, ...extra });

describe('periodContaining', () => {
  it.each<[Frequency, string, Period]>([
    ['monthly', '2024-01-01', period('2024-01', '2024-01-01', '2024-01-31')],
    ['monthly', '2024-02-15', period('2024-02', '2024-02-01', '2024-02-29')], // leap year
    ['monthly', '2023-02-28', period('2023-02', '2023-02-01', '2023-02-28')],
    ['monthly', '2024-04-30', period('2024-04', '2024-04-01', '2024-04-30')],
    ['monthly', '2024-12-31', period('2024-12', '2024-12-01', '2024-12-31')],
    ['quarterly', '2024-01-01', period('2024-Q1', '2024-01-01', '2024-03-31')],
    ['quarterly', '2024-03-31', period('2024-Q1', '2024-01-01', '2024-03-31')],
    ['quarterly', '2024-04-01', period('2024-Q2', '2024-04-01', '2024-06-30')],
    ['quarterly', '2024-06-30', period('2024-Q2', '2024-04-01', '2024-06-30')],
    ['quarterly', '2024-07-01', period('2024-Q3', '2024-07-01', '2024-09-30')],
    ['quarterly', '2024-09-30', period('2024-Q3', '2024-07-01', '2024-09-30')],
    ['quarterly', '2024-10-01', period('2024-Q4', '2024-10-01', '2024-12-31')],
    ['quarterly', '2024-12-31', period('2024-Q4', '2024-10-01', '2024-12-31')],
    ['quarterly', '2024-02-29', period('2024-Q1', '2024-01-01', '2024-03-31')],
    ['yearly', '2024-01-01', period('2024', '2024-01-01', '2024-12-31')],
    ['yearly', '2024-07-04', period('2024', '2024-01-01', '2024-12-31')],
    ['yearly', '2025-12-31', period('2025', '2025-01-01', '2025-12-31')],
  ])('%s containing %s', (freq, date, expected) => {
    expect(periodContaining(freq, date)).toEqual(expected);
  });
});

describe('nextPeriod', () => {
  it.each<[Frequency, Period, Period]>([
    ['monthly', period('2024-01', '2024-01-01', '2024-01-31'), period('2024-02', '2024-02-01', '2024-02-29')],
    ['monthly', period('2023-01', '2023-01-01', '2023-01-31'), period('2023-02', '2023-02-01', '2023-02-28')],
    ['monthly', period('2024-02', '2024-02-01', '2024-02-29'), period('2024-03', '2024-03-01', '2024-03-31')],
    ['monthly', period('2024-12', '2024-12-01', '2024-12-31'), period('2025-01', '2025-01-01', '2025-01-31')],
    ['quarterly', period('2024-Q1', '2024-01-01', '2024-03-31'), period('2024-Q2', '2024-04-01', '2024-06-30')],
    ['quarterly', period('2024-Q3', '2024-07-01', '2024-09-30'), period('2024-Q4', '2024-10-01', '2024-12-31')],
    ['quarterly', period('2024-Q4', '2024-10-01', '2024-12-31'), period('2025-Q1', '2025-01-01', '2025-03-31')],
    ['yearly', period('2024', '2024-01-01', '2024-12-31'), period('2025', '2025-01-01', '2025-12-31')],
  ])('%s after %j', (freq, p, expected) => {
    expect(nextPeriod(freq, p)).toEqual(expected);
  });

  it('walks twelve months back to the same month a year later', () => {
    let p = periodContaining('monthly', '2024-01-31');
    const keys: string[] = [];
    for (let i = 0; i < 12; i++) {
      p = nextPeriod('monthly', p);
      keys.push(p.key);
    }
    expect(keys).toEqual(['2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01']);
  });
});

describe('dueOfPeriod', () => {
  const q1 = period('2024-Q1', '2024-01-01', '2024-03-31');
  const q2 = period('2024-Q2', '2024-04-01', '2024-06-30');
  const q4 = period('2024-Q4', '2024-10-01', '2024-12-31');
  const y2024 = period('2024', '2024-01-01', '2024-12-31');
  const jan2024 = period('2024-01', '2024-01-01', '2024-01-31');
  const jan2023 = period('2023-01', '2023-01-01', '2023-01-31');
  const feb2024 = period('2024-02', '2024-02-01', '2024-02-29');
  const mar2024 = period('2024-03', '2024-03-01', '2024-03-31');
  const dec2024 = period('2024-12', '2024-12-01', '2024-12-31');

  it.each<[string, Recurrence, Period, string]>([
    ['quarterly: 3rd of the next quarter’s first month', rec('quarterly', 1, 3), q1, '2024-04-03'],
    ['quarterly Q4: rolls into next year', rec('quarterly', 1, 3), q4, '2025-01-03'],
    ['quarterly: last day of the quarter', rec('quarterly', 0, 31), q1, '2024-03-31'],
    ['quarterly Q2: day 31 clamped to 30 June', rec('quarterly', 0, 31), q2, '2024-06-30'],
    ['yearly: before 30/12', rec('yearly', 0, 30), y2024, '2024-12-30'],
    ['yearly: every November', rec('yearly', -1, 30), y2024, '2024-11-30'],
    ['yearly: offset −12 reaches December of the year before', rec('yearly', -12, 15), y2024, '2023-12-15'],
    ['monthly: day 31 of the next month clamped to the leap day', rec('monthly', 1, 31), jan2024, '2024-02-29'],
    ['monthly: day 31 of the next month clamped to 28 Feb', rec('monthly', 1, 31), jan2023, '2023-02-28'],
    ['monthly: end of the month itself (leap February)', rec('monthly', 0, 31), feb2024, '2024-02-29'],
    ['monthly: 5th of next month', rec('monthly', 1, 5), dec2024, '2025-01-05'],
    ['monthly: day 0 is raised to the 1st', rec('monthly', 0, 0), mar2024, '2024-03-01'],
    ['monthly: negative day is raised to the 1st', rec('monthly', 0, -5), mar2024, '2024-03-01'],
  ])('%s', (_label, r, p, expected) => {
    expect(dueOfPeriod(r, p)).toBe(expected);
  });
});

describe('periodAt', () => {
  it.each<[string, Recurrence, string, number, string]>([
    ['monthly, index 0 is the start month', rec('monthly', 1, 5, { start: '2024-01-31' }), '2030-01-01', 0, '2024-01'],
    ['monthly, start on the 31st does not skip February', rec('monthly', 1, 5, { start: '2024-01-31' }), '2030-01-01', 1, '2024-02'],
    ['monthly, twelfth period is next January', rec('monthly', 1, 5, { start: '2024-01-31' }), '2030-01-01', 12, '2025-01'],
    ['monthly, negative index goes back', rec('monthly', 1, 5, { start: '2024-01-10' }), '2030-01-01', -1, '2023-12'],
    ['quarterly, null start falls back to the launch date', rec('quarterly', 1, 3, { start: null }), '2024-05-20', 0, '2024-Q2'],
    ['quarterly, absent start falls back to the launch date', rec('quarterly', 1, 3), '2024-05-20', 2, '2024-Q4'],
    ['quarterly, crosses the year', rec('quarterly', 1, 3), '2024-05-20', 3, '2025-Q1'],
    ['quarterly, start wins over the launch date', rec('quarterly', 1, 3, { start: '2024-12-31' }), '2024-05-20', 1, '2025-Q1'],
    ['yearly from a leap day', rec('yearly', 0, 30), '2024-02-29', 1, '2025'],
  ])('%s', (_label, r, launch, index, expectedKey) => {
    expect(periodAt(r, launch, index).key).toBe(expectedKey);
  });

  it('returns the full period bounds', () => {
    expect(periodAt(rec('monthly', 1, 5, { start: '2024-01-31' }), '2024-01-31', 1)).toEqual(period('2024-02', '2024-02-01', '2024-02-29'));
    expect(periodAt(rec('quarterly', 1, 3), '2024-11-15', 1)).toEqual(period('2025-Q1', '2025-01-01', '2025-03-31'));
  });
});

describe('isPeriodWithinUntil', () => {
  const q2 = period('2024-Q2', '2024-04-01', '2024-06-30');
  const q3 = period('2024-Q3', '2024-07-01', '2024-09-30');
  const jun = period('2024-06', '2024-06-01', '2024-06-30');

  it.each<[string, Recurrence, Period, boolean]>([
    ['no until', rec('quarterly', 1, 3), q3, true],
    ['until null', rec('quarterly', 1, 3, { until: null }), q3, true],
    ['period starts before until', rec('quarterly', 1, 3, { until: '2024-06-30' }), q2, true],
    ['period starts after until', rec('quarterly', 1, 3, { until: '2024-06-30' }), q3, false],
    ['period starts on until (inclusive)', rec('quarterly', 1, 3, { until: '2024-07-01' }), q3, true],
    ['until falls inside the period: it still runs', rec('quarterly', 1, 3, { until: '2024-05-15' }), q2, true],
    ['monthly period ending on until', rec('monthly', 1, 5, { until: '2024-06-30' }), jun, true],
  ])('%s → %s', (_label, r, p, expected) => {
    expect(isPeriodWithinUntil(r, p)).toBe(expected);
  });
});

describe('weekly recurrence', () => {
  const weekly = (monthOffset: number, day: number): Recurrence => ({ freq: 'weekly', due: { monthOffset, day } });
  it.each<[string, Period]>([
    ['2026-01-01', { key: '2026-W01', start: '2025-12-29', end: '2026-01-04' }], // a Thursday: week 1 of 2026
    ['2026-01-04', { key: '2026-W01', start: '2025-12-29', end: '2026-01-04' }], // Sunday closes the week
    ['2026-01-05', { key: '2026-W02', start: '2026-01-05', end: '2026-01-11' }],
    ['2027-01-01', { key: '2026-W53', start: '2026-12-28', end: '2027-01-03' }], // 2026 has 53 ISO weeks
    ['2024-12-30', { key: '2025-W01', start: '2024-12-30', end: '2025-01-05' }],
  ])('the week of %s', (date, expected) => {
    expect(periodContaining('weekly', date)).toEqual(expected);
  });
  it('is due on the named weekday, this week or a later one', () => {
    const w = periodContaining('weekly', '2026-03-11');
    expect(dueOfPeriod(weekly(0, 5), w)).toBe('2026-03-13'); // Friday of the same week
    expect(dueOfPeriod(weekly(1, 1), w)).toBe('2026-03-16'); // Monday of the next week
    expect(nextPeriod('weekly', w).start).toBe('2026-03-16');
    expect(periodAt(weekly(0, 5), '2026-03-11', 3).start).toBe('2026-03-30');
  });
  it('continues after an amended rule without a gap or an overlap', () => {
    const quarterly: Recurrence = { freq: 'quarterly', due: { monthOffset: 1, day: 3 } };
    const lastQuarter = periodAt(quarterly, '2026-01-10', 1); // 2026-Q2
    const monthly: Recurrence = { freq: 'monthly', due: { monthOffset: 1, day: 5 } };
    const i = nextPeriodIndexAfter(monthly, '2026-01-10', lastQuarter);
    expect(periodAt(monthly, '2026-01-10', i).key).toBe('2026-07');
    expect(nextPeriodIndexAfter(monthly, '2026-01-10', null)).toBe(0);
  });
});

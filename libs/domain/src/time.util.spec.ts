import { addDays, addMonths, compareDates, daysBetween, deadlineAt, formatDate, isValidDate, lastDayOfMonth, startOfDayAt, vnDateOf, VN_OFFSET_MS } from './time.util';

// Asia/Ho_Chi_Minh is a fixed UTC+07:00: local midnight is 17:00Z of the previous UTC day.
const utc = (iso: string) => Date.parse(iso);

describe('VN_OFFSET_MS', () => {
  it('is seven hours', () => {
    expect(VN_OFFSET_MS).toBe(25_200_000);
  });
});

describe('isValidDate', () => {
  it.each([
    ['2024-01-01', true],
    ['2024-12-31', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400: leap
    ['2023-02-28', true],
    ['2023-02-29', false], // not a leap year
    ['1900-02-29', false], // divisible by 100, not by 400
    ['2024-02-30', false],
    ['2024-04-31', false], // April has 30 days
    ['2024-06-31', false],
    ['2024-09-31', false],
    ['2024-11-31', false],
    ['2024-01-32', false],
    ['2024-01-00', false],
    ['2024-00-10', false],
    ['2024-13-01', false],
    ['2024-1-01', false], // not zero-padded
    ['2024-01-1', false],
    ['24-01-01', false],
    ['2024/01/01', false],
    ['2024-01-01T00:00:00', false],
    [' 2024-01-01', false],
    ['', false],
  ])('%j → %s', (input, expected) => {
    expect(isValidDate(input)).toBe(expected);
  });

  it.each([[null], [undefined], [20240101], [new Date('2024-01-01T00:00:00Z')], [{}]])('rejects the non-string %p', (input) => {
    expect(isValidDate(input)).toBe(false);
  });
});

describe('formatDate', () => {
  it.each([
    [2024, 3, 5, '2024-03-05'],
    [2024, 12, 31, '2024-12-31'],
    [999, 1, 1, '0999-01-01'],
    [2025, 10, 10, '2025-10-10'],
  ])('(%i, %i, %i) → %s', (y, m, d, expected) => {
    expect(formatDate(y, m, d)).toBe(expected);
  });
});

describe('lastDayOfMonth', () => {
  it.each([
    [2024, 1, 31],
    [2024, 2, 29],
    [2023, 2, 28],
    [2000, 2, 29],
    [1900, 2, 28],
    [2100, 2, 28],
    [2024, 3, 31],
    [2024, 4, 30],
    [2024, 6, 30],
    [2024, 9, 30],
    [2024, 11, 30],
    [2024, 12, 31],
  ])('%i-%i has %i days', (y, m, expected) => {
    expect(lastDayOfMonth(y, m)).toBe(expected);
  });
});

describe('startOfDayAt', () => {
  it.each([
    ['2024-01-01', '2023-12-31T17:00:00.000Z'], // crosses the UTC year boundary
    ['2024-03-01', '2024-02-29T17:00:00.000Z'], // previous UTC day is the leap day
    ['2023-03-01', '2023-02-28T17:00:00.000Z'],
    ['2024-07-15', '2024-07-14T17:00:00.000Z'],
  ])('%s starts at %s', (date, iso) => {
    expect(startOfDayAt(date)).toBe(utc(iso));
    expect(startOfDayAt(date)).toBe(utc(`${date}T00:00:00.000+07:00`));
  });

  it.each([['2024-02-30'], ['2023-02-29'], ['2024-1-1'], ['']])('throws a RangeError for %j', (date) => {
    expect(() => startOfDayAt(date)).toThrow(RangeError);
    expect(() => startOfDayAt(date)).toThrow(`not a date YYYY-MM-DD: ${date}`);
  });
});

describe('deadlineAt', () => {
  it.each([
    ['2024-03-15', '2024-03-15T16:59:59.999Z'],
    ['2024-02-29', '2024-02-29T16:59:59.999Z'],
    ['2024-12-31', '2024-12-31T16:59:59.999Z'],
    ['2023-01-31', '2023-01-31T16:59:59.999Z'],
  ])('a due date %s ends at 23:59:59.999 +07:00 (%s)', (date, iso) => {
    expect(deadlineAt(date)).toBe(utc(iso));
    expect(deadlineAt(date)).toBe(utc(`${date}T23:59:59.999+07:00`));
  });

  it.each([['2024-01-01'], ['2024-02-28'], ['2024-02-29'], ['2024-12-31']])('is one millisecond before the next day starts (%s)', (date) => {
    expect(deadlineAt(date) + 1).toBe(startOfDayAt(addDays(date, 1)));
  });

  it('throws a RangeError for an impossible date', () => {
    expect(() => deadlineAt('2023-02-29')).toThrow(RangeError);
  });
});

describe('vnDateOf', () => {
  it.each([
    ['2024-03-31T16:59:59.999Z', '2024-03-31'], // 23:59:59.999 in Hanoi
    ['2024-03-31T17:00:00.000Z', '2024-04-01'], // midnight in Hanoi: next month already
    ['2023-12-31T16:59:59.999Z', '2023-12-31'],
    ['2023-12-31T17:00:00.000Z', '2024-01-01'], // new year in Vietnam, still 31/12 in UTC
    ['2024-02-28T17:00:00.000Z', '2024-02-29'],
    ['2024-02-29T17:00:00.000Z', '2024-03-01'],
    ['2024-06-01T00:00:00.000Z', '2024-06-01'],
    ['2024-06-01T09:00:00.000+07:00', '2024-06-01'],
  ])('%s is %s in Vietnam', (iso, expected) => {
    expect(vnDateOf(utc(iso))).toBe(expected);
  });

  it.each([['2024-01-01'], ['2024-02-29'], ['2025-12-31']])('round-trips start and deadline of %s', (date) => {
    expect(vnDateOf(startOfDayAt(date))).toBe(date);
    expect(vnDateOf(deadlineAt(date))).toBe(date);
  });
});

describe('addDays', () => {
  it.each([
    ['2024-01-15', 0, '2024-01-15'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2023-03-01', -1, '2023-02-28'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-01-01', 366, '2025-01-01'], // 2024 has 366 days
    ['2023-01-01', 365, '2024-01-01'],
    ['2025-01-01', -365, '2024-01-02'],
    ['2024-01-31', 30, '2024-03-01'],
  ])('%s %+i days → %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('throws a RangeError for a malformed date', () => {
    expect(() => addDays('2024/01/01', 1)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-15', 0, '2024-01-15'],
    ['2024-01-31', 1, '2024-02-29'], // clamped to the leap day
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-08-31', 1, '2024-09-30'],
    ['2024-12-15', 1, '2025-01-15'], // year rolls forward
    ['2024-01-15', -1, '2023-12-15'], // year rolls back
    ['2024-01-10', -13, '2022-12-10'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-03-15', 24, '2026-03-15'],
    ['2024-10-01', 3, '2025-01-01'], // next quarter
    ['2024-11-30', 3, '2025-02-28'],
  ])('%s %+i months → %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it('does not carry the clamp forward (31 Jan +1 +1 = 29 Mar, not 31 Mar)', () => {
    expect(addMonths(addMonths('2024-01-31', 1), 1)).toBe('2024-03-29');
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
  });

  it('throws a RangeError for an invalid date', () => {
    expect(() => addMonths('2024-02-30', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-01-01', '2024-01-01', 0],
    ['2024-02-28', '2024-03-01', 2], // through the leap day
    ['2023-02-28', '2023-03-01', 1],
    ['2023-12-31', '2024-01-01', 1],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-01-01', '2026-01-01', 365],
    ['2025-01-01', '2024-01-01', -366],
    ['2024-03-15', '2024-03-08', -7],
  ])('%s → %s is %i days', (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });

  it('throws a RangeError when either side is not a date', () => {
    expect(() => daysBetween('2024-01-01', 'x')).toThrow(RangeError);
    expect(() => daysBetween('2024-13-01', '2024-01-01')).toThrow(RangeError);
  });
});

describe('compareDates', () => {
  it.each([
    ['2024-01-01', '2024-01-02', -1],
    ['2024-01-02', '2024-01-01', 1],
    ['2024-02-29', '2024-02-29', 0],
    ['2023-12-31', '2024-01-01', -1],
    ['2024-10-01', '2024-09-30', 1], // lexicographic order of YYYY-MM-DD is calendar order
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });
});

describe('years below 100 (Date.UTC would read them as 19xx)', () => {
  it.each([
    ['0050-01-01', 1, '0050-01-02'],
    ['0099-12-31', 1, '0100-01-01'],
    ['0004-02-28', 1, '0004-02-29'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['0000-02-29', true],
    ['0100-02-29', false],
    ['0004-02-29', true],
  ])('isValidDate(%s) = %s', (date, expected) => {
    expect(isValidDate(date)).toBe(expected);
  });

  it('places the start of 0050-01-01 in year 50', () => {
    expect(new Date(startOfDayAt('0050-01-01') + VN_OFFSET_MS).getUTCFullYear()).toBe(50);
  });
});

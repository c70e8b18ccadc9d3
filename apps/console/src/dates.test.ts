import { describe, expect, it } from 'vitest';
import { maskViDate, parseViDate, viDate, viDatesInText, viDateTime } from './dates';

describe('dates are dd/mm/yyyy in Vietnam’s calendar', () => {
  it.each([
    ['2026-12-07', '07/12/2026'],
    ['2026-12-06T17:30:00.000Z', '07/12/2026'], // 00:30 in Hà Nội is already the 7th
    ['2026-12-06T16:59:00.000Z', '06/12/2026'],
    [null, '—'],
    ['not a date', 'not a date'],
  ])('viDate(%s) = %s', (input, out) => expect(viDate(input)).toBe(out));

  it('shows instants with the time in Vietnam', () => expect(viDateTime('2026-12-07T01:05:00.000Z')).toBe('07/12/2026 08:05'));

  it.each([
    ['07/12/2026', '2026-12-07'],
    ['7/2/2027', '2027-02-07'],
    ['07-12-2026', '2026-12-07'],
    [' 29.02.2028 ', '2028-02-29'],
    ['29/02/2027', null], // not a leap year
    ['31/04/2026', null],
    ['12/13/2026', null], // mm/dd typed by habit: month 13
    ['07/12/26', null], // two-digit years are refused
    ['2026-12-07', null], // the API's form is not what a person types here
    ['', null],
  ])('parseViDate(%j) = %j', (input, out) => expect(parseViDate(input)).toBe(out));

  it.each([
    ['0', '0'],
    ['0712', '07/12'],
    ['07122026', '07/12/2026'],
    ['071220261', '07/12/2026'],
    ['07/1', '07/1'],
    ['07.12.2026', '07/12/2026'],
  ])('maskViDate(%j) = %j', (input, out) => expect(maskViDate(input)).toBe(out));

  it('rewrites dates inside a sentence', () => expect(viDatesInText('Quá hạn 2026-12-07: Báo cáo; hạn 2027-01-03')).toBe('Quá hạn 07/12/2026: Báo cáo; hạn 03/01/2027'));
});

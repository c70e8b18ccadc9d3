// Calendar dates in Asia/Ho_Chi_Minh, a fixed UTC+07:00 (no daylight saving since 1975), so no time-zone
// database is needed — and the functions run inside workflow code. A due date D means "by the end of D".
export const VN_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export function isValidDate(date: unknown): date is string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m);
}

function parts(date: string): [number, number, number] {
  if (!isValidDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const formatDate = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Date.UTC, but years 0–99 are years 0–99 (Date.UTC maps them to 1900–1999). */
function utc(year: number, monthIndex: number, day: number): number {
  const t = new Date(Date.UTC(2000, monthIndex, day));
  t.setUTCFullYear(year + Math.floor(monthIndex / 12), ((monthIndex % 12) + 12) % 12, day);
  return t.getTime();
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/** 00:00:00.000 of the date in Vietnam, as epoch ms. */
export function startOfDayAt(date: string): number {
  const [y, m, d] = parts(date);
  return utc(y, m - 1, d) - VN_OFFSET_MS;
}

/** The deadline instant of a due date: 23:59:59.999 of that day in Vietnam. */
export function deadlineAt(date: string): number {
  return startOfDayAt(date) + DAY_MS - 1;
}

/** The calendar date in Vietnam of an instant. */
export function vnDateOf(ms: number): string {
  const t = new Date(ms + VN_OFFSET_MS);
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(utc(y, m - 1, d) + n * DAY_MS);
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Adds months, clamping the day to the target month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = parts(date);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return formatDate(ny, nm, Math.min(d, lastDayOfMonth(ny, nm)));
}

export function daysBetween(a: string, b: string): number {
  return Math.round((startOfDayAt(b) - startOfDayAt(a)) / DAY_MS);
}

export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Dates are shown and typed as dd/mm/yyyy (Vietnamese practice) whatever the browser's locale; the API speaks
// YYYY-MM-DD calendar dates and ISO instants, read in Asia/Ho_Chi_Minh.
const VN_OFFSET_MS = 7 * 3600_000;

/** YYYY-MM-DD (or an ISO instant) → dd/mm/yyyy, in Vietnam's calendar. */
export function viDate(d: string | null | undefined): string {
  if (!d) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) {
    const [y, m, dd] = d.split('-');
    return `${dd}/${m}/${y}`;
  }
  const ms = Date.parse(d);
  if (Number.isNaN(ms)) return d;
  const day = new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
  return viDate(day);
}

/** An ISO instant → dd/mm/yyyy HH:mm in Vietnam's time. */
export function viDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const s = new Date(ms + VN_OFFSET_MS).toISOString();
  return `${viDate(s.slice(0, 10))} ${s.slice(11, 16)}`;
}

/**
 * What a person typed (d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) → YYYY-MM-DD, or null when it is not a real date.
 * Two-digit years are refused: a deadline must not silently land in 1926 or 2026.
 */
export function parseViDate(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || y < 1900 || y > 2999) return null;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > last) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Typing mask: digits only, slashes inserted after the day and the month ("07122026" → "07/12/2026"). */
export function maskViDate(raw: string): string {
  if (/[/.-]/.test(raw)) return raw.replace(/[^\d/.-]/g, '').replace(/[.-]/g, '/').slice(0, 10);
  const digits = raw.replace(/\D/g, '').slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

/** Rewrites every YYYY-MM-DD found in a text (older notifications, API messages) as dd/mm/yyyy. */
export function viDatesInText(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y, m, d) => `${d}/${m}/${y}`);
}

/** Today in Vietnam's calendar, YYYY-MM-DD (the day a delegation or a deadline is judged by). */
export function vnToday(now: number = Date.now()): string {
  return new Date(now + VN_OFFSET_MS).toISOString().slice(0, 10);
}

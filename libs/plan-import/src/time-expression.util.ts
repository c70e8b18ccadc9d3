// Time expressions of Vietnamese plans ("Thường xuyên", "trước ngày 20/5/2024", "Tháng 9/2022",
// "định kỳ hàng quý … trước ngày 03 của tháng đầu tiên quý tiếp theo", "năm 2024 và những năm tiếp theo" …)
// turned into a task time frame. Pure; the source text is always kept.
import type { ImportedTask, Recurrence } from '@khflow/contracts';
import { formatDate, isValidDate, lastDayOfMonth } from '@khflow/domain';

export type ImportedTimeframe = ImportedTask['timeframe'];

export interface TimeContext {
  /** Issue date of the plan (YYYY-MM-DD), used for dates written without a year. */
  issuedAt: string | null;
}

/** Lower case, no diacritics, đ → d, single spaces: "Hằng Năm" → "hang nam". Keeps the string length per char. */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (ch === 'đ' || ch === 'Đ') out += 'd';
    else out += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  return out;
}

const PERIODIC_NAMES = '(?:hang|hang|moi)';

function yearOf(ctx: TimeContext): number | null {
  return ctx.issuedAt && isValidDate(ctx.issuedAt) ? Number(ctx.issuedAt.slice(0, 4)) : null;
}

function dateOrNull(y: number, m: number, d: number): string | null {
  const s = formatDate(y, m, d);
  return isValidDate(s) ? s : null;
}

function fixYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

/** A deadline "trước ngày dd/mm/yyyy", "ngày dd tháng mm năm yyyy", "dd/mm/yyyy" → YYYY-MM-DD. */
function findDate(f: string, ctx: TimeContext): string | null {
  const full = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})\b/.exec(f);
  if (full) return dateOrNull(fixYear(full[3]), Number(full[2]), Number(full[1]));
  const words = /ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})/.exec(f);
  if (words) return dateOrNull(Number(words[3]), Number(words[2]), Number(words[1]));
  const noYear = /(?:truoc|den|trong)\s+ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\b(?!\s*[/.-]\s*\d)/.exec(f);
  const y = yearOf(ctx);
  if (noYear && y) return dateOrNull(y, Number(noYear[2]), Number(noYear[1]));
  return null;
}

function unspecified(text: string | null): ImportedTimeframe {
  return { text, kind: 'unspecified', due: null, start: null, recurrence: null, horizon: null };
}

/** A recurrence; a full date also written in the text ("báo cáo năm trước ngày 05/12/2022") is the final deadline. */
function recurring(text: string, recurrence: Recurrence, finalDue: string | null = null): ImportedTimeframe {
  return { text, kind: 'recurring', due: finalDue, start: recurrence.start ?? null, recurrence, horizon: recurrence.until ?? null };
}

/** A full date (with its year) written after "trước/đến ngày". */
function fullDeadline(f: string): string | null {
  const m = /(?:truoc|den|han)\s+ngay\s+(\d{1,2})\s*(?:[/.-]|\s+thang\s+)\s*(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})/.exec(f);
  return m ? dateOrNull(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

/** "giai đoạn 2022-2025", "đến năm 2025", "năm 2024 và những năm tiếp theo" → start/until. */
function findHorizon(f: string): { start: string | null; until: string | null } | null {
  const period = /giai doan\s+(\d{4})\s*-\s*(\d{4})/.exec(f);
  if (period) return { start: `${period[1]}-01-01`, until: `${period[2]}-12-31` };
  const next = /(?:nam|tu nam|tu)\s+(\d{4})\s+(?:va|&)\s+(?:nhung|cac)\s+nam\s+tiep\s+theo/.exec(f);
  if (next) return { start: `${next[1]}-01-01`, until: null };
  const until = /den\s+(?:het\s+)?nam\s+(\d{4})/.exec(f);
  if (until) return { start: null, until: `${until[1]}-12-31` };
  return null;
}

/**
 * Parses the time frame of a task. Recognised (in this order): quarterly / monthly / yearly recurrences,
 * fixed deadlines, a month ("Tháng 9/2022"), a quarter ("Quý III/2022"), horizons, "Thường xuyên".
 */
export function parseTimeframe(text: string | null | undefined, context: TimeContext): ImportedTimeframe {
  const source = (text ?? '').normalize('NFC').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim().replace(/[;.,]+$/, '');
  if (!source) return unspecified(null);
  const f = foldText(source);
  const horizon = findHorizon(f);
  const until = horizon?.until ?? null;
  const start = horizon?.start ?? null;

  // Quarterly: "định kỳ hàng quý … trước ngày 03 của tháng đầu tiên quý tiếp theo".
  if (new RegExp(`${PERIODIC_NAMES}\\s+quy|dinh ky quy`).test(f)) {
    let due = { monthOffset: 0, day: 31 };
    const next = /(?:truoc|den)\s+ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+(?:dau\s+tien|dau|thu nhat)\s+(?:cua\s+)?quy\s+(?:tiep\s+theo|sau|ke\s+tiep)/.exec(f);
    const last = /(?:truoc|den)\s+ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?quy/.exec(f);
    if (next) due = { monthOffset: 1, day: Number(next[1]) };
    else if (last) due = { monthOffset: 0, day: Number(last[1]) };
    return recurring(source, { freq: 'quarterly', due, start, until }, fullDeadline(f));
  }
  // Monitoring frequencies: "tần suất 2 lần/tháng … từ tháng 3 đến tháng 10 năm 2026": monthly until the end.
  const perPeriod = /(\d{1,2}|mot|hai)\s*lan\s*\/\s*(thang|quy)/.exec(f);
  if (perPeriod) {
    const end = /den\s+(?:het\s+)?thang\s+(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})/.exec(f);
    const finalDue = end && Number(end[1]) >= 1 && Number(end[1]) <= 12 ? formatDate(Number(end[2]), Number(end[1]), lastDayOfMonth(Number(end[2]), Number(end[1]))) : null;
    return recurring(source, { freq: perPeriod[2] === 'quy' ? 'quarterly' : 'monthly', due: { monthOffset: 0, day: 31 }, start, until: finalDue ?? until }, finalDue);
  }
  // Monthly: "hằng tháng", "định kỳ hàng tháng trước ngày 25".
  if (new RegExp(`${PERIODIC_NAMES}\\s+thang|dinh ky thang(?!\\s+\\d)`).test(f)) {
    let due = { monthOffset: 0, day: 31 };
    const nextMonth = /(?:truoc|den)\s+ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+(?:sau|tiep\s+theo|ke\s+tiep|lien\s+ke)/.exec(f);
    const day = /(?:truoc|den|vao)\s+ngay\s+(\d{1,2})(?!\s*[/.-]\s*\d)/.exec(f);
    if (nextMonth) due = { monthOffset: 1, day: Number(nextMonth[1]) };
    else if (day) due = { monthOffset: 0, day: Number(day[1]) };
    return recurring(source, { freq: 'monthly', due, start, until }, fullDeadline(f));
  }
  // Yearly: "trước ngày 30/12 hằng năm", "định kỳ tháng 11 hằng năm", "định kỳ hằng năm", "trước ngày 31/01 năm liền kề".
  if (new RegExp(`${PERIODIC_NAMES}\\s+nam|dinh ky nam|dinh ky hang nam|ngay\\s+\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s+(?:cua\\s+)?nam\\s+(?:lien ke|sau|ke tiep)`).test(f)) {
    let due = { monthOffset: 0, day: 31 };
    const dm = /(?:truoc|den|vao)\s+ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\s*[/.-]\s*\d)/.exec(f);
    const month = /thang\s+(\d{1,2})(?!\s*[/.-]\s*\d)/.exec(f);
    if (dm && Number(dm[2]) >= 1 && Number(dm[2]) <= 12) due = { monthOffset: Number(dm[2]) - 12, day: Number(dm[1]) };
    else if (month && Number(month[1]) >= 1 && Number(month[1]) <= 12) {
      const m = Number(month[1]);
      due = { monthOffset: m - 12, day: lastDayOfMonth(2001, m) };
    } else if (!/dinh ky|bao cao|so ket|tong ket/.test(f)) {
      // "Hằng năm" with no date and no report: an ongoing duty, not a yearly deadline.
      return { text: source, kind: 'ongoing', due: null, start, recurrence: null, horizon: until };
    }
    return recurring(source, { freq: 'yearly', due, start, until }, fullDeadline(f));
  }
  // A fixed deadline.
  const date = findDate(f, context);
  if (date) {
    const from = /tu\s+ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/.exec(f);
    const startDate = from ? dateOrNull(Number(from[3]), Number(from[2]), Number(from[1])) : null;
    // "từ ngày A đến ngày B": the deadline is the last date mentioned.
    const all = [...f.matchAll(/(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/g)].map((m) => dateOrNull(Number(m[3]), Number(m[2]), Number(m[1]))).filter((d): d is string => !!d);
    const due = startDate && all.length > 1 ? all[all.length - 1] : date;
    return { text: source, kind: 'once', due, start: startDate, recurrence: null, horizon: null };
  }
  // A month: "Tháng 9/2022", "tháng 9 năm 2022", "trong tháng 9/2022".
  const month = /thang\s+(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})/.exec(f);
  if (month) {
    const y = Number(month[2]);
    const m = Number(month[1]);
    if (m >= 1 && m <= 12) {
      const months = [...f.matchAll(/thang\s+(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})/g)];
      const lastM = months[months.length - 1];
      const [ly, lm] = [Number(lastM[2]), Number(lastM[1])];
      return { text: source, kind: 'once', start: formatDate(y, m, 1), due: formatDate(ly, lm, lastDayOfMonth(ly, lm)), recurrence: null, horizon: null };
    }
  }
  // A quarter: "Quý III/2022", "quý 3 năm 2022".
  const quarter = /quy\s+(iv|iii|ii|i|[1-4])\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})/.exec(f);
  if (quarter) {
    const q = ({ i: 1, ii: 2, iii: 3, iv: 4 } as Record<string, number>)[quarter[1]] ?? Number(quarter[1]);
    const y = Number(quarter[2]);
    return { text: source, kind: 'once', start: formatDate(y, q * 3 - 2, 1), due: formatDate(y, q * 3, lastDayOfMonth(y, q * 3)), recurrence: null, horizon: null };
  }
  // "2026": the whole year; "2025 - 2030": a bounded period ending with its last year.
  const bareYear = /^(?:nam\s+)?(\d{4})(?:\s*-\s*(\d{4}))?$/.exec(f);
  if (bareYear) {
    const last = bareYear[2] ?? bareYear[1];
    return { text: source, kind: 'once', start: `${bareYear[1]}-01-01`, due: `${last}-12-31`, recurrence: null, horizon: null };
  }
  // "định kỳ" with no period named: recurring; a launched task needs a period, so yearly (the most common report
  // period) is proposed and the draft says so (warning recurrence_assumed).
  if (/\bdinh ky\b/.test(f) && !horizon) return recurring(source, { freq: 'yearly', due: { monthOffset: 0, day: 31 }, start: null, until: null });
  if (horizon) return { text: source, kind: 'ongoing', due: null, start, recurrence: null, horizon: until };
  if (/thuong xuyen|lien tuc|hang ngay|thuong truc/.test(f)) return { text: source, kind: 'ongoing', due: null, start: null, recurrence: null, horizon: null };
  // "Năm 2024": the whole year.
  const year = /^(?:trong\s+)?nam\s+(\d{4})$/.exec(f);
  if (year) return { text: source, kind: 'once', start: `${year[1]}-01-01`, due: `${year[1]}-12-31`, recurrence: null, horizon: null };
  return unspecified(source);
}

/** Words that make a sentence of prose carry a time frame (deadlines, periodic reports). */
const PROSE_TRIGGER = /truoc\s+ngay\s+\d|dinh\s+ky|(?:hang|moi)\s+(?:nam|quy|thang)|hoan\s+thanh\s+(?:trong|truoc)|thuong\s+xuyen|\d\s*lan\s*\/\s*(?:thang|quy)/;

/**
 * A time frame found in free prose (a duty sentence). Horizons inside prose are usually names of programmes
 * ("Chương trình … đến năm 2025"), so only deadlines and periodic expressions count here.
 */
export function findTimeframeInProse(text: string, context: TimeContext): ImportedTimeframe {
  // Dates of cited documents ("Nghị quyết số 29-NQ/TW ngày 04/11/2013") are not deadlines: blank them out.
  const folded = foldText(text);
  let cleaned = text.normalize('NFC');
  for (const m of folded.matchAll(/(?<!(?:truoc|den|tu|han|vao|cham nhat)\s)ngay\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}/g)) {
    const i = m.index ?? 0;
    cleaned = cleaned.slice(0, i) + ' '.repeat(m[0].length) + cleaned.slice(i + m[0].length);
  }
  text = cleaned;
  const f = foldText(text);
  const m = PROSE_TRIGGER.exec(f);
  if (!m) return unspecified(null);
  // The sentence (between ; . or start/end) holding the trigger.
  const before = f.lastIndexOf(';', m.index);
  const stop = /[;]|\.(?:\s|$)/g;
  stop.lastIndex = m.index;
  const after = stop.exec(f);
  const from = Math.max(0, before + 1);
  const to = after ? after.index : text.length;
  const sentence = text.slice(from, to).trim();
  let tf = parseTimeframe(sentence, context);
  // "… 2 lần/tháng; thời gian quan trắc từ tháng 3 đến tháng 10 năm 2026": the period's end in the next clause.
  if (tf.kind === 'recurring' && !tf.due) {
    const end = /tu\s+thang\s+\d{1,2}\s+den\s+(?:het\s+)?thang\s+(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})/.exec(f.slice(m.index, m.index + 400));
    if (end && Number(end[1]) >= 1 && Number(end[1]) <= 12) {
      const due = formatDate(Number(end[2]), Number(end[1]), lastDayOfMonth(Number(end[2]), Number(end[1])));
      tf = { ...tf, due, horizon: due, recurrence: tf.recurrence ? { ...tf.recurrence, until: due } : null };
    }
  }
  // Horizons in prose are mostly names of programmes ("Chương trình … đến năm 2025"): ongoing only when the
  // sentence itself says so ("thường xuyên", "hằng năm").
  if (tf.kind === 'ongoing' && !/thuong\s+xuyen|(?:hang|moi)\s+nam|lien\s+tuc/.test(foldText(sentence))) return unspecified(null);
  if (tf.kind === 'unspecified') return unspecified(null);
  return tf;
}

// A reporting schedule written in one sentence ("định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày
// 16/6), tổng kết năm (trước ngày 20/11 hàng năm) báo cáo …") is several report duties: each dated report becomes
// its own task, recurring where it recurs. Pure.
import type { ImportedTask } from '@khflow/contracts';
import { foldText, parseTimeframe, type TimeContext } from './time-expression.util';

interface Segment {
  start: number;
  end: number;
  period: 'm' | 'q' | 'h' | 'y';
  day: number;
  month: number | null;
  year: number | null;
}

// On folded text (one char per source char): a period, then its deadline, in parentheses or not.
const SEGMENT =
  /(?:dinh ky\s+)?((?:hang|moi)\s+thang|(?:hang|moi)\s+quy|(?:bao cao\s+)?(?:0?6|sau)\s+thang(?:\s+dau\s+nam)?|(?:bao cao\s+|tong ket\s+)(?:nam|ca nam)|(?:hang|moi)\s+nam|ca\s+nam)\s*[(,]?\s*(?:truoc|cham nhat|han)\s+ngay\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2}))?(?:\s*[/.-]\s*(\d{4}))?(?:\s+(?:hang|moi)\s+(?:thang|quy|nam))?\s*\)?/g;

function segments(text: string): Segment[] {
  const f = foldText(text);
  const out: Segment[] = [];
  SEGMENT.lastIndex = 0;
  let guard = 0;
  for (let m = SEGMENT.exec(f); m && guard < 20; m = SEGMENT.exec(f), guard++) {
    const p = m[1];
    const period = /thang$/.test(p) && /^(?:hang|moi)/.test(p) ? 'm' : /quy$/.test(p) ? 'q' : /(?:0?6|sau)\s+thang/.test(p) ? 'h' : 'y';
    out.push({ start: m.index, end: m.index + m[0].length, period, day: Number(m[2]), month: m[3] ? Number(m[3]) : null, year: m[4] ? Number(m[4]) : null });
  }
  return out;
}

function timeframeOf(s: Segment, source: string, ctx: TimeContext): ImportedTask['timeframe'] {
  const dm = s.month ? `${s.day}/${s.month}` : String(s.day);
  if (s.year && s.month) return parseTimeframe(`trước ngày ${s.day}/${s.month}/${s.year}`, ctx);
  if (s.period === 'm') return { ...parseTimeframe(`hằng tháng trước ngày ${s.day}`, ctx), text: source };
  if (s.period === 'q') return { ...parseTimeframe(`hằng quý trước ngày ${s.day} của tháng đầu tiên quý tiếp theo`, ctx), text: source };
  // The half-year report and the year report: once a year, by their day and month.
  if (s.month) return { ...parseTimeframe(`trước ngày ${dm} hằng năm`, ctx), text: source };
  return { ...parseTimeframe('báo cáo hằng năm', ctx), text: source };
}

/**
 * The tasks of a reporting schedule, or null when the text holds fewer than two dated reports. `keepWhole`: the
 * text does more than report (other sentences before the schedule), so the task itself stays too.
 */
export function splitReportingSchedule(task: ImportedTask, ctx: TimeContext): { keepWhole: boolean; tasks: ImportedTask[] } | null {
  const text = (task.content ?? '').replace(/\s+/g, ' ');
  const segs = segments(text);
  if (segs.length < 2 || new Set(segs.map((s) => s.period)).size < 2) return null;
  const sentenceStart = Math.max(text.lastIndexOf('. ', segs[0].start), text.lastIndexOf('; ', segs[0].start)) + 1;
  const stop = /[.;](?:\s|$)/g;
  stop.lastIndex = segs[segs.length - 1].end;
  const sentenceEnd = stop.exec(text)?.index ?? text.length;
  const before = text.slice(sentenceStart, segs[0].start).trim().replace(/(?:định kỳ|vào)\s*$/iu, '').trim();
  const after = text
    .slice(segs[segs.length - 1].end, sentenceEnd)
    .trim()
    .replace(/^(?:hoặc (?:khi có yêu cầu|đột xuất)\s*)/iu, '')
    .replace(/^[,:]\s*/, '');
  const keepWhole = sentenceStart > 1 && /\p{L}/u.test(text.slice(0, sentenceStart));
  const tasks = segs.map((s, i) => {
    const phrase = text.slice(s.start, s.end).trim().replace(/[,]$/, '');
    const title = before && i > 0 ? `${phrase}: ${before}` : before ? `${before} ${phrase}` : `${phrase} ${after}`;
    return { ...task, ref: `${task.ref}.${s.period}`, title: title.replace(/\s+/g, ' ').trim(), content: text.slice(sentenceStart, sentenceEnd).trim(), timeframe: timeframeOf(s, phrase, ctx) };
  });
  return { keepWhole, tasks };
}

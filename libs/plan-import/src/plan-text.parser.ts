// Plain text of a plan (Kế hoạch) → an ImportedPlanDraft that a person reviews. Pure. The parser proposes:
// whatever it cannot resolve becomes a warning, nothing is silently dropped.
import type { DirectoryUnit, ImportedPlanDraft, ImportedTask, ImportedUnitRef } from '@khflow/contracts';
import { findTimeframeInProse, foldText, parseTimeframe, type TimeContext } from './time-expression.util';
import { canon, isCatchAll, resolveUnitId, resolveUnits, scanUnitList } from './unit-resolver.util';

interface Line {
  no: number; // 1-based line number in the input
  text: string; // cleaned
}

type BlockKind = 'num' | 'sub' | 'letter' | 'bullet' | 'text' | 'row';

interface Block {
  kind: BlockKind;
  ref: string; // "1", "2.1", "a" for numbered blocks
  text: string; // without the numbering/bullet
  from: number;
  to: number;
  cells?: string[];
}

interface Section {
  roman: string;
  heading: string;
  kind: 'tasks' | 'assignment' | 'other';
  lines: Line[];
}

const NOISE_LINE = /^(?:u|✓|✔|v|\(chữ ký\)|\(đã ký\)|\(ký\)|\(ký tên\)|\(ký, ghi rõ họ tên\)|\d{1,3}|[-–_*•.]+|trang \d+.*)$/iu;
const SUPERSCRIPTS = /[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g;

function cleanLine(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\*\*/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+[✓✔]\s*$/u, '')
    .replace(/\s*\((?:chữ ký|đã ký)\)\s*/giu, ' ')
    .replace(/[ \u00a0]+$/g, '')
    .replace(/^[ ]+/, '');
}

function toLines(text: string): { lines: Line[]; footnotes: number[] } {
  const out: Line[] = [];
  const footnotes: number[] = [];
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      let t = cleanLine(raw);
      if (/^[¹²³⁴⁵⁶⁷⁸⁹⁰]/u.test(t)) {
        footnotes.push(i + 1);
        t = '';
      }
      t = t.replace(SUPERSCRIPTS, '');
      if (NOISE_LINE.test(t.trim())) t = '';
      out.push({ no: i + 1, text: t });
    });
  return { lines: out, footnotes };
}

const ROMAN = /^(X{0,3}(?:IX|IV|V?I{0,3}))\s*[.:/]\s*(\S.*)$/;
const isRomanHeading = (t: string) => {
  const m = ROMAN.exec(t);
  if (!m || !m[1]) return null;
  // A heading is mostly upper case ("II. NỘI DUNG NHIỆM VỤ").
  const letters = m[2].replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '');
  if (letters.length === 0 || upper.length / letters.length < 0.6) return null;
  return { roman: m[1], heading: m[2].trim() };
};

function classifySection(heading: string): Section['kind'] {
  const f = foldText(heading);
  if (/to chuc thuc hien|phan cong thuc hien|trach nhiem|phan cong/.test(f)) return 'assignment';
  if (/nhiem vu|noi dung|giai phap|hoat dong|chuong trinh|ke hoach cu the/.test(f)) return 'tasks';
  return 'other';
}

const STOP_PARAGRAPH = /^(?:tren day|trong qua trinh|qua trinh (?:trien khai|thuc hien)|ke hoach nay (?:thay the|co hieu luc)|noi nhan)/;
const LABELS: { key: 'content' | 'time' | 'lead' | 'coord' | 'product'; re: RegExp }[] = [
  { key: 'content', re: /^(?:noi dung(?: cong viec| nhiem vu| thuc hien)?|nhiem vu)\s*:/ },
  { key: 'time', re: /^(?:thoi gian(?: thuc hien| hoan thanh| bat dau(?: thuc hien)?)?|thoi han(?: hoan thanh)?|tien do(?: thuc hien)?|moc thoi gian)\s*:/ },
  { key: 'lead', re: /^(?:(?:don vi|co quan|phong|bo phan|don vi, phong)\s+)?(?:chu tri|thuc hien chinh|dau moi)(?:\s+thuc hien)?\s*:/ },
  { key: 'coord', re: /^(?:(?:don vi|co quan|cac don vi|cac co quan|phong)\s+)?phoi hop(?:\s+thuc hien)?\s*:/ },
  { key: 'product', re: /^(?:san pham|ket qua)(?:\s+dau ra)?\s*:/ },
];

function labelOf(text: string): { key: (typeof LABELS)[number]['key']; value: string } | null {
  const f = foldText(text);
  for (const l of LABELS) {
    const m = l.re.exec(f);
    if (m) return { key: l.key, value: text.slice(m[0].length).trim() };
  }
  return null;
}

function classifyLine(t: string): { kind: BlockKind; ref: string; text: string; cells?: string[] } {
  if (t.includes('\t')) return { kind: 'row', ref: '', text: t, cells: t.split('\t').map((c) => c.trim()) };
  let m = /^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(\S.*)$/.exec(t);
  if (m) return { kind: 'sub', ref: m[1], text: m[2] };
  m = /^(\d{1,2})\s*[.)]\s*(\S.*)$/.exec(t);
  if (m && !/^\d/.test(m[2])) return { kind: 'num', ref: m[1], text: m[2] };
  m = /^([a-zđ])\s*[)]\s*(\S.*)$/u.exec(t);
  if (m) return { kind: 'letter', ref: m[1], text: m[2] };
  m = /^[-–•+*·▪◦○●]\s*(\S.*)$/u.exec(t);
  if (m) return { kind: 'bullet', ref: '', text: m[1] };
  return { kind: 'text', ref: '', text: t };
}

/** Lines → blocks, joining a paragraph broken across lines or pages ("… Đào" / "tao, Sở …"). */
function toBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  for (const l of lines) {
    if (!l.text.trim()) continue;
    const c = classifyLine(l.text.trim());
    const prev = blocks[blocks.length - 1];
    const continues =
      prev &&
      prev.kind !== 'row' &&
      c.kind === 'text' &&
      (/^[\p{Ll}]/u.test(c.text) || (/^[(“"]/.test(c.text) === false && !/[.;:!?…]$|\/\.$/.test(prev.text) && /^\p{Ll}/u.test(c.text)));
    if (continues) {
      prev.text = `${prev.text} ${c.text}`;
      prev.to = l.no;
      continue;
    }
    blocks.push({ kind: c.kind, ref: c.ref, text: c.text, from: l.no, to: l.no, cells: c.cells });
  }
  return blocks;
}

interface Item {
  ref: string;
  heading: string;
  from: number;
  to: number;
  body: Block[];
  children: Item[];
}

/** Numbered items ("1.", "2.1", "a)") with the bullets and paragraphs under them. Table rows are left out. */
function toItems(blocks: Block[]): Item[] {
  const top: Item[] = [];
  let l1: Item | null = null;
  let l2: Item | null = null;
  let l3: Item | null = null;
  let stopped = false;
  for (const b of blocks) {
    if (b.kind === 'row') continue;
    if (b.kind === 'num') {
      l1 = { ref: b.ref, heading: b.text, from: b.from, to: b.to, body: [], children: [] };
      top.push(l1);
      l2 = l3 = null;
      stopped = false;
      continue;
    }
    if (b.kind === 'sub' && l1) {
      l2 = { ref: b.ref, heading: b.text, from: b.from, to: b.to, body: [], children: [] };
      l1.children.push(l2);
      l1.to = b.to;
      l3 = null;
      stopped = false;
      continue;
    }
    if (b.kind === 'letter' && l1) {
      const parent: Item = l2 ?? l1;
      l3 = { ref: `${parent.ref}.${b.ref}`, heading: b.text, from: b.from, to: b.to, body: [], children: [] };
      parent.children.push(l3);
      parent.to = b.to;
      l1.to = b.to;
      stopped = false;
      continue;
    }
    if (b.kind === 'text' && STOP_PARAGRAPH.test(foldText(b.text))) {
      stopped = true;
      continue;
    }
    if (stopped) continue;
    const cur = l3 ?? l2 ?? l1;
    if (!cur) continue;
    cur.body.push(b);
    cur.to = b.to;
    if (l2 && cur !== l2) l2.to = b.to;
    if (l1) l1.to = b.to;
  }
  return top;
}

/** Leaf items are tasks; an item with children is one too when it carries labelled fields of its own. */
function leaves(items: Item[]): Item[] {
  return items.flatMap((i) => {
    if (!i.children.length) return [i];
    const own = i.body.some((b) => labelOf(b.text)) || !!labelOf(i.heading);
    if (own) i.to = Math.max(i.from, ...i.body.map((b) => b.to));
    return own ? [i, ...leaves(i.children)] : leaves(i.children);
  });
}

/** The first sentence, at most ~160 characters, cut at a word. */
function titleOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const sentence = /^(.{12,}?)(?:[.;](?:\s|$)|:\s)/.exec(t);
  let s = sentence ? sentence[1] : t;
  if (s.length > 160) s = s.slice(0, 160).replace(/\s+\S*$/, '') + ' …';
  return s.replace(/[.;:,]+$/, '');
}

const refKey = (r: ImportedUnitRef) => r.unitId ?? (r.group ? `group:${(r.group.kinds ?? []).join('+')}` : canon(r.text));

function dedupe(refs: ImportedUnitRef[]): ImportedUnitRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = refKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** "phối hợp với X, Y …" / "phối hợp cùng X" in prose → X, Y. */
function coordinatorsInProse(text: string, units: DirectoryUnit[]): ImportedUnitRef[] {
  const t = text.normalize('NFC');
  const f = foldText(t);
  const out: ImportedUnitRef[] = [];
  const re = /phoi hop(?: chat che| thuong xuyen| tot)?(?: voi| cung)\s+/g;
  for (let m = re.exec(f); m; m = re.exec(f)) {
    const rest = t.slice(m.index + m[0].length);
    for (const mention of scanUnitList(rest, units)) out.push(mention.ref);
  }
  return dedupe(out);
}

/** "Giao Phòng KHTC chủ trì …", "Sở TT&TT tăng cường …": units at the start of a sentence. */
function subjectUnits(text: string, units: DirectoryUnit[]): ImportedUnitRef[] {
  const t = text.replace(/^(?:giao|đề nghị|yêu cầu|chỉ đạo|trưởng|thủ trưởng|lãnh đạo)\s+/iu, '');
  const found = scanUnitList(t, units).map((m) => m.ref);
  if (found.length) return dedupe(found);
  // "… đề nghị các phòng thuộc Sở phải kịp thời phản ánh …"
  const f = foldText(text);
  const m = /\b(?:de nghi|giao cho|giao|yeu cau)\s+/.exec(f);
  if (m) return dedupe(scanUnitList(text.slice(m.index + m[0].length), units).map((x) => x.ref));
  return [];
}

/** Lead units named in prose: "Sở X chủ trì", "giao Phòng Y chủ trì". */
function leadsInProse(text: string, units: DirectoryUnit[]): ImportedUnitRef[] {
  const out: ImportedUnitRef[] = [];
  for (const clause of text.split(/[;.]\s+/)) {
    const f = foldText(clause);
    const idx = f.search(/\s(?:la (?:don vi |co quan )?)?chu tri\b/);
    if (idx <= 0) continue;
    const before = clause.slice(0, idx);
    const g = /(?:^|,\s*|\bgiao\s+|\bde nghi\s+)((?:[^,]*))$/u.exec(before);
    const start = g ? before.length - g[1].length : 0;
    const refs = scanUnitList(before.slice(start).replace(/^(?:giao|đề nghị|chỉ đạo)\s+/iu, ''), units).map((m) => m.ref);
    out.push(...refs);
  }
  return dedupe(out);
}

interface Ctx {
  units: DirectoryUnit[];
  time: TimeContext;
  warnings: string[];
}

function noteUnresolved(refs: ImportedUnitRef[], where: string, ctx: Ctx) {
  for (const r of refs) {
    if (r.unitId || r.group) continue;
    if (isCatchAll(r.text)) ctx.warnings.push(`${where}: "${r.text}" is a generic target, not a unit: choose the units`);
    else ctx.warnings.push(`${where}: unit not found in the directory: "${r.text}"`);
  }
}

function makeTask(
  ctx: Ctx,
  ref: string,
  title: string,
  content: string | null,
  lead: ImportedUnitRef[],
  coordinators: ImportedUnitRef[],
  timeframe: ImportedTask['timeframe'],
  lines: [number, number],
): ImportedTask {
  const where = `task ${ref} (lines ${lines[0]}-${lines[1]})`;
  noteUnresolved(lead, where, ctx);
  noteUnresolved(coordinators, where, ctx);
  if (!lead.length) ctx.warnings.push(`${where}: no lead unit (chủ trì) found`);
  return { ref, title, content, lead, coordinators, timeframe, lines };
}

/** A numbered item of the task section: labelled fields or prose. */
function taskFromItem(item: Item, sectionRoman: string, ctx: Ctx): ImportedTask {
  const fields: Record<string, string[]> = {};
  const prose: string[] = [];
  let lastKey: string | null = null;
  const headingLabel = labelOf(item.heading);
  if (headingLabel) {
    fields[headingLabel.key] = [headingLabel.value];
    lastKey = headingLabel.key;
  }
  for (const b of item.body) {
    const l = labelOf(b.text);
    if (l) {
      (fields[l.key] ??= []).push(l.value);
      lastKey = l.key;
    } else if (lastKey && b.kind === 'text' && lastKey === 'content') {
      fields[lastKey].push(b.text);
    } else {
      prose.push(b.text);
      lastKey = null;
    }
  }
  const ref = `${sectionRoman}.${item.ref}`;
  const lines: [number, number] = [item.from, item.to];
  const hasFields = Object.keys(fields).length > 0;
  const contentText = (fields.content ?? []).join(' ').trim() || [headingLabel ? '' : item.heading, ...prose].filter(Boolean).join('\n');
  const title = titleOf(headingLabel ? contentText : item.heading);
  const allText = [item.heading, ...item.body.map((b) => b.text)].join('\n');
  let lead: ImportedUnitRef[] = [];
  let coordinators: ImportedUnitRef[] = [];
  let timeframe: ImportedTask['timeframe'];
  if (hasFields) {
    lead = (fields.lead ?? []).flatMap((v) => resolveUnits(v, ctx.units));
    coordinators = (fields.coord ?? []).flatMap((v) => resolveUnits(v, ctx.units));
    timeframe = fields.time ? parseTimeframe(fields.time.join('; '), ctx.time) : findTimeframeInProse(contentText, ctx.time);
  } else {
    lead = leadsInProse(allText, ctx.units);
    timeframe = findTimeframeInProse(allText, ctx.time);
  }
  if (!fields.coord) coordinators = coordinatorsInProse(allText, ctx.units);
  return makeTask(ctx, ref, title, contentText || null, dedupe(lead), dedupe(coordinators), timeframe, lines);
}

function cleanUnitHeading(h: string): string {
  return h
    .replace(/^(?:đề nghị|giao|trách nhiệm của|nhiệm vụ của)\s+/iu, '')
    .replace(/\s*(?:có trách nhiệm|chịu trách nhiệm)\s*:?\s*$/iu, '')
    .replace(/[:.]\s*$/, '');
}

/** A numbered entry of the assignment section: a unit heading with its duties, or one sentence. */
function dutiesFromItem(item: Item, sectionRoman: string, ctx: Ctx, duties: ImportedPlanDraft['duties']): ImportedTask[] {
  const tasks: ImportedTask[] = [];
  const isUnitHeading = (item.body.length > 0 || item.children.length > 0) && item.heading.length <= 160 && !/[.;]\s*$/.test(item.heading) && scanUnitList(cleanUnitHeading(item.heading), ctx.units).length > 0;
  const headingIsShort = (item.body.length > 0 || item.children.length > 0) && item.heading.length <= 110 && !/[.;]\s*$/.test(item.heading);
  if (isUnitHeading || headingIsShort) {
    const leads = resolveUnits(cleanUnitHeading(item.heading), ctx.units);
    const entries: { text: string; from: number; to: number }[] = [];
    for (const c of item.children) entries.push({ text: [c.heading, ...c.body.map((b) => b.text)].join(' '), from: c.from, to: c.to });
    for (const b of item.body) entries.push({ text: b.text, from: b.from, to: b.to });
    entries.sort((a, b) => a.from - b.from);
    const base = `${sectionRoman}.${item.ref}`;
    duties.push({ unit: leads[0] ?? { text: item.heading, unitId: null }, items: entries.map((e) => e.text), lines: [item.from, item.to] });
    if (leads.length > 1) for (const extra of leads.slice(1)) duties.push({ unit: extra, items: entries.map((e) => e.text), lines: [item.from, item.to] });
    entries.forEach((e, i) => {
      const ref = entries.length === 1 ? base : `${base}.${i + 1}`;
      const coordinators = coordinatorsInProse(e.text, ctx.units);
      tasks.push(makeTask(ctx, ref, titleOf(e.text), e.text, leads, coordinators, findTimeframeInProse(e.text, ctx.time), [e.from, e.to]));
    });
    return tasks;
  }
  // One sentence: "5. Giao Phòng Kế hoạch - Tài chính theo dõi, đôn đốc …".
  const text = [item.heading, ...item.body.map((b) => b.text)].join(' ');
  const leads = subjectUnits(text, ctx.units);
  const coordinators = coordinatorsInProse(text, ctx.units);
  if (leads.length) duties.push({ unit: leads[0], items: [text], lines: [item.from, item.to] });
  tasks.push(makeTask(ctx, `${sectionRoman}.${item.ref}`, titleOf(text), text, leads, coordinators, findTimeframeInProse(text, ctx.time), [item.from, item.to]));
  return tasks;
}

interface Column {
  role: 'ref' | 'content' | 'time' | 'lead' | 'coord' | 'baseline' | 'rank' | 'target' | 'leader' | 'other';
}

function columnRole(header: string): Column['role'] {
  const f = foldText(header);
  if (/^(?:s?tt|so tt|stt)$/.test(f)) return 'ref';
  if (/phoi hop/.test(f)) return 'coord';
  if (/lanh dao/.test(f)) return 'leader';
  if (/chu tri|dau moi|thuc hien chinh/.test(f)) return 'lead';
  if (/thoi gian|thoi han|tien do/.test(f)) return 'time';
  if (/xep hang/.test(f)) return 'rank';
  if (/muc tieu|chi tieu nam|ke hoach nam/.test(f)) return 'target';
  if (/diem|ket qua nam|nam \d{4}|hien trang|thuc hien nam/.test(f)) return 'baseline';
  if (/noi dung|nhiem vu|chi tieu|chi so|ten|hoat dong|cong viec/.test(f)) return 'content';
  return 'other';
}

const cleanCell = (c: string) =>
  c
    .replace(/\$/g, '')
    .replace(/\\geq|\\ge\b/g, '≥')
    .replace(/\\leq|\\le\b/g, '≤')
    .replace(/\\%/g, '%')
    .replace(/\\,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function parseTables(blocks: Block[], labelOfLine: (line: number) => string, ctx: Ctx, out: { tasks: ImportedTask[]; kpis: ImportedPlanDraft['kpis'] }) {
  let roles: Column['role'][] | null = null;
  let startColumn = false;
  let lastRowLine = -10;
  for (const b of blocks) {
    if (b.kind !== 'row' || !b.cells) {
      continue;
    }
    const cells = b.cells.map(cleanCell);
    const headerish = /^(?:s?tt|stt|số tt)$/iu.test(cells[0]) || (!/^\d/.test(cells[0]) && cells.filter((c) => columnRole(c) !== 'other').length >= 2);
    if (headerish) {
      roles = cells.map(columnRole);
      startColumn = cells.some((c) => columnRole(c) === 'time' && /bat dau/.test(foldText(c)));
      lastRowLine = b.to;
      continue;
    }
    if (!roles || b.from - lastRowLine > 12) {
      ctx.warnings.push(`line ${b.from}: table row without a header row: not imported`);
      continue;
    }
    lastRowLine = b.to;
    const get = (role: Column['role']) => {
      const i = roles?.indexOf(role) ?? -1;
      return i >= 0 && i < cells.length ? cells[i] : null;
    };
    const isKpi = roles.includes('target') && !roles.includes('time');
    const content = get('content') ?? cells.find((c, i) => i > 0 && c.length > 20) ?? cells[1] ?? '';
    if (isKpi) {
      const baseline = get('baseline');
      const rank = get('rank');
      out.kpis.push({ indicator: content, baseline: baseline ? (rank ? `${baseline} (xếp hạng ${rank})` : baseline) : null, target: get('target'), lines: [b.from, b.to] });
      continue;
    }
    const ref = `${labelOfLine(b.from)}.${get('ref') ?? cells[0]}`;
    const leadText = get('lead');
    const coordText = get('coord');
    const lead = leadText ? resolveUnits(leadText, ctx.units) : [];
    const coordinators = coordText ? resolveUnits(coordText, ctx.units) : [];
    const timeText = get('time');
    let timeframe = timeText ? parseTimeframe(timeText, ctx.time) : parseTimeframe(null, ctx.time);
    // "Thời gian bắt đầu thực hiện": the month is when the task starts, not its deadline.
    if (startColumn && timeframe.kind === 'once' && timeframe.start) timeframe = { ...timeframe, due: null };
    out.tasks.push(makeTask(ctx, ref, titleOf(content), content, lead, coordinators, timeframe, [b.from, b.to]));
  }
}

const DOC_KIND = '(?:Kế hoạch|Nghị quyết|Công văn|Quyết định|Kết luận|Chỉ thị|Thông tư|Nghị định|Chương trình hành động|Chương trình|Hướng dẫn|Thông báo|Luật)';

function basisFrom(texts: string[]): ImportedPlanDraft['basis'] {
  const out: ImportedPlanDraft['basis'] = [];
  const re = new RegExp(`${DOC_KIND}\\s+(?:số\\s*)?([0-9][0-9A-Za-zĐđ/\\-–.\\s]*?[0-9A-Za-zĐđ])(?=\\s+ngày|\\s*,|\\s+của|\\s*;|\\s*\\)|$)(?:\\s+ngày\\s+(\\d{1,2})\\s*[/.-]\\s*(\\d{1,2})\\s*[/.-]\\s*(\\d{4}))?`, 'u');
  for (const t of texts) {
    for (const piece of t.split(/;\s*/)) {
      const p = piece.trim().replace(/^\(|\)$/g, '');
      if (!/^(?:căn cứ|thực hiện|triển khai|theo)/iu.test(p) && out.length === 0 && !re.test(p)) continue;
      const m = re.exec(p);
      if (!m) {
        if (/^(?:căn cứ|thực hiện)/iu.test(p)) out.push({ text: p, number: null, date: null });
        continue;
      }
      const number = m[1].replace(/\s*([/\-–])\s*/g, '$1').replace(/\s+/g, '');
      const date = m[2] ? `${m[4]}-${m[3].padStart(2, '0')}-${m[2].padStart(2, '0')}` : null;
      if (out.some((b) => b.number === number)) continue;
      out.push({ text: p.replace(/\s+/g, ' ').replace(/[,.]\s*$/, ''), number, date });
    }
  }
  return out;
}

function parseHeader(lines: Line[], units: DirectoryUnit[], warnings: string[]) {
  let number: string | null = null;
  let place: string | null = null;
  let issuedAt: string | null = null;
  let numberSuffix: string | null = null;
  let titleIdx = -1;
  const issuerLines: string[] = [];
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    const t = lines[i].text.trim();
    if (!t) continue;
    const num = /^Số\s*:?\s*(.*)$/iu.exec(t);
    if (num && number === null) {
      const v = num ? num[1].replace(/\s+/g, ' ').trim() : '';
      const compact = v.replace(/\s*([/\-–])\s*/g, '$1');
      const suffix = /\/\s*([^\s].*)$/.exec(compact);
      numberSuffix = suffix ? suffix[1] : null;
      if (/^\d/.test(compact)) number = compact.split(/\s{2,}|\s(?=[\p{Lu}][\p{Ll}])/u)[0];
      else warnings.push(`header: the plan number is blank ("Số: ${v}"): a draft?`);
      if (number === null) number = '';
      continue;
    }
    const pd = /^([\p{L} .]+?),\s*ngày\s*(\d{1,2})?\s*(?:\.{0,5}|…)?\s*tháng\s*(\d{1,2})?\s*(?:\.{0,5}|…)?\s*năm\s*(\d{4})/iu.exec(t);
    if (pd && !place) {
      place = pd[1].trim();
      if (pd[2] && pd[3]) {
        const d = `${pd[4]}-${pd[3].padStart(2, '0')}-${pd[2].padStart(2, '0')}`;
        issuedAt = d;
      } else warnings.push(`header: the issue date is incomplete ("${t}"): only the year ${pd[4]} is known`);
      continue;
    }
    if (/^KẾ\s*HOẠCH$/u.test(t.replace(/[*_]/g, '').trim())) {
      titleIdx = i;
      break;
    }
    if (number === null && /^[\p{Lu}\s&,.-]+$/u.test(t) && !/CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP/u.test(t)) issuerLines.push(t);
  }
  if (number === '') number = null;
  if (!place) warnings.push('header: no place and date line ("…, ngày … tháng … năm …") found');
  // Issuer: the last upper-case line above "Số:" (the body under its parent), else the number's suffix.
  let issuer: ImportedPlanDraft['issuer'] = null;
  if (issuerLines.length) {
    const text = issuerLines[issuerLines.length - 1];
    let unitId = resolveUnitId(text, units);
    // "UBND HUYỆN AN LÃO / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" → "Phòng GDĐT huyện An Lão".
    if (!unitId && issuerLines.length > 1) {
      const parent = issuerLines[issuerLines.length - 2].replace(/^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+/iu, '');
      const combined = resolveUnits(`${text} ${parent}`, units);
      if (combined.length === 1 && combined[0].unitId) unitId = combined[0].unitId;
    }
    issuer = { text, unitId };
  }
  return { number, place, issuedAt, issuer, numberSuffix, titleIdx };
}

function issuerFromSuffix(suffix: string | null, units: DirectoryUnit[]): ImportedPlanDraft['issuer'] {
  if (!suffix) return null;
  const s = foldText(suffix).replace(/^kh\s*-\s*/, '').replace(/[^a-z&]/g, '');
  const name = /^ubnd/.test(s) ? 'UBND thành phố' : /^s(?:o)?gd/.test(s) ? 'Sở GDĐT' : /^p(?:hong)?gd/.test(s) ? 'Phòng GDĐT' : null;
  if (!name) return { text: suffix, unitId: null };
  const unitId = /^ubnd/.test(s) ? (units.find((u) => u.kind === 'city_committee')?.id ?? null) : resolveUnitId(name, units);
  return { text: suffix, unitId };
}

function parseSignatureAndRecipients(lines: Line[], start: number, end: number) {
  const recipients: ImportedPlanDraft['recipients'] = [];
  let signer: ImportedPlanDraft['signer'] = null;
  const titleLines: string[] = [];
  let name: string | null = null;
  let inRecipients = false;
  for (let i = start; i < end; i++) {
    const t = lines[i].text.trim();
    if (!t) continue;
    const nn = /^Nơi nhận\s*:?\s*(.*)$/iu.exec(t);
    if (nn) {
      inRecipients = true;
      if (nn[1]) recipients.push(recipientOf(nn[1]));
      continue;
    }
    if (inRecipients && /^[-–•+]/.test(t)) {
      const r = t.replace(/^[-–•+]\s*/, '');
      if (!/^lưu\s*:/iu.test(r)) recipients.push(recipientOf(r));
      continue;
    }
    const letters = t.replace(/[^\p{L}]/gu, '');
    const isUpper = letters.length > 2 && letters === letters.toUpperCase();
    if (isUpper && t.length < 70 && /(?:^|\s)(?:KT|TM|TL|TUQ|Q)\.|GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|HIỆU TRƯỞNG|PHÓ|THỦ TRƯỞNG|CHÁNH|BÍ THƯ/u.test(t)) {
      titleLines.push(t);
      inRecipients = false;
      continue;
    }
    if (titleLines.length && !name && /^(?:\p{Lu}[\p{Ll}]*\.?\s*){2,6}$/u.test(t) && !/\d/.test(t)) {
      name = t;
      inRecipients = false;
      continue;
    }
    if (/^Phụ lục/iu.test(t)) break;
  }
  if (titleLines.length || name) signer = { name, title: titleLines.length ? titleLines.join(' / ') : null };
  return { recipients, signer };
}

function recipientOf(text: string): { text: string; purpose: string | null } {
  const t = text.replace(/[;.,]+$/, '').trim();
  const m = /\((?:để\s+)?([^()]+)\)\s*$/u.exec(t);
  let purpose: string | null = null;
  if (m) {
    const f = foldText(m[1]);
    if (/phoi hop/.test(f)) purpose = 'coordinate';
    else if (/thuc hien|trien khai/.test(f)) purpose = 'execute';
    else if (/bao cao/.test(f)) purpose = 'report';
    else if (/biet|theo doi/.test(f)) purpose = 'inform';
    else purpose = m[1].trim();
  }
  return { text: m ? t.slice(0, m.index).trim() : t, purpose };
}

/** Parses the text of a plan. `units`: the directory the names are resolved against. */
export function parsePlanText(text: string, units: DirectoryUnit[]): ImportedPlanDraft {
  const warnings: string[] = [];
  const { lines } = toLines(text ?? '');
  const header = parseHeader(lines, units, warnings);
  const ctx: Ctx = { units, time: { issuedAt: header.issuedAt }, warnings };
  if (!header.issuedAt && header.place) {
    // A draft: a year is still useful for dates written without one.
    const y = /năm\s*(\d{4})/u.exec(lines.map((l) => l.text).find((t) => /ngày.*tháng.*năm\s*\d{4}/u.test(t)) ?? '');
    if (y) ctx.time = { issuedAt: `${y[1]}-01-01` };
  }

  // Sections, the end of the body ("Nơi nhận") and annexes ("Phụ lục").
  let bodyEnd = lines.length;
  let annexStart = lines.length;
  const sections: Section[] = [];
  let firstSection = -1;
  for (let i = Math.max(0, header.titleIdx + 1); i < lines.length; i++) {
    const t = lines[i].text.trim();
    if (/^Nơi nhận\s*:?/iu.test(t) && bodyEnd === lines.length) {
      bodyEnd = i;
      continue;
    }
    if (/^Phụ lục\b/iu.test(t) && i > (firstSection >= 0 ? firstSection : 0) && (bodyEnd < lines.length || i > lines.length * 0.5)) {
      if (annexStart === lines.length) annexStart = i;
      if (bodyEnd === lines.length) bodyEnd = i;
      continue;
    }
    if (bodyEnd < lines.length) continue;
    const h = isRomanHeading(t);
    if (h) {
      if (firstSection < 0) firstSection = i;
      sections.push({ roman: h.roman, heading: h.heading, kind: classifySection(h.heading), lines: [] });
      continue;
    }
    if (sections.length) sections[sections.length - 1].lines.push(lines[i]);
  }
  if (firstSection < 0) {
    warnings.push('no numbered sections (I., II., …) found: the whole text is read as the task section');
    firstSection = header.titleIdx + 1;
    sections.push({ roman: 'I', heading: '', kind: 'tasks', lines: lines.slice(header.titleIdx + 1, bodyEnd) });
  }

  // Title: the paragraph after "KẾ HOẠCH", up to the basis or the first section.
  let title: string | null = null;
  const preamble = lines.slice(header.titleIdx + 1, firstSection);
  const preBlocks: { text: string; from: number }[] = [];
  for (const l of preamble) {
    if (!l.text.trim()) {
      preBlocks.push({ text: '', from: l.no });
      continue;
    }
    preBlocks.push({ text: l.text.trim(), from: l.no });
  }
  const paras: string[] = [];
  let cur = '';
  for (const b of preBlocks) {
    if (!b.text) {
      if (cur) paras.push(cur);
      cur = '';
    } else cur = cur ? `${cur} ${b.text}` : b.text;
  }
  if (cur) paras.push(cur);
  const basisTexts: string[] = [];
  if (header.titleIdx >= 0 && paras.length) {
    let tp = 0;
    const titleParts: string[] = [];
    // The first paragraph is the title (even "Triển khai thực hiện Kết luận số …"), unless it is a basis.
    while (tp < paras.length && !/^Căn cứ/u.test(paras[tp]) && (tp === 0 || !/^(?:Thực hiện|Triển khai|Nhằm|Để)/u.test(paras[tp]))) {
      titleParts.push(paras[tp]);
      tp++;
      if (titleParts.length >= 1 && tp < paras.length && /^\p{Lu}/u.test(paras[tp]) && !/^\(/.test(paras[tp])) break;
    }
    let t = titleParts.join(' ');
    const paren = /\s*\(((?:Thực hiện|Triển khai|Kèm theo|Căn cứ)[^()]*)\)\s*$/u.exec(t);
    if (paren) {
      basisTexts.push(paren[1]);
      t = t.slice(0, paren.index);
    }
    title = t.trim() || null;
    basisTexts.push(...paras.slice(tp).filter((p) => /^(?:Căn cứ|Thực hiện|Triển khai|Theo)/u.test(p) || /(?:Kế hoạch|Nghị quyết|Quyết định|Công văn) số/u.test(p)));
  } else warnings.push('no "KẾ HOẠCH" line: title not found');
  if (!title) warnings.push('title not found');
  const basis = basisFrom(basisTexts);

  // Citations of a parent plan elsewhere that disagree with the basis (177 in one place, 155 in another).
  const planNumbers = new Set(basis.map((b) => b.number).filter((n): n is string => !!n));
  const bodyText = lines.slice(firstSection, bodyEnd).map((l) => l.text);
  for (const b of basis) {
    const suffix = b.number && /\/(.+)$/.exec(b.number)?.[1];
    if (!suffix) continue;
    for (const t of bodyText) {
      for (const m of t.matchAll(/Kế hoạch số\s*([0-9]+\s*\/\s*[\p{L}\-–]+)/gu)) {
        const n = m[1].replace(/\s+/g, '');
        if (n.endsWith(`/${suffix}`) && !planNumbers.has(n)) {
          warnings.push(`the text cites Kế hoạch số ${n} where the basis says ${b.number}: check which plan is implemented`);
          planNumbers.add(n);
        }
      }
    }
  }

  // Issuer.
  let issuer = header.issuer;
  if (!issuer || !issuer.unitId) {
    const issuing = paras.map((p) => /(?:^|[,;]\s*|\)\s*,?\s*)([^,;()]{3,80}?)\s*(?:\([^()]{1,20}\)\s*)?(?:ban hành|xây dựng|triển khai)\s+(?:Kế hoạch|kế hoạch)/u.exec(p)).find((m) => m);
    const fromBody = issuing ? resolveUnits(issuing[1], units).find((r) => r.unitId) : undefined;
    if (fromBody) issuer = { text: fromBody.text, unitId: fromBody.unitId };
    else issuer = issuer ?? issuerFromSuffix(header.numberSuffix, units);
    if (issuer && !issuer.unitId) {
      const fromSuffix = issuerFromSuffix(header.numberSuffix, units);
      if (fromSuffix?.unitId) issuer = fromSuffix;
    }
  }
  if (!issuer) warnings.push('issuer not found');
  else if (!issuer.unitId) warnings.push(`issuer "${issuer.text}" not found in the directory`);

  // Tasks and duties.
  const tasks: ImportedTask[] = [];
  const duties: ImportedPlanDraft['duties'] = [];
  const kpis: ImportedPlanDraft['kpis'] = [];
  const romanOfLine = new Map<number, string>();
  for (const s of sections) {
    for (const l of s.lines) romanOfLine.set(l.no, s.roman);
    const blocks = toBlocks(s.lines);
    if (s.kind === 'tasks') for (const item of leaves(toItems(blocks))) tasks.push(taskFromItem(item, s.roman, ctx));
    else if (s.kind === 'assignment') for (const item of toItems(blocks)) tasks.push(...dutiesFromItem(item, s.roman, ctx, duties));
  }
  // Tables anywhere in the body and the annexes.
  const annexLabel = new Map<number, string>();
  let label = '';
  for (let i = annexStart; i < lines.length; i++) {
    const m = /^Phụ lục\s+([IVXLC\d]+)/iu.exec(lines[i].text.trim());
    if (m) label = `PL${m[1].toUpperCase()}`;
    annexLabel.set(lines[i].no, label || 'PL');
  }
  const tableOut = { tasks: [] as ImportedTask[], kpis };
  const bodyBlocks = sections.flatMap((s) => toBlocks(s.lines));
  const annexBlocks = toBlocks(lines.slice(annexStart));
  parseTables([...bodyBlocks, ...annexBlocks], (no) => annexLabel.get(no) ?? romanOfLine.get(no) ?? 'T', ctx, tableOut);
  tasks.push(...tableOut.tasks);
  tasks.sort((a, b) => a.lines[0] - b.lines[0]);

  const { recipients, signer } = parseSignatureAndRecipients(lines, bodyEnd, lines.length);
  if (!signer) warnings.push('signer not found');
  if (!recipients.length) warnings.push('no recipients ("Nơi nhận") found');
  if (!tasks.length) warnings.push('no tasks found: is this a plan (Kế hoạch)?');

  return {
    number: header.number,
    issuer,
    issuedAt: header.issuedAt,
    place: header.place,
    title,
    basis,
    tasks,
    duties,
    kpis,
    recipients,
    signer,
    warnings,
  };
}

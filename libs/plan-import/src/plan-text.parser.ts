// Plain text of a plan (Kế hoạch) → an ImportedPlanDraft that a person reviews. Pure. The parser proposes:
// whatever it cannot resolve becomes a warning (Vietnamese, with a code and the lines it concerns), nothing is
// silently dropped. It reads the outline of any Vietnamese plan: roman sections in any case, numbered, lettered
// and bulleted items, responsibility sections (one heading per unit), labelled lines, task tables (tab- or
// pipe-separated), reporting duties, a Quyết định that issues the plan "kèm theo", and the header block. Every
// regular expression here is linear (no nested quantifiers over the same characters) and every loop is bounded by
// the number of lines, so a hostile document costs time in proportion to its size.
import type { DirectoryUnit, ImportedPlanDraft, ImportedTask, ImportedUnitRef, ImportWarning } from '@khflow/contracts';
import { findTimeframeInProse, foldText, parseTimeframe, type TimeContext } from './time-expression.util';
import { canon, isCatchAll, resolveUnitId, resolveUnits, scanUnitList } from './unit-resolver.util';
import { directoryAsOf, isForeignPlan, planPlaces, unitsOfPlanProvince } from './plan-directory.util';
import { splitReportingSchedule } from './reporting-schedule.util';

interface Line {
  no: number; // 1-based line number in the input (first physical line)
  to: number; // last physical line (a paragraph wrapped over several lines)
  text: string; // cleaned
}

type BlockKind = 'num' | 'sub' | 'letter' | 'bullet' | 'text' | 'row';

interface Block {
  kind: BlockKind;
  /** Marker family for bullets ("-", "+", "•"): nesting follows the order in which families appear. */
  marker: string;
  ref: string; // "1", "2.1", "a" for numbered blocks
  text: string; // without the numbering/bullet
  from: number;
  to: number;
  cells?: string[];
}

type SectionKind = 'tasks' | 'assignment' | 'other';

interface Section {
  roman: string;
  heading: string;
  kind: SectionKind;
  lines: Line[];
}

export interface ParseOptions {
  /** The date the plan will be launched (YYYY-MM-DD): units that no longer exist then are flagged with successors. */
  launchDate?: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Text as documents give it.

/** Letters of scripts Vietnamese never uses: a PDF whose font mapping is broken puts its letters there. */
const FOREIGN_SCRIPT = /[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0e00-\u0e7f\u10a0-\u10ff]/gu;
/** Latin-looking garbage of a shifted font mapping ("7KӵF KLӋQ", "ÿӏQK", "+ѬѪ1*"). */
const SHIFTED_WORD = /(?:^|\s)(?:[0-9+&*<>$][\p{Lu}\p{Ll}]+|\p{Lu}{1,3}[ӝӟӣӧӫӯӳӵӷӹѭѫѧѣҥҳӑӗӛ]\p{L}*)/gu;

/** True when the text layer is broken (font mapping garbage): it must not be turned into tasks. */
export function isBrokenTextLayer(text: string): boolean {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters < 200) return false;
  const foreign = (text.match(FOREIGN_SCRIPT) ?? []).length;
  const shifted = (text.match(SHIFTED_WORD) ?? []).length;
  return foreign / letters > 0.01 || shifted / Math.max(1, letters / 5) > 0.05;
}

/** Font noise of PDF text layers that has one reading: "ƣ" for "ư", "Ĉ" for "Đ", split diacritics. */
export function fixFontNoise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/ƣ/g, 'ư')
    .replace(/Ƣ/g, 'Ư')
    .replace(/Ĉ/g, 'Đ')
    .replace(/ĉ/g, 'đ')
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '');
}

const NOISE_LINE = /^(?:u|✓|✔|v|\(chữ ký\)|\(đã ký\)|\(ký\)|\(ký tên\)|\(ký, ghi rõ họ tên\)|\(ký tên, đóng dấu\)|\d{1,3}|[-–_*•.=]+|trang \d+.*)$/iu;
const SUPERSCRIPTS = /[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g;

function cleanLine(raw: string): string {
  return raw
    .replace(/\*\*/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+[✓✔]\s*$/u, '')
    .replace(/\s*\((?:chữ ký|đã ký)\)\s*/giu, ' ')
    .replace(/\s+$/g, '')
    .replace(/^\s+/, '')
    .replace(/^\[\d{1,3}\]\s.*$/u, ''); // a footnote of a web copy ("[1] Nghị quyết số …")
}

function physicalLines(text: string): Line[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw, i) => {
      let t = cleanLine(raw);
      if (/^[¹²³⁴⁵⁶⁷⁸⁹⁰]/u.test(t)) t = '';
      t = t.replace(SUPERSCRIPTS, '').replace(/\[\d{1,2}\]/g, '');
      if (NOISE_LINE.test(t.trim())) t = '';
      return { no: i + 1, to: i + 1, text: t };
    });
}

/** Separator of table cells in text converted from .docx or web pages ("1 | Nhiệm vụ | Sở Tư pháp"). */
const PIPE = /\s\|\s|\s\|$|^\|\s/;

/** A line that starts a new element (heading, item, bullet, table row): never glued to the line before. */
const STRUCTURAL = new RegExp(
  [
    '^(?:[IVX]{1,5})\\s*[.:/]\\s*\\S', // II. NỘI DUNG
    '^(?:PHẦN|Phần)\\s+(?:[IVX]{1,5}|\\d{1,2})\\b',
    '^\\d{1,2}(?:\\.\\d{1,2}){0,3}\\s*[.)]\\s*(?=\\D)', // 1. / 2.1. / 1)
    '^\\d{1,2}(?:\\.\\d{1,2}){1,3}\\s+(?=\\D)', // 2.1 Xây dựng
    '^[a-zđ]\\s*\\)\\s*\\S', // a)
    '^[-–—•+*·▪◦○●]\\s*(?=\\D)',
    '^(?:Nơi nhận|PHỤ LỤC|Phụ lục|Điều\\s+\\d)',
  ].join('|'),
  'u',
);

/**
 * Web copies and PDF text wrap paragraphs at a fixed width ("I. MỤC" / "ĐÍCH, YÊU CẦU", "Căn cứ Nghị quyết số" /
 * "57-NQ/TW …"). A wrapped text is one whose lines are short; there, consecutive lines form one paragraph unless
 * the next starts an element, and (without blank lines between paragraphs) unless the line before ends a sentence.
 */
function joinWrapped(lines: Line[]): Line[] {
  const nonBlank = lines.filter((l) => l.text.trim());
  if (nonBlank.length < 20) return lines;
  const long = nonBlank.filter((l) => l.text.length > 110).length;
  if (long / nonBlank.length > 0.06) return lines;
  const blankSeparated = lines.length - nonBlank.length > nonBlank.length * 0.12;
  const out: Line[] = [];
  let prevBlank = true;
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) {
      prevBlank = true;
      out.push(l);
      continue;
    }
    const prev = out[out.length - 1];
    const join =
      !prevBlank &&
      prev &&
      prev.text.trim() &&
      !PIPE.test(prev.text) &&
      !PIPE.test(t) &&
      !prev.text.includes('\t') &&
      !t.includes('\t') &&
      !STRUCTURAL.test(t) &&
      !labelOf(t) &&
      !/^Nơi nhận/iu.test(prev.text) &&
      (blankSeparated || !/[.;:!?…]$/.test(prev.text.trim()) || /^\p{Ll}/u.test(t));
    if (join) {
      prev.text = `${prev.text.trim()} ${t}`;
      prev.to = l.no;
    } else out.push({ ...l });
    prevBlank = false;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Warnings: Vietnamese first, English for the console's other language, tied to lines.

class Warnings {
  readonly items: ImportWarning[] = [];
  add(code: string, message: string, messageEn: string, lines: [number, number] | null = null): void {
    if (this.items.length >= 500) return; // bounded: a hostile document cannot grow the draft without limit
    this.items.push({ code, message, messageEn, lines });
  }
  /** Drops the warnings of `code` on exactly these lines (a later step resolved them). */
  drop(code: string, lines: [number, number]): void {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i].code === code && this.items[i].lines?.[0] === lines[0] && this.items[i].lines?.[1] === lines[1]) this.items.splice(i, 1);
  }
  strings(): string[] {
    return this.items.map((w) => (w.lines ? `${w.lines[0] === w.lines[1] ? `dòng ${w.lines[0]}` : `dòng ${w.lines[0]}–${w.lines[1]}`}: ${w.message}` : w.message));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sections.

const ROMAN_VALUES: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7, VIII: 8, IX: 9, X: 10, XI: 11, XII: 12 };
const ROMAN = /^(X{0,1}(?:IX|IV|V?I{0,3}))\s*[.:/]\s*(\S.*)$/u;
const ROMAN_BARE = /^(X{0,1}(?:IX|IV|V?I{0,3}))\s+(\p{Lu}\S*\s+\S.*)$/u;
const PART = /^(?:PHẦN|Phần)\s+(X{0,1}(?:IX|IV|V?I{0,3})|\d{1,2})\s*[.:–-]?\s*(.*)$/u;

function romanHeading(t: string, expected: number): { roman: string; heading: string } | null {
  const part = PART.exec(t);
  if (part && part[1]) return { roman: part[1], heading: part[2].trim() };
  const m = ROMAN.exec(t);
  if (!m || !m[1]) {
    // "II NHIỆM VỤ": the period lost (OCR of a scan, hasty typing). Only the next section number, in capitals.
    const bare = ROMAN_BARE.exec(t);
    if (!bare || !bare[1] || ROMAN_VALUES[bare[1]] !== expected || bare[2].length > 120) return null;
    const l = bare[2].replace(/[^\p{L}]/gu, '');
    return l.length >= 4 && l.replace(/[^\p{Lu}]/gu, '').length / l.length >= 0.9 ? { roman: bare[1], heading: bare[2].trim() } : null;
  }
  const letters = m[2].replace(/[^\p{L}]/gu, '');
  if (!letters.length || m[2].length > 200) return null;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length / letters.length;
  // "II. NỘI DUNG" in capitals, or "II. Nhiệm vụ trọng tâm" in mixed case where II is the next section number.
  if (upper >= 0.6) return { roman: m[1], heading: m[2].trim() };
  if (ROMAN_VALUES[m[1]] === expected && /^\p{Lu}/u.test(m[2]) && m[2].length <= 120 && !/[;]/.test(m[2])) return { roman: m[1], heading: m[2].trim() };
  return null;
}

function classifySection(heading: string): SectionKind {
  const f = foldText(heading);
  if (/to chuc thuc hien|phan cong|trach nhiem|che do bao cao|thong tin bao cao|bao cao ket qua/.test(f)) return 'assignment';
  if (/nhiem vu|noi dung|giai phap|hoat dong|chuong trinh|ke hoach cu the|tien do/.test(f)) return 'tasks';
  if (/muc dich|muc tieu|yeu cau|quan diem|lo trinh|pham vi|doi tuong|can cu|su can thiet|tinh hinh|thuc trang|ket qua|danh gia|kinh phi|nguon von|tieu chuan|hinh thuc|thoi gian|dia diem|thanh phan|chi tieu|khen thuong|giai thich|dieu khoan/.test(f)) return 'other';
  return 'tasks';
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks and the outline.

const STOP_PARAGRAPH = /^(?:tren day|trong qua trinh|qua trinh (?:trien khai|thuc hien)|ke hoach nay (?:thay the|co hieu luc)|noi nhan|(?:uy ban nhan dan|ubnd) [^.]{0,60}(?:yeu cau|de nghi) (?:cac|thu truong))/;
const LABELS: { key: 'content' | 'time' | 'lead' | 'coord' | 'product' | 'executor' | 'detail'; re: RegExp }[] = [
  { key: 'content', re: /^(?:noi dung(?: cong viec| nhiem vu| thuc hien| hoat dong)?|nhiem vu(?: cu the)?|cong viec)\s*:/ },
  { key: 'time', re: /^(?:thoi gian(?: thuc hien| hoan thanh| bat dau(?: thuc hien)?| trien khai)?|thoi han(?: hoan thanh)?|tien do(?: thuc hien)?|moc thoi gian|thoi diem)\s*:/ },
  { key: 'lead', re: /^(?:(?:don vi|co quan|phong|bo phan|don vi, phong|cac co quan|cac don vi)\s+)?(?:chu tri|thuc hien chinh|dau moi|chiu trach nhiem chinh)(?:\s+(?:thuc hien|tham muu))?\s*:/ },
  { key: 'executor', re: /^(?:(?:co quan|don vi|cac co quan|cac don vi|bo phan|nguoi)\s+)?(?:thuc hien|trien khai)\s*:/ },
  { key: 'coord', re: /^(?:(?:don vi|co quan|cac don vi|cac co quan|phong)\s+)?phoi hop(?:\s+thuc hien)?\s*:/ },
  { key: 'product', re: /^(?:san pham|ket qua)(?:\s+(?:dau ra|dat duoc))?\s*:/ },
  // Descriptive fields of an activity: where, who attends, how many, what is measured.
  { key: 'detail', re: /^(?:dia diem|doi tuong|thanh phan(?: tham du)?|hinh thuc|so luong|pham vi|quy mo|phuong thuc|phuong tien|tan suat|diem quan trac|cac thong so|thong so[^:]{0,60}|du kien|kinh phi)\s*:/ },
];

function labelOf(text: string): { key: (typeof LABELS)[number]['key']; value: string } | null {
  const f = foldText(text);
  for (const l of LABELS) {
    const m = l.re.exec(f);
    if (m) return { key: l.key, value: text.slice(m[0].length).trim() };
  }
  return null;
}

function classifyLine(t: string): { kind: BlockKind; marker: string; ref: string; text: string; cells?: string[] } {
  if (t.includes('\t')) return { kind: 'row', marker: 'row', ref: '', text: t, cells: t.split('\t').map((c) => c.trim()) };
  // "| Rà soát … | Người thực hiện": a row whose first cell (TT) is empty keeps it.
  if (PIPE.test(t) || /^\|/.test(t)) return { kind: 'row', marker: 'row', ref: '', text: t, cells: (/^\|/.test(t) ? ` ${t}` : t).split(/\s?\|\s?/).map((c) => c.trim()) };
  let m = /^(\d{1,2}(?:\.\d{1,2}){1,3})(?:\.\s*|\s+|\)\s*)(?=\D)(\S.*)$/u.exec(t);
  if (m) return { kind: 'sub', marker: `sub${m[1].split('.').length}`, ref: m[1], text: m[2] };
  m = /^(\d{1,2})\s*[.)]\s*(?=\D)(\S.*)$/u.exec(t);
  if (m) return { kind: 'num', marker: 'num', ref: m[1], text: m[2] };
  m = /^([a-zđ])\s*\)\s*(\S.*)$/u.exec(t);
  if (m) return { kind: 'letter', marker: 'letter', ref: m[1], text: m[2] };
  m = /^([-–—•+*·▪◦○●])\s*(?=\D)(\S.*)$/u.exec(t);
  if (m) return { kind: 'bullet', marker: m[1] === '–' || m[1] === '—' ? '-' : m[1], ref: '', text: m[2] };
  return { kind: 'text', marker: 'text', ref: '', text: t };
}

/** Lines → blocks, joining a paragraph broken across lines or pages ("… Đào" / "tao, Sở …"). */
function toBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  for (const l of lines) {
    if (!l.text.trim()) continue;
    const c = classifyLine(l.text.trim());
    const prev = blocks[blocks.length - 1];
    const continues = prev && prev.kind !== 'row' && c.kind === 'text' && /^\p{Ll}/u.test(c.text);
    if (continues) {
      prev.text = `${prev.text} ${c.text}`;
      prev.to = l.to;
      continue;
    }
    blocks.push({ kind: c.kind, marker: c.marker, ref: c.ref, text: c.text, from: l.no, to: l.to, cells: c.cells });
  }
  return blocks;
}

interface Node {
  marker: string;
  ref: string;
  heading: string;
  from: number;
  to: number;
  /** Paragraphs under the heading (not items of their own). */
  body: Block[];
  children: Node[];
  parent: Node | null;
}

/**
 * The outline of a section: numbered items, letters and bullets nest in the order their markers first appear
 * (a plan may put bullets under "1." or "a)" under "-"); plain paragraphs are the body of the item above them.
 */
function toOutline(blocks: Block[]): Node {
  const root: Node = { marker: 'root', ref: '', heading: '', from: 0, to: 0, body: [], children: [], parent: null };
  const stack: Node[] = [root];
  let stopped = false;
  const order = ['num', 'sub2', 'sub3', 'sub4', 'letter'];
  const rank = (m: string) => order.indexOf(m);
  for (const b of blocks) {
    if (b.kind === 'row') continue;
    if (b.kind === 'text') {
      if (STOP_PARAGRAPH.test(foldText(b.text))) {
        stopped = true;
        continue;
      }
      if (stopped) continue;
      const cur = stack[stack.length - 1];
      cur.body.push(b);
      for (const n of stack) n.to = Math.max(n.to, b.to);
      continue;
    }
    stopped = false;
    // Where does this marker sit? Among the open items with the same marker: a sibling of the nearest one.
    let at = -1;
    for (let i = stack.length - 1; i > 0; i--) if (stack[i].marker === b.marker) at = i;
    if (at < 0 && rank(b.marker) >= 0) {
      // A numbered marker closes deeper bullets and numbers of a lower rank ("2." after "1.1." and "-").
      for (let i = 1; i < stack.length; i++) {
        const r = rank(stack[i].marker);
        if (r >= 0 && r > rank(b.marker)) {
          at = i;
          break;
        }
        if (r < 0) {
          at = i;
          break;
        }
      }
      if (at > 0 && rank(stack[at].marker) >= 0 && rank(stack[at].marker) < rank(b.marker)) at = -1;
    }
    if (at > 0) stack.length = at;
    const parent = stack[stack.length - 1];
    const node: Node = { marker: b.marker, ref: b.ref, heading: b.text, from: b.from, to: b.to, body: [], children: [], parent };
    parent.children.push(node);
    for (const n of stack) n.to = Math.max(n.to, b.to);
    stack.push(node);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks.

/** The first sentence, at most ~160 characters, cut at a word. */
function titleOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  // A short "X: …" prefix ("Sở Tài chính: căn cứ …") belongs to the title; a long intro ends at its colon.
  // A short first clause ("Chủ trì triển khai kế hoạch; hướng dẫn …") runs on to the next one.
  const sentence = /^(.{12,}?)(?:\.(?:\s|$)|(?<=.{40,});(?:\s|$)|(?<=.{60,}):\s)/u.exec(t);
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

const scored = (refs: ImportedUnitRef[]) => refs.filter((r) => r.unitId || r.group || !isCatchAll(r.text));

/** "phối hợp với X, Y …" / "phối hợp cùng X" in prose → X, Y. */
function coordinatorsInProse(text: string, units: DirectoryUnit[]): ImportedUnitRef[] {
  const t = text.normalize('NFC');
  const f = foldText(t);
  const out: ImportedUnitRef[] = [];
  // "phối hợp với X", "phối hợp cùng X", and "phối hợp X" where a unit follows directly.
  const re = /phoi hop(?: chat che| thuong xuyen| tot| cung)?(?: voi| cung)?\s+/g;
  let guard = 0;
  for (let m = re.exec(f); m && guard < 50; m = re.exec(f), guard++) {
    const rest = t.slice(m.index + m[0].length, m.index + m[0].length + 400);
    for (const mention of scanUnitList(rest, units)) out.push(mention.ref);
  }
  return dedupe(scored(out));
}

const SUBJECT_PREFIX = /^(?:giao(?: cho)?|đề nghị|yêu cầu|chỉ đạo|trưởng|thủ trưởng|lãnh đạo|người đứng đầu)\s+/iu;

/** "Giao Sở Tài chính chủ trì …", "Sở TT&TT tăng cường …": units at the start of a sentence. */
function subjectUnits(text: string, units: DirectoryUnit[]): ImportedUnitRef[] {
  // "Giao phòng Quản lý Công nghiệp …": the body's name after the verb, written in lower case.
  const t = text
    .replace(SUBJECT_PREFIX, '')
    .slice(0, 400)
    .replace(/^(phòng|sở|ban|trung tâm|văn phòng|thanh tra|đoàn|tổ)(?=\s+\p{Lu})/u, (w) => w[0].toUpperCase() + w.slice(1));
  return dedupe(scored(scanUnitList(t, units).map((m) => m.ref)));
}

/** Lead units named in prose: "Sở X chủ trì", "giao Phòng Y chủ trì". */
function leadsInProse(text: string, units: DirectoryUnit[]): ImportedUnitRef[] {
  const out: ImportedUnitRef[] = [];
  for (const clause of text.split(/[;.]\s+/).slice(0, 40)) {
    const f = foldText(clause);
    const idx = f.search(/\s(?:la (?:don vi |co quan )?)?chu tri\b/);
    if (idx <= 0) continue;
    const before = clause.slice(0, idx);
    const g = /(?:^|,\s*|(?:^|\s)giao\s+|(?:^|\s)đề nghị\s+)([^,]*)$/iu.exec(before);
    const start = g ? before.length - g[1].length : 0;
    out.push(...scanUnitList(before.slice(start).replace(SUBJECT_PREFIX, ''), units).map((m) => m.ref));
  }
  return dedupe(scored(out));
}

interface Ctx {
  units: DirectoryUnit[];
  allUnits: DirectoryUnit[];
  foreign: boolean;
  time: TimeContext;
  warnings: Warnings;
  launchDate: string | null;
}

function noteUnresolved(refs: ImportedUnitRef[], lines: [number, number], ctx: Ctx) {
  for (const r of refs) {
    if (r.unitId) {
      const u = ctx.allUnits.find((x) => x.id === r.unitId);
      if (u && ctx.launchDate && u.validTo && u.validTo <= ctx.launchDate) {
        const successors = ctx.allUnits.filter((x) => x.id === u.successorId).map((x) => `${x.name} (${x.id})`);
        ctx.warnings.add(
          'unit_ended',
          `"${r.text}" (${u.id}) không còn tồn tại từ ${u.validTo}${successors.length ? `: đơn vị kế thừa đề xuất ${successors.join(', ')}` : ''}`,
          `"${r.text}" (${u.id}) no longer exists from ${u.validTo}${successors.length ? `: proposed successor ${successors.join(', ')}` : ''}`,
          lines,
        );
      }
      continue;
    }
    if (r.group) {
      if (!(r.unitIds?.length ?? 0)) ctx.warnings.add('group_empty', `nhóm đơn vị "${r.text}" không có đơn vị nào trong danh bạ: chọn các đơn vị`, `group "${r.text}" has no units in the directory: choose the units`, lines);
      continue;
    }
    if (isCatchAll(r.text)) ctx.warnings.add('unit_generic', `"${r.text}" là đối tượng chung, không phải một đơn vị: chọn các đơn vị`, `"${r.text}" is a generic target, not a unit: choose the units`, lines);
    else ctx.warnings.add('unit_unknown', `không tìm thấy đơn vị "${r.text}" trong danh bạ: giữ nguyên văn, cần chọn đơn vị`, `unit not found in the directory: "${r.text}" (kept as text)`, lines);
  }
}

/** The time text shown beside a task: the phrase, not a whole paragraph (plans stay within the API's limits). */
function shortTime(tf: ImportedTask['timeframe']): ImportedTask['timeframe'] {
  if (!tf.text || tf.text.length <= 300) return tf;
  return { ...tf, text: `${tf.text.slice(0, 300).replace(/\s+\S*$/, '')} …` };
}

function makeTask(ctx: Ctx, ref: string, title: string, content: string | null, lead: ImportedUnitRef[], coordinators: ImportedUnitRef[], timeframe: ImportedTask['timeframe'], lines: [number, number]): ImportedTask {
  timeframe = shortTime(timeframe);
  lead = dedupe(lead);
  const leadKeys = new Set(lead.map(refKey));
  coordinators = dedupe(coordinators).filter((c) => !leadKeys.has(refKey(c)));
  noteUnresolved(lead, lines, ctx);
  noteUnresolved(coordinators, lines, ctx);
  if (!lead.length) ctx.warnings.add('no_lead', `nhiệm vụ ${ref}: chưa xác định đơn vị chủ trì`, `task ${ref}: no lead unit (chủ trì) found`, lines);
  if (timeframe.kind === 'unspecified' && /\b(?:ke tu|sau khi|sau \d+ ngay)\b/.test(foldText(content ?? '')) && /\d+\s*ngày/u.test(content ?? ''))
    ctx.warnings.add('relative_deadline', `nhiệm vụ ${ref}: thời hạn tính từ một sự kiện ("… ngày kể từ …"): cần nhập ngày cụ thể`, `task ${ref}: a relative deadline ("… days after …"): enter the date`, lines);
  if (timeframe.kind === 'recurring' && timeframe.recurrence?.freq === 'yearly' && !/nam|\d\s*[/.-]\s*\d/.test(foldText(timeframe.text ?? '')))
    ctx.warnings.add('recurrence_assumed', `nhiệm vụ ${ref}: "định kỳ" nhưng không nêu chu kỳ: tạm đặt hằng năm, cần chọn chu kỳ`, `task ${ref}: periodic without a period: yearly proposed, choose the period`, lines);
  return { ref, title, content, lead, coordinators, timeframe, lines };
}

interface Fields {
  content: string[];
  time: string[];
  lead: string[];
  coord: string[];
  product: string[];
  executor: string[];
  detail: string[];
}

/** Labelled lines of an item ("- Cơ quan chủ trì: …", "Thời gian thực hiện: …") and the rest of its text. */
function fieldsOf(node: Node): { fields: Partial<Fields>; prose: string[]; labelled: boolean; fieldChildren: Set<Node> } {
  const fields: Partial<Fields> = {};
  const prose: string[] = [];
  const fieldChildren = new Set<Node>();
  let lastKey: keyof Fields | null = null;
  const headingLabel = labelOf(node.heading);
  if (headingLabel) {
    (fields[headingLabel.key] ??= []).push(headingLabel.value);
    lastKey = headingLabel.key;
  }
  for (const b of node.body) {
    const l = labelOf(b.text);
    if (l) {
      (fields[l.key] ??= []).push(l.value);
      lastKey = l.key;
    } else if (lastKey === 'content') fields.content?.push(b.text);
    else prose.push(b.text);
  }
  // "Điểm quan trắc: … như sau:" followed by bullets: the bullets are the field's values, not tasks.
  const listField = node.body.some((b) => /:\s*$/.test(b.text) && labelOf(b.text)?.key === 'detail');
  for (const c of node.children) {
    const l = labelOf(c.heading);
    if (l) {
      (fields[l.key] ??= []).push([l.value, ...c.body.map((b) => b.text)].join(' '));
      fieldChildren.add(c);
    } else if (listField && !c.ref) fieldChildren.add(c);
  }
  return { fields, prose, labelled: Object.keys(fields).length > 0, fieldChildren };
}

const textOf = (n: Node): string => [n.heading, ...n.body.map((b) => b.text), ...n.children.map(textOf)].join(' ');

/** A unit's heading in a responsibility section: "3. Sở Nội vụ", "a) Ủy ban nhân dân các xã, phường:", "Đề nghị …:". */
function unitHeading(node: Node, ctx: Ctx): { leads: ImportedUnitRef[]; rest: string } | null {
  const h = node.heading.trim();
  const cleaned = h.replace(/^(?:đề nghị|giao|trách nhiệm của|nhiệm vụ của)\s+/iu, '');
  const colon = cleaned.indexOf(':');
  const name = (colon > 0 ? cleaned.slice(0, colon) : cleaned).replace(/\s*(?:có trách nhiệm|chịu trách nhiệm|thực hiện)\s*$/iu, '').replace(/[.;,]\s*$/, '');
  const rest = colon > 0 ? cleaned.slice(colon + 1).trim() : '';
  if (name.length > 200 || (colon < 0 && /[.;]\s*$/.test(h) && h.length > 80)) return null;
  const mentions = scanUnitList(name, ctx.units);
  if (!mentions.length) return null;
  // The whole name must be units (and connectors): "Sở Tài chính chủ trì …" is a sentence, not a heading.
  const covered = mentions[mentions.length - 1].end;
  const tail = name.slice(covered).trim();
  if (tail && !/^(?:và |, )?(?:các |cơ quan, )?(?:đơn vị|cơ quan|địa phương|tổ chức)(?: có)? liên quan\.?$|^\(.*\)$|^(?:tỉnh|thành phố|TP\.?)(?:\s+\p{Lu}\p{L}*)*$/iu.test(tail)) return null;
  return { leads: dedupe(scored(mentions.map((m) => m.ref))), rest };
}

function timeOf(text: string, ctx: Ctx): ImportedTask['timeframe'] {
  return findTimeframeInProse(text, ctx.time);
}

/** A task from an item: labelled fields or prose. `inherited`: the unit of the heading above (responsibility sections). */
function taskFromNode(node: Node, ref: string, ctx: Ctx, inherited: ImportedUnitRef[], extraText = '', inheritedCoord: ImportedUnitRef[] = []): ImportedTask {
  const { fields, prose, fieldChildren } = fieldsOf(node);
  const own = [node.heading, ...node.body.map((b) => b.text)].join(' ');
  const withFields = [own, ...[...fieldChildren].map(textOf)].join(' ');
  const headingLabel = labelOf(node.heading);
  const contentText = (fields.content ?? []).join(' ').trim() || [headingLabel ? '' : node.heading, ...prose, extraText].filter(Boolean).join('\n');
  // The item's own heading names it ("2. Công tác truyền thông" over "- Nội dung: …"), unless it is itself a label.
  let title = titleOf(headingLabel || !fields.content ? contentText || node.heading : node.heading);
  // "1.2. Ngao" over "- Điểm quan trắc: …": a bare heading takes its first field as well.
  const firstField = node.children.find((c) => labelOf(c.heading));
  if (title.split(/\s+/).length < 3 && firstField) title = titleOf(`${title} - ${firstField.heading}`.replace(/:\s/, ' – '));
  // An item with children of its own: its lines end where its own text and labelled lines end.
  const items = node.children.filter((c) => !labelOf(c.heading));
  const ownTo = items.length ? Math.max(node.from, ...node.body.map((b) => b.to), ...node.children.filter((c) => !items.includes(c)).map((c) => c.to)) : node.to;
  const lines: [number, number] = [node.from, ownTo];
  let lead: ImportedUnitRef[] = [];
  if (fields.lead) lead = fields.lead.flatMap((v) => resolveUnits(v, ctx.units));
  else if (fields.executor) {
    // "Cơ quan thực hiện: Sở Nội vụ chủ trì …, các sở … phối hợp": the chủ trì one leads; else every unit named.
    const ex = fields.executor.join('; ');
    const chair = leadsInProse(ex, ctx.units);
    lead = chair.length ? chair : subjectUnits(ex, ctx.units);
    if (chair.length) lead = dedupe([...chair, ...ex.split(/[;]/).flatMap((p) => (/phoi hop/.test(foldText(p)) ? [] : subjectUnits(p, ctx.units)))]);
  }
  if (!lead.length) {
    const subject = subjectUnits(contentText, ctx.units);
    lead = subject.length ? subject : leadsInProse(own, ctx.units);
  }
  if (!lead.length) {
    // "Phân tích đề thi … – Trường THPT X thực hiện": the doer named after a dash at the end.
    const doer = /\s[–-]\s+([^–]{3,120}?)\s+(?:hỗ trợ\s+|chủ trì\s+|phối hợp\s+)?thực hiện\.?$/u.exec(own.trim());
    if (doer) lead = dedupe(scored(scanUnitList(doer[1], ctx.units).map((m) => m.ref)));
  }
  if (!lead.length) lead = inherited;
  let coordinators = fields.coord ? fields.coord.flatMap((v) => resolveUnits(v, ctx.units)) : coordinatorsInProse([own, extraText].join(' '), ctx.units);
  if (fields.executor && !fields.coord) {
    const ex = fields.executor.join('; ');
    coordinators = dedupe([...coordinators, ...ex.split(/;/).flatMap((p) => (/phoi hop/.test(foldText(p)) ? subjectUnits(p, ctx.units) : []))]);
  }
  if (!coordinators.length && lead === inherited) coordinators = inheritedCoord;
  const timeframe = fields.time ? parseTimeframe(fields.time.join('; '), ctx.time) : timeOf([withFields, extraText].join(' '), ctx);
  return makeTask(ctx, ref, title, contentText || null, lead, coordinators, timeframe, lines);
}

const CLOSING_PARAGRAPH = /^(?:trên đây|trong quá trình (?:tổ chức )?(?:triển khai|thực hiện)|quá trình (?:triển khai|thực hiện)|(?:yêu cầu|đề nghị) (?:các|thủ trưởng)|(?:các|mọi) (?:cơ quan|đơn vị|địa phương|tổ chức)[^.;:]{0,80}(?:nghiêm túc|triển khai thực hiện|tổ chức thực hiện))/iu;
const NON_TASK_HEADING = /^(?:mục tiêu|chỉ tiêu|mục đích|yêu cầu|quan điểm|định hướng|kết quả đạt được|đánh giá kết quả|thực trạng|phạm vi|đối tượng|thời gian)(?:\s[^.;:]{0,50})?:?$/iu;

/** "… bao gồm:", "… như sau:", "cụ thể:": an intro completed by the items under it, not a task of its own. */
const isIntro = (n: Node) => /:\s*$/.test(n.heading) || (!!n.body.length && /:\s*$/.test(n.body[n.body.length - 1].text));

const ASSIGNING = /^(?:giao|đề nghị|yêu cầu|phân công)\s/iu;

/** An item that only hands the items after it to a unit ("Giao X thực hiện các công việc liên quan:"), or null. */
function siblingIntro(n: Node, ctx: Ctx): { lead: ImportedUnitRef[]; coord: ImportedUnitRef[] } | null {
  if (n.children.length || n.body.length || !/:\s*$/.test(n.heading) || !ASSIGNING.test(n.heading.trim()) || n.heading.length > 300) return null;
  const subject = subjectUnits(n.heading, ctx.units);
  const lead = subject.length ? subject : leadsInProse(n.heading, ctx.units);
  return lead.length ? { lead, coord: coordinatorsInProse(n.heading, ctx.units) } : null;
}

/** Tasks of a task section: the leaves of the outline; an item with children only when it has labelled fields. */
function tasksOfSection(root: Node, roman: string, ctx: Ctx, assignment: boolean, duties: ImportedPlanDraft['duties']): ImportedTask[] {
  const out: ImportedTask[] = [];
  // "2.1" items carry their full number; letters and bullets are numbered under their parent.
  const refOf = (n: Node, parentRef: string, index: number) => (n.ref.includes('.') ? `${roman}.${n.ref}` : `${parentRef}.${n.ref || index + 1}`);
  const walk = (node: Node, ref: string, inherited: ImportedUnitRef[], depth: number, inheritedCoord: ImportedUnitRef[] = []) => {
    if (depth > 12) return;
    const { labelled, fieldChildren } = fieldsOf(node);
    const kids = node.children.filter((c) => !fieldChildren.has(c));
    let lead = inherited;
    let coord = inheritedCoord;
    let heading: ReturnType<typeof unitHeading> = null;
    if (node.marker !== 'root') heading = assignment || kids.length || node.body.length ? unitHeading(node, ctx) : null;
    if (!heading && kids.length && node.marker !== 'root') {
      // "Giao Sở X chủ trì, phối hợp với Y …, tổ chức thực hiện các nhiệm vụ sau:": the items under the sentence
      // are its subject's, with its coordinators.
      const intro = [node.heading, ...node.body.map((b) => b.text)].join(' ');
      const subject = subjectUnits(intro, ctx.units);
      const introLead = subject.length ? subject : leadsInProse(intro, ctx.units);
      const introCoord = coordinatorsInProse(intro, ctx.units);
      if (introLead.length) {
        lead = introLead;
        coord = introCoord;
      } else if (introCoord.length) coord = introCoord; // a) Chủ trì, phối hợp với các sở …
    }
    if (heading && heading.leads.length) {
      lead = heading.leads;
      coord = [];
      const items = [...kids.map(textOf), ...node.body.map((b) => b.text)];
      duties.push({ unit: lead[0], items: items.length ? items : [heading.rest], lines: [node.from, node.to] });
    }
    // "a) Mục tiêu" / "Chỉ tiêu" under a task heading: targets, not tasks.
    if (node.marker !== 'root' && !assignment && NON_TASK_HEADING.test(node.heading.trim())) return;
    if (node.marker === 'root') {
      // A section of bare paragraphs under a responsibility heading: each paragraph is a duty.
      // A closing instruction that names no doer ("Các đơn vị triển khai thực hiện nghiêm túc …", "Trong quá trình thực
      // hiện, nếu có vướng mắc …") is not a duty.
      if (assignment)
        node.body.forEach((b, i) => {
          const duty = dutyFromParagraph(b, `${ref}.p${i + 1}`, ctx, lead);
          if (!duty.lead.length && CLOSING_PARAGRAPH.test(b.text.trim())) return;
          out.push(duty);
        });
      walkKids(kids, (c, i) => refOf(c, ref, i), lead, depth, coord);
      return;
    }
    if (!kids.length) {
      // "Thời gian kiểm tra: …", "Địa điểm: …" directly under a section: its details, not a task.
      const own = labelOf(node.heading);
      if (own && (own.key === 'detail' || own.key === 'time') && node.parent?.marker === 'root' && !assignment) return;
      if (heading && !heading.rest && node.body.length > 1 && assignment) {
        // A unit heading with several paragraphs: one duty each.
        node.body.forEach((b, i) => out.push(dutyFromParagraph(b, `${ref}.${i + 1}`, ctx, lead)));
        return;
      }
      if (heading && !heading.rest && node.body.length === 0) return; // a bare unit name
      if (heading && !heading.rest && node.body.length === 1) {
        // A unit heading over one paragraph: the paragraph is the duty (its title), from the heading's line.
        const duty = dutyFromParagraph(node.body[0], ref, ctx, heading.leads);
        out.push({ ...duty, lines: [node.from, node.to] });
        return;
      }
      out.push(taskFromNode(node, ref, ctx, heading ? heading.leads : lead, '', coord));
      return;
    }
    if (labelled && !isIntro(node)) out.push(taskFromNode(node, ref, ctx, lead, '', coord));
    else if (heading && heading.rest && !isIntro(node)) out.push(dutyFromParagraph({ kind: 'text', marker: 'text', ref: '', text: heading.rest, from: node.from, to: node.from }, ref, ctx, lead));
    // Paragraphs between a unit heading and its items are duties too, except an intro the items complete
    // ("Chủ trì, phối hợp với các sở … :"), whose coordinators the items take.
    if (heading && assignment)
      node.body.forEach((b, i) => {
        if (/:\s*$/.test(b.text) || (!/[.;…]\s*$/.test(b.text) && b.text.length < 250)) coord = coordinatorsInProse(b.text, ctx.units);
        else out.push(dutyFromParagraph(b, `${ref}.p${i + 1}`, ctx, lead));
      });
    // A unit heading with a single duty: the duty takes the heading's number.
    walkKids(kids, (c, i) => (heading && kids.length === 1 && !node.body.length && !c.children.length ? ref : refOf(c, ref, i)), lead, depth, coord);
  };
  // "1. Giao phòng X triển khai, thực hiện các công việc sau:" numbered like the items it introduces: not a task; the
  // siblings after it are its subject's (each item's own subject still wins).
  const walkKids = (kids: Node[], refFor: (c: Node, i: number) => string, lead: ImportedUnitRef[], depth: number, coord: ImportedUnitRef[]) => {
    let l = lead;
    let c = coord;
    kids.forEach((k, i) => {
      const intro = siblingIntro(k, ctx);
      if (intro && i + 1 < kids.length) {
        l = intro.lead;
        c = intro.coord;
        return;
      }
      walk(k, refFor(k, i), l, depth + 1, c);
    });
  };
  walk(root, roman, [], 0);
  return out;
}

function dutyFromParagraph(b: Block, ref: string, ctx: Ctx, inherited: ImportedUnitRef[]): ImportedTask {
  const subject = subjectUnits(b.text, ctx.units);
  const chair = subject.length ? [] : leadsInProse(b.text, ctx.units);
  const lead = subject.length ? subject : chair.length ? chair : inherited;
  return makeTask(ctx, ref, titleOf(b.text), b.text, lead, coordinatorsInProse(b.text, ctx.units), timeOf(b.text, ctx), [b.from, b.to]);
}

// ---------------------------------------------------------------------------------------------------------------
// Tables.

type Role = 'ref' | 'content' | 'time' | 'lead' | 'coord' | 'baseline' | 'rank' | 'target' | 'leader' | 'product' | 'other';

function columnRole(header: string): Role {
  const f = foldText(header).replace(/[()0-9]/g, '').trim();
  if (/^(?:s?tt|so tt|stt)$/.test(f)) return 'ref';
  if (/phoi hop/.test(f)) return 'coord';
  if (/lanh dao/.test(f)) return 'leader';
  if (/chu tri|dau moi|thuc hien chinh|nguoi thuc hien|can bo thuc hien|don vi thuc hien|co quan thuc hien|trach nhiem thuc hien/.test(f)) return 'lead';
  if (/thoi gian|thoi han|tien do|thoi diem/.test(f)) return 'time';
  if (/san pham|ket qua dau ra/.test(f)) return 'product';
  if (/xep hang/.test(f)) return 'rank';
  if (/muc tieu|chi tieu nam|ke hoach nam/.test(f)) return 'target';
  if (/diem|ket qua nam|nam \d{4}|hien trang|thuc hien nam/.test(f)) return 'baseline';
  if (/noi dung|nhiem vu|chi tieu|chi so|^ten|hoat dong|cong viec|giai phap/.test(f)) return 'content';
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

/** Rows of task tables become tasks (grouped by their roman rows); KPI tables (a target, no lead-and-time shape) KPIs. */
function parseTables(blocks: Block[], labelOfLine: (line: number) => string, ctx: Ctx, out: { tasks: ImportedTask[]; kpis: ImportedPlanDraft['kpis'] }) {
  let roles: Role[] | null = null;
  let startColumn = false;
  let lastRowLine = -10;
  let group = '';
  let kpiTable = false;
  let index = 0;
  for (const b of blocks) {
    if (b.kind !== 'row' || !b.cells) {
      // A text line right after a row, in a table: the row's last cell broken across lines.
      continue;
    }
    const cells = b.cells.map(cleanCell);
    const nonEmpty = cells.filter(Boolean);
    const headerish = /^(?:s?tt|stt|số tt)$/iu.test(cells[0]) || (!/^\d/.test(cells[0]) && cells.filter((c) => columnRole(c) !== 'other').length >= 2 && cells.filter((c) => columnRole(c) === 'content').length <= 2);
    if (headerish) {
      roles = cells.map(columnRole);
      startColumn = cells.some((c) => columnRole(c) === 'time' && /bat dau/.test(foldText(c)));
      const contentHead = cells.find((c) => columnRole(c) === 'content') ?? '';
      kpiTable = (roles.includes('target') && !roles.includes('time')) || (/chi tieu|chi so/.test(foldText(contentHead)) && !roles.includes('time') && !roles.includes('coord'));
      lastRowLine = b.to;
      group = '';
      index = 0;
      continue;
    }
    if (!roles || b.from - lastRowLine > 12) {
      if (nonEmpty.length >= 2) ctx.warnings.add('table_no_header', 'dòng của một bảng không có dòng tiêu đề cột: không nhập', 'table row without a header row: not imported', [b.from, b.to]);
      continue;
    }
    lastRowLine = b.to;
    // "(1) | (2) | (3)": column numbers.
    if (nonEmpty.every((c) => /^\(?\d{1,2}\)?$/.test(c))) continue;
    // "I | Cải cách thể chế": a group row.
    if (/^(?:[IVX]{1,5}|[A-Z])\.?$/.test(cells[0]) && nonEmpty.length <= 2) {
      group = cells[0].replace(/\.$/, '');
      continue;
    }
    if (nonEmpty.length === 1 && /^[IVX]{1,5}\.\s/.test(nonEmpty[0])) {
      group = nonEmpty[0].split('.')[0];
      continue;
    }
    const get = (role: Role) => {
      const i = roles?.indexOf(role) ?? -1;
      return i >= 0 && i < cells.length && cells[i] ? cells[i] : null;
    };
    const content = get('content') ?? cells.find((c, i) => i > 0 && c.length > 20) ?? cells[1] ?? '';
    if (!content || content.length < 3) continue;
    if (kpiTable) {
      const baseline = get('baseline');
      const rank = get('rank');
      out.kpis.push({ indicator: content, baseline: baseline ? (rank ? `${baseline} (xếp hạng ${rank})` : baseline) : null, target: get('target'), lines: [b.from, b.to] });
      continue;
    }
    // A task table names who leads (chủ trì, người thực hiện); data tables (sites, parameters) are not tasks.
    if (!roles.includes('lead')) continue;
    index++;
    const tt = get('ref') ?? String(index);
    const ref = `${labelOfLine(b.from)}${group ? `.${group}` : ''}.${tt}`;
    const leadText = get('lead');
    const coordText = get('coord');
    const lead = leadText ? resolveUnits(leadText, ctx.units) : [];
    const coordinators = coordText ? resolveUnits(coordText, ctx.units) : [];
    const timeText = get('time');
    let timeframe = timeText ? parseTimeframe(timeText, ctx.time) : parseTimeframe(null, ctx.time);
    if (timeframe.kind === 'unspecified') {
      // The time cell gives no date ("Trước ngày 05 của tháng liền kề") and the task or its product says how often
      // ("công bố … hằng tháng"): read together, a recurrence. Nothing else is taken from the row's text.
      const said = parseTimeframe([timeText, content, get('product')].filter(Boolean).join('; '), ctx.time);
      if (said.kind === 'recurring') timeframe = { ...said, text: timeText ?? said.text };
    }
    // "Thời gian bắt đầu thực hiện": the month is when the task starts, not its deadline.
    if (startColumn && timeframe.kind === 'once' && timeframe.start) timeframe = { ...timeframe, due: null };
    out.tasks.push(makeTask(ctx, ref, titleOf(content), content, lead, coordinators, timeframe, [b.from, b.to]));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Header, basis, signature.

const DOC_KIND = '(?:Kế hoạch|Nghị quyết|Công văn|Quyết định|Kết luận|Chỉ thị|Thông tư|Nghị định|Chương trình hành động|Chương trình|Hướng dẫn|Thông báo|Luật)';

function basisFrom(texts: string[]): ImportedPlanDraft['basis'] {
  const out: ImportedPlanDraft['basis'] = [];
  const re = new RegExp(`${DOC_KIND}\\s+(?:số\\s*)?([0-9][0-9A-Za-zĐđ/\\-–.]*(?:\\s?[/\\-–]\\s?[0-9A-Za-zĐđ]+)*)(?:\\s+ngày\\s+(\\d{1,2})\\s*[/.-]\\s*(\\d{1,2})\\s*[/.-]\\s*(\\d{4}))?`, 'u');
  for (const t of texts.slice(0, 40)) {
    for (const piece of t.slice(0, 4000).split(/;\s*/)) {
      const p = piece.trim().replace(/^\(|\)$/g, '');
      const m = re.exec(p);
      if (!m) {
        if (/^(?:căn cứ|thực hiện)/iu.test(p)) out.push({ text: p, number: null, date: null });
        continue;
      }
      const number = m[1].replace(/\s*([/\-–])\s*/g, '$1').replace(/\s+/g, '').replace(/[.,]$/, '');
      const date = m[2] ? `${m[4]}-${m[3].padStart(2, '0')}-${m[2].padStart(2, '0')}` : null;
      if (out.some((b) => b.number === number)) continue;
      out.push({ text: p.replace(/\s+/g, ' ').replace(/[,.]\s*$/, ''), number, date });
    }
  }
  return out;
}

/** Header lines as separate segments: two-column layouts put "UBND TỈNH X | CỘNG HÒA …" on one line. */
function segments(text: string): string[] {
  return text
    .split(/\s\|\s?|\s{3,}|-{3,}/)
    .flatMap((s) => s.split(/\s(?=Số\s*:)|\s(?=CỘNG HÒA|CỘNG HOÀ|Độc lập\s*-)/u))
    .flatMap((s) => {
      const m = /(?:(?:\p{Lu}\p{Ll}*|phố)\s){0,5}\p{Lu}\p{Ll}*,\s*ngày\b/u.exec(s);
      return m && m.index > 0 ? [s.slice(0, m.index), s.slice(m.index)] : [s];
    })
    .map((s) => s.trim())
    .filter(Boolean);
}

const ISSUER_HEAD = /^(?:ỦY BAN|UỶ BAN|UBND|SỞ|PHÒNG|TRƯỜNG|BAN|ĐOÀN|TRUNG TÂM|HỘI ĐỒNG|VĂN PHÒNG|CHI CỤC|CỤC|BỘ|CÔNG AN|THANH TRA|HĐND|TỔ|BỆNH VIỆN|ĐẢNG ỦY|BCH|BAN CHỈ ĐẠO)(?=\s|$)/u;

function parseHeader(headLines: Line[], w: Warnings) {
  let number: string | null = null;
  let numberLine: [number, number] | null = null;
  let place: string | null = null;
  let issuedAt: string | null = null;
  let numberSuffix: string | null = null;
  let year: string | null = null;
  const upper: string[] = [];
  let seenNumber = false;
  for (const l of headLines) {
    for (const seg of segments(l.text)) {
      const num = /^Số\s*:?\s*(.*)$/iu.exec(seg);
      // "Số: 193/KH-UBND"; an upper-case "SỐ 1050/QĐ-SCT" without a colon belongs to the body's name above.
      if (num && !seenNumber && /^(?:Số|SỐ)\s*:|^Số\s+\d|^Số\s+\//u.test(seg)) {
        seenNumber = true;
        numberLine = [l.no, l.to];
        const compact = num[1].replace(/\s+/g, ' ').trim().replace(/\s*([/\-–])\s*/g, '$1');
        numberSuffix = /\/\s*(\S.*)$/.exec(compact)?.[1] ?? null;
        if (/^\d/.test(compact)) number = compact.split(/\s/)[0];
        else w.add('number_blank', `số văn bản để trống ("Số: ${num[1].trim()}"): văn bản dự thảo?`, `the plan number is blank ("Số: ${num[1].trim()}"): a draft?`, numberLine);
        continue;
      }
      const pd = /^([\p{L} .]+?),\s*ngày\s*(\d{1,2})?[\s.…]*tháng\s*(\d{1,2})?[\s.…]*năm\s*(\d{4})/iu.exec(seg);
      if (pd && !place) {
        place = pd[1].trim();
        year = pd[4];
        if (pd[2] && pd[3]) issuedAt = `${pd[4]}-${pd[3].padStart(2, '0')}-${pd[2].padStart(2, '0')}`;
        else w.add('date_incomplete', `ngày ban hành chưa đầy đủ ("${seg}"): chỉ biết năm ${pd[4]}`, `the issue date is incomplete ("${seg}"): only the year ${pd[4]} is known`, [l.no, l.to]);
        continue;
      }
      if (!seenNumber && /^[\p{Lu}\d\s&,.\-–/()]+$/u.test(seg) && /\p{Lu}{2}/u.test(seg) && !/CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|VIỆT NAM$/u.test(seg)) upper.push(seg);
    }
  }
  // Issuer: the lowest body of the header ("UBND TỈNH X" over "SỞ Y": Sở Y), with the lines that continue it.
  let issuerText: string | null = null;
  let start = -1;
  for (let i = upper.length - 1; i >= 0; i--)
    if (ISSUER_HEAD.test(upper[i])) {
      start = i;
      break;
    }
  if (start >= 0) issuerText = upper.slice(start).join(' ').replace(/\s+/g, ' ');
  else if (upper.length) issuerText = upper.join(' ');
  const issuerParent = start > 0 ? upper.slice(0, start).join(' ') : null;
  return { number, place, issuedAt, numberSuffix, issuerText, issuerParent, year, numberLine };
}

function parseSignatureAndRecipients(lines: Line[], start: number) {
  const recipients: ImportedPlanDraft['recipients'] = [];
  let signer: ImportedPlanDraft['signer'] = null;
  const titleLines: string[] = [];
  let name: string | null = null;
  let inRecipients = false;
  const end = Math.min(lines.length, start + 60);
  const CAPACITY = /(?:^|\s)(?:KT|TM|TL|TUQ|Q)\s*\.|GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|PHÓ|THỦ TRƯỞNG|CHÁNH|BÍ THƯ|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN/u;
  const NAME = /^(?:\p{Lu}[\p{Ll}]*\.?\s+){1,5}\p{Lu}[\p{Ll}]*$/u;
  for (let i = start; i < end; i++) {
    const t = lines[i].text.trim();
    if (!t) continue;
    if (/^(?:Phụ lục|PHỤ LỤC|KẾ HOẠCH)$|^Phụ lục\s/u.test(t) && i > start) break;
    for (let seg of segments(t)) {
      const nn = /^Nơi nhận\s*:?\s*(.*)$/iu.exec(seg);
      if (nn) {
        inRecipients = true;
        seg = nn[1];
        if (!seg) continue;
      }
      const letters = seg.replace(/[^\p{L}]/gu, '');
      const isUpper = letters.length > 2 && letters === letters.toUpperCase();
      // "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Ngọc Phúc" on one segment: the capacity, then the name.
      const both = /^((?:(?:KT|TM|TL|TUQ|Q)\s*\.\s*)?[\p{Lu}\s.]+?)\s+((?:\p{Lu}[\p{Ll}]+\s+){1,5}\p{Lu}[\p{Ll}]+)$/u.exec(seg);
      if (both && CAPACITY.test(both[1]) && !/^-/.test(seg)) {
        titleLines.push(both[1].trim());
        name ??= both[2];
        inRecipients = false;
        continue;
      }
      if (isUpper && seg.length < 80 && CAPACITY.test(seg) && !/^[-–+]/.test(seg)) {
        titleLines.push(seg);
        inRecipients = false;
        continue;
      }
      if (inRecipients) {
        for (const part of seg.split(/(?:^|;?\s)[-–+]\s/u)) {
          const r = part.replace(/^[-–•+]\s*/, '').trim();
          if (r && !/^lưu\s*:?/iu.test(r) && r.length < 200) recipients.push(recipientOf(r));
        }
        continue;
      }
      if (titleLines.length && !name && NAME.test(seg) && !/\d/.test(seg)) name = seg;
    }
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
    if (/phoi hop|ph\/h/.test(f)) purpose = 'coordinate';
    else if (/thuc hien|trien khai|t\/h/.test(f)) purpose = 'execute';
    else if (/bao cao|b\/c|bc/.test(f)) purpose = 'report';
    else if (/biet|theo doi/.test(f)) purpose = 'inform';
    else purpose = m[1].trim();
  }
  return { text: m ? t.slice(0, m.index).trim() : t, purpose };
}

const TITLE_WORD = /^(?:KẾ\s*HOẠCH|QUYẾT\s*ĐỊNH|CHƯƠNG\s*TRÌNH(?:\s*HÀNH\s*ĐỘNG)?)$/u;
const BASIS_START = /^(?:Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét đề nghị|Xét|Do |Để |Nhằm|Sau khi|Ủy ban nhân dân|UBND|Trên cơ sở)/u;

function emptyDraft(warnings: Warnings): ImportedPlanDraft {
  return { number: null, issuer: null, issuedAt: null, place: null, title: null, basis: [], tasks: [], duties: [], kpis: [], recipients: [], signer: null, warnings: warnings.strings(), warningDetails: warnings.items };
}

const MAX_LINES = 50_000;

/** Parses the text of a plan. `units`: the installation's directory the names are resolved against. */
export function parsePlanText(text: string, units: DirectoryUnit[], options: ParseOptions = {}): ImportedPlanDraft {
  const w = new Warnings();
  let source = (text ?? '').normalize('NFC');
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  if (isBrokenTextLayer(source)) {
    w.add(
      'broken_text_layer',
      'lớp chữ của văn bản bị lỗi bảng mã phông (chữ hiển thị sai, ví dụ "7KӵF KLӋQ"): không nhập nhiệm vụ. Hãy tải lên bản .docx, bản chữ đúng, hoặc bản quét để nhận dạng chữ (OCR)',
      'the text layer is garbled (broken font mapping, e.g. "7KӵF KLӋQ"): no tasks imported. Upload the .docx, a clean text, or a scan for OCR',
    );
    return emptyDraft(w);
  }
  if (source.startsWith('[OCR]\n')) {
    source = source.slice(5); // the mark's line stays (empty), so line numbers match the stored text
    w.add('ocr', 'văn bản được đọc bằng nhận dạng chữ (OCR) từ bản quét: kiểm tra kỹ tên, số và ngày', 'the text was read by OCR from a scan: check names, numbers and dates', null);
  }
  source = fixFontNoise(source);
  let lines = physicalLines(source);
  if (lines.length > MAX_LINES) {
    w.add('too_long', `văn bản quá dài (${lines.length} dòng): chỉ đọc ${MAX_LINES} dòng đầu`, `the document is too long (${lines.length} lines): only the first ${MAX_LINES} are read`);
    lines = lines.slice(0, MAX_LINES);
  }

  // The title word ("KẾ HOẠCH"); a Quyết định that issues a plan "kèm theo": the plan is the attachment.
  let titleIdx = -1;
  for (let i = 0; i < Math.min(lines.length, 80); i++) {
    if (TITLE_WORD.test(lines[i].text.replace(/[*_]/g, '').trim())) {
      titleIdx = i;
      break;
    }
  }
  let planIdx = titleIdx;
  const isDecision = titleIdx >= 0 && /^QUYẾT/u.test(lines[titleIdx].text.trim());
  if (isDecision) {
    for (let i = titleIdx + 1; i < lines.length; i++)
      if (/^KẾ\s*HOẠCH$/u.test(lines[i].text.replace(/[*_]/g, '').trim())) {
        planIdx = i;
        break;
      }
    if (planIdx === titleIdx) w.add('decision_without_plan', 'văn bản là Quyết định nhưng không tìm thấy Kế hoạch kèm theo: đọc toàn văn', 'a Quyết định without an attached Kế hoạch: the whole text is read');
  }
  const headLines = lines.slice(0, titleIdx >= 0 ? titleIdx : Math.min(lines.length, 12));
  const header = parseHeader(headLines, w);
  if (!header.place) w.add('no_date_line', 'không thấy dòng địa danh, ngày tháng ("…, ngày … tháng … năm …")', 'no place and date line ("…, ngày … tháng … năm …") found');

  // The installation's directory as of the plan's date; none of it when the plan is from another province.
  const asOf = header.issuedAt ?? (header.year ? `${header.year}-01-01` : null);
  const current = directoryAsOf(units, asOf);
  const places = planPlaces(header.place, [header.issuerText ?? '', ...headLines.map((l) => l.text)]);
  const foreign = isForeignPlan(places, units);
  if (foreign)
    w.add(
      'foreign_plan',
      `kế hoạch của địa phương khác (${places.join(', ')}) so với danh bạ của hệ thống: các đơn vị được giữ nguyên văn, không gán vào đơn vị của danh bạ`,
      `the plan comes from another province (${places.join(', ')}) than the installation's directory: units are kept as text, never mapped to the directory's units`,
    );
  // A directory of several provinces: the names are the plan's province's units (plan-directory.util).
  const ctxUnits = foreign ? [] : unitsOfPlanProvince(current, places);
  const ctx: Ctx = { units: ctxUnits, allUnits: units, foreign, time: { issuedAt: header.issuedAt ?? (header.year ? `${header.year}-01-01` : null) }, warnings: w, launchDate: options.launchDate ?? null };
  if (header.issuedAt) ctx.time = { issuedAt: header.issuedAt };

  // Body: after the plan's title word, paragraphs re-joined where the text was wrapped.
  const bodyStart = planIdx + 1;
  const bodyLines = joinWrapped(lines.slice(bodyStart).map((l) => ({ ...l })));
  // Sections, the end of the body ("Nơi nhận") and annexes ("Phụ lục").
  let bodyEnd = bodyLines.length;
  let annexStart = bodyLines.length;
  const sections: Section[] = [];
  let firstSection = -1;
  let expected = 1;
  for (let i = 0; i < bodyLines.length; i++) {
    const t = bodyLines[i].text.trim();
    if (/^Nơi nhận\s*:?/iu.test(t) && bodyEnd === bodyLines.length) {
      bodyEnd = i;
      continue;
    }
    if (/^Phụ lục\b/iu.test(t) && (bodyEnd < bodyLines.length || i > bodyLines.length * 0.5)) {
      if (annexStart === bodyLines.length) annexStart = i;
      if (bodyEnd === bodyLines.length) bodyEnd = i;
      continue;
    }
    if (bodyEnd < bodyLines.length) continue;
    const h = romanHeading(t, expected);
    if (h) {
      if (firstSection < 0) firstSection = i;
      const value = ROMAN_VALUES[h.roman] ?? expected;
      const roman = sections.some((s) => s.roman === h.roman) ? `${h.roman}b` : h.roman;
      expected = value + 1;
      sections.push({ roman, heading: h.heading, kind: classifySection(h.heading), lines: [] });
      continue;
    }
    if (sections.length) sections[sections.length - 1].lines.push(bodyLines[i]);
  }
  // An attachment after the signature without a "Phụ lục" heading ("PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC").
  if (annexStart === bodyLines.length && bodyEnd < bodyLines.length) annexStart = bodyEnd;
  if (firstSection < 0) {
    // No roman sections: top-level "1." items are the sections (short plans, inspection plans).
    const tops = bodyLines.slice(0, bodyEnd).filter((l) => /^\d{1,2}\s*\.\s+\p{Lu}/u.test(l.text.trim()) && l.text.trim().length < 90);
    if (tops.length >= 2) {
      w.add('no_roman_sections', 'không có mục La Mã (I., II., …): các mục "1.", "2." được đọc là các phần của kế hoạch', 'no roman sections (I., II., …): the "1.", "2." items are read as the parts of the plan');
      const topNos = new Set(tops.map((l) => l.no));
      for (let i = 0; i < bodyEnd; i++) {
        const l = bodyLines[i];
        if (topNos.has(l.no)) {
          const m = /^(\d{1,2})\s*\.\s+(.*)$/u.exec(l.text.trim());
          if (firstSection < 0) firstSection = i;
          sections.push({ roman: m?.[1] ?? String(sections.length + 1), heading: m?.[2] ?? l.text, kind: classifySection(m?.[2] ?? l.text), lines: [] });
          continue;
        }
        // Sub-numbers of a section ("4.1.") become its items.
        if (sections.length) sections[sections.length - 1].lines.push({ ...l, text: l.text.replace(/^(\d{1,2})\.(\d{1,2})\.?\s+/, '$2. ') });
      }
    } else {
      w.add('no_sections', 'không có mục đánh số (I., II., …): toàn văn được đọc là phần nhiệm vụ', 'no numbered sections (I., II., …) found: the whole text is read as the task section');
      firstSection = 0;
      sections.push({ roman: 'I', heading: '', kind: 'tasks', lines: bodyLines.slice(0, bodyEnd) });
    }
  }

  // Title: the lines after the title word, up to the basis ("Căn cứ …") or the first section.
  const preamble = bodyLines.slice(0, Math.max(0, firstSection));
  const titleParts: string[] = [];
  let i = 0;
  while (i < preamble.length && !preamble[i].text.trim()) i++;
  for (; i < preamble.length; i++) {
    const t = preamble[i].text.trim();
    if (!t) {
      if (titleParts.length) break;
      continue;
    }
    if ((titleParts.length && BASIS_START.test(t)) || /^\((?:Ban hành )?[Kk]èm theo/u.test(t) || (titleParts.length && /^\(/.test(t))) break;
    if (titleParts.length >= 4) break;
    titleParts.push(t);
  }
  const basisTexts: string[] = [];
  let title: string | null = titleParts.join(' ').replace(/\s+/g, ' ').trim() || null;
  if (title) {
    const paren = /\s*\(((?:Thực hiện|Triển khai|Kèm theo|Căn cứ|Ban hành kèm theo)[^()]*)\)\s*$/u.exec(title);
    if (paren) {
      basisTexts.push(paren[1]);
      title = title.slice(0, paren.index).trim();
    }
  }
  if (titleIdx < 0) w.add('no_title_word', 'không thấy dòng "KẾ HOẠCH": không xác định được tên kế hoạch', 'no "KẾ HOẠCH" line: title not found');
  else if (!title) w.add('no_title', 'không xác định được tên kế hoạch', 'title not found');
  const preText = preamble.map((l) => l.text.trim()).filter(Boolean);
  basisTexts.push(...preText.filter((p) => /^(?:Căn cứ|Thực hiện|Triển khai|Theo)/u.test(p) || /(?:Kế hoạch|Nghị quyết|Quyết định|Công văn|Chỉ thị) số/u.test(p)).filter((p) => !titleParts.includes(p)));
  const basis = basisFrom(basisTexts);

  // Citations of a parent plan elsewhere that disagree with the basis (177 in one place, 155 in another).
  const planNumbers = new Set(basis.map((b) => b.number).filter((n): n is string => !!n));
  for (const b of basis) {
    const suffix = b.number && /\/(.+)$/.exec(b.number)?.[1];
    if (!suffix) continue;
    for (const l of bodyLines.slice(Math.max(0, firstSection), bodyEnd)) {
      for (const m of l.text.matchAll(/Kế hoạch số\s*([0-9]+\s*\/\s*[\p{L}\-–]+)/gu)) {
        const n = m[1].replace(/\s+/g, '');
        if (n.endsWith(`/${suffix}`) && !planNumbers.has(n)) {
          w.add('basis_mismatch', `văn bản dẫn Kế hoạch số ${n} trong khi phần căn cứ ghi ${b.number}: kiểm tra kế hoạch nào được triển khai`, `the text cites Kế hoạch số ${n} where the basis says ${b.number}: check which plan is implemented`, [l.no, l.to]);
          planNumbers.add(n);
        }
      }
    }
  }

  // Issuer: the header's body, else the preamble's "X ban hành Kế hoạch", else the number's suffix.
  let issuer: ImportedPlanDraft['issuer'] = null;
  if (header.issuerText) issuer = { text: header.issuerText, unitId: foreign ? null : resolveIssuer(header.issuerText, header.issuerParent, ctxUnits) };
  if (!issuer || (!issuer.unitId && !foreign)) {
    const issuing = preText.map((p) => /(?:^|[,;]\s*|\)\s*,?\s*)([^,;()]{3,80}?)\s*(?:\([^()]{1,20}\)\s*)?(?:ban hành|xây dựng|triển khai|lập)\s+(?:Kế hoạch|kế hoạch)/u.exec(p)).find((m) => m);
    if (issuing) {
      const refs = resolveUnits(issuing[1].replace(/^(?:Chủ tịch|Trưởng)\s+/u, ''), ctxUnits);
      const known = refs.find((r) => r.unitId);
      if (known) issuer = { text: known.text, unitId: known.unitId };
      else if (!issuer && refs[0] && !isCatchAll(refs[0].text)) issuer = { text: refs[0].text, unitId: null };
    }
    if (!issuer?.unitId && !foreign) {
      const fromSuffix = issuerFromSuffix(header.numberSuffix, ctxUnits);
      if (fromSuffix?.unitId || !issuer) issuer = fromSuffix ?? issuer;
    }
  }
  if (!issuer) w.add('no_issuer', 'không xác định được cơ quan ban hành', 'issuer not found');
  else if (!issuer.unitId) {
    // Tied to the header block that names it, so the draft shows it beside those lines.
    const head: [number, number] | null = headLines.length ? [headLines[0].no, headLines[headLines.length - 1].to] : null;
    w.add('issuer_unknown', `cơ quan ban hành "${issuer.text}" không có trong danh bạ`, `issuer "${issuer.text}" not found in the directory`, head);
  }

  // Tasks and duties.
  const tasks: ImportedTask[] = [];
  const duties: ImportedPlanDraft['duties'] = [];
  const kpis: ImportedPlanDraft['kpis'] = [];
  const romanOfLine = new Map<number, string>();
  for (const s of sections) {
    for (const l of s.lines) romanOfLine.set(l.no, s.roman);
    if (s.kind === 'other') continue;
    const root = toOutline(toBlocks(s.lines));
    tasks.push(...tasksOfSection(root, s.roman, ctx, s.kind === 'assignment', duties));
  }
  // An event plan ("III. THỜI GIAN, HÌNH THỨC …" with one date: "Lúc 14 giờ, ngày 28 tháng 4 năm 2026"): the
  // tasks that name no time of their own are for that day.
  const timeSection = sections.find((x) => x.kind === 'other' && /^thoi gian/.test(foldText(x.heading)));
  if (timeSection) {
    const dates = new Set<string>();
    for (const l of timeSection.lines.slice(0, 12)) {
      const f = foldText(l.text);
      for (const m of f.matchAll(/ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})|(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/g)) {
        const [d, mo, y] = m[1] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
        dates.add(`${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`);
      }
    }
    if (dates.size === 1) {
      const [day] = [...dates];
      for (const t of tasks) if (t.timeframe.kind === 'unspecified') t.timeframe = { text: `${timeSection.roman}. ${timeSection.heading}`, kind: 'once', due: day, start: day, recurrence: null, horizon: null };
    }
  }
  // Tables anywhere in the body and the annexes.
  const annexLabel = new Map<number, string>();
  let label = '';
  for (let k = annexStart; k < bodyLines.length; k++) {
    const m = /^Phụ lục\s*(?:số\s*)?([IVXLC\d]+)?/iu.exec(bodyLines[k].text.trim());
    if (m) label = `PL${(m[1] ?? '').toUpperCase()}`;
    annexLabel.set(bodyLines[k].no, label || 'PL');
  }
  const tableOut = { tasks: [] as ImportedTask[], kpis };
  const bodyBlocks = sections.filter((s) => s.kind !== 'other' || s.lines.some((l) => PIPE.test(l.text) || l.text.includes('\t'))).flatMap((s) => toBlocks(s.lines));
  const annexBlocks = toBlocks(bodyLines.slice(annexStart));
  parseTables([...bodyBlocks, ...annexBlocks], (no) => annexLabel.get(no) ?? romanOfLine.get(no) ?? 'T', ctx, tableOut);
  // An appendix that repeats the body's list item by item (adding leads and dates): its rows are the tasks.
  const rows = tableOut.tasks;
  // Only a section the appendix copies item by item (most of its items have a row) gives way to the rows; a
  // reworded list, or a responsibility section beside a task table, stays.
  const bySection = new Map<string, ImportedTask[]>();
  for (const t of tasks) bySection.set(t.ref.split('.')[0], [...(bySection.get(t.ref.split('.')[0]) ?? []), t]);
  const copied = new Set<ImportedTask>();
  for (const [roman, list] of bySection) {
    if (sections.find((x) => x.roman === roman)?.kind !== 'tasks') continue;
    const matched = list.filter((t) => rows.some((r) => sameTask(r, t)));
    if (matched.length >= 3 && matched.length >= list.length * 0.5) for (const t of matched) copied.add(t);
  }
  const kept = tasks.filter((t) => !copied.has(t));
  for (const t of assignByReference(kept)) w.drop('no_lead', t.lines);
  tasks.length = 0;
  for (const t of [...kept, ...rows]) {
    // A reporting schedule in one sentence: each dated report is its own task.
    const split = splitReportingSchedule(t, ctx.time);
    if (split) tasks.push(...(split.keepWhole ? [t] : []), ...split.tasks);
    else tasks.push(t);
  }
  tasks.sort((a, b) => a.lines[0] - b.lines[0]);

  // Signature and recipients: after the plan's body, else after the Quyết định's (which signs for both).
  const endIdx = lines.findIndex((l, k) => k > planIdx && /^Nơi nhận/iu.test(l.text.trim()));
  const anyIdx = endIdx >= 0 ? endIdx : lines.findIndex((l) => /^Nơi nhận/iu.test(l.text.trim()));
  let { recipients, signer } = parseSignatureAndRecipients(lines, anyIdx >= 0 ? anyIdx : Math.max(0, lines.length - 25));
  if (!signer && isDecision && endIdx >= 0) {
    const first = lines.findIndex((l) => /^Nơi nhận/iu.test(l.text.trim()));
    if (first >= 0 && first !== endIdx) ({ recipients, signer } = parseSignatureAndRecipients(lines, first));
  }
  if (!signer) w.add('no_signer', 'không xác định được người ký', 'signer not found');
  if (!recipients.length) w.add('no_recipients', 'không thấy phần "Nơi nhận"', 'no recipients ("Nơi nhận") found');
  if (!tasks.length) w.add('no_tasks', 'không tìm thấy nhiệm vụ nào: đây có phải là một kế hoạch?', 'no tasks found: is this a plan (Kế hoạch)?');

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
    warnings: w.strings(),
    warningDetails: w.items,
  };
}

/**
 * "Sở X: Chủ trì triển khai các nhiệm vụ tại mục (IV) (1) của Kế hoạch": the unit leads every task of that part
 * that names no lead of its own; a more specific reference ("(IV)(3.4)(a)") wins over a broader one.
 */
function assignByReference(tasks: ImportedTask[]): ImportedTask[] {
  const refs: { prefix: string; lead: ImportedUnitRef[] }[] = [];
  const assigned: ImportedTask[] = [];
  for (const t of tasks) {
    if (!t.lead.length) continue;
    const f = foldText(t.content ?? t.title);
    const m = /chu tri[^.;]{0,60}?nhiem vu\s+tai\s+muc\s*((?:\(?\s*[ivx0-9.a-z]{1,6}\s*\)?\s*(?:va\s*|,\s*)?){1,6})/.exec(f);
    if (!m) continue;
    const parts = [...m[1].matchAll(/\(?\s*([ivx]{1,5}|[0-9]{1,2}(?:\.[0-9]{1,2})*|[a-z])\s*\)?/g)].map((x) => x[1]);
    if (!parts.length || !/^[ivx]+$/.test(parts[0])) continue;
    const roman = parts[0].toUpperCase();
    const rest = parts.slice(1);
    // "(IV) (4.1) (4.2)": two parts of IV; "(IV)(3.4)(a)": one nested part.
    const nested = rest.length === 2 && /^[a-z]$/.test(rest[1]);
    const prefixes = !rest.length ? [roman] : nested ? [`${roman}.${rest[0]}.${rest[1]}`] : rest.map((r) => `${roman}.${r}`);
    for (const prefix of prefixes) refs.push({ prefix, lead: t.lead });
  }
  refs.sort((a, b) => a.prefix.length - b.prefix.length);
  for (const t of tasks) {
    if (!refs.length || scored(t.lead).length) continue;
    let lead: ImportedUnitRef[] | null = null;
    for (const r of refs) if (t.ref === r.prefix || t.ref.startsWith(`${r.prefix}.`)) lead = r.lead;
    if (lead) {
      t.lead = lead;
      assigned.push(t);
    }
  }
  return assigned;
}

const wordCache = new WeakMap<ImportedTask, string[]>();
const words = (t: ImportedTask) => {
  let w = wordCache.get(t);
  if (!w) {
    w = canon((t.content ?? t.title).slice(0, 400)).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
    wordCache.set(t, w);
  }
  return w;
};

/** A body item that an appendix row repeats (same opening words, the row adding lead and dates). */
function sameTask(row: ImportedTask, t: ImportedTask): boolean {
  const a = words(t).slice(0, 14);
  if (a.length < 6) return false;
  const b = new Set(words(row).slice(0, 40));
  return a.filter((w) => b.has(w)).length / a.length >= 0.85;
}

function resolveIssuer(text: string, parentText: string | null, units: DirectoryUnit[]): string | null {
  const direct = resolveUnitId(text, units);
  if (direct) return direct;
  if (parentText) {
    const parent = parentText.replace(/^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+/iu, '');
    const combined = resolveUnits(`${text} ${parent}`, units);
    if (combined.length === 1 && combined[0].unitId) return combined[0].unitId;
  }
  // "UBND HUYỆN AN LÃO PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" → "Phòng GDĐT huyện An Lão".
  const parts = text.split(/\s(?=PHÒNG|SỞ|TRƯỜNG)/u);
  if (parts.length > 1) {
    const parent = parts[0].replace(/^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+/iu, '');
    const combined = resolveUnits(`${parts.slice(1).join(' ')} ${parent}`, units);
    if (combined.length === 1 && combined[0].unitId) return combined[0].unitId;
  }
  return null;
}

function issuerFromSuffix(suffix: string | null, units: DirectoryUnit[]): ImportedPlanDraft['issuer'] {
  if (!suffix) return null;
  const s = foldText(suffix).replace(/^kh\s*-\s*/, '').replace(/[^a-z&]/g, '');
  const name = /^ubnd/.test(s) ? 'UBND thành phố' : /^s(?:o)?gd/.test(s) ? 'Sở GDĐT' : /^p(?:hong)?gd/.test(s) ? 'Phòng GDĐT' : null;
  if (!name) return { text: suffix, unitId: null };
  const unitId = /^ubnd/.test(s) ? (units.find((u) => u.kind === 'city_committee')?.id ?? null) : resolveUnitId(name, units);
  return { text: suffix, unitId };
}

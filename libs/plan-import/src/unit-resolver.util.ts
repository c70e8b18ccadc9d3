// Unit names of a plan ("Sở Nội vụ, Sở Tài chính và các đơn vị liên quan", "Phòng GDĐT quận/huyện") resolved
// against the directory: exact unit, group target (kinds, expanded to unit ids) or unresolved text.
import type { DirectoryUnit, ImportedUnitRef } from '@khflow/contracts';

/** A canonical form of a string plus, for every canonical char, the index of its source char. */
interface Canon {
  s: string;
  map: number[];
}

const foldCache = new Map<string, string>();

function foldChar(ch: string): string {
  const hit = foldCache.get(ch);
  if (hit !== undefined) return hit;
  const out = ch === 'đ' || ch === 'Đ' ? 'd' : ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (foldCache.size < 4096) foldCache.set(ch, out);
  return out;
}

function replaceWithMap(c: Canon, re: RegExp, rep: string): Canon {
  let s = '';
  const map: number[] = [];
  let last = 0;
  re.lastIndex = 0;
  if (!re.test(c.s)) return c; // most rules change nothing: keep the arrays
  re.lastIndex = 0;
  for (const m of c.s.matchAll(re)) {
    const start = m.index ?? 0;
    s += c.s.slice(last, start);
    for (let k = last; k < start; k++) map.push(c.map[k]);
    s += rep;
    for (let k = 0; k < rep.length; k++) map.push(c.map[start]);
    last = start + m[0].length;
  }
  s += c.s.slice(last);
  for (let k = last; k < c.map.length; k++) map.push(c.map[k]);
  return { s, map };
}

const CANON_RULES: [RegExp, string][] = [
  [/[–—−‐]/g, '-'],
  [/\s*&\s*/g, ' va '],
  [/\s*-\s*/g, ' '],
  [/\s{2,}|[^\S ]/g, ' '],
  [/\buy ban nhan dan\b/g, 'ubnd'],
  [/\buy ban nhan\b(?= (?:tp|thanh pho|tinh|quan|huyen))/g, 'ubnd'],
  [/\bgiao duc va dao tao\b|\bgiao duc dao tao\b|\bgd va dt\b|\bgddt\b/g, 'gddt'],
  [/\bthanh pho\b|\btp\.?(?=\s|$|,)/g, 'tp'],
  [/\s*\/\s*/g, '/'],
];

// The same paragraph is scanned for subjects, leads and coordinators: its canonical form is computed once.
const canonCache = new Map<string, Canon>();

/** Canonical matching form: NFC, lower case, no diacritics, đ→d, "&"→"và", "Ủy ban nhân dân"→"ubnd", "GD&ĐT"→"gddt"… */
/** Empties the cache of canonical forms (benchmarks measure a cold start with it). */
export function clearCanonicalCache(): void {
  canonCache.clear();
}

export function canonical(text: string): Canon {
  const hit = canonCache.get(text);
  if (hit) return hit;
  const c = canonicalUncached(text);
  // Bounded, so a long-lived API process keeps a few megabytes at most.
  if (text.length > 2000) return c;
  if (canonCache.size >= 4000) canonCache.clear();
  canonCache.set(text, c);
  return c;
}

function canonicalUncached(text: string): Canon {
  const src = text.normalize('NFC');
  let s = '';
  const map: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const f = foldChar(src[i]);
    for (const c of f) {
      s += c;
      map.push(i);
    }
  }
  map.push(src.length);
  let c: Canon = { s, map };
  for (const [re, rep] of CANON_RULES) c = replaceWithMap(c, re, rep);
  return c;
}

export const canon = (text: string): string => canonical(text).s.trim();

const SCHOOL_KINDS = ['school_thpt', 'school_thcs', 'school_th', 'school_mn', 'centre'];

interface GroupPattern {
  re: RegExp;
  kinds: string[];
  /** Whose subtree: a kind of unit (the unique one of that kind) or null = anywhere. */
  under?: 'department' | null;
}

// Order matters only for equal match lengths. Patterns run on the canonical text at a position (sticky).
const GROUPS: GroupPattern[] = [
  { re: /(?:cac |moi )?phong gddt(?: (?:cac |o )?(?:quan|huyen|thi xa|thi tran|tp|cap huyen)(?:(?:\/|, ?| va )(?:quan|huyen|thi xa|tp))*)?/y, kinds: ['district_office'] },
  { re: /(?:cac )?ubnd (?:cac )?(?:quan|huyen|thi xa|cap huyen)(?:(?:\/|, ?| va )(?:quan|huyen|thi xa|tp))*/y, kinds: ['district_committee'] },
  { re: /(?:cac )?(?:phong|don vi) (?:chuyen mon(?:, nghiep vu)?|nghiep vu|chuc nang) (?:truc )?thuoc so(?: gddt)?|(?:cac )?phong(?:, ban)?(?: chuyen mon| nghiep vu)*(?:, don vi)? (?:truc )?thuoc so(?: gddt)?|cac phong chuyen mon(?:, nghiep vu)?(?: cua so)?/y, kinds: ['department_division'], under: 'department' },
  { re: /(?:cac )?don vi (?:truc )?thuoc so(?: gddt)?/y, kinds: ['school_thpt', 'centre'], under: 'department' },
  { re: /(?:cac )?truong (?:thpt|trung hoc pho thong)(?: (?:truc )?thuoc so(?: gddt)?)?/y, kinds: ['school_thpt'] },
  { re: /(?:cac )?truong pho thong (?:truc )?thuoc so(?: gddt)?/y, kinds: ['school_thpt'] },
  { re: /(?:cac )?truong (?:thcs|trung hoc co so)/y, kinds: ['school_thcs'] },
  { re: /(?:cac )?truong (?:th|tieu hoc)(?=$|[ ,;.)])/y, kinds: ['school_th'] },
  { re: /(?:cac )?truong (?:mn|mam non)/y, kinds: ['school_mn'] },
  { re: /(?:cac )?(?:trung tam|tt) ?gdnn ?gdtx(?: (?:cac )?(?:quan|huyen)(?:\/ ?(?:quan|huyen))*)?/y, kinds: ['centre'] },
  {
    re: /(?:cac )?(?:co so giao duc|co so gddt|co so gd|don vi giao duc|truong hoc|nha truong|don vi truong hoc|co so giao duc pho thong)(?: va gddt| va dao tao)?(?: (?:tren dia ban|toan) (?:tp|tinh|thanh pho)| trong toan nganh)?/y,
    kinds: SCHOOL_KINDS,
  },
  { re: /(?:cac )?so(?:, ban,? nganh|, nganh)(?:,? (?:doan the|don vi))*(?: (?:cap |thuoc )?(?:ubnd )?(?:tp|tinh|thanh pho))?/y, kinds: ['department'] },
  // "các Sở" (and "Giám đốc các Sở"): every department.
  { re: /(?:giam doc |thu truong )?cac so(?= |$|,|;)(?! (?:ke hoach|tai chinh|noi vu|y te|xay dung|tu phap|cong thuong|giao duc|khoa hoc|nong nghiep|van hoa)\b)/y, kinds: ['department'] },
  // "địa phương" beside the departments ("các sở, ngành, địa phương"): the communes.
  { re: /(?:cac )?dia phuong(?: (?:co )?lien quan)?/y, kinds: ['commune'] },
  { re: /(?:cac )?(?:co quan chuyen mon|so, co quan ngang so)(?: thuoc ubnd (?:tp|tinh))?/y, kinds: ['department'] },
  {
    re: /(?:chu tich )?(?:cac )?ubnd (?:cac )?(?:xa|phuong|dac khu|thi tran|cap xa)(?:(?:\/|, ?| va )(?:cac )?(?:xa|phuong|dac khu|thi tran))*(?: (?:tren dia ban )?(?:tinh|tp))?/y,
    kinds: ['commune'],
  },
];

/** Vague catch-alls ("các đơn vị liên quan"): kept as text, not resolvable to a unit. */
const CATCH_ALL = /^(?:va )?(?:cac |moi |nhung )?(?:co quan|don vi|dia phuong|nganh|cap|phong, ban|ban, nganh|to chuc|ca nhan|doanh nghiep|ban nganh)(?:,? (?:co quan|don vi|dia phuong|nganh|cap|ban|to chuc|ca nhan|doanh nghiep))*(?: (?:co )?lien quan| cac cap| tren dia ban(?: tp| tinh)?| thanh vien)*$/;

/** Plural kinds with no proper name ("Viện, Trường", "Doanh nghiệp", "có liên quan") and references to other texts. */
const GENERIC_NOUN = /^(?:va |cac |nhung )?(?:co lien quan|lien quan|vien|truong|doanh nghiep|hop tac xa|nha truong|co so|nha dau tu|nguoi dan|nhan dan|to chuc, ca nhan)(?: co lien quan| lien quan)?$/;
/** References to other texts ("theo …", "do … quy định"), read with their accents: "Đỗ Mạnh Cường" is a person, not "do". */
const REFERENCE = /^(?:theo|tại|căn cứ|như|do|tùy|tuỳ)(?:\s|$)/u;

export function isCatchAll(text: string): boolean {
  const c = canon(text).replace(/[.;,:]+$/, '').trim();
  return CATCH_ALL.test(c) || GENERIC_NOUN.test(c) || REFERENCE.test(text.normalize('NFC').trim().toLowerCase());
}

interface AliasEntry {
  key: string;
  unitId: string;
}

const aliasCache = new WeakMap<DirectoryUnit[], AliasEntry[]>();
const aliasIndexCache = new WeakMap<DirectoryUnit[], Map<string, AliasEntry[]>>();

/** Aliases by their first two canonical characters (longest first): a lookup costs the few that can match. */
function aliasIndex(units: DirectoryUnit[]): Map<string, AliasEntry[]> {
  const cached = aliasIndexCache.get(units);
  if (cached) return cached;
  const index = new Map<string, AliasEntry[]>();
  for (const a of aliasesOf(units)) {
    const k = a.key.slice(0, 2);
    const list = index.get(k);
    if (list) list.push(a);
    else index.set(k, [a]);
  }
  aliasIndexCache.set(units, index);
  return index;
}

function aliasesOf(units: DirectoryUnit[]): AliasEntry[] {
  const cached = aliasCache.get(units);
  if (cached) return cached;
  const entries: AliasEntry[] = [];
  const seen = new Set<string>();
  for (const u of units) {
    for (const name of [u.name, u.shortName ?? '', ...(u.aliases ?? [])]) {
      const key = canon(name);
      if (key.length < 3) continue;
      // The same alias on two units is ambiguous: the first (directory order, parents first) wins.
      const k = `${key}`;
      if (seen.has(k)) continue;
      seen.add(k);
      entries.push({ key, unitId: u.id });
    }
  }
  entries.sort((a, b) => b.key.length - a.key.length);
  aliasCache.set(units, entries);
  return entries;
}

const isWordChar = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);

const groupCache = new WeakMap<DirectoryUnit[], Map<string, string[]>>();

function expandGroup(units: DirectoryUnit[], kinds: string[], underUnitId: string | null): string[] {
  let cache = groupCache.get(units);
  if (!cache) {
    cache = new Map();
    groupCache.set(units, cache);
  }
  const key = `${kinds.join('+')}@${underUnitId ?? ''}`;
  const hit = cache.get(key);
  if (hit) return [...hit];
  const ids = expandGroupUncached(units, kinds, underUnitId);
  cache.set(key, ids);
  return [...ids];
}

function expandGroupUncached(units: DirectoryUnit[], kinds: string[], underUnitId: string | null): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const inSubtree = (u: DirectoryUnit): boolean => {
    if (!underUnitId) return true;
    const seen = new Set<string>();
    let cur: DirectoryUnit | undefined = u;
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      const up: string | null = cur.reportsToId ?? cur.parentId;
      if (up === underUnitId || cur.parentId === underUnitId) return true;
      cur = up ? byId.get(up) : undefined;
    }
    return false;
  };
  return units.filter((u) => kinds.includes(u.kind) && inSubtree(u)).map((u) => u.id);
}

/** Kind-based fallbacks for names that differ per province ("UBND tỉnh", "Giám đốc Sở"). */
const KIND_FALLBACKS: { re: RegExp; kind: string }[] = [
  { re: /(?:chu tich )?ubnd (?:tinh|tp)(?= |$|[,;.)])/y, kind: 'city_committee' },
  { re: /nganh (?:gddt|giao duc)(?= |$|[,;.)])/y, kind: 'department:gddt' },
  { re: /(?:dong chi |cac dong chi )?(?:pho giam doc|giam doc|lanh dao|ban giam doc|ban gd)(?: so(?: gddt)?)?(?= |$|[,;.)])/y, kind: 'department_leadership' },
];

export interface UnitMention {
  ref: ImportedUnitRef;
  /** Source offsets [start, end) of the mention in the text given. */
  start: number;
  end: number;
}

/**
 * Finds the unit mention that starts at canonical position `pos` (after skipping spaces), or null.
 * `strictUnknown`: when nothing known matches, return null (prose) instead of an unresolved chunk (lists).
 */
function mentionAt(text: string, c: Canon, pos: number, units: DirectoryUnit[]): UnitMention | null {
  const s = c.s;
  const src = text.normalize('NFC');
  let best = null as { len: number; ref: ImportedUnitRef } | null;
  const boundaryOk = (end: number) => {
    const srcEnd = c.map[end];
    const next = src[srcEnd];
    // "Phòng GDTrH-GDTeX" is not "Phòng GDTrH": a hyphen glued to letters continues the name.
    if (next === '-' && isWordChar(src[srcEnd + 1])) return false;
    return !isWordChar(next) || !isWordChar(src[srcEnd - 1]);
  };
  for (const a of aliasIndex(units).get(s.slice(pos, pos + 2)) ?? []) {
    if (best && a.key.length <= best.len) break;
    if (s.startsWith(a.key, pos) && boundaryOk(pos + a.key.length)) {
      const sliced = src.slice(c.map[pos], c.map[pos + a.key.length]);
      best = { len: a.key.length, ref: { text: sliced.trim(), unitId: a.unitId } };
      break;
    }
  }
  for (const g of GROUPS) {
    g.re.lastIndex = pos;
    const m = g.re.exec(s);
    if (!m || !boundaryOk(pos + m[0].length)) continue;
    const len = m[0].length;
    // A singular "Trường THPT" followed by a name is one (unknown) school, not the group.
    const plural = /^(?:cac|moi) /.test(m[0]) || !/^truong /.test(m[0]);
    const nextSrc = src.slice(c.map[pos + len]).trimStart();
    if (!plural && /^\p{Lu}/u.test(nextSrc) && !/^(?:UBND|Sở|Phòng)/u.test(nextSrc)) continue;
    if (best && best.len >= len) continue;
    let underUnitId: string | null = null;
    if (g.under === 'department') {
      const dept = units.find((u) => u.kind === 'department' && /gddt/.test(canon(u.name)));
      underUnitId = dept?.id ?? null;
    }
    const sliced = src.slice(c.map[pos], c.map[pos + len]).trim();
    best = { len, ref: { text: sliced, unitId: null, group: { kinds: g.kinds, underUnitId }, unitIds: expandGroup(units, g.kinds, underUnitId) } };
  }
  if (!best) {
    for (const fb of KIND_FALLBACKS) {
      fb.re.lastIndex = pos;
      const m = fb.re.exec(s);
      if (!m) continue;
      const candidates = fb.kind === 'department:gddt' ? units.filter((u) => u.kind === 'department' && /\bgddt\b/.test(canon(u.name))) : units.filter((u) => u.kind === fb.kind);
      if (candidates.length !== 1) continue;
      best = { len: m[0].length, ref: { text: src.slice(c.map[pos], c.map[pos + m[0].length]).trim(), unitId: candidates[0].id } };
      break;
    }
  }
  if (!best) {
    // A unit the directory does not hold ("Sở Tài chính" of another province): its name as written.
    const end = genericUnitEnd(src, c.map[pos]);
    if (end > c.map[pos]) {
      const text = src.slice(c.map[pos], end).trim();
      if (!isCatchAll(text)) return { ref: { text, unitId: null }, start: c.map[pos], end };
    }
    return null;
  }
  return { ref: best.ref, start: c.map[pos], end: c.map[pos + best.len] };
}

/** Words that open the name of a public body, nationwide. */
const NAME_HEAD =
  /^(?:Viện [Kk]iểm sát nhân dân|Tòa án nhân dân|Toà án nhân dân|Thuế|Sở|Công an|Ban|Ủy ban|Uỷ ban|UBND|UBMTTQ(?:VN)?|Văn phòng|Thanh tra|Đài|Báo|Bộ Chỉ huy|Bộ đội|Bộ|Hội|Liên đoàn|Liên hiệp|Đoàn|Tỉnh đoàn|Thành đoàn|Cục|Chi cục|Kho bạc|Ngân hàng|Bảo hiểm [Xx]ã hội|Viện|Tòa án|Toà án|Trường|Trung tâm|Phòng|Bệnh viện|Mặt trận|Công ty|Tổng công ty|Bưu điện|Quỹ|Hội đồng|Chủ tịch|Giám đốc|Tổ|Đội|Hạt|Vườn quốc gia|Khu|Cảng vụ)(?=\s|$)/u;
/** Lower-case words that end a name: verbs and function words ("Sở Công Thương chủ trì"). */
const NAME_STOP = new Set(
  'chủ phối tham có thực triển tổ hướng chỉ căn theo tăng là được cùng với để trong trên tại về các của chịu và hoặc phải nghiên rà kiểm đề báo ban lập xây cân bố quản giám tiếp phổ tuyên hỗ cung đôn thẩm đánh tập nâng đẩy kịp thường định đảm sớm hằng hàng năm trước sau khi nếu nhằm sử phân giải xử ứng khảo làm là đôn trực gửi tổng cấp sẽ đã đang cần nắm thông chủ động mở ký phê dự trình thành bảo triệt xem phát duy giao yêu lựa hoàn ưu kiện bổ sửa trao nhận chấp công biên soạn in cử khai đăng thu chi nộp kết liên gắn tích đầu mua xác điều ra đưa thiết số theo tập tổ hỗ nghiêm rà chịu phụ'.split(' '),
);
const PLACE_WORDS = new Set(['tỉnh', 'thành', 'phố', 'xã', 'phường', 'huyện', 'quận', 'đặc', 'khu', 'nhân', 'dân', 'quân', 'sự', 'thị']);

/** End offset (in `src`) of a body's name that starts at `start`, or `start` when none starts there. */
export function genericUnitEnd(src: string, start: number): number {
  const rest = src.slice(start);
  const head = NAME_HEAD.exec(rest);
  if (!head) return start;
  let end = start + head[0].length;
  let lowerRun = 0;
  let capSeen = false;
  // Names do not run over a line break of the source ("Sở Khoa học và Công nghệ" / "Chủ trì, phối hợp …").
  const tokenRe = /[^\S\n]*([,&–-]|và)?[^\S\n]*([^\s,;:.()“”"]+)/uy;
  tokenRe.lastIndex = end;
  for (let m = tokenRe.exec(src); m; m = tokenRe.exec(src)) {
    const sep = m[1];
    const word = m[2];
    const isCap = /^\p{Lu}/u.test(word);
    if (sep) {
      // "Văn hóa, Thể thao và Du lịch": a connector continues the name only before a capitalised word that does
      // not open another body ("Sở Tài chính, Sở Xây dựng" are two).
      if (!isCap || NAME_HEAD.test(src.slice(m.index + m[0].length - word.length))) break;
    }
    const next = /^[^\S\n]+(\S+)/u.exec(src.slice(m.index + m[0].length))?.[1] ?? '';
    if (isCap) {
      capSeen = true;
      lowerRun = 0;
    } else if (PLACE_WORDS.has(word)) {
      lowerRun = 0;
    } else if (/^\d{1,3}$/.test(word) && capSeen && lowerRun === 0) {
      // "Trường THPT Cao Lãnh 2"
    } else if (word === 'các' && /^\p{Lu}/u.test(next)) {
      // "Ban Quản lý các Khu chế xuất …"
    } else {
      if (NAME_STOP.has(word) || lowerRun >= 3 || !/^\p{Ll}+$/u.test(word)) break;
      lowerRun++;
    }
    end = m.index + m[0].length;
  }
  // A bare head ("Ban", "Phòng") is not a name.
  if (!capSeen && !/^(?:UBND|UBMTTQ|Công an|Ủy ban|Uỷ ban|Viện [Kk]iểm sát|Tòa án|Toà án|Thanh tra|Thuế|Kho bạc|Bảo hiểm)/u.test(head[0]) && !/^Hội đồng nhân dân/u.test(rest)) return start;
  return end;
}

const SEPARATOR = /^(?:\s*(?:[,;]|\bva\b|\bcung\b|\bvoi\b|\(|\))\s*|\s+)/;
const UNIT_HEAD = /^(?:cac )?(?:so|phong|ubnd|truong|trung tam|tt|ban|van phong|thanh tra|cong an|cong doan|bo|cuc|chi cuc|doan|hoi|dai|bao|vien|hdnd|uy ban|ubmttq|mat tran|nganh|don vi|co quan|co so|dia phuong|lanh dao|giam doc)\b/;

/** Skips a parenthesised abbreviation "(GDĐT)" right after a mention. */
function skipParen(s: string, pos: number): number {
  const m = /^\s*\([^()]{1,25}\)/.exec(s.slice(pos));
  return m ? pos + m[0].length : pos;
}

/**
 * Unit mentions in a stretch of prose that starts with units ("Sở Tài chính, Sở Kế hoạch và Đầu tư cân đối …"):
 * consecutive known units and groups, stopping at the first word that is not a unit.
 */
export function scanUnitList(text: string, units: DirectoryUnit[], options: { keepUnknown?: boolean } = {}): UnitMention[] {
  const src = text.normalize('NFC');
  const c = canonical(src);
  const out: UnitMention[] = [];
  let pos = 0;
  for (;;) {
    const sep = SEPARATOR.exec(c.s.slice(pos));
    if (sep) pos += sep[0].length;
    if (pos >= c.s.length) break;
    const m = mentionAt(src, c, pos, units);
    if (m) {
      out.push(m);
      const endCanon = c.map.findIndex((x, i) => i >= pos && x >= m.end);
      pos = skipParen(c.s, endCanon < 0 ? c.s.length : endCanon);
      continue;
    }
    if (!options.keepUnknown) break;
    // An unknown unit (or a catch-all) in a list: up to the next separator that starts another unit.
    const rest = c.s.slice(pos);
    let end = rest.length;
    const re = /\s*[,;]\s*|\s+va\s+|\s*\(/g;
    for (let m2 = re.exec(rest); m2; m2 = re.exec(rest)) {
      const after = rest.slice(m2.index + m2[0].length);
      if (m2[0].includes(';') || m2[0].includes('(') || UNIT_HEAD.test(after) || m2[0].includes(',')) {
        // "Sở Tài nguyên và Môi trường": "và" splits only before a unit word.
        if (/va/.test(m2[0]) && !UNIT_HEAD.test(after)) continue;
        end = m2.index;
        break;
      }
    }
    const startSrc = c.map[pos];
    const endSrc = c.map[pos + end];
    const chunk = src.slice(startSrc, endSrc).trim().replace(/[.;:,]+$/, '').trim();
    if (chunk) out.push({ ref: { text: chunk, unitId: null }, start: startSrc, end: endSrc });
    pos = skipParen(c.s, pos + end);
  }
  // "địa phương" is the communes only beside the departments ("các sở, ngành, địa phương"); after "các cơ quan,
  // đơn vị" it is a catch-all.
  return out.map((m, i) => {
    const kinds = m.ref.group?.kinds;
    if (!kinds || kinds[0] !== 'commune' || !/dia phuong/.test(canon(m.ref.text)) || /\b(?:xa|phuong|dac khu)\b/.test(canon(m.ref.text).replace(/dia phuong/g, ''))) return m;
    const prev = out[i - 1]?.ref.group?.kinds;
    // A directory without communes (the district-level tree before 2025) has no such level to name.
    const noCommunes = units.length > 0 && !units.some((u) => u.kind === 'commune');
    return prev?.includes('department') && !noCommunes ? m : { ...m, ref: { text: m.ref.text, unitId: null } };
  });
}

/** Strips label words and noise around a list of units. */
function cleanList(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\*\*/g, '')
    .replace(/^\s*[-–•+]\s*/, '')
    .replace(/^\s*(?:đề nghị|giao|chỉ đạo)\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;:]+$/, '');
}

// Surnames that are rarely given names: a new person's name starts at one of them (Mai, Hà, Lâm … are left out).
const SURNAMES = new Set(
  'Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Trịnh Lương Đoàn Vương Trương Quách Triệu Phùng Lưu Nông Khổng Giáp Lại Kiều Tạ Thái Mạc Lò'.split(' '),
);

/**
 * People listed in one table cell without separators (the cell's paragraphs joined): "Đỗ Mạnh Cường Vũ Việt Linh
 * Nguyễn Thị Loan" → three names. Only a run of capitalised words that starts with a surname is split, and only
 * at a surname after a name of three words or more (a two-word name followed by another stays one text).
 */
export function splitPersonNames(text: string): string[] {
  const words = text.trim().split(/\s+/);
  if (words.length < 6 || !SURNAMES.has(words[0]) || !words.every((w) => /^\p{Lu}\p{Ll}*$/u.test(w))) return [text];
  const names: string[][] = [[]];
  words.forEach((w, i) => {
    const current = names[names.length - 1];
    if (SURNAMES.has(w) && current.length >= 3 && i < words.length - 1) names.push([w]);
    else current.push(w);
  });
  return names.length > 1 && names.every((n) => n.length >= 2 && n.length <= 5) ? names.map((n) => n.join(' ')) : [text];
}

/**
 * Resolves a list of units ("Văn phòng Sở; Phòng GDTX&ĐH, Công đoàn ngành GDĐT") to refs. Unknown names are kept
 * with unitId null; groups carry their kinds and the unit ids they expand to in the directory.
 */
export function resolveUnits(text: string, units: DirectoryUnit[]): ImportedUnitRef[] {
  const cleaned = cleanList(text);
  if (!cleaned) return [];
  const refs = scanUnitList(cleaned, units, { keepUnknown: true })
    .map((m) => m.ref)
    .flatMap((r) => (r.unitId || r.group ? [r] : splitPersonNames(r.text).map((name) => (name === r.text ? r : { ...r, text: name }))));
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = r.unitId ?? (r.group ? `group:${(r.group.kinds ?? []).join('+')}` : canon(r.text));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Resolves one name to a single unit id, or null. */
export function resolveUnitId(text: string, units: DirectoryUnit[]): string | null {
  const refs = resolveUnits(text, units);
  return refs.length >= 1 && refs[0].unitId ? refs[0].unitId : null;
}

/** True when the ref points at a unit or a group (it can be routed), false for unresolved text. */
export const isResolved = (r: ImportedUnitRef): boolean => !!r.unitId || !!(r.group && (r.unitIds?.length ?? 0) > 0);

// Scores an imported draft against hand-written gold annotations (test/import/gold/*.gold.json, conventions in
// shared/plans/GOLD.md). Pure: the files are read by sample-evaluation.ts.
import type { ImportedPlanDraft, ImportedTask, ImportedUnitRef } from '@khflow/contracts';
import { canon, isCatchAll } from './unit-resolver.util';

export interface GoldTask {
  ref: string;
  title: string;
  /** unit ids ("hp-snv"), groups ("group:district_office", "group:school_thpt+centre") or free text. */
  lead: string[];
  coordinators: string[];
  due: string | null;
  /** Absent in gold written before the timeframe convention: then the task is not scored on it. */
  timeframe?: 'once' | 'ongoing' | 'recurring' | 'unspecified';
  recurrence?: string | null;
  lines: [number, number];
}

export interface GoldPlan {
  /** `none`: the plan comes from another province; any unit resolved to the installation's directory is wrong. */
  directory?: string;
  tasks: GoldTask[];
}

/** The header as a person reads it (test/import/gold/headers.json). */
export interface GoldHeader {
  number: string | null;
  issuer: { text: string; unitId?: string | null } | null;
  date: string | null;
  title: string | null;
  signer: string | null;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** How many gold tasks the draft gets exactly right for a field, out of all gold tasks (missed tasks count wrong). */
export interface Share {
  right: number;
  of: number;
  share: number;
}

export interface Evaluation {
  tasks: Score;
  lead: Score;
  coordinators: Score;
  due: Score;
  leadExact: Share;
  coordinatorsExact: Share;
  dueExact: Share;
  /** Timeframe kind exactly right, out of the gold tasks that annotate it. */
  timeframeExact: Share;
  /** Header fields right (number, issuer, date, title, signer), when a gold header is given. */
  header: Share;
  headerFields?: Record<keyof GoldHeader, boolean>;
  /** Refs resolved to a unit of the installation's directory in a plan whose gold says `directory: none`. */
  foreignResolutions: number;
  /** Gold task index → draft task index. */
  matches: [number, number][];
}

export type EvaluationTotals = Omit<Evaluation, 'matches' | 'headerFields'>;

export function score(tp: number, fp: number, fn: number): Score {
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

export function share(right: number, of: number): Share {
  return { right, of, share: of === 0 ? 1 : right / of };
}

const tokens = (s: string) =>
  canon(s)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);

/** Overlap of the gold title (often only its first words) with the start of the draft title, 0..1. */
export function titleSimilarity(gold: string, draft: string): number {
  const g = tokens(gold);
  const d = tokens(draft);
  if (!g.length || !d.length) return 0;
  const n = Math.min(g.length, 25);
  const gHead = g.slice(0, n);
  const dHead = d.slice(0, Math.max(n, Math.min(d.length, n + 5)));
  let prefix = 0;
  while (prefix < gHead.length && gHead[prefix] === d[prefix]) prefix++;
  if (prefix === gHead.length) return 1;
  const dSet = new Set(dHead);
  const common = gHead.filter((t) => dSet.has(t)).length;
  return Math.max(prefix / gHead.length, common / gHead.length);
}

const overlap = (a: [number, number], b: [number, number]) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]) + 1);

/**
 * One-to-one matching: lines that overlap and similar titles, or near-identical titles. `byTitle`: the draft's
 * lines do not refer to the gold's text (a .docx or PDF read instead of the .txt): titles only (similarity ≥ 0.6).
 */
export function matchTasks(gold: GoldTask[], draft: ImportedTask[], byTitle = false): [number, number][] {
  const candidates: { g: number; d: number; s: number }[] = [];
  gold.forEach((gt, g) =>
    draft.forEach((dt, d) => {
      const sim = titleSimilarity(gt.title, dt.title);
      if (byTitle) {
        if (sim >= 0.6) candidates.push({ g, d, s: sim });
        return;
      }
      const lines = overlap(gt.lines, dt.lines) > 0;
      if ((lines && sim >= 0.3) || sim >= 0.85) candidates.push({ g, d, s: sim + (lines ? 1 : 0) });
    }),
  );
  candidates.sort((a, b) => b.s - a.s);
  const usedG = new Set<number>();
  const usedD = new Set<number>();
  const out: [number, number][] = [];
  for (const c of candidates) {
    if (usedG.has(c.g) || usedD.has(c.d)) continue;
    usedG.add(c.g);
    usedD.add(c.d);
    out.push([c.g, c.d]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** A ref that points into the installation's directory: a unit id, or a group expanded to its units. */
const resolvedIntoDirectory = (ref: ImportedUnitRef) => !!ref.unitId || (ref.unitIds?.length ?? 0) > 0;

/**
 * A draft ref matches a gold item: same unit id, a group sharing a kind, or the same (normalised) text. In a plan
 * of another province (`foreign`) a ref resolved into the installation's directory never matches.
 */
export function refMatches(gold: string, ref: ImportedUnitRef, foreign = false): boolean {
  if (foreign && resolvedIntoDirectory(ref)) return false;
  if (gold.startsWith('group:')) {
    const kinds = gold.slice(6).split('+');
    return !!ref.group?.kinds?.some((k) => kinds.includes(k));
  }
  if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(gold)) return ref.unitId === gold;
  const a = canon(gold);
  const b = canon(ref.text);
  return a === b || (a.length >= 6 && b.length >= 6 && (a.includes(b) || b.includes(a)));
}

/** Refs that are scored: vague catch-alls ("các đơn vị liên quan") are neither units nor groups and are ignored. */
const scored = (refs: ImportedUnitRef[]) => refs.filter((r) => r.unitId || r.group || !isCatchAll(r.text));

function scoreRefs(gold: string[], draft: ImportedUnitRef[], foreign: boolean): { tp: number; fp: number; fn: number } {
  const refs = scored(draft);
  const used = new Set<number>();
  let tp = 0;
  for (const g of gold) {
    const i = refs.findIndex((r, k) => !used.has(k) && refMatches(g, r, foreign));
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return { tp, fp: refs.length - used.size, fn: gold.length - tp };
}

const sameText = (a: string | null | undefined, b: string | null | undefined) => {
  const x = canon(a ?? '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const y = canon(b ?? '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return x === y;
};

/** Header fields against what a person reads: number, issuer, date, title, signer. */
export function evaluateHeader(draft: ImportedPlanDraft, gold: GoldHeader): Record<keyof GoldHeader, boolean> {
  const compactNumber = (n: string | null | undefined) => (n ? canon(n).replace(/\s+/g, '') : null);
  const issuer = (() => {
    if (!gold.issuer) return !draft.issuer;
    if (!draft.issuer) return false;
    if (gold.issuer.unitId) return draft.issuer.unitId === gold.issuer.unitId;
    // A plan of another province: the issuer is text, never a unit of the installation.
    if (draft.issuer.unitId) return false;
    return sameText(draft.issuer.text, gold.issuer.text);
  })();
  return {
    number: compactNumber(draft.number) === compactNumber(gold.number),
    issuer,
    date: (draft.issuedAt ?? null) === gold.date,
    title: gold.title ? titleSimilarity(gold.title, draft.title ?? '') === 1 && tokens(draft.title ?? '').length <= tokens(gold.title).length + 2 : !draft.title,
    signer: sameText(draft.signer?.name, gold.signer),
  };
}

/**
 * Task precision/recall over the one-to-one matching; lead, coordinators and due are scored over the matched
 * pairs (a missed task is already counted by the task score) AND as the share of all gold tasks the draft gets
 * exactly right. Due: a draft due date is a true positive when it equals the gold one; precision over draft tasks
 * with a due date, recall over gold tasks with one; exactly right includes "no date" where the gold has none.
 */
export function evaluate(draft: ImportedPlanDraft, gold: GoldPlan, goldHeader?: GoldHeader, options: { byTitle?: boolean } = {}): Evaluation {
  const foreign = gold.directory === 'none';
  const matches = matchTasks(gold.tasks, draft.tasks, options.byTitle);
  const tasks = score(matches.length, draft.tasks.length - matches.length, gold.tasks.length - matches.length);
  const lead = { tp: 0, fp: 0, fn: 0 };
  const coord = { tp: 0, fp: 0, fn: 0 };
  const due = { tp: 0, fp: 0, fn: 0 };
  let leadRight = 0;
  let coordRight = 0;
  let dueRight = 0;
  let tfRight = 0;
  for (const [g, d] of matches) {
    const gt = gold.tasks[g];
    const dt = draft.tasks[d];
    const l = scoreRefs(gt.lead, dt.lead, foreign);
    const c = scoreRefs(gt.coordinators, dt.coordinators, foreign);
    lead.tp += l.tp;
    lead.fp += l.fp;
    lead.fn += l.fn;
    coord.tp += c.tp;
    coord.fp += c.fp;
    coord.fn += c.fn;
    if (l.fp === 0 && l.fn === 0) leadRight++;
    if (c.fp === 0 && c.fn === 0) coordRight++;
    const dd = dt.timeframe.due;
    if (dd && gt.due && dd === gt.due) due.tp++;
    else {
      if (dd) due.fp++;
      if (gt.due) due.fn++;
    }
    if ((dd ?? null) === (gt.due ?? null)) dueRight++;
    if (gt.timeframe && dt.timeframe.kind === gt.timeframe) tfRight++;
  }
  let foreignResolutions = 0;
  if (foreign) for (const t of draft.tasks) for (const r of [...t.lead, ...t.coordinators]) if (resolvedIntoDirectory(r)) foreignResolutions++;
  const headerFields = goldHeader ? evaluateHeader(draft, goldHeader) : undefined;
  const n = gold.tasks.length;
  return {
    tasks,
    lead: score(lead.tp, lead.fp, lead.fn),
    coordinators: score(coord.tp, coord.fp, coord.fn),
    due: score(due.tp, due.fp, due.fn),
    leadExact: share(leadRight, n),
    coordinatorsExact: share(coordRight, n),
    dueExact: share(dueRight, n),
    timeframeExact: share(tfRight, gold.tasks.filter((t) => t.timeframe).length),
    header: headerFields ? share(Object.values(headerFields).filter(Boolean).length, 5) : share(0, 0),
    headerFields,
    foreignResolutions,
    matches,
  };
}

/** Micro-average: sums the counts of several evaluations. */
export function microAverage(evals: EvaluationTotals[]): EvaluationTotals {
  const sum = (k: 'tasks' | 'lead' | 'coordinators' | 'due') =>
    score(
      evals.reduce((n, e) => n + e[k].tp, 0),
      evals.reduce((n, e) => n + e[k].fp, 0),
      evals.reduce((n, e) => n + e[k].fn, 0),
    );
  const sumShare = (k: 'leadExact' | 'coordinatorsExact' | 'dueExact' | 'timeframeExact' | 'header') =>
    share(
      evals.reduce((n, e) => n + e[k].right, 0),
      evals.reduce((n, e) => n + e[k].of, 0),
    );
  return {
    tasks: sum('tasks'),
    lead: sum('lead'),
    coordinators: sum('coordinators'),
    due: sum('due'),
    leadExact: sumShare('leadExact'),
    coordinatorsExact: sumShare('coordinatorsExact'),
    dueExact: sumShare('dueExact'),
    timeframeExact: sumShare('timeframeExact'),
    header: sumShare('header'),
    foreignResolutions: evals.reduce((n, e) => n + e.foreignResolutions, 0),
  };
}

/**
 * A fixed-width table: one row per plan and the total. P/R columns are over matched pairs; "=" columns are the
 * share of all gold tasks whose field is exactly right; hdr = header fields right; foreign = units of another
 * province resolved into the installation's directory (must be 0).
 */
export function formatEvaluationTable(rows: { name: string; evaluation: EvaluationTotals }[]): string {
  const pct = (x: number) => x.toFixed(2);
  const head = ['plan', 'gold', 'draft', 'task P', 'task R', 'lead P', 'lead R', 'lead=', 'coord P', 'coord R', 'coord=', 'due P', 'due R', 'due=', 'tf=', 'hdr', 'foreign'];
  const lines = rows.map(({ name, evaluation: e }) => [
    name,
    String(e.tasks.tp + e.tasks.fn),
    String(e.tasks.tp + e.tasks.fp),
    pct(e.tasks.precision),
    pct(e.tasks.recall),
    pct(e.lead.precision),
    pct(e.lead.recall),
    pct(e.leadExact.share),
    pct(e.coordinators.precision),
    pct(e.coordinators.recall),
    pct(e.coordinatorsExact.share),
    pct(e.due.precision),
    pct(e.due.recall),
    pct(e.dueExact.share),
    e.timeframeExact.of ? pct(e.timeframeExact.share) : '-',
    e.header.of ? (e.header.of === 5 ? `${e.header.right}/5` : pct(e.header.share)) : '-',
    String(e.foreignResolutions),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join(' '), ...lines.map(fmt)].join('\n');
}

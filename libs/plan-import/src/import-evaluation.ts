// Scores an imported draft against hand-written gold annotations (test/import/gold/*.gold.json). Pure.
import type { ImportedPlanDraft, ImportedTask, ImportedUnitRef } from '@khflow/contracts';
import { canon, isCatchAll } from './unit-resolver.util';

export interface GoldTask {
  ref: string;
  title: string;
  /** unit ids ("hp-snv"), groups ("group:district_office", "group:school_thpt+centre") or free text. */
  lead: string[];
  coordinators: string[];
  due: string | null;
  lines: [number, number];
}

export interface GoldPlan {
  tasks: GoldTask[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  tasks: Score;
  lead: Score;
  coordinators: Score;
  due: Score;
  /** Gold task index → draft task index. */
  matches: [number, number][];
}

export function score(tp: number, fp: number, fn: number): Score {
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
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

/** One-to-one matching: lines that overlap and similar titles, or near-identical titles. */
export function matchTasks(gold: GoldTask[], draft: ImportedTask[]): [number, number][] {
  const candidates: { g: number; d: number; s: number }[] = [];
  gold.forEach((gt, g) =>
    draft.forEach((dt, d) => {
      const sim = titleSimilarity(gt.title, dt.title);
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

/** A draft ref matches a gold item: same unit id, a group sharing a kind, or the same (normalised) text. */
export function refMatches(gold: string, ref: ImportedUnitRef): boolean {
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

function scoreRefs(gold: string[], draft: ImportedUnitRef[]): { tp: number; fp: number; fn: number } {
  const refs = scored(draft);
  const used = new Set<number>();
  let tp = 0;
  for (const g of gold) {
    const i = refs.findIndex((r, k) => !used.has(k) && refMatches(g, r));
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return { tp, fp: refs.length - used.size, fn: gold.length - tp };
}

/**
 * Task precision/recall over the one-to-one matching; lead, coordinators and due are scored over the matched
 * pairs only (a missed task is already counted by the task score). Due: a draft due date is a true positive when it
 * equals the gold one; precision over draft tasks with a due date, recall over gold tasks with one.
 */
export function evaluate(draft: ImportedPlanDraft, gold: GoldPlan): Evaluation {
  const matches = matchTasks(gold.tasks, draft.tasks);
  const tasks = score(matches.length, draft.tasks.length - matches.length, gold.tasks.length - matches.length);
  const lead = { tp: 0, fp: 0, fn: 0 };
  const coord = { tp: 0, fp: 0, fn: 0 };
  const due = { tp: 0, fp: 0, fn: 0 };
  for (const [g, d] of matches) {
    const gt = gold.tasks[g];
    const dt = draft.tasks[d];
    const l = scoreRefs(gt.lead, dt.lead);
    const c = scoreRefs(gt.coordinators, dt.coordinators);
    lead.tp += l.tp;
    lead.fp += l.fp;
    lead.fn += l.fn;
    coord.tp += c.tp;
    coord.fp += c.fp;
    coord.fn += c.fn;
    const dd = dt.timeframe.due;
    if (dd && gt.due && dd === gt.due) due.tp++;
    else {
      if (dd) due.fp++;
      if (gt.due) due.fn++;
    }
  }
  return {
    tasks,
    lead: score(lead.tp, lead.fp, lead.fn),
    coordinators: score(coord.tp, coord.fp, coord.fn),
    due: score(due.tp, due.fp, due.fn),
    matches,
  };
}

/** Micro-average: sums the counts of several evaluations. */
export function microAverage(evals: Evaluation[]): Omit<Evaluation, 'matches'> {
  const sum = (k: 'tasks' | 'lead' | 'coordinators' | 'due') =>
    score(
      evals.reduce((n, e) => n + e[k].tp, 0),
      evals.reduce((n, e) => n + e[k].fp, 0),
      evals.reduce((n, e) => n + e[k].fn, 0),
    );
  return { tasks: sum('tasks'), lead: sum('lead'), coordinators: sum('coordinators'), due: sum('due') };
}

/** A fixed-width table: one row per plan and the total. */
export function formatEvaluationTable(rows: { name: string; evaluation: Omit<Evaluation, 'matches'> }[]): string {
  const pct = (x: number) => x.toFixed(2);
  const head = ['plan', 'tasks P', 'tasks R', 'lead P', 'lead R', 'coord P', 'coord R', 'due P', 'due R', 'gold', 'draft'];
  const lines = rows.map(({ name, evaluation: e }) => [
    name,
    pct(e.tasks.precision),
    pct(e.tasks.recall),
    pct(e.lead.precision),
    pct(e.lead.recall),
    pct(e.coordinators.precision),
    pct(e.coordinators.recall),
    pct(e.due.precision),
    pct(e.due.recall),
    String(e.tasks.tp + e.tasks.fn),
    String(e.tasks.tp + e.tasks.fp),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

// Consolidation (tổng hợp) as partial aggregates that add up level by level: a school's figures become a leaf
// aggregate, a district office combines its schools' aggregates (and its own figures), the Sở combines the district
// offices' — and a weighted average stays exact because the aggregate carries Σ value·weight and Σ weight, not the
// rounded average.
import type { ConsolidatedValue, Figures, ReportField, ReportForm, TableRow } from './report-form.types';

export type { ConsolidatedValue };

export type FieldAggregate =
  | { rule: 'sum'; sum: number; n: number }
  | { rule: 'weighted_average'; weighted: number; weight: number; n: number }
  | { rule: 'count_yes'; yes: number; n: number }
  | { rule: 'min' | 'max'; value: number | string | null; n: number }
  | { rule: 'list'; items: { unitId: string; value: unknown }[]; n: number }
  | { rule: 'table_sum'; rows: TableRow[]; n: number }
  | { rule: 'none'; n: 0 };

/** One unit's (possibly consolidated) aggregate, by field key. */
export type Aggregate = Record<string, FieldAggregate>;

const numeric = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function empty(f: ReportField): FieldAggregate {
  switch (f.consolidate) {
    case 'sum':
      return f.type === 'table' ? { rule: 'table_sum', rows: [], n: 0 } : { rule: 'sum', sum: 0, n: 0 };
    case 'weighted_average':
      return { rule: 'weighted_average', weighted: 0, weight: 0, n: 0 };
    case 'count_yes':
      return { rule: 'count_yes', yes: 0, n: 0 };
    case 'min':
    case 'max':
      return { rule: f.consolidate, value: null, n: 0 };
    case 'list':
      return { rule: 'list', items: [], n: 0 };
    default:
      return { rule: 'none', n: 0 };
  }
}

/** A unit's own figures as an aggregate (blank fields contribute nothing). */
export function leafAggregate(form: ReportForm, figures: Figures, unitId: string): Aggregate {
  const out: Aggregate = {};
  for (const f of form.fields) {
    const v = figures[f.key];
    const a = empty(f);
    if (v !== null && v !== undefined) {
      switch (a.rule) {
        case 'sum':
          if (numeric(v)) Object.assign(a, { sum: v, n: 1 });
          break;
        case 'weighted_average': {
          const w = f.weightField ? figures[f.weightField] : null;
          if (numeric(v) && numeric(w)) Object.assign(a, { weighted: v * w, weight: w, n: 1 });
          break;
        }
        case 'count_yes':
          if (typeof v === 'boolean') Object.assign(a, { yes: v ? 1 : 0, n: 1 });
          break;
        case 'min':
        case 'max':
          if (numeric(v) || typeof v === 'string') Object.assign(a, { value: v, n: 1 });
          break;
        case 'list':
          Object.assign(a, { items: [{ unitId, value: v }], n: 1 });
          break;
        case 'table_sum':
          if (Array.isArray(v)) Object.assign(a, { rows: sumRows(f, [], v), n: 1 });
          break;
      }
    }
    out[f.key] = a;
  }
  return out;
}

function sumRows(f: ReportField, into: TableRow[], rows: TableRow[]): TableRow[] {
  const key = f.keyColumn!;
  const numericCols = (f.columns ?? []).filter((c) => c.type === 'number').map((c) => c.key);
  const out = into.map((r) => ({ ...r }));
  for (const r of rows) {
    const k = r[key];
    if (k === null || k === undefined) continue;
    let target = out.find((x) => x[key] === k);
    if (!target) {
      target = { [key]: k };
      for (const c of numericCols) target[c] = null;
      out.push(target);
    }
    for (const c of numericCols) {
      const v = r[c];
      if (numeric(v)) target[c] = (numeric(target[c]) ? (target[c] as number) : 0) + v;
    }
  }
  return out;
}

function combineField(f: ReportField, parts: FieldAggregate[]): FieldAggregate {
  const acc = empty(f);
  for (const p of parts) {
    if (!p || p.rule !== acc.rule || p.n === 0) continue;
    switch (acc.rule) {
      case 'sum':
        acc.sum += (p as typeof acc).sum;
        break;
      case 'weighted_average':
        acc.weighted += (p as typeof acc).weighted;
        acc.weight += (p as typeof acc).weight;
        break;
      case 'count_yes':
        acc.yes += (p as typeof acc).yes;
        break;
      case 'min':
      case 'max': {
        const v = (p as typeof acc).value;
        if (v !== null && (acc.value === null || (acc.rule === 'min' ? v < acc.value : v > acc.value))) acc.value = v;
        break;
      }
      case 'list':
        acc.items.push(...(p as typeof acc).items);
        break;
      case 'table_sum':
        acc.rows = sumRows(f, acc.rows, (p as typeof acc).rows);
        break;
    }
    if (acc.rule !== 'none') acc.n += p.n;
  }
  return acc;
}

/** Adds aggregates up (a level's subordinates, plus its own figures as a leaf). */
export function combineAggregates(form: ReportForm, parts: Aggregate[]): Aggregate {
  const out: Aggregate = {};
  for (const f of form.fields) out[f.key] = combineField(f, parts.map((p) => p[f.key]).filter(Boolean));
  return out;
}

/** The consolidated value to show: a number, "yes of n", the extreme, the list or the summed table rows. */

export function valueOf(a: FieldAggregate | undefined): ConsolidatedValue {
  if (!a) return { kind: 'none' };
  switch (a.rule) {
    case 'sum':
      return { kind: 'number', value: a.n ? a.sum : null };
    case 'weighted_average':
      return { kind: 'number', value: a.weight > 0 ? a.weighted / a.weight : null };
    case 'count_yes':
      return { kind: 'count', yes: a.yes, of: a.n };
    case 'min':
    case 'max':
      return { kind: 'extreme', value: a.value };
    case 'list':
      return { kind: 'list', items: a.items };
    case 'table_sum':
      return { kind: 'table', rows: a.rows };
    default:
      return { kind: 'none' };
  }
}

/** The consolidated values of every field, by key. */
export function valuesOf(form: ReportForm, a: Aggregate): Record<string, ConsolidatedValue> {
  return Object.fromEntries(form.fields.map((f) => [f.key, valueOf(a[f.key])]));
}

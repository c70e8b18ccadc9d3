// Checks the figures a unit enters against the form it answers: a number out of range, a percentage above 100, a
// missing required field, a choice that is not offered … each error names the field (`figures.so_hoc_sinh`,
// `figures.co_so_vat_chat[1].so_phong`). Nothing is coerced silently: "12" is not a number.
import { isValidDate } from '@khflow/domain';
import type { ColumnType, FieldError, FieldType, FigureValue, Figures, ReportColumn, ReportField, ReportForm, TableRow } from './report-form.types';

export const MAX_TABLE_ROWS = 500;
export const MAX_TEXT = 10_000;

export interface FiguresCheckOptions {
  /** A consolidating unit's own figures are optional: its totals come from its subordinates. */
  requiredEnforced?: boolean;
  /** Attachment ids the unit may reference in file fields. */
  attachmentIds?: ReadonlySet<string>;
}

type Scalar = { type: FieldType | ColumnType; min?: number | null; max?: number | null; integer?: boolean; choices?: string[] | null; label: string };

function checkScalar(spec: Scalar, v: unknown, path: string, errors: FieldError[]): number | boolean | string | undefined {
  const err = (message: string) => void errors.push({ field: path, message });
  switch (spec.type) {
    case 'number':
    case 'percent': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return err(spec.type === 'percent' ? 'must be a percentage (a number from 0 to 100)' : 'must be a number');
      if (spec.type === 'percent' && v > 100) return err('a percentage must not be above 100');
      if (spec.type === 'percent' && v < 0) return err('a percentage must not be below 0');
      if (spec.integer && !Number.isInteger(v)) return err('must be a whole number');
      if (spec.min != null && v < spec.min) return err(`must be at least ${spec.min}`);
      if (spec.max != null && v > spec.max) return err(`must be at most ${spec.max}`);
      return v;
    }
    case 'yes_no':
      if (typeof v !== 'boolean') return err('must be true (có) or false (không)');
      return v;
    case 'choice': {
      if (typeof v !== 'string') return err(`must be one of: ${(spec.choices ?? []).join('; ')}`);
      const n = v.normalize('NFC').trim();
      if (!(spec.choices ?? []).includes(n)) return err(`must be one of: ${(spec.choices ?? []).join('; ')}`);
      return n;
    }
    case 'date':
      if (!isValidDate(v)) return err('must be a date YYYY-MM-DD');
      if (spec.min != null || spec.max != null) return v; // bounds on dates are not offered
      return v;
    case 'text': {
      if (typeof v !== 'string') return err('must be a text');
      const n = v.normalize('NFC');
      if (n.length > MAX_TEXT) return err(`must have at most ${MAX_TEXT} characters`);
      return n;
    }
    default:
      return err('cannot be given here');
  }
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

function checkTable(field: ReportField, v: unknown, path: string, errors: FieldError[], requiredEnforced: boolean): TableRow[] | undefined {
  if (!Array.isArray(v)) {
    errors.push({ field: path, message: 'must be a list of rows' });
    return undefined;
  }
  if (v.length > MAX_TABLE_ROWS) {
    errors.push({ field: path, message: `must have at most ${MAX_TABLE_ROWS} rows` });
    return undefined;
  }
  const columns = field.columns ?? [];
  const rows: TableRow[] = [];
  v.forEach((raw, i) => {
    const rp = `${path}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ field: rp, message: 'must be an object of column values' });
      return;
    }
    for (const k of Object.keys(raw)) if (!columns.some((c) => c.key === k)) errors.push({ field: `${rp}.${k}`, message: 'is not a column of this table' });
    const row: TableRow = {};
    for (const c of columns as ReportColumn[]) {
      const cv = (raw as Record<string, unknown>)[c.key];
      if (isBlank(cv)) {
        if (c.required && requiredEnforced) errors.push({ field: `${rp}.${c.key}`, message: 'is required' });
        row[c.key] = null;
        continue;
      }
      const out = checkScalar(c, cv, `${rp}.${c.key}`, errors);
      row[c.key] = out === undefined ? null : out;
    }
    rows.push(row);
  });
  if (field.consolidate === 'sum' && field.keyColumn) {
    const keys = rows.map((r) => r[field.keyColumn!]).filter((k) => k !== null);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) errors.push({ field: path, message: `repeats the row "${k}" of column ${field.keyColumn}` });
    });
  }
  return rows;
}

/** Validates figures against a form; returns the normalised figures (every field present, blanks as null). */
export function checkFigures(form: ReportForm, input: unknown, opts: FiguresCheckOptions = {}, path = 'figures'): { figures: Figures; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const requiredEnforced = opts.requiredEnforced ?? true;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { figures: {}, errors: [{ field: path, message: 'must be an object of field values' }] };
  const raw = input as Record<string, unknown>;
  for (const k of Object.keys(raw)) if (!form.fields.some((f) => f.key === k)) errors.push({ field: `${path}.${k}`, message: 'is not a field of the report form' });
  const figures: Figures = {};
  for (const f of form.fields) {
    const p = `${path}.${f.key}`;
    const v = raw[f.key];
    if (isBlank(v)) {
      if (f.required && requiredEnforced) errors.push({ field: p, message: 'is required' });
      figures[f.key] = null;
      continue;
    }
    let out: FigureValue | undefined;
    if (f.type === 'table') out = checkTable(f, v, p, errors, requiredEnforced);
    else if (f.type === 'file') {
      const id = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>).attachmentId : undefined;
      if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) errors.push({ field: p, message: 'must be { "attachmentId": "<uuid of an uploaded attachment>" }' });
      else if (opts.attachmentIds && !opts.attachmentIds.has(id)) errors.push({ field: p, message: `attachment ${id} was not uploaded to this assignment` });
      else out = { attachmentId: id };
    } else out = checkScalar(f, v, p, errors);
    figures[f.key] = out === undefined ? null : out;
  }
  // A weighted average needs its weight from the same unit, or it cannot be added up.
  for (const f of form.fields) {
    if (f.consolidate !== 'weighted_average' || figures[f.key] === null || !f.weightField) continue;
    if (typeof figures[f.weightField] !== 'number' && !errors.some((e) => e.field === `${path}.${f.weightField}`)) errors.push({ field: `${path}.${f.weightField}`, message: `is needed to weight ${f.key}` });
  }
  return { figures, errors };
}

/**
 * The form's name for a figure path, for readers that are not our console (the problem's detail): `figures.so_hoc_sinh`
 * → "Số học sinh", `figures.phong[1].so` → "Phòng học › dòng 2 › Số phòng". Null for a path the form does not name
 * (a key that is not a field of it).
 */
export function figureLabel(form: ReportForm, field: string, path = 'figures'): string | null {
  if (!field.startsWith(`${path}.`)) return null;
  const m = /^([^.[\]]+)(?:\[(\d+)\](?:\.([^.[\]]+))?)?$/.exec(field.slice(path.length + 1));
  if (!m) return null;
  const f = form.fields.find((x) => x.key === m[1]);
  if (!f) return null;
  if (m[2] === undefined) return f.label;
  const row = `${f.label} › dòng ${Number(m[2]) + 1}`;
  if (m[3] === undefined) return row;
  const c = (f.columns ?? []).find((x) => x.key === m[3]);
  return c ? `${row} › ${c.label}` : null;
}

/** The errors of checkFigures with each figure's label beside its path (`field` stays the path clients match on). */
export function labelledFigureErrors(form: ReportForm, errors: FieldError[], path = 'figures'): (FieldError & { label?: string })[] {
  return errors.map((e) => {
    const label = figureLabel(form, e.field, path);
    return label ? { ...e, label } : e;
  });
}

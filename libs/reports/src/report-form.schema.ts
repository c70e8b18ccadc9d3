// Checks a report form as a plan owner sends it: every error names its path (`fields[2].weightField`), and a form
// that passes can be consolidated (each rule fits its field's type, weights point at numeric fields).
import {
  COLUMN_TYPES,
  CONSOLIDATION_RULES,
  FIELD_TYPES,
  type ConsolidationRule,
  type FieldError,
  type FieldType,
  type ReportColumn,
  type ReportField,
  type ReportForm,
} from './report-form.types';

export const MAX_FIELDS = 100;
export const MAX_COLUMNS = 30;
export const MAX_CHOICES = 100;
const KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** Which rules make sense for which type. */
export const RULES_BY_TYPE: Record<FieldType, readonly ConsolidationRule[]> = {
  number: ['sum', 'weighted_average', 'min', 'max', 'list', 'none'],
  percent: ['weighted_average', 'min', 'max', 'list', 'none'],
  yes_no: ['count_yes', 'list', 'none'],
  choice: ['list', 'none'],
  date: ['min', 'max', 'list', 'none'],
  text: ['list', 'none'],
  file: ['list', 'none'],
  table: ['sum', 'list', 'none'],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

function checkKeys(o: Obj, allowed: string[], path: string, errors: FieldError[]) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) errors.push({ field: `${path}.${k}`, message: 'is not an accepted field' });
}

function checkBounds(o: Obj, path: string, errors: FieldError[]) {
  for (const k of ['min', 'max'] as const) {
    if (o[k] !== undefined && o[k] !== null && (typeof o[k] !== 'number' || !Number.isFinite(o[k]))) errors.push({ field: `${path}.${k}`, message: 'must be a number' });
  }
  if (typeof o.min === 'number' && typeof o.max === 'number' && o.min > o.max) errors.push({ field: `${path}.max`, message: 'must not be below min' });
  if (o.integer !== undefined && typeof o.integer !== 'boolean') errors.push({ field: `${path}.integer`, message: 'must be true or false' });
  if (o.required !== undefined && typeof o.required !== 'boolean') errors.push({ field: `${path}.required`, message: 'must be true or false' });
  if (o.unit !== undefined && o.unit !== null && !text(o.unit, 50)) errors.push({ field: `${path}.unit`, message: 'must be a text of 1-50 characters' });
}

function checkChoices(o: Obj, type: string, path: string, errors: FieldError[]): string[] | null {
  if (type !== 'choice') {
    if (o.choices !== undefined && o.choices !== null) errors.push({ field: `${path}.choices`, message: 'only a choice field has choices' });
    return null;
  }
  if (!Array.isArray(o.choices) || o.choices.length < 2 || o.choices.length > MAX_CHOICES || !o.choices.every((c) => text(c, 200))) {
    errors.push({ field: `${path}.choices`, message: `must list 2-${MAX_CHOICES} choices of 1-200 characters` });
    return null;
  }
  const choices = (o.choices as string[]).map((c) => c.normalize('NFC').trim());
  if (new Set(choices).size !== choices.length) errors.push({ field: `${path}.choices`, message: 'must not repeat a choice' });
  return choices;
}

function checkColumn(raw: unknown, path: string, errors: FieldError[]): ReportColumn | null {
  if (!isObj(raw)) {
    errors.push({ field: path, message: 'must be an object' });
    return null;
  }
  checkKeys(raw, ['key', 'label', 'type', 'unit', 'required', 'min', 'max', 'integer', 'choices'], path, errors);
  if (typeof raw.key !== 'string' || !KEY.test(raw.key)) errors.push({ field: `${path}.key`, message: 'must be 1-63 lower-case letters, digits or _ starting with a letter' });
  if (!text(raw.label, 300)) errors.push({ field: `${path}.label`, message: 'must be a text of 1-300 characters' });
  if (!COLUMN_TYPES.includes(raw.type as never)) errors.push({ field: `${path}.type`, message: `must be one of ${COLUMN_TYPES.join(', ')}` });
  checkBounds(raw, path, errors);
  const choices = checkChoices(raw, String(raw.type), path, errors);
  return {
    key: String(raw.key),
    label: String(raw.label ?? '').normalize('NFC').trim(),
    type: raw.type as ReportColumn['type'],
    ...(raw.unit ? { unit: String(raw.unit).normalize('NFC').trim() } : {}),
    ...(raw.required ? { required: true } : {}),
    ...(typeof raw.min === 'number' ? { min: raw.min } : {}),
    ...(typeof raw.max === 'number' ? { max: raw.max } : {}),
    ...(raw.integer ? { integer: true } : {}),
    ...(choices ? { choices } : {}),
  };
}

/** Validates and normalises a form definition (labels NFC, defaults filled). */
export function checkReportForm(input: unknown, path = 'form'): { form: ReportForm; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isObj(input)) return { form: { fields: [] }, errors: [{ field: path, message: 'must be an object' }] };
  checkKeys(input, ['fields'], path, errors);
  if (!Array.isArray(input.fields) || input.fields.length === 0 || input.fields.length > MAX_FIELDS) {
    return { form: { fields: [] }, errors: [...errors, { field: `${path}.fields`, message: `must list 1-${MAX_FIELDS} fields` }] };
  }
  const fields: ReportField[] = [];
  input.fields.forEach((raw, i) => {
    const p = `${path}.fields[${i}]`;
    if (!isObj(raw)) {
      errors.push({ field: p, message: 'must be an object' });
      return;
    }
    checkKeys(raw, ['key', 'label', 'type', 'unit', 'required', 'min', 'max', 'integer', 'choices', 'columns', 'keyColumn', 'consolidate', 'weightField', 'help'], p, errors);
    if (typeof raw.key !== 'string' || !KEY.test(raw.key)) errors.push({ field: `${p}.key`, message: 'must be 1-63 lower-case letters, digits or _ starting with a letter' });
    if (!text(raw.label, 500)) errors.push({ field: `${p}.label`, message: 'must be a text of 1-500 characters' });
    const typeOk = FIELD_TYPES.includes(raw.type as never);
    if (!typeOk) errors.push({ field: `${p}.type`, message: `must be one of ${FIELD_TYPES.join(', ')}` });
    checkBounds(raw, p, errors);
    if (raw.type === 'percent') {
      if (typeof raw.min === 'number' && raw.min < 0) errors.push({ field: `${p}.min`, message: 'a percentage is at least 0' });
      if (typeof raw.max === 'number' && raw.max > 100) errors.push({ field: `${p}.max`, message: 'a percentage is at most 100' });
    }
    const choices = checkChoices(raw, String(raw.type), p, errors);
    const rule = raw.consolidate ?? 'none';
    if (!CONSOLIDATION_RULES.includes(rule as never)) errors.push({ field: `${p}.consolidate`, message: `must be one of ${CONSOLIDATION_RULES.join(', ')}` });
    else if (typeOk && !RULES_BY_TYPE[raw.type as FieldType].includes(rule as ConsolidationRule))
      errors.push({ field: `${p}.consolidate`, message: `a ${raw.type} field consolidates by ${RULES_BY_TYPE[raw.type as FieldType].join(', ')}` });
    let columns: ReportColumn[] | null = null;
    if (raw.type === 'table') {
      if (!Array.isArray(raw.columns) || raw.columns.length === 0 || raw.columns.length > MAX_COLUMNS) errors.push({ field: `${p}.columns`, message: `must list 1-${MAX_COLUMNS} columns` });
      else {
        columns = raw.columns.map((c, j) => checkColumn(c, `${p}.columns[${j}]`, errors)).filter((c): c is ReportColumn => c !== null);
        const keys = columns.map((c) => c.key);
        if (new Set(keys).size !== keys.length) errors.push({ field: `${p}.columns`, message: 'column keys must be unique' });
      }
      if (rule === 'sum') {
        const key = columns?.find((c) => c.key === raw.keyColumn);
        if (!key || !['text', 'choice'].includes(key.type)) errors.push({ field: `${p}.keyColumn`, message: 'a table consolidated by sum needs the key of a text or choice column that identifies its rows' });
      }
    } else {
      if (raw.columns !== undefined && raw.columns !== null) errors.push({ field: `${p}.columns`, message: 'only a table field has columns' });
      if (raw.keyColumn !== undefined && raw.keyColumn !== null) errors.push({ field: `${p}.keyColumn`, message: 'only a table field has a key column' });
    }
    if (raw.help !== undefined && raw.help !== null && !text(raw.help, 2000)) errors.push({ field: `${p}.help`, message: 'must be a text of 1-2000 characters' });
    fields.push({
      key: String(raw.key),
      label: String(raw.label ?? '').normalize('NFC').trim(),
      type: raw.type as FieldType,
      ...(raw.unit ? { unit: String(raw.unit).normalize('NFC').trim() } : raw.type === 'percent' ? { unit: '%' } : {}),
      ...(raw.required ? { required: true } : {}),
      ...(typeof raw.min === 'number' ? { min: raw.min } : raw.type === 'percent' ? { min: 0 } : {}),
      ...(typeof raw.max === 'number' ? { max: raw.max } : raw.type === 'percent' ? { max: 100 } : {}),
      ...(raw.integer ? { integer: true } : {}),
      ...(choices ? { choices } : {}),
      ...(columns ? { columns } : {}),
      ...(raw.type === 'table' && typeof raw.keyColumn === 'string' ? { keyColumn: raw.keyColumn } : {}),
      consolidate: rule as ConsolidationRule,
      ...(typeof raw.weightField === 'string' ? { weightField: raw.weightField } : {}),
      ...(typeof raw.help === 'string' ? { help: raw.help.normalize('NFC').trim() } : {}),
    });
  });
  const keys = fields.map((f) => f.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) errors.push({ field: `${path}.fields[${i}].key`, message: `repeats the key "${k}"` });
  });
  fields.forEach((f, i) => {
    const p = `${path}.fields[${i}]`;
    if (f.consolidate === 'weighted_average') {
      const w = fields.find((x) => x.key === f.weightField);
      if (!w) errors.push({ field: `${p}.weightField`, message: 'must name the numeric field that weights this average' });
      else if (w.type !== 'number' || w.key === f.key) errors.push({ field: `${p}.weightField`, message: `"${w.key}" is not another number field` });
      else if (!w.required) errors.push({ field: `${p}.weightField`, message: `the weight "${w.key}" must be a required field` });
    } else if (f.weightField !== undefined) errors.push({ field: `${p}.weightField`, message: 'only a weighted average has a weight field' });
  });
  return { form: { fields }, errors };
}

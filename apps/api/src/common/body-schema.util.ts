// A small declarative schema for request bodies: whitelisted fields only (unknown fields are rejected), every
// error names its field path (`tasks[2].timeframe.due`), strings are NFC-normalised, lists and strings bounded.
// Chosen over class-validator because plan drafts are nested unions (targets, timeframes) that decorators
// describe poorly.
import { unsafeTextReason, visibleText } from '@khflow/contracts';
import type { FieldError } from './problem-details.filter';

export type Schema =
  | { t: 'string'; min?: number; max?: number; pattern?: RegExp; patternHint?: string; optional?: boolean; nullable?: boolean }
  | { t: 'date'; optional?: boolean; nullable?: boolean }
  | { t: 'int'; min?: number; max?: number; optional?: boolean; nullable?: boolean }
  | { t: 'bool'; optional?: boolean; nullable?: boolean }
  | { t: 'enum'; values: readonly string[]; optional?: boolean; nullable?: boolean }
  | { t: 'array'; of: Schema; max: number; min?: number; optional?: boolean; nullable?: boolean }
  | { t: 'object'; fields: Record<string, Schema>; optional?: boolean; nullable?: boolean };

export const str = (o: Omit<Extract<Schema, { t: 'string' }>, 't'> = {}): Schema => ({ t: 'string', max: 10_000, ...o });
export const date = (o: Omit<Extract<Schema, { t: 'date' }>, 't'> = {}): Schema => ({ t: 'date', ...o });
export const int = (o: Omit<Extract<Schema, { t: 'int' }>, 't'> = {}): Schema => ({ t: 'int', ...o });
export const bool = (o: Omit<Extract<Schema, { t: 'bool' }>, 't'> = {}): Schema => ({ t: 'bool', ...o });
export const oneOf = (values: readonly string[], o: Omit<Extract<Schema, { t: 'enum' }>, 't' | 'values'> = {}): Schema => ({ t: 'enum', values, ...o });
export const arrayOf = (of: Schema, max: number, o: Omit<Extract<Schema, { t: 'array' }>, 't' | 'of' | 'max'> = {}): Schema => ({ t: 'array', of, max, ...o });
export const obj = (fields: Record<string, Schema>, o: Omit<Extract<Schema, { t: 'object' }>, 't' | 'fields'> = {}): Schema => ({ t: 'object', fields, ...o });

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Validates and normalises `value`; returns the cleaned value and the field errors (empty when valid). */
export function checkBody<T>(schema: Schema, value: unknown, path = ''): { value: T; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out = walk(schema, value, path, errors);
  return { value: out as T, errors };
}

function walk(s: Schema, v: unknown, path: string, errors: FieldError[]): unknown {
  const field = path || '(body)';
  const err = (message: string) => {
    errors.push({ field, message });
    return undefined;
  };
  if (v === undefined) return s.optional ? undefined : err('is required');
  if (v === null) return s.nullable ? null : s.optional ? err('must not be null (omit it instead)') : err('is required');
  switch (s.t) {
    case 'string': {
      if (typeof v !== 'string') return err('must be a string');
      const unsafe = unsafeTextReason(v);
      if (unsafe) return err(unsafe);
      const n = v.normalize('NFC');
      if (s.min !== undefined && s.min >= 1 && !visibleText(n)) return err('must not be empty or invisible');
      if (s.min !== undefined && n.trim().length < s.min) return err(s.min === 1 ? 'must not be empty' : `must have at least ${s.min} characters`);
      if (s.max !== undefined && n.length > s.max) return err(`must have at most ${s.max} characters`);
      if (s.pattern && !s.pattern.test(n)) return err(s.patternHint ?? `must match ${s.pattern}`);
      return n;
    }
    case 'date':
      if (typeof v !== 'string' || !validDate(v)) return err('must be a date YYYY-MM-DD');
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) return err('must be a whole number');
      if (s.min !== undefined && v < s.min) return err(`must be at least ${s.min}`);
      if (s.max !== undefined && v > s.max) return err(`must be at most ${s.max}`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') return err('must be true or false');
      return v;
    case 'enum':
      if (typeof v !== 'string' || !s.values.includes(v)) return err(`must be one of ${s.values.join(', ')}`);
      return v;
    case 'array': {
      if (!Array.isArray(v)) return err('must be a list');
      if (v.length > s.max) return err(`must have at most ${s.max} items`);
      if (s.min !== undefined && v.length < s.min) return err(`must have at least ${s.min} item${s.min === 1 ? '' : 's'}`);
      return v.map((item, i) => walk(s.of, item, `${path}[${i}]`, errors));
    }
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) return err('must be an object');
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        // Own fields only: "toString" or "__proto__" must not find the prototype's members.
        if (!Object.hasOwn(s.fields, key)) errors.push({ field: path ? `${path}.${printable(key)}` : printable(key), message: 'is not an accepted field' });
      }
      for (const [key, fs] of Object.entries(s.fields)) {
        const r = walk(fs, Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined, path ? `${path}.${key}` : key, errors);
        if (r !== undefined) out[key] = r;
      }
      return out;
    }
  }
}

/** A field name as it can be shown and stored (jsonb refuses NUL): controls, bidi marks and surrogates escaped. */
export function printable(name: string): string {
  const shown = name.length > 100 ? `${name.slice(0, 100)}…` : name;
  return shown.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

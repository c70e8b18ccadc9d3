// Request bodies are described once, as zod schemas in each feature's *.schema.ts: the same description validates
// the body (unknown fields rejected, every error naming its field path such as `tasks[2].timeframe.due`), gives the
// TypeScript type (z.infer) and becomes the OpenAPI document's request schema (z.toJSONSchema). Strings are checked
// against the text rules (no NUL, unpaired surrogates, control or bidi override characters), NFC-normalised and
// bounded; required texts must show something (not only zero-width characters).
import { unsafeTextReason, visibleText } from '@khflow/contracts';
import { z } from 'zod';
import type { FieldError } from './problem-details.filter';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A text field: safe characters, NFC, `min` visible characters (when given), at most `max`, optional pattern. */
export function text(o: { max: number; min?: number; pattern?: RegExp; hint?: string }) {
  let s = z
    .string()
    .superRefine((v, ctx) => {
      const why = unsafeTextReason(v);
      if (why) ctx.addIssue({ code: 'custom', message: why, input: v });
    })
    .overwrite((v) => v.normalize('NFC'))
    .max(o.max, `must have at most ${o.max} characters`);
  if (o.min !== undefined && o.min > 0) {
    const min = o.min;
    s = s.min(min, min === 1 ? 'must not be empty' : `must have at least ${min} characters`).superRefine((v, ctx) => {
      if (!visibleText(v)) ctx.addIssue({ code: 'custom', message: 'must not be empty or invisible', input: v });
      else if (v.trim().length < min) ctx.addIssue({ code: 'custom', message: `must have at least ${min} characters`, input: v });
    });
  }
  if (o.pattern) s = s.regex(o.pattern, o.hint ?? `must match ${o.pattern}`);
  return s;
}

/** A calendar date YYYY-MM-DD that exists (no 2026-13-45). */
export const date = () => z.iso.date();

/** A whole number within bounds. */
export const int = (o: { min?: number; max?: number } = {}) => {
  let n = z.int();
  if (o.min !== undefined) n = n.min(o.min, `must be at least ${o.min}`);
  if (o.max !== undefined) n = n.max(o.max, `must be at most ${o.max}`);
  return n;
};

/** A list of at most `max` items (at least `min`). */
export const list = <T extends z.ZodType>(of: T, max: number, min = 0) =>
  z
    .array(of)
    .max(max, `must have at most ${max} items`)
    .min(min, `must have at least ${min} item${min === 1 ? '' : 's'}`);

const KIND: Record<string, string> = { string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object' };

/** Field path as the problem details name it: tasks[2].timeframe.due. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${printable(String(p))}`;
  return out || '(body)';
}

function message(issue: z.core.$ZodRawIssue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      if (input === null) return 'must not be null (omit it instead)';
      return `must be ${KIND[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'does not match any accepted form';
    case 'invalid_format':
      return issue.format === 'date' ? 'must be a date YYYY-MM-DD' : 'is not in the accepted format';
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int' ? `must be at most ${issue.maximum}` : `is too long (at most ${issue.maximum})`;
    case 'too_small':
      return issue.origin === 'number' || issue.origin === 'int' ? `must be at least ${issue.minimum}` : `is too short (at least ${issue.minimum})`;
    default:
      return 'is invalid';
  }
}

/** Validates a body; returns the cleaned value, or the field errors (one per field, the first found). */
export function checkBody<S extends z.ZodType>(schema: S, body: unknown): { value: z.output<S>; errors: FieldError[] } {
  // Messages given in the schemas win; this map words the rest (types, enums, dates, integer bounds).
  const r = schema.safeParse(body, { error: (iss) => message(iss) });
  if (r.success) return { value: r.data, errors: [] };
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of r.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: fieldPath([...issue.path, key]), message: 'is not an accepted field' });
      continue;
    }
    const field = fieldPath(issue.path);
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return { value: undefined as never, errors };
}

/** The request schema of a body for the OpenAPI document. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _s, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

/** A field name as it can be shown and stored (jsonb refuses NUL): controls, bidi marks and surrogates escaped. */
export function printable(name: string): string {
  const shown = name.length > 100 ? `${name.slice(0, 100)}…` : name;
  return shown.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

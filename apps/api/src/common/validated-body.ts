import type { z } from 'zod';
import { fieldErrors } from './problem-details.filter';
import { checkBody } from './body-schema.util';

/** Validates a request body against its schema, or throws 400 problem details naming every bad field. */
export function validated<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const { value, errors } = checkBody(schema, body);
  if (errors.length) throw fieldErrors(400, 'Invalid request body', errors);
  return value;
}

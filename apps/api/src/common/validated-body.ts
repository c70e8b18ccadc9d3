import { fieldErrors } from './problem-details.filter';
import { checkBody, type Schema } from './body-schema.util';

/** Validates a request body against a schema, or throws 400 problem details naming every bad field. */
export function validated<T>(schema: Schema, body: unknown): T {
  const { value, errors } = checkBody<T>(schema, body);
  if (errors.length) throw fieldErrors(400, 'Invalid request body', errors);
  return value;
}

// Every route declares, in one decorator, what it answers: its success status with the response schema, and every
// error status it can give (problem details). The statuses every route shares are added here from the route's
// kind, so a route cannot forget them: 400 (bad query or path text), 401 (no or bad token) unless public, 503 (a
// dependency is down); actions add 400 (Idempotency-Key), 409 (in progress), 413 (body too large), 415 (content
// type) and 422 (key reused).
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import type { z } from 'zod';
import { openApiSchema } from './body-schema.util';
import { problemSchema } from './response.schemas';

const DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Invalid request: problem details naming each bad field',
  401: 'No valid bearer token',
  403: 'The caller may not do this (problem details say why)',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict with the current state (problem details carry it)',
  413: 'Body or document too large',
  415: 'Unsupported content type',
  422: 'Understood but refused: problem details naming each field',
  429: 'Too many attempts: wait Retry-After seconds',
  501: 'Not available on this installation (e.g. PDF without LibreOffice)',
  503: 'A dependency (PostgreSQL or Temporal) is down: retry after Retry-After seconds',
};

export interface Answers {
  /** Success status and its body schema (null: a body that is not JSON, e.g. a download). */
  ok: [number, z.ZodType | null, string?];
  /** Error statuses particular to this route. */
  errors?: number[];
  /** Public route (no 401). */
  public?: boolean;
  /** An action with Idempotency-Key and a body. */
  action?: boolean;
}

export function ApiAnswers(a: Answers): MethodDecorator {
  const [status, schema, contentType] = a.ok;
  const errors = new Set<number>([400, 503, ...(a.public ? [] : [401]), ...(a.action ? [400, 409, 413, 415, 422] : []), ...(a.errors ?? [])]);
  const problem = { 'application/problem+json': { schema: openApiSchema(problemSchema) } };
  const decorators = [
    ApiResponse({
      status,
      description: DESCRIPTIONS[status] ?? 'OK',
      ...(schema ? { content: { 'application/json': { schema: openApiSchema(schema) } } } : contentType ? { content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } } : {}),
    }),
    ...[...errors].sort().map((s) => ApiResponse({ status: s, description: DESCRIPTIONS[s] ?? 'Error', content: problem })),
  ];
  return applyDecorators(...decorators);
}

/** The request body of a route, from its zod schema (the same one that validates it). */
export function ApiBodyOf(schema: z.ZodType, opts: { required?: boolean; description?: string } = {}): MethodDecorator {
  return ApiBody({ required: opts.required ?? true, description: opts.description, schema: openApiSchema(schema) as never });
}

// Checks every request meets before any route sees it, so that no route can forget them: each query parameter is
// given at most once and holds acceptable text, and JSON bodies are not nested absurdly deep (the recursive walks
// over a body — validation, canonical JSON for idempotency — would otherwise overflow the stack and answer 500).
import { unsafeTextReason } from '@khflow/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { printable } from './body-schema.util';
import { problemType } from './problem-details.filter';

export const MAX_JSON_DEPTH = 32;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The nesting depth of a parsed JSON value, computed without recursion. */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

function sendProblem(req: FastifyRequest, reply: FastifyReply, field: string, message: string, status = 400): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({ type: problemType(status), title: 'Invalid request', status, detail: `${field}: ${message}`, errors: [{ field, message }], instance: req.url });
}

export function registerRequestGuards(fastify: FastifyInstance): void {
  // JSON parsed by us so the depth is checked before anything walks the value.
  fastify.removeContentTypeParser(['application/json']);
  fastify.addContentTypeParser(['application/json', 'application/problem+json'], { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (!text.trim()) return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const e = Object.assign(new Error(`(body): is not valid JSON (${err instanceof Error ? err.message : 'parse error'})`), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON' });
      return done(e, undefined);
    }
    if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return done(Object.assign(new Error(`(body): is nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400, code: 'KHFLOW_JSON_TOO_DEEP' }), undefined);
    done(null, value);
  });
  fastify.addHook('preValidation', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(q)) {
      const field = printable(name);
      const bad = unsafeTextReason(name);
      if (bad) return sendProblem(req, reply, field, `the parameter name ${bad}`);
      if (Array.isArray(value)) return sendProblem(req, reply, field, 'must be given at most once');
      if (typeof value === 'string') {
        const why = unsafeTextReason(value);
        if (why) return sendProblem(req, reply, field, why);
      }
    }
    const params = (req.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      const why = typeof value === 'string' ? unsafeTextReason(value) : null;
      if (why) return sendProblem(req, reply, name, why);
    }
    return undefined;
  });
}

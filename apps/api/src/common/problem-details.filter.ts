// Every error leaves the API as RFC 9457 problem details (application/problem+json). Validation errors name the
// offending field in `errors[].field`; unexpected errors are logged with the request id and never leak internals.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemDetails } from '@khflow/contracts';
import { downDependency, RETRY_AFTER_SECONDS } from './dependency-errors';

export type { ProblemDetails };
export type FieldError = NonNullable<ProblemDetails['errors']>[number];

/** An error that already knows its problem-details form (field errors, conflict state …). */
export class ProblemException extends HttpException {
  constructor(readonly problem: { status: number; title?: string; type?: string; detail?: string; errors?: FieldError[]; [extension: string]: unknown }) {
    super(problem, problem.status);
  }
}

export function fieldError(status: number, field: string, message: string, title = 'Invalid request'): ProblemException {
  return fieldErrors(status, title, [{ field, message }]);
}

/** One problem naming every bad field, in `errors` and in a readable `detail` (by its label where it has one). */
export function fieldErrors(status: number, title: string, errors: FieldError[]): ProblemException {
  return new ProblemException({ status, title, detail: errors.map((e) => `${e.label ?? e.field}: ${e.message}`).join('; '), errors });
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  503: 'Service unavailable',
};

export function problemType(status: number): string {
  return status >= 500 ? 'about:blank' : `https://khflow.dev/problems/${status}`;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('khflow-api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    problem.instance = req.url;
    // Whoever is told to wait is told how long (429 throttling, 503 while a dependency is down, 409 in progress).
    const retryAfter = (problem as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number' && retryAfter > 0) void reply.header('retry-after', String(Math.ceil(retryAfter)));
    else if (problem.status === 503 || problem.status === 429) void reply.header('retry-after', '5');
    if (problem.status === 503) this.logger.warn(`${req.id} ${req.method} ${req.url}: ${problem.detail ?? 'unavailable'}`);
    else if (problem.status >= 500) this.logger.error(`${req.id} ${req.method} ${req.url}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) {
      const p = exception.problem;
      return { ...p, status: p.status, type: p.type ?? problemType(p.status), title: p.title ?? TITLES[p.status] ?? 'Error' };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const base: ProblemDetails = { type: problemType(status), title: TITLES[status] ?? exception.name, status };
      if (typeof body === 'string') return { ...base, detail: body };
      const b = body as Record<string, unknown>;
      const message = Array.isArray(b.message) ? b.message.join('; ') : typeof b.message === 'string' ? b.message : undefined;
      const { message: _m, error: _e, statusCode: _s, ...rest } = b;
      return { ...base, ...(message ? { detail: message } : {}), ...rest };
    }
    // Fastify's own errors (body too large, bad JSON, unsupported content type) carry a statusCode.
    const fe = exception as { statusCode?: number; message?: string; code?: string };
    if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return { type: problemType(fe.statusCode), title: TITLES[fe.statusCode] ?? 'Bad request', status: fe.statusCode, detail: fe.message, ...(fe.code ? { code: fe.code } : {}) };
    }
    const down = downDependency(exception);
    if (down) {
      return { type: problemType(503), title: 'Service unavailable', status: 503, detail: `${down === 'postgres' ? 'PostgreSQL' : 'Temporal'} is not answering; retry in a few seconds`, dependency: down, retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    return { type: 'about:blank', title: 'Internal server error', status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'An unexpected error occurred; it has been logged.' };
  }
}

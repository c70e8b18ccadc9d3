// Every action takes an Idempotency-Key header. The first request with a key runs and its answer is stored; the
// same key and body again returns that answer; the same key with another body is 422; no key is 400. The key is
// also the Temporal update ID (see idempotencyKeyOf), so even a crash between the update and storing the answer
// applies the action once.
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { canonicalJson } from '@khflow/persistence';
import type { AppConfig } from '@khflow/config';
import { APP_CONFIG, DATA_SOURCE } from '../api.tokens';
import type { AuthUser } from '../auth/auth-user';
import { ProblemException } from './problem-details.filter';
import { readUpload } from './upload.util';

export const IDEMPOTENT = 'khflow:idempotent';
/** Marks an action route: it needs an Idempotency-Key and its answer is replayed for the same key. */
export const Idempotent = () => SetMetadata(IDEMPOTENT, true);

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const ABANDONED_AFTER_SECONDS = 120;

/** The caller's idempotency key of the current request (set by the interceptor). */
export function idempotencyKeyOf(req: object): string {
  const key = (req as { idempotencyKey?: string }).idempotencyKey;
  if (!key) throw new Error('idempotencyKeyOf called on a route without @Idempotent()');
  return key;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT, ctx.getHandler())) return next.handle();
    return from(this.run(ctx, next));
  }

  private async run(ctx: ExecutionContext, next: CallHandler): Promise<unknown> {
    const req = ctx.switchToHttp().getRequest();
    const reply = ctx.switchToHttp().getResponse();
    const user: AuthUser = req.user;
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) {
      throw new ProblemException({ status: 400, title: 'Idempotency-Key required', detail: 'Idempotency-Key: this action needs an Idempotency-Key header (for example a UUID)', errors: [{ field: 'Idempotency-Key', message: 'is required' }] });
    }
    if (!KEY.test(key)) {
      throw new ProblemException({ status: 400, title: 'Invalid Idempotency-Key', detail: 'Idempotency-Key: 1-200 characters of letters, digits, . _ : -', errors: [{ field: 'Idempotency-Key', message: 'must be 1-200 characters of letters, digits, . _ : -' }] });
    }
    const path = String(req.url).split('?')[0];
    // An upload is keyed by its file: read here (once), handed to the route as req.upload.
    if (typeof req.isMultipart === 'function' && req.isMultipart()) {
      const file = await readUpload(req, this.config.maxUploadBytes);
      req.upload = file;
      req.body = { fileName: file.fileName, contentType: file.contentType, sha256: createHash('sha256').update(file.content).digest('hex') };
    }
    const bodyHash = createHash('sha256').update(canonicalJson(req.body ?? null)).digest('hex');
    const inserted = await this.db.query(
      `INSERT INTO idempotency_record (user_id, key, method, path, body_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [user.id, key, req.method, path, bodyHash],
    );
    // A placeholder left by an API process that died mid-request is taken over after a while: the action then runs
    // again, which is safe because the key is also the Temporal update ID (and the draft ids derive from it).
    // (TypeORM returns [rows, affected] for an UPDATE.)
    const [, takenOver] = inserted.length
      ? [[], 0]
      : ((await this.db.query(
          `UPDATE idempotency_record SET created_at = now() WHERE user_id = $1 AND key = $2 AND status_code IS NULL AND created_at < now() - make_interval(secs => $3)
             AND method = $4 AND path = $5 AND body_hash = $6 RETURNING key`,
          [user.id, key, ABANDONED_AFTER_SECONDS, req.method, path, bodyHash],
        )) as [unknown[], number]);
    if (!inserted.length && !takenOver) {
      const [rec] = await this.db.query('SELECT method, path, body_hash, status_code, response FROM idempotency_record WHERE user_id = $1 AND key = $2', [user.id, key]);
      if (rec.method !== req.method || rec.path !== path || rec.body_hash !== bodyHash) {
        throw new ProblemException({ status: 422, title: 'Idempotency-Key reused', detail: `Idempotency-Key: this key was used for another request (${rec.method} ${rec.path} with another body)`, errors: [{ field: 'Idempotency-Key', message: 'was already used with a different request' }] });
      }
      if (rec.status_code === null) throw new ProblemException({ status: 409, title: 'Request in progress', detail: 'a request with this Idempotency-Key is still being processed; retry shortly' });
      reply.header('idempotent-replayed', 'true');
      if (rec.status_code >= 400) throw new ProblemException({ ...(rec.response?.replayedError ?? {}), status: rec.status_code });
      reply.status(rec.status_code);
      return rec.response;
    }
    req.idempotencyKey = `${user.id}:${key}`;
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: null });
      const status = this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
      await this.db.query('UPDATE idempotency_record SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2', [user.id, key, status, JSON.stringify(result ?? null)]);
      return result;
    } catch (err) {
      // A refused action (4xx) is the answer for this key as well; anything else may be retried with the same key.
      const status = (err as { getStatus?: () => number }).getStatus?.();
      if (status && status >= 400 && status < 500 && status !== 409) {
        const body = (err as { getResponse: () => unknown }).getResponse();
        await this.db.query('UPDATE idempotency_record SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2', [user.id, key, status, JSON.stringify({ replayedError: body })]);
      } else {
        await this.db.query('DELETE FROM idempotency_record WHERE user_id = $1 AND key = $2', [user.id, key]);
      }
      throw err;
    }
  }
}

// Every action takes an Idempotency-Key header. The first request with a key runs and its answer is stored; the
// same key and body again returns that answer; the same key with another body is 422; no key is 400. The key is
// also the Temporal update ID (see idempotencyKeyOf), so even a crash between the update and storing the answer
// applies the action once.
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, type OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { canonicalJson, IdempotencyRepository } from '@khflow/persistence';
import type { AppConfig } from '@khflow/config';
import { APP_CONFIG, DATA_SOURCE } from '../api.tokens';
import type { AuthUser } from '../auth/auth-user';
import { ProblemException } from './problem-details.filter';
import { readUpload } from './upload.util';

export const IDEMPOTENT = 'khflow:idempotent';
/** Marks an action route: it needs an Idempotency-Key and its answer is replayed for the same key. */
export const Idempotent = () => SetMetadata(IDEMPOTENT, true);

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;
/** An action in progress renews its lease this often; a crashed API stops, and a retry takes over after the lease. */
export const LEASE_SECONDS = 10;
const RENEW_EVERY_MS = 3_000;
/** How long an answer is replayed for its key. */
export const RETENTION_SECONDS = 24 * 3600;
const PURGE_EVERY_MS = 10 * 60_000;

/** The caller's idempotency key of the current request (set by the interceptor). */
export function idempotencyKeyOf(req: object): string {
  const key = (req as { idempotencyKey?: string }).idempotencyKey;
  if (!key) throw new Error('idempotencyKeyOf called on a route without @Idempotent()');
  return key;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleDestroy {
  private readonly records: IdempotencyRepository;
  private readonly purger: NodeJS.Timeout;

  constructor(
    private readonly reflector: Reflector,
    @Inject(DATA_SOURCE) db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.records = new IdempotencyRepository(db);
    const purge = () => void this.records.purgeOlderThan(RETENTION_SECONDS).catch(() => undefined);
    purge(); // at start, then every few minutes: records never outlive their retention by much
    this.purger = setInterval(purge, PURGE_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purger);
  }

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
    const request = { userId: user.id, key, method: req.method, path, bodyHash };
    // A placeholder left by an API process that died mid-request is taken over once its lease runs out: the action
    // then runs again, which is safe because the key is also the Temporal update ID (and the draft ids derive from it).
    const claimed = (await this.records.claim(request, LEASE_SECONDS)) || (await this.records.takeOverAbandoned(request, LEASE_SECONDS));
    if (!claimed) {
      const rec = await this.records.find(user.id, key);
      if (!rec) throw new ProblemException({ status: 409, title: 'Request in progress', detail: 'a request with this Idempotency-Key has just finished; retry', retryAfterSeconds: 1 });
      if (rec.method !== req.method || rec.path !== path || rec.bodyHash !== bodyHash) {
        throw new ProblemException({ status: 422, title: 'Idempotency-Key reused', detail: `Idempotency-Key: this key was used for another request (${rec.method} ${rec.path} with another body)`, errors: [{ field: 'Idempotency-Key', message: 'was already used with a different request' }] });
      }
      if (rec.statusCode === null) {
        throw new ProblemException({ status: 409, title: 'Request in progress', detail: 'a request with this Idempotency-Key is still being processed; retry shortly', retryAfterSeconds: 2 });
      }
      reply.header('idempotent-replayed', 'true');
      const stored = rec.response as { replayedError?: Record<string, unknown> } | null;
      if (rec.statusCode >= 400) throw new ProblemException({ ...(stored?.replayedError ?? {}), status: rec.statusCode });
      reply.status(rec.statusCode);
      return rec.response;
    }
    req.idempotencyKey = `${user.id}:${key}`;
    const renew = setInterval(() => void this.records.renewLease(user.id, key, LEASE_SECONDS).catch(() => undefined), RENEW_EVERY_MS);
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: null });
      const status = this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
      await this.records.complete(user.id, key, status, result ?? null);
      return result;
    } catch (err) {
      // A refused action (4xx) is the answer for this key as well; anything else may be retried with the same key.
      const status = (err as { getStatus?: () => number }).getStatus?.();
      if (status && status >= 400 && status < 500 && status !== 409 && status !== 429) {
        const body = (err as { getResponse: () => unknown }).getResponse();
        await this.records.complete(user.id, key, status, { replayedError: body });
      } else {
        await this.records.release(user.id, key);
      }
      throw err;
    } finally {
      clearInterval(renew);
    }
  }
}

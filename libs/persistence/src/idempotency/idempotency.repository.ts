import type { DataSource, EntityManager } from 'typeorm';

export interface IdempotencyRecord {
  method: string;
  path: string;
  bodyHash: string;
  statusCode: number | null;
  response: unknown;
}

export interface IdempotencyRequest {
  userId: string;
  key: string;
  method: string;
  path: string;
  bodyHash: string;
}

// jsonb refuses NUL and unpaired surrogates: an answer quoting such text is stored with U+FFFD in their place.
const storable = (_key: string, v: unknown) => (typeof v === 'string' ? v.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : v);

/**
 * The answers of actions, per user and Idempotency-Key. A record without a status is an action in progress: its
 * lease is renewed while the API works on it, so when the API process dies the lease runs out within seconds and a
 * retry with the same key takes the action over.
 */
export class IdempotencyRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Claims the key for this request; false when a record for the key exists already. */
  async claim(r: IdempotencyRequest, leaseSeconds: number): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO idempotency_record (user_id, key, method, path, body_hash, lease_until) VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
       ON CONFLICT DO NOTHING RETURNING key`,
      [r.userId, r.key, r.method, r.path, r.bodyHash, leaseSeconds],
    );
    return rows.length > 0;
  }

  /** Takes over an unfinished record of the same request whose lease ran out (its process died). */
  async takeOverAbandoned(r: IdempotencyRequest, leaseSeconds: number): Promise<boolean> {
    const [rows] = (await this.db.query(
      `UPDATE idempotency_record SET lease_until = now() + make_interval(secs => $6), created_at = now()
        WHERE user_id = $1 AND key = $2 AND status_code IS NULL AND coalesce(lease_until, created_at) < now()
          AND method = $3 AND path = $4 AND body_hash = $5 RETURNING key`,
      [r.userId, r.key, r.method, r.path, r.bodyHash, leaseSeconds],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  async find(userId: string, key: string): Promise<IdempotencyRecord | null> {
    const [rec] = await this.db.query('SELECT method, path, body_hash, status_code, response FROM idempotency_record WHERE user_id = $1 AND key = $2', [userId, key]);
    return rec ? { method: rec.method, path: rec.path, bodyHash: rec.body_hash, statusCode: rec.status_code, response: rec.response } : null;
  }

  async renewLease(userId: string, key: string, leaseSeconds: number): Promise<void> {
    await this.db.query('UPDATE idempotency_record SET lease_until = now() + make_interval(secs => $3) WHERE user_id = $1 AND key = $2 AND status_code IS NULL', [userId, key, leaseSeconds]);
  }

  async complete(userId: string, key: string, statusCode: number, response: unknown): Promise<void> {
    await this.db.query('UPDATE idempotency_record SET status_code = $3, response = $4, lease_until = NULL WHERE user_id = $1 AND key = $2', [userId, key, statusCode, JSON.stringify(response ?? null, storable)]);
  }

  async release(userId: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_record WHERE user_id = $1 AND key = $2', [userId, key]);
  }

  /** Removes records older than the retention (a retry a day later is a new request). */
  async purgeOlderThan(seconds: number): Promise<number> {
    const [, n] = (await this.db.query('DELETE FROM idempotency_record WHERE created_at < now() - make_interval(secs => $1)', [seconds])) as [unknown, number];
    return n ?? 0;
  }
}

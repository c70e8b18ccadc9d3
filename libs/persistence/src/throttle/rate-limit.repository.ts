import type { DataSource, EntityManager } from 'typeorm';

/**
 * Fixed windows of counted events per key (login attempts per address, per username, per both), in PostgreSQL so
 * that every API replica sees the same counts and a restart forgets nothing.
 */
export class RateLimitRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Counts one event for each key; returns each key's count in its window and the seconds left in that window. */
  async hit(keys: string[], windowSeconds: number): Promise<{ key: string; count: number; remainingSeconds: number }[]> {
    const rows = await this.db.query(
      `INSERT INTO rate_limit_window AS w (key, window_start, count) SELECT k, now(), 1 FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN w.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE w.count + 1 END,
         window_start = CASE WHEN w.window_start <= now() - make_interval(secs => $2) THEN now() ELSE w.window_start END
       RETURNING key, count, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::int AS remaining`,
      [keys, windowSeconds],
    );
    return rows.map((r: { key: string; count: number; remaining: number }) => ({ key: r.key, count: r.count, remainingSeconds: Math.max(1, r.remaining) }));
  }

  /** Forgets windows that ended long ago. */
  async purgeOlderThan(seconds: number): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_window WHERE window_start < now() - make_interval(secs => $1)', [seconds]);
  }
}

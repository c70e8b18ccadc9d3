import type { MigrationInterface, QueryRunner } from 'typeorm';

// Login throttling kept in PostgreSQL so every API replica counts the same attempts; and idempotency records with
// a lease (an action in progress renews it, a crashed process stops renewing, so a retry takes over within
// seconds instead of minutes) and an expiry (records are kept for a day, then removed).
export class LoginThrottleAndIdempotencyLease1764000200000 implements MigrationInterface {
  name = 'LoginThrottleAndIdempotencyLease1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_window (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        count integer NOT NULL
      );
      CREATE INDEX rate_limit_window_start_idx ON rate_limit_window (window_start);

      ALTER TABLE idempotency_record ADD COLUMN lease_until timestamptz;
      CREATE INDEX idempotency_record_created_idx ON idempotency_record (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS idempotency_record_created_idx;
      ALTER TABLE idempotency_record DROP COLUMN IF EXISTS lease_until;
      DROP TABLE IF EXISTS rate_limit_window;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

// Engine: notifications as kind + parameters (the console renders them in the reader's language), assignments
// that ended past their deadline without a report (shown as not_reported_at_close), and the record of projections
// the read model refused for good (bad data), so that they are visible instead of retried forever.
export class VersionedProjections1764000100000 implements MigrationInterface {
  name = 'VersionedProjections1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notification ADD COLUMN params jsonb;
      ALTER TABLE assignment ADD COLUMN not_reported boolean NOT NULL DEFAULT false;
      CREATE TABLE projection_failure (
        id bigserial PRIMARY KEY,
        event_key text NOT NULL UNIQUE,
        workflow_id text,
        assignment_id uuid,
        plan_id uuid,
        action text NOT NULL,
        error_code text,
        error_message text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX projection_failure_assignment_idx ON projection_failure (assignment_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS projection_failure;
      ALTER TABLE assignment DROP COLUMN IF EXISTS not_reported;
      ALTER TABLE notification DROP COLUMN IF EXISTS params;
    `);
  }
}

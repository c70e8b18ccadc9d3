import type { MigrationInterface, QueryRunner } from 'typeorm';

// Checkpoints of the audit chain: after a verification that found the chain intact up to entry `seq`, its hash there.
// The next incremental verification starts from the newest checkpoint, so checking after 1,000 new entries costs those
// 1,000, not the whole chain; a full verification recomputes from the first entry and also compares every checkpoint
// it passes (a chain rewritten consistently after a checkpoint was taken no longer matches it). Append-only, like the
// chain itself.
export class AuditCheckpoints1764001200001 implements MigrationInterface {
  name = 'AuditCheckpoints1764001200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoint (
        seq bigint PRIMARY KEY,
        hash text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('incremental','full')),
        checked bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint
        FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();
      CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS audit_checkpoint');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

// A reorganisation that merges consolidating units absorbs the consolidation that would duplicate the successor's:
// a third kind of move (the surviving consolidation's workflow travels in the split column).
export class ReorganisationMoveAbsorb1764001350000 implements MigrationInterface {
  name = 'ReorganisationMoveAbsorb1764001350000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reorganisation_move DROP CONSTRAINT IF EXISTS reorganisation_move_action_check`);
    await q.query(`ALTER TABLE reorganisation_move ADD CONSTRAINT reorganisation_move_action_check CHECK (action IN ('reassign','merge_into','absorb'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reorganisation_move DROP CONSTRAINT IF EXISTS reorganisation_move_action_check`);
    await q.query(`ALTER TABLE reorganisation_move ADD CONSTRAINT reorganisation_move_action_check CHECK (action IN ('reassign','merge_into'))`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

// A reorganisation move that splits a district office's consolidation among its communes carries the split: the
// shares it starts, the successors the level above now awaits, the share a school now reports to.
export class ReorganisationMoveSplit1764000700000 implements MigrationInterface {
  name = 'ReorganisationMoveSplit1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reorganisation_move ADD COLUMN split jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reorganisation_move DROP COLUMN split`);
  }
}

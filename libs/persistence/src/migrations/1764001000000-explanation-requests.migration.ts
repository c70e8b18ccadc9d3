import type { MigrationInterface, QueryRunner } from 'typeorm';

// Explanation requests (yêu cầu giải trình, issue 17): a supervisor asks an overdue unit why; the unit answers with
// a reason and the date by which it will finish. The workflow holds the truth; this is the read model the
// assignment page and the dashboard show (the audit log keeps both steps).
export class ExplanationRequests1764001000000 implements MigrationInterface {
  name = 'ExplanationRequests1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE explanation_request (
        id text PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES assignment(id),
        message text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'answered')),
        reason text,
        new_due date,
        answered_by text,
        answered_at timestamptz
      );
      CREATE INDEX explanation_assignment_idx ON explanation_request (assignment_id);
      CREATE INDEX explanation_pending_idx ON explanation_request (status, requested_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS explanation_request`);
  }
}

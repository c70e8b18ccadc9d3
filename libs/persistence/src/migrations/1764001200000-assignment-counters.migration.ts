import type { MigrationInterface, QueryRunner } from 'typeorm';

// Counters of assignments per plan × unit and per plan × task, so that the dashboard, plan progress and the inbox's
// counts read a few rows per unit instead of aggregating every assignment (a million of them at national scale).
//
// Exact in the same transaction as the row: statement-level triggers on `assignment` (with transition tables) apply
// +1 for each new row version and −1 for each old one, grouped by key, zero deltas dropped. Every writer — the
// projection activities, reorganisation moves (unit_id changes), amendments (due changes), bulk inserts — keeps them
// exact without having to remember to: the rule lives here once, not in every repository method that writes a row.
// An update that changes no key column (a version bump, a comment count) nets to zero and touches no counter.
//
// Overdue depends on time, so a counter cannot hold it (nothing runs at midnight to move rows). The key therefore
// holds only what is fixed once written: the state, not_reported, the due date and `late` (submitted at or after the
// end of the due day). At query time counterStatusSql (reported-status.sql.ts) derives the reported status of each
// counter row from those and `now` — overdue is "open, due date passed, not a submission made in time" — exactly as
// reportedStatusSql does for one assignment. The due date is in the key only for open work (assignment_count_due),
// so a unit has per plan one row per closed state and one per open state and due date.
//
// Per-task counts are striped over 8 shards (of the assignment id): a fan-out to 5,000 schools of one task inserts
// 5,000 rows of the same key; without stripes every projection transaction would queue on one counter row.
// A due date of NULL is stored as 'infinity' so that the key can be a primary key (and ON CONFLICT target).

/** One statement applying the deltas of `rows` (assignment rows with d = +1 / −1) to both counter tables. */
function applyDeltas(rows: string): string {
  // Rows are upserted in key order so that concurrent statements lock counter rows in one order.
  return `WITH v AS (
      SELECT plan_id, task_id, unit_id, kind, state, not_reported, assignment_count_late(due, submitted_at) AS late,
             assignment_count_due(state, due, submitted_at) AS due, (abs(hashtext(id::text)) % 8)::smallint AS shard, d
        FROM (${rows}) r
    ), by_unit AS (
      INSERT INTO assignment_unit_count AS c (plan_id, unit_id, kind, state, not_reported, late, due, n)
      SELECT plan_id, unit_id, kind, state, not_reported, late, due, sum(d) FROM v
       GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d) <> 0 ORDER BY 2, 1, 3, 4, 5, 6, 7
      ON CONFLICT (unit_id, plan_id, kind, state, not_reported, late, due) DO UPDATE SET n = c.n + EXCLUDED.n
    )
    INSERT INTO assignment_task_count AS c (plan_id, task_id, kind, state, not_reported, late, due, shard, n)
    SELECT plan_id, task_id, kind, state, not_reported, late, due, shard, sum(d) FROM v
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (plan_id, task_id, kind, state, not_reported, late, due, shard) DO UPDATE SET n = c.n + EXCLUDED.n;`;
}

/** The trigger function's body as this migration creates it (1764001300000's down restores it). */
export function assignmentCountsApplyBody(): string {
  return `BEGIN
        IF TG_OP = 'INSERT' THEN
          ${applyDeltas('SELECT r.*, 1 AS d FROM new_rows r')}
        ELSIF TG_OP = 'DELETE' THEN
          ${applyDeltas('SELECT r.*, -1 AS d FROM old_rows r')}
        ELSE
          ${applyDeltas('SELECT r.*, 1 AS d FROM new_rows r UNION ALL SELECT r.*, -1 FROM old_rows r')}
        END IF;
        RETURN NULL;
      END`;
}

export class AssignmentCounters1764001200000 implements MigrationInterface {
  name = 'AssignmentCounters1764001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assignment_unit_count (
        plan_id uuid NOT NULL,
        unit_id text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        not_reported boolean NOT NULL,
        late boolean NOT NULL,
        due date NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (unit_id, plan_id, kind, state, not_reported, late, due)
      );
      CREATE INDEX assignment_unit_count_plan_idx ON assignment_unit_count (plan_id);
      CREATE TABLE assignment_task_count (
        plan_id uuid NOT NULL,
        task_id uuid NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        not_reported boolean NOT NULL,
        late boolean NOT NULL,
        due date NOT NULL,
        shard smallint NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (plan_id, task_id, kind, state, not_reported, late, due, shard)
      );

      -- Submitted at or after the end of the due day (Asia/Ho_Chi_Minh): fixed once the submission is made.
      CREATE FUNCTION assignment_count_late(due date, submitted_at timestamptz) RETURNS boolean STABLE LANGUAGE sql AS $$
        SELECT submitted_at IS NOT NULL AND due IS NOT NULL AND submitted_at >= ((due + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
      $$;

      -- The due date as the counters key it: only where the reported status still depends on it (open work, which
      -- turns overdue when the day passes). Done, cancelled and in-time submissions never become overdue, so they
      -- share one row per unit and plan whatever their due dates ('infinity').
      CREATE FUNCTION assignment_count_due(state text, due date, submitted_at timestamptz) RETURNS date STABLE LANGUAGE sql AS $$
        SELECT CASE WHEN due IS NULL OR state IN ('approved','cancelled') OR (state = 'submitted' AND NOT assignment_count_late(due, submitted_at))
                    THEN 'infinity'::date ELSE due END
      $$;

      CREATE FUNCTION assignment_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$ ${assignmentCountsApplyBody()} $$;
    `);
    // The transition tables are visible only to the trigger that declares them; each trigger declares the names its
    // branch of the function reads (PL/pgSQL plans a branch's statement only when it first runs).
    await q.query(`
      CREATE TRIGGER assignment_counts_insert AFTER INSERT ON assignment REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION assignment_counts_apply();
      CREATE TRIGGER assignment_counts_update AFTER UPDATE ON assignment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION assignment_counts_apply();
      CREATE TRIGGER assignment_counts_delete AFTER DELETE ON assignment REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION assignment_counts_apply();
    `);
    // Assignments that exist already.
    await q.query(`
      INSERT INTO assignment_unit_count (plan_id, unit_id, kind, state, not_reported, late, due, n)
      SELECT plan_id, unit_id, kind, state, not_reported, assignment_count_late(due, submitted_at), assignment_count_due(state, due, submitted_at), count(*)
        FROM assignment GROUP BY 1, 2, 3, 4, 5, 6, 7;
      INSERT INTO assignment_task_count (plan_id, task_id, kind, state, not_reported, late, due, shard, n)
      SELECT plan_id, task_id, kind, state, not_reported, assignment_count_late(due, submitted_at), assignment_count_due(state, due, submitted_at),
             (abs(hashtext(id::text)) % 8)::smallint, count(*)
        FROM assignment GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    `);
    // The dashboard's overdue list (earliest due first among open assignments), its 30-day timeline (recent
    // submissions, approvals and overdue events) and plan progress's consolidation states without reading every
    // assignment of the plan or the whole audit chain.
    await q.query(`
      CREATE INDEX assignment_consolidation_idx ON assignment (plan_id, unit_id, created_at DESC) WHERE kind = 'consolidation';
      CREATE INDEX assignment_open_due_date_idx ON assignment (due, id) WHERE state NOT IN ('approved','cancelled') AND kind <> 'coordination';
      CREATE INDEX audit_assignment_events_idx ON audit_log (occurred_at)
        WHERE action IN ('assignment.approved','assignment.submitted','assignment.overdue');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS audit_assignment_events_idx;
      DROP INDEX IF EXISTS assignment_open_due_date_idx;
      DROP INDEX IF EXISTS assignment_consolidation_idx;
      DROP TRIGGER IF EXISTS assignment_counts_insert ON assignment;
      DROP TRIGGER IF EXISTS assignment_counts_update ON assignment;
      DROP TRIGGER IF EXISTS assignment_counts_delete ON assignment;
      DROP FUNCTION IF EXISTS assignment_counts_apply();
      DROP FUNCTION IF EXISTS assignment_count_due(text, date, timestamptz);
      DROP FUNCTION IF EXISTS assignment_count_late(date, timestamptz);
      DROP TABLE IF EXISTS assignment_task_count, assignment_unit_count;
    `);
  }
}

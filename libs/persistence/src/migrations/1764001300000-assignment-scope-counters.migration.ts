import type { MigrationInterface, QueryRunner } from 'typeorm';
import { assignmentCountsApplyBody } from './1764001200000-assignment-counters.migration';

// Roll-up counters along the reporting tree (issue 20): assignment_scope_count holds, for each unit S, the
// assignments of S and of every unit under it, per plan × kind × state × not_reported × late × due (the key of
// assignment_unit_count). The dashboard's totals and per-plan counts for a scope then read the rows of one scope unit
// instead of summing the unit counters of its whole subtree (10,000 units at national scale).
//
// "Under" is the dashboard's rule (reportingSubtree / reportingChain in @khflow/domain): a unit's chain is the unit,
// the unit it reports to (reports_to_id, else parent_id), … while that unit exists, cut at a cycle. org_unit's
// current columns are the version the directory index uses today (refreshCurrentUnits runs before the index is
// built), so the tree here and the tree of the index are the same one.
//
// Kept by triggers in the row's transaction, like the unit counters, because the counters must stay exact through
// writers that no repository method sees: a reorganisation moves assignments (unit_id changes) in bulk SQL, and an
// administrator's change (or a future-dated version taking effect) moves org units to another parent, which moves
// the counts of their whole subtree to other ancestors without touching an assignment row.
// - on assignment: the statement trigger of 1764001200000 also applies its deltas to every unit of the chain;
// - on org_unit: when a unit's up link changes (or a unit appears or goes), each unit under it has its unit counters
//   taken off its old chain and added to its new one (the two nets to zero on the ancestors both share).
//
// Race: a move reads the unit counters while a projection may be adding to the old chain. The org trigger locks the
// table EXCLUSIVE (waits for projections in flight to commit, holds new ones until it commits); a projection's
// statement must then read the chain after the move commits. PostgreSQL locks a statement's tables before it takes
// the statement's snapshot (READ COMMITTED), so that holds already; the assignment trigger also says it in a LOCK
// statement of its own, so it does not rest on that. Forced in both orders by test/persistence/assignment-counters.
// Moves are rare administrator acts.
//
// Striped over 8 shards by the assignee unit (not the assignment): the rows of a Sở or a ministry are hot (every
// school's projection adds to them); a unit's counts all land in one shard, so a move takes them off and puts them
// back shard by shard and no shard ever goes negative.

const SHARD = (unit: string) => `(abs(hashtext(${unit})) % 8)::smallint`;
const SCOPE_KEY = 'scope_unit_id, plan_id, kind, state, not_reported, late, due, shard';

/** The org tree as (id, up): the current one (inlined by the planner, so the chain walks the primary key). */
const CURRENT_ORG = `(SELECT id, coalesce(reports_to_id, parent_id) AS up FROM org_unit)`;

/**
 * A recursive CTE `name(unit_id, scope_id, path)`: each unit of `seeds` (a relation with unit_id) and every unit of
 * its chain in `org` (a relation (id, up)). The unit itself always; an up link only to a unit that exists, never
 * back to a unit already on the chain (reportingChain's rules).
 */
function chainCte(name: string, seeds: string, org: string): string {
  return `${name}(unit_id, scope_id, path) AS (
      SELECT s.unit_id, s.unit_id, ARRAY[s.unit_id] FROM (SELECT DISTINCT unit_id FROM ${seeds}) s
      UNION ALL
      SELECT c.unit_id, o.up, c.path || o.up FROM ${name} c JOIN ${org} o ON o.id = c.scope_id
       WHERE o.up IS NOT NULL AND o.up <> ALL (c.path) AND EXISTS (SELECT 1 FROM ${org} p WHERE p.id = o.up)
    )`;
}

/** The assignment trigger's statement: 1764001200000's deltas, and the same deltas on every unit of the chain. */
function applyDeltas(rows: string): string {
  return `WITH RECURSIVE v AS (
      SELECT plan_id, task_id, unit_id, kind, state, not_reported, assignment_count_late(due, submitted_at) AS late,
             assignment_count_due(state, due, submitted_at) AS due, (abs(hashtext(id::text)) % 8)::smallint AS shard, d
        FROM (${rows}) r
    ), ${chainCte('ch', 'v', CURRENT_ORG)}, by_unit AS (
      INSERT INTO assignment_unit_count AS c (plan_id, unit_id, kind, state, not_reported, late, due, n)
      SELECT plan_id, unit_id, kind, state, not_reported, late, due, sum(d) FROM v
       GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d) <> 0 ORDER BY 2, 1, 3, 4, 5, 6, 7
      ON CONFLICT (unit_id, plan_id, kind, state, not_reported, late, due) DO UPDATE SET n = c.n + EXCLUDED.n
    ), by_task AS (
      INSERT INTO assignment_task_count AS c (plan_id, task_id, kind, state, not_reported, late, due, shard, n)
      SELECT plan_id, task_id, kind, state, not_reported, late, due, shard, sum(d) FROM v
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
      ON CONFLICT (plan_id, task_id, kind, state, not_reported, late, due, shard) DO UPDATE SET n = c.n + EXCLUDED.n
    )
    INSERT INTO assignment_scope_count AS c (${SCOPE_KEY}, n)
    SELECT ch.scope_id, v.plan_id, v.kind, v.state, v.not_reported, v.late, v.due, ${SHARD('v.unit_id')}, sum(v.d)
      FROM v JOIN ch ON ch.unit_id = v.unit_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(v.d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (${SCOPE_KEY}) DO UPDATE SET n = c.n + EXCLUDED.n;`;
}

/**
 * The org trigger's statement: `changed` (ids whose up link changed, or that appeared or went) and every unit under
 * them (by the current links) have their unit counters moved from their chain in `oldOrg` to their chain now.
 */
function moveSubtrees(changed: string, oldOrg: string): string {
  return `WITH RECURSIVE d(unit_id) AS (
      SELECT id FROM (${changed}) x
      UNION
      SELECT o.id FROM org_unit o JOIN d ON coalesce(o.reports_to_id, o.parent_id) = d.unit_id
    ), ${chainCte('now_chain', 'd', CURRENT_ORG)}, ${chainCte('old_chain', 'd', oldOrg)},
    ch AS (SELECT unit_id, scope_id, 1 AS d FROM now_chain UNION ALL SELECT unit_id, scope_id, -1 FROM old_chain)
    INSERT INTO assignment_scope_count AS s (${SCOPE_KEY}, n)
    SELECT ch.scope_id, c.plan_id, c.kind, c.state, c.not_reported, c.late, c.due, ${SHARD('c.unit_id')}, sum(ch.d * c.n)
      FROM ch JOIN assignment_unit_count c ON c.unit_id = ch.unit_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(ch.d * c.n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (${SCOPE_KEY}) DO UPDATE SET n = s.n + EXCLUDED.n;`;
}

const UP = (r: string) => `coalesce(${r}.reports_to_id, ${r}.parent_id)`;

export class AssignmentScopeCounters1764001300000 implements MigrationInterface {
  name = 'AssignmentScopeCounters1764001300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assignment_scope_count (
        scope_unit_id text NOT NULL,
        plan_id uuid NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        not_reported boolean NOT NULL,
        late boolean NOT NULL,
        due date NOT NULL,
        shard smallint NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (${SCOPE_KEY})
      );
      -- The units under a unit (the org trigger walks down), and a plan's per-unit counters in unit order (paged).
      CREATE INDEX org_unit_up_idx ON org_unit ((coalesce(reports_to_id, parent_id)));
      CREATE INDEX assignment_unit_count_plan_unit_idx ON assignment_unit_count (plan_id, unit_id);
      DROP INDEX IF EXISTS assignment_unit_count_plan_idx;

      CREATE OR REPLACE FUNCTION assignment_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Before the chain is read: waits for an org move in flight (see the migration's comment).
        LOCK TABLE assignment_scope_count IN ROW EXCLUSIVE MODE;
        IF TG_OP = 'INSERT' THEN
          ${applyDeltas('SELECT r.*, 1 AS d FROM new_rows r')}
        ELSIF TG_OP = 'DELETE' THEN
          ${applyDeltas('SELECT r.*, -1 AS d FROM old_rows r')}
        ELSE
          ${applyDeltas('SELECT r.*, 1 AS d FROM new_rows r UNION ALL SELECT r.*, -1 FROM old_rows r')}
        END IF;
        RETURN NULL;
      END $$;

      CREATE FUNCTION assignment_scope_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
          LOCK TABLE assignment_scope_count IN EXCLUSIVE MODE;
          ${moveSubtrees('SELECT id FROM new_rows', `(SELECT id, ${UP('o')} AS up FROM org_unit o WHERE o.id NOT IN (SELECT id FROM new_rows))`)}
        ELSIF TG_OP = 'DELETE' THEN
          IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
          LOCK TABLE assignment_scope_count IN EXCLUSIVE MODE;
          ${moveSubtrees('SELECT id FROM old_rows', `(SELECT id, ${UP('o')} AS up FROM org_unit o UNION ALL SELECT id, ${UP('r')} FROM old_rows r)`)}
        ELSE
          -- Most updates (names, aliases, the daily refresh of current columns) change no link: nothing to do.
          IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ${UP('n')} IS DISTINCT FROM ${UP('o')}) THEN RETURN NULL; END IF;
          LOCK TABLE assignment_scope_count IN EXCLUSIVE MODE;
          ${moveSubtrees(
            `SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ${UP('n')} IS DISTINCT FROM ${UP('o')}`,
            `(SELECT o.id, CASE WHEN r.id IS NULL THEN ${UP('o')} ELSE ${UP('r')} END AS up FROM org_unit o LEFT JOIN old_rows r ON r.id = o.id)`,
          )}
        END IF;
        RETURN NULL;
      END $$;
    `);
    await q.query(`
      CREATE TRIGGER assignment_scope_counts_insert AFTER INSERT ON org_unit REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION assignment_scope_counts_move();
      CREATE TRIGGER assignment_scope_counts_update AFTER UPDATE ON org_unit REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION assignment_scope_counts_move();
      CREATE TRIGGER assignment_scope_counts_delete AFTER DELETE ON org_unit REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION assignment_scope_counts_move();
    `);
    // Assignments that exist already: each unit's counters on every unit of its chain.
    await q.query(`
      WITH RECURSIVE ${chainCte('ch', 'assignment_unit_count', CURRENT_ORG)}
      INSERT INTO assignment_scope_count (${SCOPE_KEY}, n)
      SELECT ch.scope_id, c.plan_id, c.kind, c.state, c.not_reported, c.late, c.due, ${SHARD('c.unit_id')}, sum(c.n)
        FROM assignment_unit_count c JOIN ch ON ch.unit_id = c.unit_id
       WHERE c.n <> 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS assignment_scope_counts_insert ON org_unit;
      DROP TRIGGER IF EXISTS assignment_scope_counts_update ON org_unit;
      DROP TRIGGER IF EXISTS assignment_scope_counts_delete ON org_unit;
      DROP FUNCTION IF EXISTS assignment_scope_counts_move();
      CREATE OR REPLACE FUNCTION assignment_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$ ${assignmentCountsApplyBody()} $$;
      CREATE INDEX IF NOT EXISTS assignment_unit_count_plan_idx ON assignment_unit_count (plan_id);
      DROP INDEX IF EXISTS assignment_unit_count_plan_unit_idx;
      DROP INDEX IF EXISTS org_unit_up_idx;
      DROP TABLE IF EXISTS assignment_scope_count;
    `);
  }
}

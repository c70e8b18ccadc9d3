import type { DataSource, EntityManager } from 'typeorm';
import type { ConsolidationState, PlanView, ReportedStatus, TargetSpec, Timeframe } from '@khflow/contracts';
import { counterStatusSql } from '../reported-status.sql';
import { foldSql, foldText } from '../search.sql';

export interface PlanRow {
  id: string;
  number: string | null;
  title: string;
  issuer_unit_id: string;
  issuer_name: string;
  issued_at: string | null;
  place: string | null;
  description: string | null;
  basis: PlanView['basis'];
  parent_plan_id: string | null;
  horizon: PlanView['horizon'];
  status: PlanView['status'];
  source: PlanView['source'];
  workflow_id: string | null;
  launched_at: Date | null;
  closed_at: Date | null;
  version: number;
  task_count: number;
  target_unit_ids: string[] | null;
  /** The timeframes and statuses of the plan's tasks (for its deadline, planDue). */
  task_timeframes: { timeframe: Timeframe | null; status: string }[];
}

const PLAN_SELECT = `
  SELECT p.id, p.number, p.title, p.issuer_unit_id, o.name AS issuer_name, to_char(p.issued_at, 'YYYY-MM-DD') AS issued_at, p.place,
         p.description, p.basis, p.parent_plan_id, p.horizon, p.status, p.source, p.workflow_id, p.launched_at, p.closed_at, p.version,
         (SELECT count(*)::int FROM task t WHERE t.plan_id = p.id) AS task_count,
         (SELECT array_agg(DISTINCT tt.unit_id) FROM task t JOIN task_target tt ON tt.task_id = t.id WHERE t.plan_id = p.id) AS target_unit_ids,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('timeframe', t.timeframe, 'status', t.status)), '[]'::jsonb) FROM task t WHERE t.plan_id = p.id) AS task_timeframes
    FROM plan p JOIN org_unit o ON o.id = p.issuer_unit_id`;

/** Plan progress per task over the counters ($1 plan, $2 now); exported for the bench's raw baseline. */
export const PROGRESS_COUNTS_SQL = `
  SELECT c.task_id::text AS id, ${counterStatusSql('c', '$2::timestamptz')} AS s, sum(c.n)::int AS n FROM assignment_task_count c
   WHERE c.plan_id = $1 AND c.kind <> 'coordination' AND c.n <> 0 GROUP BY 1, 2`;

/**
 * One page of plan progress per unit ($1 plan, $2 now, $3 the last unit of the page before or null, $4 units per
 * page): the units with assignments in the plan, in id order; exported for the bench's raw baseline.
 */
export const PROGRESS_UNITS_SQL = `WITH page AS (
    SELECT DISTINCT c.unit_id FROM assignment_unit_count c
     WHERE c.plan_id = $1 AND ($3::text IS NULL OR c.unit_id > $3) AND c.kind <> 'coordination' AND c.n <> 0
     ORDER BY c.unit_id LIMIT $4)
  SELECT c.unit_id AS id, ${counterStatusSql('c', '$2::timestamptz')} AS s, sum(c.n)::int AS n
    FROM assignment_unit_count c JOIN page p ON p.unit_id = c.unit_id
   WHERE c.plan_id = $1 AND c.kind <> 'coordination' AND c.n <> 0 GROUP BY 1, 2 ORDER BY 1`;

/** Plans and their tasks as the API reads them, and the progress of a plan. */
export class PlanReadRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async find(id: string): Promise<PlanRow | null> {
    const [row] = await this.db.query(`${PLAN_SELECT} WHERE p.id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Plans, newest first; `q` (a phrase; accents and case optional) matches the number, the title, any task's
   * reference, title or content, and the name (or short name) of the issuing unit or of any unit a task names.
   */
  async list(status: string | null, q: string | null): Promise<PlanRow[]> {
    const like = q ? `%${foldText(q.trim()).replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const f = (e: string) => `${foldSql(e)} ILIKE $2`;
    return this.db.query(
      `${PLAN_SELECT} WHERE ($1::text IS NULL OR p.status = $1)
         AND ($2::text IS NULL OR ${f('p.title')} OR ${f('p.number')} OR ${f('o.name')} OR ${f('o.short_name')}
              OR EXISTS (SELECT 1 FROM task t WHERE t.plan_id = p.id AND (${f('t.title')} OR ${f('t.ref')} OR ${f('t.content')}))
              OR EXISTS (SELECT 1 FROM org_unit u WHERE (${f('u.name')} OR ${f('u.short_name')}) AND u.id IN (
                           SELECT tt.unit_id FROM task t JOIN task_target tt ON tt.task_id = t.id WHERE t.plan_id = p.id
                           UNION SELECT x->>'unitId' FROM task t, jsonb_array_elements(coalesce(t.lead, '[]'::jsonb) || coalesce(t.coordinators, '[]'::jsonb)) x WHERE t.plan_id = p.id)))
       ORDER BY p.created_at DESC, p.id`,
      [status, like],
    );
  }

  async tasks(planId: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT id, position, ref, title, content, lead, coordinators, timeframe, reviewer_unit_id, consolidate, step_days, reminder_offsets, lines, status
         FROM task WHERE plan_id = $1 ORDER BY position`,
      [planId],
    );
  }

  async taskLeads(planId: string): Promise<{ ref: string; lead: TargetSpec[] }[]> {
    return this.db.query('SELECT ref, lead FROM task WHERE plan_id = $1 ORDER BY position', [planId]);
  }

  /** The import source of a plan (null when there is no such plan). */
  async source(planId: string): Promise<{ source: PlanView['source'] } | null> {
    const [row] = await this.db.query('SELECT source FROM plan WHERE id = $1', [planId]);
    return row ?? null;
  }

  /** Assignments of the plan (coordination excluded) per task by reported status, judged at `now` (counterStatusSql). */
  async progressCounts(planId: string, now: Date): Promise<{ id: string; s: ReportedStatus; n: number }[]> {
    return this.db.query(PROGRESS_COUNTS_SQL, [planId, now.toISOString()]);
  }

  /** The same per unit, for `limit` units of the plan after `after` in id order (one row per unit and status). */
  async progressUnits(planId: string, now: Date, after: string | null, limit: number): Promise<{ id: string; s: ReportedStatus; n: number }[]> {
    return this.db.query(PROGRESS_UNITS_SQL, [planId, now.toISOString(), after, limit]);
  }

  async taskTitles(planId: string): Promise<{ id: string; ref: string; title: string }[]> {
    return this.db.query('SELECT id, ref, title FROM task WHERE plan_id = $1 ORDER BY position', [planId]);
  }

  /** The consolidation state of each consolidating unit (of `unitIds`, or all), from its latest assignment of the plan. */
  async consolidations(planId: string, unitIds: string[] | null = null): Promise<{ unit_id: string; consolidation: ConsolidationState }[]> {
    return this.db.query(
      `SELECT DISTINCT ON (unit_id) unit_id, consolidation FROM assignment
        WHERE plan_id = $1 AND kind = 'consolidation' AND consolidation IS NOT NULL AND ($2::text[] IS NULL OR unit_id = ANY($2))
        ORDER BY unit_id, created_at DESC`,
      [planId, unitIds],
    );
  }

  /** Plans implementing this one, with their assignments by reported status (from the counters). */
  async subPlanCounts(planId: string, now: Date): Promise<{ id: string; title: string; s: ReportedStatus | null; n: number }[]> {
    return this.db.query(
      `SELECT p.id, p.title, x.s, coalesce(sum(x.n), 0)::int AS n FROM plan p
         LEFT JOIN LATERAL (SELECT ${counterStatusSql('c', '$2::timestamptz')} AS s, c.n FROM assignment_task_count c
                             WHERE c.plan_id = p.id AND c.kind <> 'coordination' AND c.n <> 0) x ON true
        WHERE p.parent_plan_id = $1 GROUP BY 1, 2, 3`,
      [planId, now.toISOString()],
    );
  }
}

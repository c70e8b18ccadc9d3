// The worker's SQL for plans and tasks. Every task read and write names the plan as well as the task: a task id
// that belongs to another plan is never read, adopted or changed (a client-chosen id cannot reach across plans).
import type { EntityManager } from 'typeorm';
import type { PlanStatus, TaskLaunchInfo, TaskSpec } from '@khflow/contracts';
import { insertTask } from '../plan-store';

export interface TaskRow {
  id: string;
  ref: string;
  title: string;
  timeframe: TaskLaunchInfo['timeframe'];
  consolidate: boolean;
  step_days: number;
  reminder_offsets: number[] | null;
  status: TaskLaunchInfo['status'];
  lead: TaskSpec['lead'];
  reviewer_unit_id: string | null;
  plan_id: string;
}

export const taskLaunchInfoOf = (r: TaskRow): TaskLaunchInfo => ({
  taskId: r.id,
  ref: r.ref,
  title: r.title,
  timeframe: r.timeframe,
  consolidate: r.consolidate,
  stepDays: r.step_days,
  reminderOffsetsDays: r.reminder_offsets,
  status: r.status,
});

export class PlanRepository {
  constructor(private readonly m: EntityManager) {}

  async lockPlan(planId: string): Promise<{ id: string; issuer_unit_id: string; status: PlanStatus; launched_at: string | null } | null> {
    const [plan] = await this.m.query('SELECT id, issuer_unit_id, status, launched_at FROM plan WHERE id = $1 FOR UPDATE', [planId]);
    return plan ?? null;
  }

  async markLaunched(planId: string, workflowId: string): Promise<void> {
    await this.m.query(`UPDATE plan SET status = 'active', launched_at = coalesce(launched_at, now()), workflow_id = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [planId, workflowId]);
  }

  async launchedAt(planId: string): Promise<string> {
    const [{ launched_at }] = await this.m.query('SELECT launched_at FROM plan WHERE id = $1', [planId]);
    return launched_at;
  }

  async tasksOf(planId: string): Promise<TaskRow[]> {
    return this.m.query('SELECT * FROM task WHERE plan_id = $1 ORDER BY position', [planId]);
  }

  async setStatus(planId: string, status: PlanStatus, at: string): Promise<void> {
    await this.m.query(`UPDATE plan SET status = $2, closed_at = CASE WHEN $2 IN ('closed','cancelled') THEN $3::timestamptz ELSE closed_at END, updated_at = now(), version = version + 1 WHERE id = $1`, [planId, status, at]);
    if (status === 'closed' || status === 'cancelled') await this.m.query(`UPDATE task SET status = 'cancelled' WHERE plan_id = $1 AND status = 'active'`, [planId]);
  }

  /** Inserts the task when its id is new; returns the plan's row for it, or null when the id belongs to another plan. */
  async addTask(planId: string, t: TaskSpec & { id: string }, insert: boolean): Promise<TaskRow | null> {
    if (insert) await insertTask(this.m, planId, t);
    return this.task(planId, t.id);
  }

  async task(planId: string, taskId: string, opts: { forUpdate?: boolean } = {}): Promise<TaskRow | null> {
    const [row] = await this.m.query(`SELECT * FROM task WHERE id = $1 AND plan_id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`, [taskId, planId]);
    return row ?? null;
  }

  async taskIdTaken(taskId: string): Promise<boolean> {
    return (await this.m.query('SELECT 1 FROM task WHERE id = $1', [taskId])).length > 0;
  }

  async setTaskDue(planId: string, taskId: string, due: string | null): Promise<void> {
    await this.m.query(`UPDATE task SET timeframe = jsonb_set(timeframe, '{due}', to_jsonb($3::text)) WHERE id = $1 AND plan_id = $2`, [taskId, planId, due]);
  }

  /** Replaces a recurring task's due rule (and frequency) with an amended one. */
  async setTaskTimeframe(planId: string, taskId: string, timeframe: TaskLaunchInfo['timeframe']): Promise<void> {
    await this.m.query(`UPDATE task SET timeframe = $3 WHERE id = $1 AND plan_id = $2`, [taskId, planId, JSON.stringify(timeframe)]);
  }

  /** A task finishing never overrides a cancellation. */
  async setTaskStatus(planId: string, taskId: string, status: 'cancelled' | 'done'): Promise<void> {
    await this.m.query(`UPDATE task SET status = $3 WHERE id = $1 AND plan_id = $2 AND status = 'active'`, [taskId, planId, status]);
  }

  async taskWithIssuer(planId: string, taskId: string): Promise<{ lead: TaskSpec['lead']; issuer_unit_id: string } | null> {
    const [row] = await this.m.query('SELECT t.lead, p.issuer_unit_id FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1 AND t.plan_id = $2', [taskId, planId]);
    return row ?? null;
  }

  async addTargets(taskId: string, unitIds: string[]): Promise<void> {
    for (let i = 0; i < unitIds.length; i += 5000) {
      await this.m.query(`INSERT INTO task_target (task_id, unit_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [taskId, unitIds.slice(i, i + 5000)]);
    }
  }

  async activateTargets(taskId: string, unitIds: string[]): Promise<void> {
    await this.m.query(`INSERT INTO task_target (task_id, unit_id, active) SELECT $1, unnest($2::text[]), true ON CONFLICT (task_id, unit_id) DO UPDATE SET active = true`, [taskId, unitIds]);
  }

  async deactivateTargets(taskId: string, unitIds: string[]): Promise<void> {
    await this.m.query('UPDATE task_target SET active = false WHERE task_id = $1 AND unit_id = ANY($2)', [taskId, unitIds]);
  }

  /** Changes with every write to the task's targets (their number and the newest writing transaction), as
   *  directoryFingerprint does for the directory. */
  async targetsFingerprint(taskId: string): Promise<string> {
    const [r]: { f: string }[] = await this.m.query(`SELECT count(*)::text || ':' || count(*) FILTER (WHERE active)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text AS f FROM task_target WHERE task_id = $1`, [taskId]);
    return r.f;
  }

  async activeTargets(taskId: string): Promise<string[]> {
    return (await this.m.query('SELECT unit_id FROM task_target WHERE task_id = $1 AND active', [taskId])).map((r: { unit_id: string }) => r.unit_id);
  }

  /** Units named by the task that have nobody who could act (no officer or supervisor user). */
  async targetsWithoutActors(taskId: string): Promise<string[]> {
    const rows = await this.m.query(
      `SELECT tt.unit_id FROM task_target tt
        WHERE tt.task_id = $1 AND tt.active
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.unit_id = tt.unit_id AND (u.roles && ARRAY['officer','supervisor']::text[]))
        ORDER BY tt.unit_id`,
      [taskId],
    );
    return rows.map((r: { unit_id: string }) => r.unit_id);
  }
}

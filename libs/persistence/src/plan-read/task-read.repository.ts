import type { DataSource, EntityManager } from 'typeorm';
import type { TargetSpec } from '@khflow/contracts';

/** What a task names: its lead and coordinating targets as written, and the lead units resolved at launch. */
export interface TaskTargets {
  issuerUnitId: string;
  lead: TargetSpec[];
  coordinators: TargetSpec[];
  /** Units the task runs for now (resolved leads, plus units a plan owner added by amendment). */
  activeUnitIds: string[];
}

export class TaskReadRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The targets of a task of this plan (null when the plan has no such task). */
  async targets(planId: string, taskId: string): Promise<TaskTargets | null> {
    const [t] = await this.db.query(
      `SELECT p.issuer_unit_id, t.lead, t.coordinators,
              coalesce((SELECT array_agg(tt.unit_id ORDER BY tt.unit_id) FROM task_target tt WHERE tt.task_id = t.id AND tt.active), '{}') AS active_unit_ids
         FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1 AND t.plan_id = $2`,
      [taskId, planId],
    );
    return t ? { issuerUnitId: t.issuer_unit_id, lead: t.lead ?? [], coordinators: t.coordinators ?? [], activeUnitIds: t.active_unit_ids } : null;
  }
}

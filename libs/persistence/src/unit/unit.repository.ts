// The worker's SQL for the directory side of the engine: escalation targets, open work of a unit, and merging a
// unit into its successor.
import type { EntityManager } from 'typeorm';

export class UnitRepository {
  constructor(private readonly m: EntityManager) {}

  /** The unit the given one reports to (its parent when no reporting line is set). */
  async reportsTo(unitId: string): Promise<string | null> {
    const [row] = await this.m.query('SELECT coalesce(reports_to_id, parent_id) AS up FROM org_unit WHERE id = $1', [unitId]);
    return row?.up ?? null;
  }

  async openAssignmentsOf(unitId: string): Promise<{ workflowId: string; assignmentId: string; role: 'assignee' | 'reviewer' }[]> {
    const rows = await this.m.query(
      `SELECT workflow_id, id, CASE WHEN unit_id = $1 THEN 'assignee' ELSE 'reviewer' END AS role
         FROM assignment WHERE (unit_id = $1 OR reviewer_unit_id = $1) AND state NOT IN ('approved','cancelled') ORDER BY created_at`,
      [unitId],
    );
    return rows.map((r: { workflow_id: string; id: string; role: 'assignee' | 'reviewer' }) => ({ workflowId: r.workflow_id, assignmentId: r.id, role: r.role }));
  }

  async lockUnit(unitId: string): Promise<{ id: string; valid_to: string | null; successor_id: string | null } | null> {
    const [unit] = await this.m.query('SELECT id, valid_to, successor_id FROM org_unit WHERE id = $1 FOR UPDATE', [unitId]);
    return unit ?? null;
  }

  async exists(unitId: string): Promise<boolean> {
    return (await this.m.query('SELECT 1 FROM org_unit WHERE id = $1', [unitId])).length > 0;
  }

  /** The unit ends on `effectiveDate`; what reported to it or sat under it moves to the successor, and so do the
   *  targets of tasks still running (future periods, amendments). */
  async merge(unitId: string, successorId: string, effectiveDate: string): Promise<void> {
    await this.m.query('UPDATE org_unit SET valid_to = $2, successor_id = $3, updated_at = now() WHERE id = $1', [unitId, effectiveDate, successorId]);
    await this.m.query('UPDATE org_unit SET reports_to_id = $2, updated_at = now() WHERE reports_to_id = $1', [unitId, successorId]);
    await this.m.query('UPDATE org_unit SET parent_id = $2, updated_at = now() WHERE parent_id = $1', [unitId, successorId]);
    await this.m.query(
      `INSERT INTO task_target (task_id, unit_id) SELECT tt.task_id, $2 FROM task_target tt JOIN task t ON t.id = tt.task_id
        WHERE tt.unit_id = $1 AND tt.active AND t.status = 'active' ON CONFLICT (task_id, unit_id) DO UPDATE SET active = true`,
      [unitId, successorId],
    );
    await this.m.query(`UPDATE task_target SET active = false WHERE unit_id = $1`, [unitId]);
  }
}

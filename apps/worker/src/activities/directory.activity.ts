import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { appendAudit } from '@khflow/persistence';
import { DATA_SOURCE } from '../worker.tokens';

/** Directory-side activities: escalation targets and reorganisations. */
@Injectable()
export class DirectoryActivity {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async escalationTargets(input: { unitId: string; reviewerUnitId: string }): Promise<{ supervisorUnitId: string; nextLevelUnitId: string | null }> {
    const [reviewer] = await this.ds.query('SELECT coalesce(reports_to_id, parent_id) AS up FROM org_unit WHERE id = $1', [input.reviewerUnitId]);
    return { supervisorUnitId: input.reviewerUnitId, nextLevelUnitId: reviewer?.up ?? null };
  }

  async openAssignmentsOfUnit(input: { unitId: string }): Promise<{ workflowId: string; assignmentId: string; role: 'assignee' | 'reviewer' }[]> {
    const rows = await this.ds.query(
      `SELECT workflow_id, id, CASE WHEN unit_id = $1 THEN 'assignee' ELSE 'reviewer' END AS role
         FROM assignment WHERE (unit_id = $1 OR reviewer_unit_id = $1) AND state NOT IN ('approved','cancelled') ORDER BY created_at`,
      [input.unitId],
    );
    return rows.map((r: { workflow_id: string; id: string; role: 'assignee' | 'reviewer' }) => ({ workflowId: r.workflow_id, assignmentId: r.id, role: r.role }));
  }

  async applyUnitMerge(input: { eventKey: string; unitId: string; successorId: string; effectiveDate: string; actor: Actor; reason: string; occurredAt: string }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [unit] = await m.query('SELECT id, valid_to, successor_id FROM org_unit WHERE id = $1 FOR UPDATE', [input.unitId]);
      const [successor] = await m.query('SELECT id FROM org_unit WHERE id = $1', [input.successorId]);
      if (!unit || !successor) throw new Error(`unit ${input.unitId} or successor ${input.successorId} not found`);
      const appended = await appendAudit(m, {
        eventKey: input.eventKey,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: 'unit.merged',
        entityType: 'unit',
        entityId: input.unitId,
        before: { validTo: unit.valid_to, successorId: unit.successor_id },
        after: { validTo: input.effectiveDate, successorId: input.successorId },
        details: { reason: input.reason },
      });
      if (!appended) return;
      await m.query('UPDATE org_unit SET valid_to = $2, successor_id = $3, updated_at = now() WHERE id = $1', [input.unitId, input.effectiveDate, input.successorId]);
      // Units that reported to the merged one now report to its successor.
      await m.query('UPDATE org_unit SET reports_to_id = $2, updated_at = now() WHERE reports_to_id = $1', [input.unitId, input.successorId]);
      await m.query('UPDATE org_unit SET parent_id = $2, updated_at = now() WHERE parent_id = $1', [input.unitId, input.successorId]);
      // Tasks still running name the successor from now on (future periods, amendments).
      await m.query(
        `INSERT INTO task_target (task_id, unit_id) SELECT tt.task_id, $2 FROM task_target tt JOIN task t ON t.id = tt.task_id
          WHERE tt.unit_id = $1 AND tt.active AND t.status = 'active' ON CONFLICT (task_id, unit_id) DO UPDATE SET active = true`,
        [input.unitId, input.successorId],
      );
      await m.query(`UPDATE task_target SET active = false WHERE unit_id = $1`, [input.unitId]);
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { UnitRepository, appendAudit } from '@khflow/persistence';
import { DATA_SOURCE } from '../worker.tokens';

/** Directory-side activities: escalation targets and reorganisations. */
@Injectable()
export class DirectoryActivity {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async escalationTargets(input: { unitId: string; reviewerUnitId: string }): Promise<{ supervisorUnitId: string; nextLevelUnitId: string | null }> {
    return { supervisorUnitId: input.reviewerUnitId, nextLevelUnitId: await new UnitRepository(this.ds.manager).reportsTo(input.reviewerUnitId) };
  }

  async openAssignmentsOfUnit(input: { unitId: string }): Promise<{ workflowId: string; assignmentId: string; role: 'assignee' | 'reviewer' }[]> {
    return new UnitRepository(this.ds.manager).openAssignmentsOf(input.unitId);
  }

  async applyUnitMerge(input: { eventKey: string; unitId: string; successorId: string; effectiveDate: string; actor: Actor; reason: string; occurredAt: string }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const units = new UnitRepository(m);
      const unit = await units.lockUnit(input.unitId);
      const successor = await units.exists(input.successorId);
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
      await units.merge(input.unitId, input.successorId, input.effectiveDate);
    });
  }
}

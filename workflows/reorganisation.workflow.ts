// A unit merged into its successor: its open assignments (as assignee or as reviewer) move to the successor,
// and each assignment's history says so.
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { type Actor, reassignSignal } from '@khflow/contracts';
import { engineActivities } from './activities.proxy';

export interface ReorganisationInput {
  unitId: string;
  successorId: string;
  effectiveDate: string;
  actor: Actor;
  reason: string;
}

export async function reorganisationWorkflow(input: ReorganisationInput): Promise<{ moved: number }> {
  const acts = engineActivities();
  await acts.applyUnitMerge({ ...input, eventKey: `reorg:${input.unitId}:${input.successorId}:merge`, occurredAt: new Date().toISOString() });
  const open = await acts.openAssignmentsOfUnit({ unitId: input.unitId });
  for (const a of open) {
    await getExternalWorkflowHandle(a.workflowId)
      .signal(reassignSignal, { actor: input.actor, fromUnitId: input.unitId, toUnitId: input.successorId, reason: input.reason })
      .catch(() => undefined); // closed meanwhile: nothing left to move
  }
  return { moved: open.length };
}

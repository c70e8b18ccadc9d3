import { stableUuid } from '@khflow/contracts';

/** The read-model id of the assignment run by a workflow. */
export const assignmentIdOf = (workflowId: string) => stableUuid(workflowId);

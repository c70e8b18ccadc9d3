// How an assignment's creation is recorded, in one place for the two that record it: the assignment workflow itself
// (coordination requests, shares, older nodes) and, since issue 20, the fan-out node, which records its children's
// creations in one batch before starting them. Both must produce the same record (same event key, same row) so
// that either path, or a retry of both, leaves one row and one audit entry.
import type { AssignmentEvent as RecordedEvent, AssignmentWorkflowInput } from '@khflow/contracts';
import { type AssignmentModel, type ProjectionContext, initialAssignment, startAssignment } from '@khflow/domain';
import { assignmentIdOf } from '../ids';

export function assignmentContext(input: AssignmentWorkflowInput): ProjectionContext {
  return {
    title: input.title ?? null,
    parentAssignmentId: input.parentAssignmentWorkflowId && input.kind === 'coordination' ? assignmentIdOf(input.parentAssignmentWorkflowId) : null,
    reportsToAssignmentId: input.parentAssignmentWorkflowId && input.kind !== 'coordination' ? assignmentIdOf(input.parentAssignmentWorkflowId) : null,
  };
}

/** The model after creation and the record that puts the assignment into the read model. */
export function assignmentCreation(input: AssignmentWorkflowInput, workflowId: string, at: string): { model: AssignmentModel; record: RecordedEvent } {
  return startAssignment(initialAssignment({ ...input, workflowId }), assignmentContext(input), at);
}

// Messages of the hosted-assignments prototype (issue 20): one workflow holding many assignments as state. Only the
// bench sends these; the API and plans do not route to hosts.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActionResult, AssignmentState, AssignmentWorkflowInput } from '@khflow/contracts';
import type { AssignmentCommand, AssignmentModel } from '@khflow/domain';

export interface HostedAssignment {
  /** The id the assignment's row carries (unique per row), as a per-unit workflow would have. */
  workflowId: string;
  input: AssignmentWorkflowInput;
}

export interface HostedAssignmentsInput {
  hostId: string;
  assignments: HostedAssignment[];
  /** Carried over continue-as-new: every hosted model, by assignment id. */
  carried?: { models: Record<string, AssignmentModel> };
}

export interface HostedAct {
  assignmentId: string;
  command: AssignmentCommand;
}

export interface HostedCounts {
  hostId: string;
  assignments: number;
  byState: Partial<Record<AssignmentState, number>>;
}

export interface HostedState extends HostedCounts {
  runId: string;
  historyLength: number;
  /** Each hosted assignment's state and version. */
  versions: Record<string, { state: AssignmentState; version: number }>;
  /** UTF-8 JSON bytes of the models a continue-as-new carries, and of the whole input it starts the next run with. */
  carriedBytes: number;
  continueAsNewInputBytes: number;
}

export const hostedActUpdate = defineUpdate<ActionResult, [HostedAct]>('hostedAct');
/** Ends the host, leaving its rows as they are: a bench run's end, not a cancellation. */
export const hostedEndUpdate = defineUpdate<HostedCounts, []>('hostedEnd');
/** Continues as new on request (after the handlers in flight), to time one roll-over. */
export const hostedRollOverUpdate = defineUpdate<{ runId: string; carriedBytes: number }, []>('hostedRollOver');
export const hostedStateQuery = defineQuery<HostedState>('hostedState');

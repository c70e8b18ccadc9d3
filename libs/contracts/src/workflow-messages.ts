// Message definitions shared by the workflows (handlers) and the API (callers). Updates answer (with validators),
// signals are fire-and-forget, queries read state.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeInput,
  ActionResult,
  ApproveInput,
  AssignmentSnapshot,
  ChangeDueInput,
  CommentInput,
  CoordinationRequestInput,
  ExplanationAnswerInput,
  ExplanationRequestInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  ReassignInput,
  AbsorbConsolidationInput,
  ConsolidationHandover,
  ReturnInput,
  SubmitInput,
} from './assignment.types';
import type { AmendmentInput, ClosePlanInput, SubordinateReport } from './engine.types';

export const acknowledgeUpdate = defineUpdate<ActionResult, [AcknowledgeInput]>('acknowledge');
export const submitUpdate = defineUpdate<ActionResult, [SubmitInput]>('submit');
export const approveUpdate = defineUpdate<ActionResult, [ApproveInput]>('approve');
export const returnUpdate = defineUpdate<ActionResult, [ReturnInput]>('return');
export const requestCoordinationUpdate = defineUpdate<ActionResult, [CoordinationRequestInput]>('requestCoordination');
export const requestExtensionUpdate = defineUpdate<ActionResult, [ExtensionRequestInput]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<ActionResult, [ExtensionDecisionInput]>('decideExtension');

// Explanation requests (issue 17): new update names, so no running workflow's existing path changes.
export const requestExplanationUpdate = defineUpdate<ActionResult, [ExplanationRequestInput]>('requestExplanation');
export const answerExplanationUpdate = defineUpdate<ActionResult, [ExplanationAnswerInput]>('answerExplanation');

export const commentSignal = defineSignal<[CommentInput]>('comment');
export const reassignSignal = defineSignal<[ReassignInput]>('reassign');
export const changeDueSignal = defineSignal<[ChangeDueInput]>('changeDue');
export const subordinateReportedSignal = defineSignal<[SubordinateReport]>('subordinateReported');
// Reorganisations that merge consolidating units: new signal names, so no running workflow's existing path changes.
export const absorbConsolidationSignal = defineSignal<[AbsorbConsolidationInput]>('absorbConsolidation');
export const consolidationHandoverSignal = defineSignal<[ConsolidationHandover]>('consolidationHandover');
export const coordinationAnsweredSignal = defineSignal<[{ assignmentId: string; unitId: string }]>('coordinationAnswered');
/** Issue 17: administrators changed these days of the working-day calendar; a run that follows the calendar reloads
 *  it and its reminders and overdue move with it. A new signal name, so no existing path of a running workflow changes. */
export const calendarChangedSignal = defineSignal<[CalendarChangedInput]>('calendarChanged');
export interface CalendarChangedInput {
  /** The days set or removed (YYYY-MM-DD). */
  dates: string[];
}

export const assignmentStateQuery = defineQuery<AssignmentSnapshot>('assignmentState');

export const amendPlanUpdate = defineUpdate<{ applied: true; amendmentId: string }, [AmendmentInput]>('amendPlan');
export const closePlanUpdate = defineUpdate<{ status: 'closed' | 'cancelled' }, [ClosePlanInput]>('closePlan');
export const planStatusQuery = defineQuery<{ status: string; taskIds: string[] }>('planStatus');

/** Node-level messages: amendments travel down the fan-out tree. */
export const nodeAddUnitsSignal = defineSignal<[{ unitIds: string[]; actor: import('./directory.types').Actor; reason: string }]>('nodeAddUnits');
export const nodeRemoveUnitsSignal = defineSignal<[{ unitIds: string[]; actor: import('./directory.types').Actor; reason: string }]>('nodeRemoveUnits');
export const nodeChangeDueSignal = defineSignal<[ChangeDueInput]>('nodeChangeDue');

import type { Actor } from './directory.types';

/** Lifecycle states of one unit's share of one task (for one period): the one list every layer derives from. */
export const ASSIGNMENT_STATES = ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned', 'approved', 'cancelled'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/** What Vietnamese task-tracking practice reports on (not_reported_at_close: ended - plan closed, task
 *  cancelled, unit removed - past its deadline without a report: not done). The one list every layer derives from. */
export const REPORTED_STATUSES = ['done_on_time', 'done_late', 'in_progress_on_time', 'overdue', 'returned', 'not_reported_at_close', 'cancelled'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

/** `lead`: the chủ trì unit's assignment; `coordination`: input asked of a phối hợp unit by the lead;
 *  `consolidation`: a level of the reporting chain that consolidates its subordinates' reports. */
export type AssignmentKind = 'lead' | 'coordination' | 'consolidation';

export interface AttachmentRef {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface SubmissionInput {
  text: string;
  attachments?: AttachmentRef[];
}

export interface ConsolidationState {
  expected: string[]; // unit ids of subordinates whose reports are awaited
  /** `afterClose`: approved after this level had already closed; counted by the read model, reported late. */
  reported: { unitId: string; assignmentId: string; approvedAt: string; onTime: boolean; afterClose?: boolean }[];
  missingAtDeadline?: string[] | null;
}

export interface ExtensionRequest {
  id: string;
  requestedDue: string; // YYYY-MM-DD
  reason: string;
  requestedBy: string;
  status: 'pending' | 'granted' | 'refused';
  decidedBy?: string | null;
  comment?: string | null;
}

export interface CoordinationRequest {
  id: string;
  unitIds: string[];
  due: string | null;
  message: string;
  childAssignmentIds: string[];
}

/** A supervisor's request that an overdue unit explain itself (yêu cầu giải trình), and the unit's answer: the
 *  reason and the new date by which it commits to finish (the due date itself changes only by an extension). */
export interface ExplanationRequest {
  id: string;
  message: string;
  requestedBy: string;
  requestedByUnitId: string;
  requestedAt: string;
  status: 'pending' | 'answered';
  reason?: string | null;
  newDue?: string | null;
  answeredBy?: string | null;
  answeredAt?: string | null;
}

/** The assignment workflow's state as returned by its query. */
export interface AssignmentSnapshot {
  assignmentId: string;
  workflowId: string;
  planId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  kind: AssignmentKind;
  reviewerUnitId: string;
  state: AssignmentState;
  version: number;
  due: string | null;
  submissionVersion: number;
  extensions: ExtensionRequest[];
  coordination: CoordinationRequest[];
  consolidation: ConsolidationState | null;
  overdueNotified: boolean;
  escalationLevel: number;
  /** Explanation requests (issue 17); absent in states carried from before they existed. */
  explanations?: ExplanationRequest[];
  /** Set by a reorganisation that split the consolidation awaiting this report: the workflow it goes to instead. */
  reportToWorkflowId?: string | null;
}

// ---- update / signal payloads (every action carries the actor; expectedVersion guards concurrent decisions) ----
export interface ActionBase {
  actor: Actor;
  expectedVersion?: number | null;
}
export type AcknowledgeInput = ActionBase;
export interface SubmitInput extends ActionBase {
  submission: SubmissionInput;
}
export interface ApproveInput extends ActionBase {
  comment?: string | null;
}
export interface ReturnInput extends ActionBase {
  comment: string;
}
export interface CoordinationRequestInput extends ActionBase {
  requestId: string;
  unitIds: string[];
  due: string | null;
  message: string;
}
export interface ExtensionRequestInput extends ActionBase {
  requestId: string;
  requestedDue: string;
  reason: string;
}
export interface ExtensionDecisionInput extends ActionBase {
  requestId: string;
  grant: boolean;
  comment?: string | null;
}
export interface ExplanationRequestInput extends ActionBase {
  requestId: string;
  message: string;
}
export interface ExplanationAnswerInput extends ActionBase {
  requestId: string;
  reason: string;
  /** YYYY-MM-DD: the date by which the unit commits to finish. */
  newDue: string;
}
export interface CommentInput {
  actor: Actor;
  commentId: string;
  text: string;
}
export interface ReassignInput {
  actor: Actor;
  /** The unit being replaced: the assignee, the reviewer, or both. */
  fromUnitId: string;
  toUnitId: string;
  reason: string;
  /**
   * A unit split among several successors (a district office abolished into communes). On the consolidation
   * fromUnitId held: the expected reporters that now answer to another successor, each share becoming that
   * successor's own consolidation (started by this assignment); the rest stay with toUnitId.
   */
  shares?: ConsolidationShare[];
  /** On a consolidation that awaited fromUnitId's report: every successor it now awaits (default: toUnitId). */
  toUnitIds?: string[];
  /** On a subordinate's assignment: the workflow of the consolidation that awaits its report from now on. */
  reportToWorkflowId?: string;
}
export interface ConsolidationShare {
  unitId: string;
  workflowId: string;
  expected: string[];
  /** The successor already consolidates this task and period: these reporters go to that consolidation
   *  (workflowId is its workflow) instead of a new share being started. */
  existing?: boolean;
}
/**
 * Sent by a reorganisation to a consolidation whose unit merges into a successor that already has (or, in this
 * reorganisation, receives) the same consolidation: it hands over its reporters and received reports to that one
 * (intoWorkflowId) and ends as merged. `shares`: reporters that go to other successors' consolidations first.
 */
export interface AbsorbConsolidationInput {
  actor: Actor;
  reorganisationId: string;
  reason: string;
  fromUnitId: string;
  toUnitId: string;
  intoWorkflowId: string;
  intoAssignmentId: string;
  shares?: ConsolidationShare[];
}
/** What an absorbed consolidation (or a share routed into an existing consolidation) hands over. */
export interface ConsolidationHandover {
  actor: Actor;
  reason: string;
  reorganisationId?: string | null;
  /** The assignment that hands over, and its unit. */
  fromAssignmentId: string;
  fromUnitId: string;
  expected: string[];
  reported: ConsolidationState['reported'];
  /** Shares the absorbed one had started (cancelled with the survivor from now on). */
  shares?: string[];
}
export interface ChangeDueInput {
  actor: Actor;
  due: string | null;
  reason: string;
}

/** What an update returns to the API: the new state, so clients need not poll. */
export interface ActionResult {
  assignmentId: string;
  state: AssignmentState;
  version: number;
  due: string | null;
}

import type { Actor } from './directory.types';
import type { AssignmentKind, ConsolidationState } from './assignment.types';
import type { Recurrence, TaskSpec, Timeframe } from './plan.types';

export const TASK_QUEUE_DEFAULT = 'khflow';

/** Deterministic workflow ids: the same business key can never start twice, even after a crash mid fan-out. */
export const workflowIds = {
  plan: (planId: string) => `plan:${planId}`,
  task: (planId: string, taskId: string) => `task:${planId}:${taskId}`,
  node: (planId: string, taskId: string, periodKey: string, unitId: string) =>
    `node:${planId}:${taskId}:${periodKey}:${unitId}`,
  assignment: (planId: string, taskId: string, periodKey: string, unitId: string, kind: AssignmentKind, parent?: string) =>
    kind === 'coordination'
      ? `asg:${planId}:${taskId}:${periodKey}:${unitId}:coord:${parent}`
      : `asg:${planId}:${taskId}:${periodKey}:${unitId}`,
  reorganisation: (unitId: string, successorId: string) => `reorg:${unitId}:${successorId}`,
};

/** Deadline settings, from config; durations in hours so tests can shrink them. */
export interface DeadlinePolicy {
  reminderOffsetsDays: number[];
  escalateSupervisorAfterHours: number;
  escalateNextLevelAfterHours: number;
}

export interface PlanWorkflowInput {
  planId: string;
  launchedBy: Actor;
  policy: DeadlinePolicy;
  /** Tasks already started (continue-as-new carries this). */
  startedTaskIds?: string[];
}

export interface TaskWorkflowInput {
  planId: string;
  taskId: string;
  issuerUnitId: string;
  timeframe: Timeframe;
  consolidate: boolean;
  stepDays: number;
  policy: DeadlinePolicy;
  /** Recurring: periods already started (carried over continue-as-new). */
  nextPeriodIndex?: number;
  openPeriodKeys?: string[];
}

/** One node of the fan-out tree: a unit on the path from the issuer to targeted units. */
export interface NodeWorkflowInput {
  planId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  /** Due of the top of the chain for this period; levels below are earlier when consolidating. */
  due: string | null;
  depthFromTop: number;
  consolidate: boolean;
  stepDays: number;
  policy: DeadlinePolicy;
  /** The node's unit is named by the task itself (it gets an assignment even when not consolidating). */
  isTarget: boolean;
  /** The root node is the issuer: it receives reports and has no assignment of its own. */
  isRoot: boolean;
  /** The issuer (root of the fan-out tree). */
  rootUnitId: string;
  /** Reviewer of this node's own assignment (computed by the parent). */
  reviewerUnitId: string | null;
  /** Workflow id of the parent node, to report consolidation results upward. */
  parentNodeId: string | null;
  /** The consolidating assignment of the level above, which awaits this node's report. */
  parentAssignmentWorkflowId: string | null;
  /** Root nodes tell their task workflow when the period is finished. */
  taskWorkflowId: string | null;
  title: string;
  reminderOffsetsDays: number[] | null;
}

export interface NodeChild {
  unitId: string;
  /** Reviewer of this child's assignment: the task's reviewer, the consolidating node, or the unit it reports to. */
  reviewerUnitId?: string;
  /** The unit itself is named by the task (it gets an assignment). */
  isTarget: boolean;
  /** Units below it are named: it needs a node of its own. */
  hasTargetsBelow: boolean;
}

export interface AssignmentWorkflowInput {
  assignmentId: string;
  planId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  kind: AssignmentKind;
  reviewerUnitId: string;
  due: string | null;
  policy: DeadlinePolicy;
  parentAssignmentWorkflowId?: string | null;
  nodeWorkflowId?: string | null;
  /** For consolidation: subordinate unit ids whose reports are awaited. */
  expectedSubordinates?: string[];
  title?: string | null;
  /**
   * The fan-out node already recorded this assignment's creation (row, audit entry, notification) in one batch with
   * its siblings, at this instant: the workflow starts from the same creation without recording it again.
   */
  recordedAt?: string | null;
  /** Carried over continue-as-new. */
  carried?: unknown;
}

export interface AssignmentOutcome {
  assignmentId: string;
  unitId: string;
  state: 'approved' | 'cancelled';
  approvedAt: string | null;
  onTime: boolean | null;
  consolidation?: ConsolidationState | null;
}

export interface SubordinateReport {
  unitId: string;
  assignmentId: string;
  approvedAt: string;
  onTime: boolean;
}

export interface AmendmentInput {
  actor: Actor;
  reason: string;
  amendmentId: string;
  op:
    | { type: 'add_task'; task: TaskSpec & { id: string } }
    | { type: 'cancel_task'; taskId: string }
    /** A once task: its new due date. A recurring task: `recurrence` replaces its due rule (and frequency) for the
     *  periods not started yet; a `due` date alone moves the due date of its open period. */
    | { type: 'change_due'; taskId: string; due: string | null; recurrence?: Recurrence | null }
    | { type: 'add_units'; taskId: string; unitIds: string[] }
    | { type: 'remove_units'; taskId: string; unitIds: string[] };
}

export interface ClosePlanInput {
  actor: Actor;
  reason: string;
  /** closed = finished; cancelled = abandoned. Both end every open assignment. */
  outcome: 'closed' | 'cancelled';
}

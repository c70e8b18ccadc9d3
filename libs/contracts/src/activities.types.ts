// The activities the workflows call. Implemented in apps/worker; every one is idempotent on a business key.
import type { Actor } from './directory.types';
import type { AssignmentKind, AssignmentState, AttachmentRef, ConsolidationShare, ConsolidationState } from './assignment.types';
import type { NodeChild } from './engine.types';
import type { PlanStatus, TaskSpec, Timeframe } from './plan.types';
import type { NotificationKind, NotificationParams } from './notification.types';

export interface TaskLaunchInfo {
  taskId: string;
  ref: string;
  title: string;
  timeframe: Timeframe;
  consolidate: boolean;
  stepDays: number;
  reminderOffsetsDays: number[] | null;
  status: 'active' | 'cancelled' | 'done';
}

export interface PlanLaunchInfo {
  issuerUnitId: string;
  /** Launch date (Asia/Ho_Chi_Minh) — the anchor of recurring periods. */
  launchDate: string;
  tasks: TaskLaunchInfo[];
}

export interface AssignmentRowPatch {
  state?: AssignmentState;
  version?: number;
  due?: string | null;
  unitId?: string;
  reviewerUnitId?: string;
  submittedAt?: string | null;
  approvedAt?: string | null;
  onTime?: boolean | null;
  submissionVersion?: number;
  escalationLevel?: number;
  consolidation?: ConsolidationState | null;
  /** Ended past its deadline without a report (shown as not_reported_at_close, counted as not done). */
  notReported?: boolean;
}

export interface AssignmentCreate {
  planId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  kind: AssignmentKind;
  parentAssignmentId: string | null;
  reviewerUnitId: string;
  title: string;
  due: string | null;
  consolidation: ConsolidationState | null;
}

export interface NotificationDraft {
  unitId: string;
  /** null = everyone in the unit. */
  role: string | null;
  kind: NotificationKind;
  params: NotificationParams;
}

export interface AssignmentEvent {
  /** Business key: workflow id + event sequence; a retried activity writes nothing twice. */
  eventKey: string;
  assignmentId: string;
  workflowId: string;
  planId: string;
  action: string;
  actor: Actor;
  occurredAt: string;
  create?: AssignmentCreate;
  before?: AssignmentRowPatch | null;
  patch: AssignmentRowPatch;
  submission?: { version: number; text: string; attachments: AttachmentRef[]; consolidation: ConsolidationState | null };
  decision?: { version: number; decision: 'approved' | 'returned'; comment: string | null };
  extension?: { id: string; requestedDue: string; reason: string; status: 'pending' | 'granted' | 'refused'; comment?: string | null };
  coordination?: { id: string; unitIds: string[]; due: string | null; message: string };
  comment?: { id: string; text: string };
  /** Explanation requests (issue 17): the request, or its answer. */
  explanation?: { id: string; message: string; status: 'pending' | 'answered'; requestedAt: string; reason?: string | null; newDue?: string | null };
  notifications?: NotificationDraft[];
  details?: Record<string, unknown>;
}

export interface EngineActivities {
  launchPlan(input: { planId: string; actor: Actor; workflowId: string; eventKey: string }): Promise<PlanLaunchInfo>;
  recordPlanEvent(input: { eventKey: string; planId: string; actor: Actor; action: string; occurredAt: string; status?: PlanStatus; details?: Record<string, unknown> }): Promise<void>;
  addTask(input: { eventKey: string; planId: string; task: TaskSpec & { id: string }; actor: Actor; reason: string; occurredAt: string }): Promise<TaskLaunchInfo>;
  updateTask(input: { eventKey: string; planId: string; taskId: string; actor: Actor; reason: string; occurredAt: string; due?: string | null; timeframe?: Timeframe; status?: 'cancelled' | 'done' }): Promise<void>;
  /** Writes the task's targets; `withoutActors` names targeted units where nobody (officer or supervisor) could act. */
  resolveTaskTargets(input: { planId: string; taskId: string; onDate: string }): Promise<{ targetCount: number; withoutActors?: string[] }>;
  changeTaskTargets(input: { eventKey: string; planId: string; taskId: string; add: string[]; remove: string[]; actor: Actor; reason: string; occurredAt: string }): Promise<void>;
  nodeChildren(input: { planId: string; taskId: string; unitId: string; rootUnitId: string; consolidate: boolean; onDate?: string }): Promise<NodeChild[]>;
  recordAssignmentEvent(event: AssignmentEvent): Promise<void>;
  /**
   * Several events in one transaction (a fan-out node's children's creations). Idempotent like the single one. An
   * event the read model refuses for good is left out (the others are recorded) and named in `rejected`.
   */
  recordAssignmentEvents(events: AssignmentEvent[]): Promise<{ rejected: string[] }>;
  /** Supervisors to escalate to: the reviewer unit, then the unit it reports to. */
  escalationTargets(input: { unitId: string; reviewerUnitId: string }): Promise<{ supervisorUnitId: string; nextLevelUnitId: string | null }>;
  /** The working-day calendar administrators keep (issue 17), loaded once per run so deadlines follow it. */
  workingCalendar(input: Record<string, never>): Promise<WorkingCalendarData>;
  /** A merge started the old way (one unit into its successor, from the Temporal CLI): recorded as a reorganisation. */
  scheduleUnitMerge(input: { reorganisationId: string; unitId: string; successorId: string; effectiveDate: string; actor: Actor; reason: string }): Promise<void>;
  /** Decides, once, where each open assignment of the units that go moves; answers how many moves there are. */
  prepareReorganisationMoves(input: { reorganisationId: string }): Promise<{ total: number }>;
  reorganisationMovesPage(input: { reorganisationId: string; offset: number; limit: number }): Promise<ReorganisationMove[]>;
  /** Records on an assignment that it closes as merged into the successor's same assignment. */
  recordAssignmentMerged(input: { reorganisationId: string; move: ReorganisationMove; actor: Actor; reason: string; occurredAt: string }): Promise<void>;
  /** Re-homes users and task targets of the units that went, marks the reorganisation applied, audits it. */
  completeReorganisation(input: { reorganisationId: string; actor: Actor; moved: number; occurredAt: string }): Promise<void>;
}

/** The working-day calendar as data (the shape of libs/domain's WorkingCalendar): weekly rest days (0 = Sunday)
 *  and the dated exceptions (holiday, day_off: not worked; working_day: a make-up day). */
export interface WorkingCalendarData {
  weekendDays: number[];
  days: Record<string, { date: string; kind: 'holiday' | 'day_off' | 'working_day'; name: string; tentative?: boolean }>;
}

export interface ReorganisationMove {
  seq: number;
  assignmentId: string;
  workflowId: string;
  /** `absorb`: a consolidation whose successor already consolidates the same task and period hands its reporters
   *  and received reports over to that one (intoWorkflowId) and ends as merged. */
  action: 'reassign' | 'merge_into' | 'absorb';
  fromUnitId: string;
  toUnitId: string;
  intoAssignmentId: string | null;
  intoWorkflowId?: string;
  /** A district office's consolidation split among its successors, and what follows from it (see ReassignInput). */
  shares?: ConsolidationShare[];
  toUnitIds?: string[];
  reportToWorkflowId?: string;
}

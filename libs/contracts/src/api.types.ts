// Shapes of the HTTP API's responses, shared by the API (which returns them) and the web console (which reads
// them). Dates are YYYY-MM-DD (Asia/Ho_Chi_Minh calendar dates), instants are ISO 8601 strings.
import type { NotificationParams } from './notification.types';
import type { AssignmentKind, AssignmentState, AttachmentRef, ConsolidationState, ReportedStatus } from './assignment.types';
import type { Role } from './directory.types';
import type { CorrectionOutcome, DraftCorrection, ImportedPlanDraft } from './import.types';
import type { BasisRef, PlanStatus, TargetSpec, Timeframe } from './plan.types';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: MeResponse;
}

export interface MeResponse {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  roles: Role[];
}

export interface UnitView {
  id: string;
  name: string;
  shortName: string | null;
  kind: string;
  parentId: string | null;
  reportsToId: string | null;
  aliases: string[];
  validFrom: string | null;
  validTo: string | null;
  successorId: string | null;
  code?: string | null;
}

export interface UnitDetailView extends UnitView {
  parent: UnitView | null;
  children: UnitView[];
  /** The unit, then the unit it reports to, up to the top. */
  reportingChain: UnitView[];
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  active: boolean;
}

export interface TaskView {
  id: string;
  position: number;
  ref: string;
  title: string;
  content: string | null;
  lead: TargetSpec[];
  coordinators: TargetSpec[];
  timeframe: Timeframe;
  reviewerUnitId: string | null;
  consolidate: boolean;
  stepDays: number;
  reminderOffsetsDays: number[] | null;
  lines: [number, number] | null;
  status: 'active' | 'cancelled' | 'done';
}

export interface PlanSummaryView {
  id: string;
  number: string | null;
  title: string;
  issuerUnitId: string;
  issuerName: string;
  issuedAt: string | null;
  status: PlanStatus;
  parentPlanId: string | null;
  launchedAt: string | null;
  closedAt: string | null;
  version: number;
  taskCount: number;
  /** The plan's deadline: its horizon's end, else the last due date of its tasks still in force (planDue). */
  due: string | null;
}

export interface PlanView extends PlanSummaryView {
  place: string | null;
  description: string | null;
  basis: BasisRef[];
  horizon: { text?: string | null; until?: string | null } | null;
  tasks: TaskView[];
  /** The import draft (with warnings and source lines) when the plan was imported. */
  source: {
    draft?: ImportedPlanDraft;
    text?: string;
    fileName?: string;
    warnings?: string[];
    /** Which imported task (index in draft.tasks) each task of the draft comes from: tasks without one were added. */
    origins?: Record<string, number>;
    /** The corrections a person made to the imported draft, re-applied when the document is imported again. */
    corrections?: DraftCorrection[];
    /** The last re-import from a new version of the document: what became of each correction. */
    reimport?: { fileName: string; at: string; outcomes: CorrectionOutcome[] };
  } | null;
  workflowId: string | null;
  temporalUrl: string | null;
}

export interface AssignmentView {
  id: string;
  planId: string;
  planTitle: string;
  taskId: string;
  taskRef: string;
  title: string;
  periodKey: string;
  unitId: string;
  unitName: string;
  kind: AssignmentKind;
  parentAssignmentId: string | null;
  reviewerUnitId: string;
  state: AssignmentState;
  reportedStatus: ReportedStatus;
  version: number;
  due: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  escalationLevel: number;
  consolidation: ConsolidationState | null;
  /** An extension request waits for the reviewer's decision (the decisions queue says which rows are extensions). */
  pendingExtension: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SubmissionView {
  version: number;
  text: string;
  attachments: AttachmentRef[];
  consolidation: ConsolidationState | null;
  submittedBy: string;
  submittedAt: string;
  decision: 'approved' | 'returned' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

export interface ExplanationRequestView {
  id: string;
  message: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'answered';
  reason: string | null;
  newDue: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

export interface AssignmentDetailView extends AssignmentView {
  content: string | null;
  submissions: SubmissionView[];
  comments: { id: string; authorId: string; authorUnitId: string | null; text: string; createdAt: string }[];
  extensionRequests: { id: string; requestedDue: string; reason: string; requestedBy: string; status: 'pending' | 'granted' | 'refused'; decidedBy: string | null; decisionComment: string | null; createdAt: string }[];
  coordinationRequests: { id: string; unitIds: string[]; due: string | null; message: string; createdAt: string }[];
  /** A coordination assignment: what the lead unit (the reviewer) asked this unit for, and by when. */
  coordinationRequest: { id: string; leadUnitId: string; due: string | null; message: string; createdAt: string } | null;
  /** Coordination sub-assignments (with their latest submission) and, for consolidation, the subordinates'. */
  children: (AssignmentView & { latestSubmission: SubmissionView | null })[];
  /** What the caller may do now (the API still decides on each request). */
  allowedActions: ('acknowledge' | 'submit' | 'approve' | 'return' | 'request_coordination' | 'request_extension' | 'decide_extension' | 'comment' | 'request_explanation' | 'answer_explanation')[];
  /** Explanation requests (yêu cầu giải trình) and the unit's answers, oldest first. */
  explanationRequests?: ExplanationRequestView[];
  workflowId: string;
  temporalUrl: string | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  /** Kind-specific parameters; the console renders kind + params in the reader's language (renderNotification). */
  params: NotificationParams | null;
  /** The Vietnamese rendering stored when the notification was written. */
  message: string;
  planId: string | null;
  assignmentId: string | null;
  recipientUnitId: string;
  recipientRole: string | null;
  createdAt: string;
}

export interface InboxResponse {
  assignments: Page<AssignmentView>;
  notifications: NotificationView[];
  /** Submissions and extension requests waiting for the caller's decision (supervisors). */
  awaitingDecision: AssignmentView[];
  /** All of the unit's assignments (coordination included, filters ignored) by reported status, from the counters. */
  counts?: Record<ReportedStatus, number>;
}

/**
 * Paging of per-unit rows (GET /dashboard, GET /plans/:id/progress): at national scale a scope or a plan has
 * thousands of units. `limit` units per page (UNIT_PAGE_DEFAULT, at most UNIT_PAGE_MAX); `cursor` is the opaque
 * `byUnitNext` of the page before. The totals (counts, byPlan, byTask) always cover every unit.
 */
export interface UnitPageQuery {
  limit?: number;
  cursor?: string;
}

export interface ProgressView {
  planId: string;
  byTask: { taskId: string; ref: string; title: string; counts: Record<ReportedStatus, number>; total: number }[];
  byUnit: {
    unitId: string;
    unitName: string;
    counts: Record<ReportedStatus, number>;
    total: number;
    /** For a consolidating unit: the subordinates it waits for and those that have reported (latest period). */
    consolidation: { expected: string[]; reported: string[]; missingAtDeadline: string[] | null } | null;
  }[];
  /** The `cursor` of the next page of byUnit (UnitPageQuery); null on the last page. */
  byUnitNext: string | null;
  /** Plans implementing this one (sub-plans), with their own totals: progress rolls up. */
  subPlans: { planId: string; title: string; counts: Record<ReportedStatus, number>; total: number }[];
}

export interface AuditEntryView {
  seq: string;
  occurredAt: string;
  actorId: string;
  actorUnitId: string | null;
  actorIp: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  planId: string | null;
  assignmentId: string | null;
  workflowId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  hash: string;
}

/** An audit entry as the history shows it: who acted, by name, and for whom when a deputy acted (ủy quyền). */
export interface HistoryEntryView extends AuditEntryView {
  /** The acting person's display name; null for automatic steps (actorId "system") and unknown ids. */
  actorName: string | null;
  /** The delegator's display name when a deputy acted on their behalf, else null. */
  onBehalfOfName: string | null;
}

export interface HistoryResponse {
  entries: HistoryEntryView[];
  /** Pass as `afterSeq` for the next page; null when this page is the last. */
  nextAfterSeq: string | null;
  workflowId: string | null;
  temporalUrl: string | null;
}

export interface AuditVerifyResponse {
  ok: boolean;
  /** Entries recomputed by this verification (incremental: those after the checkpoint it started from). */
  checked: number;
  lastSeq: string | null;
  lastHash: string | null;
  brokenAt?: { seq: string; reason: string };
  /** incremental (from the newest checkpoint, the default) or full (from the first entry). */
  mode?: 'incremental' | 'full';
  /** The checkpoint an incremental verification started after (null: from the first entry). */
  fromSeq?: string | null;
}

export interface DashboardResponse {
  scopeUnitId: string;
  counts: Record<ReportedStatus, number>;
  onTimeRate: number | null;
  /** One page of the scope's units with assignments, in id order (UnitPageQuery). */
  byUnit: { unitId: string; unitName: string; counts: Record<ReportedStatus, number>; onTimeRate: number | null }[];
  /** The `cursor` of the next page of byUnit; null on the last page. */
  byUnitNext: string | null;
  byPlan: { planId: string; title: string; counts: Record<ReportedStatus, number>; overdue: number }[];
  overdue: AssignmentView[];
  /** Approvals per day over the last 30 days, for the status-over-time chart. */
  timeline: { date: string; approved: number; submitted: number; overdue: number }[];
  /** Issue 17: explanation requests of the scope — every one waiting for an answer, and those answered in the last 30 days. */
  explanations?: DashboardExplanation[];
}

export interface DashboardExplanation extends ExplanationRequestView {
  assignmentId: string;
  planId: string;
  title: string;
  unitId: string;
  unitName: string;
  due: string | null;
}

export interface ImportResponse {
  planId: string;
  draft: ImportedPlanDraft;
  warnings: string[];
}

/** POST /plans/{id}/reimport: the draft read again from a new version of its document, corrections re-applied. */
export interface ReimportResponse extends ImportResponse {
  /** Each correction of the draft: re-applied, or why it no longer applies. */
  corrections: CorrectionOutcome[];
}

/** RFC 9457 problem details, as every error is returned. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** `field` is the path of the bad value; `label`, where the path names a report-form figure, is the form's name for it. */
  errors?: { field: string; message: string; label?: string }[];
  [extension: string]: unknown;
}

// The answers of the API, described once for the OpenAPI document (response schemas of every route). Each schema
// is checked at compile time against the contract type the console reads (`satisfies z.ZodType<…>`), so the
// document cannot drift from what the code returns. Nested domain values that the API passes through as they are
// stored (timeframes, targets, import drafts, audit before/after) are declared as objects without listing fields.
import type {
  CorrectionOutcome,
  DraftCorrection,
  ReimportResponse,
  ActionResult,
  AssignmentDetailView,
  AssignmentView,
  AttachmentRef,
  AuditEntryView,
  AuditVerifyResponse,
  BasisRef,
  ConsolidationState,
  DashboardResponse,
  DelegationListResponse,
  DelegationView,
  DeputyCandidateView,
  ExplanationRequestView,
  HistoryEntryView,
  HistoryResponse,
  ImportedPlanDraft,
  ImportResponse,
  InboxResponse,
  LoginResponse,
  MeResponse,
  NotificationView,
  PlanSummaryView,
  PlanView,
  ProblemDetails,
  ProgressView,
  SubmissionView,
  TargetSpec,
  TaskView,
  Timeframe,
  UnitDetailView,
  UnitView,
  UserView,
} from '@khflow/contracts';
import { ASSIGNMENT_STATES, REPORTED_STATUSES, ROLES } from '@khflow/contracts';
import { z } from 'zod';

/** A stored domain value passed through as it is (an object; its fields are described by the request schemas). */
const stored = <T>(description: string) => z.custom<T>((v) => typeof v === 'object' && v !== null).meta({ type: 'object', description });
const instant = () => z.string().meta({ format: 'date-time' });
const day = () => z.string().meta({ format: 'date' });
const counts = z.object(Object.fromEntries(REPORTED_STATUSES.map((s) => [s, z.int()])) as Record<(typeof REPORTED_STATUSES)[number], z.ZodInt>);
const role = z.enum(ROLES);

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), label: z.string().optional() })).optional(),
  })
  .meta({ description: 'RFC 9457 problem details; errors[].field names each bad field (errors[].label: its name on a report form)' }) satisfies z.ZodType<ProblemDetails>;

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });

export const meSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string(), unitId: z.string(), unitName: z.string(), roles: z.array(role) }) satisfies z.ZodType<MeResponse>;
export const loginSchema = z.object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.int(), user: meSchema }) satisfies z.ZodType<LoginResponse>;

export const unitSchema = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.string(),
  parentId: z.string().nullable(),
  reportsToId: z.string().nullable(),
  aliases: z.array(z.string()),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  successorId: z.string().nullable(),
}) satisfies z.ZodType<UnitView>;
export const unitPageSchema = page(unitSchema);
export const unitDetailSchema = unitSchema.extend({ parent: unitSchema.nullable(), children: z.array(unitSchema), reportingChain: z.array(unitSchema) }) satisfies z.ZodType<UnitDetailView>;
export const userSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string(), unitId: z.string(), roles: z.array(role), active: z.boolean() }) satisfies z.ZodType<UserView>;
export const userPageSchema = page(userSchema);

export const taskViewSchema = z.object({
  id: z.string(),
  position: z.int(),
  ref: z.string(),
  title: z.string(),
  content: z.string().nullable(),
  lead: z.array(stored<TargetSpec>('a target: unitId, group or text')),
  coordinators: z.array(stored<TargetSpec>('a target: unitId, group or text')),
  timeframe: stored<Timeframe>('kind, due, start, end, recurrence'),
  reviewerUnitId: z.string().nullable(),
  consolidate: z.boolean(),
  stepDays: z.int(),
  reminderOffsetsDays: z.array(z.int()).nullable(),
  lines: z.tuple([z.int(), z.int()]).nullable(),
  status: z.enum(['active', 'cancelled', 'done']),
}) satisfies z.ZodType<TaskView>;

export const planSummarySchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  title: z.string(),
  issuerUnitId: z.string(),
  issuerName: z.string(),
  issuedAt: day().nullable(),
  status: z.enum(['draft', 'active', 'closed', 'cancelled']),
  parentPlanId: z.string().nullable(),
  launchedAt: instant().nullable(),
  closedAt: instant().nullable(),
  version: z.int(),
  taskCount: z.int(),
  due: day().nullable().describe("the plan's deadline: its horizon's end, else its tasks' last due date; null when open-ended"),
}) satisfies z.ZodType<PlanSummaryView>;
export const planPageSchema = page(planSummarySchema);
export const planViewSchema = planSummarySchema.extend({
  place: z.string().nullable(),
  description: z.string().nullable(),
  basis: z.array(stored<BasisRef>('text, number, date')),
  horizon: z.object({ text: z.string().nullish(), until: z.string().nullish() }).nullable(),
  tasks: z.array(taskViewSchema),
  source: z.object({ draft: stored<ImportedPlanDraft>('the import draft').optional(), text: z.string().optional(), fileName: z.string().optional(), warnings: z.array(z.string()).optional() }).passthrough().nullable(),
  workflowId: z.string().nullable(),
  temporalUrl: z.string().nullable().describe('the Temporal Web UI page (administrators only; null for everyone else)'),
}) satisfies z.ZodType<PlanView>;

export const launchSchema = z.object({ planId: z.string(), workflowId: z.string(), status: z.string(), temporalUrl: z.string().nullable() });
export const amendedSchema = z.object({ applied: z.literal(true), amendmentId: z.string(), taskId: z.string().optional() });
export const closingSchema = z.object({ planId: z.string(), status: z.string() });
export const importSchema = z.object({ planId: z.string(), draft: stored<ImportedPlanDraft>('the import draft: number, issuer, tasks with their source lines …'), warnings: z.array(z.string()) }) satisfies z.ZodType<ImportResponse>;
export const correctionOutcomeSchema = z.object({
  correction: stored<DraftCorrection>('the correction: kind (field, delete, add), the imported task it concerns (ref, title), field, from, to, added'),
  status: z.enum(['applied', 'in_document', 'task_gone', 'document_changed']),
  message: z.string(),
  messageEn: z.string(),
  lines: z.tuple([z.int(), z.int()]).nullable(),
}) satisfies z.ZodType<CorrectionOutcome>;
export const reimportSchema = importSchema.extend({ corrections: z.array(correctionOutcomeSchema).describe('what became of each correction of the draft') }) satisfies z.ZodType<ReimportResponse>;

const consolidation = stored<ConsolidationState>('expected and reported subordinate units');
export const assignmentSchema = z.object({
  id: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  taskId: z.string(),
  taskRef: z.string(),
  title: z.string(),
  periodKey: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  kind: z.enum(['lead', 'coordination', 'consolidation']),
  parentAssignmentId: z.string().nullable(),
  reviewerUnitId: z.string(),
  state: z.enum(ASSIGNMENT_STATES),
  reportedStatus: z.enum(REPORTED_STATUSES),
  version: z.int(),
  due: day().nullable(),
  submittedAt: instant().nullable(),
  approvedAt: instant().nullable(),
  escalationLevel: z.int(),
  consolidation: consolidation.nullable(),
  pendingExtension: z.boolean().describe('an extension request waits for the reviewer'),
  createdAt: instant(),
  updatedAt: instant(),
}) satisfies z.ZodType<AssignmentView>;

const attachmentSchema = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.int(), sha256: z.string() }) satisfies z.ZodType<AttachmentRef>;
const submissionSchema = z.object({
  version: z.int(),
  text: z.string(),
  attachments: z.array(attachmentSchema),
  consolidation: consolidation.nullable(),
  submittedBy: z.string(),
  submittedAt: instant(),
  decision: z.enum(['approved', 'returned']).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: instant().nullable(),
  decisionComment: z.string().nullable(),
}) satisfies z.ZodType<SubmissionView>;

/** An explanation request (yêu cầu giải trình) and its answer, as an assignment shows it; the dashboard adds where. */
const explanationRequestSchema = z.object({
  id: z.string(),
  message: z.string(),
  requestedBy: z.string(),
  requestedAt: instant(),
  status: z.enum(['pending', 'answered']),
  reason: z.string().nullable(),
  newDue: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: instant().nullable(),
}) satisfies z.ZodType<ExplanationRequestView>;

export const assignmentDetailSchema = assignmentSchema.extend({
  content: z.string().nullable(),
  submissions: z.array(submissionSchema),
  comments: z.array(z.object({ id: z.string(), authorId: z.string(), authorUnitId: z.string().nullable(), text: z.string(), createdAt: instant() })),
  extensionRequests: z.array(
    z.object({ id: z.string(), requestedDue: z.string(), reason: z.string(), requestedBy: z.string(), status: z.enum(['pending', 'granted', 'refused']), decidedBy: z.string().nullable(), decisionComment: z.string().nullable(), createdAt: instant() }),
  ),
  coordinationRequests: z.array(z.object({ id: z.string(), unitIds: z.array(z.string()), due: z.string().nullable(), message: z.string(), createdAt: instant() })),
  coordinationRequest: z
    .object({ id: z.string(), leadUnitId: z.string(), due: day().nullable(), message: z.string(), createdAt: instant() })
    .nullable()
    .describe('a coordination assignment: what the lead unit asked this unit for'),
  children: z.array(assignmentSchema.extend({ latestSubmission: submissionSchema.nullable() })),
  allowedActions: z.array(z.enum(['acknowledge', 'submit', 'approve', 'return', 'request_coordination', 'request_extension', 'decide_extension', 'comment', 'request_explanation', 'answer_explanation'])),
  explanationRequests: z.array(explanationRequestSchema).optional(),
  workflowId: z.string(),
  temporalUrl: z.string().nullable(),
}) satisfies z.ZodType<AssignmentDetailView>;

export const actionResultSchema = z.object({ assignmentId: z.string(), state: z.enum(ASSIGNMENT_STATES), version: z.int(), due: z.string().nullable() }) satisfies z.ZodType<ActionResult>;
export const actionWithRequestSchema = actionResultSchema.extend({ requestId: z.string() });
export const commentAcceptedSchema = z.object({ commentId: z.string(), accepted: z.literal(true) });
export const attachmentRefSchema = attachmentSchema;

const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  params: stored<NotificationView['params']>('kind-specific parameters, rendered by the console in the reader\'s language').nullable(),
  message: z.string(),
  planId: z.string().nullable(),
  assignmentId: z.string().nullable(),
  recipientUnitId: z.string(),
  recipientRole: z.string().nullable(),
  createdAt: instant(),
}) satisfies z.ZodType<NotificationView>;
export const inboxSchema = z.object({
  assignments: page(assignmentSchema),
  notifications: z.array(notificationSchema),
  awaitingDecision: z.array(assignmentSchema),
  counts: counts.optional(),
}) satisfies z.ZodType<InboxResponse>;

export const progressSchema = z.object({
  planId: z.string(),
  byTask: z.array(z.object({ taskId: z.string(), ref: z.string(), title: z.string(), counts, total: z.int() })),
  byUnit: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      counts,
      total: z.int(),
      consolidation: z.object({ expected: z.array(z.string()), reported: z.array(z.string()), missingAtDeadline: z.array(z.string()).nullable() }).nullable(),
    }),
  ),
  byUnitNext: z.string().nullable().describe('cursor of the next page of byUnit (query `cursor`); null on the last page'),
  subPlans: z.array(z.object({ planId: z.string(), title: z.string(), counts, total: z.int() })),
}) satisfies z.ZodType<ProgressView>;

const auditEntrySchema = z.object({
  seq: z.string(),
  occurredAt: instant(),
  actorId: z.string(),
  actorUnitId: z.string().nullable(),
  actorIp: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  planId: z.string().nullable(),
  assignmentId: z.string().nullable(),
  workflowId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
  hash: z.string(),
}) satisfies z.ZodType<AuditEntryView>;
const historyEntrySchema = auditEntrySchema.extend({
  actorName: z.string().nullable().describe("the acting person's display name; null for automatic steps"),
  onBehalfOfName: z.string().nullable().describe("the delegator's display name when a deputy acted on their behalf"),
}) satisfies z.ZodType<HistoryEntryView>;
export const historySchema = z.object({ entries: z.array(historyEntrySchema), nextAfterSeq: z.string().nullable(), workflowId: z.string().nullable(), temporalUrl: z.string().nullable() }) satisfies z.ZodType<HistoryResponse>;
export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.int(),
  lastSeq: z.string().nullable(),
  lastHash: z.string().nullable(),
  brokenAt: z.object({ seq: z.string(), reason: z.string() }).optional(),
  mode: z.enum(['incremental', 'full']).optional(),
  fromSeq: z.string().nullable().optional(),
}) satisfies z.ZodType<AuditVerifyResponse>;

export const dashboardSchema = z.object({
  scopeUnitId: z.string(),
  counts,
  onTimeRate: z.number().nullable(),
  byUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), counts, onTimeRate: z.number().nullable() })),
  byUnitNext: z.string().nullable().describe('cursor of the next page of byUnit (query `cursor`); null on the last page'),
  byPlan: z.array(z.object({ planId: z.string(), title: z.string(), counts, overdue: z.int() })),
  overdue: z.array(assignmentSchema),
  timeline: z.array(z.object({ date: day(), approved: z.int(), submitted: z.int(), overdue: z.int() })),
  explanations: z
    .array(explanationRequestSchema.extend({ assignmentId: z.string(), planId: z.string(), title: z.string(), unitId: z.string(), unitName: z.string(), due: z.string().nullable() }))
    .optional(),
}) satisfies z.ZodType<DashboardResponse>;

export const liveSchema = z.object({ status: z.literal('live') });
export const readySchema = z.object({ status: z.enum(['ready', 'not ready']), checks: z.record(z.string(), z.string()) });

// ---- delegations (ủy quyền) ----
export const delegationViewSchema = z.object({
  id: z.string(),
  delegatorUserId: z.string(),
  delegatorUsername: z.string().describe('what X-On-Behalf-Of names when the deputy acts for the delegator'),
  delegatorName: z.string(),
  deputyUserId: z.string(),
  deputyUsername: z.string(),
  deputyName: z.string(),
  validFrom: day().describe('first day it holds'),
  validTo: day().describe('last day it holds'),
  reason: z.string(),
  createdBy: z.string(),
  revokedAt: instant().nullable(),
}) satisfies z.ZodType<DelegationView>;
export const delegationListSchema = z.object({ items: z.array(delegationViewSchema) }) satisfies z.ZodType<DelegationListResponse>;
export const deputyCandidatesSchema = z.object({
  items: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string(), unitId: z.string(), unitName: z.string() }) satisfies z.ZodType<DeputyCandidateView>),
});

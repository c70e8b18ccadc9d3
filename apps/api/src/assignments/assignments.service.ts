import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { type AppConfig, temporalUiLink } from '@khflow/config';
import {
  acknowledgeUpdate,
  type ActionResult,
  type Actor,
  approveUpdate,
  type AssignmentDetailView,
  type AssignmentView,
  type AttachmentRef,
  commentSignal,
  decideExtensionUpdate,
  requestCoordinationUpdate,
  requestExtensionUpdate,
  returnUpdate,
  stableUuid,
  type SubmissionView,
  submitUpdate,
} from '@khflow/contracts';
import { authorize, expandTarget, type PermissionAction, reportedStatus, transition, vnDateOf } from '@khflow/domain';
import { AssignmentReadRepository, type AssignmentRow, ExplanationReadRepository, TaskReadRepository, taskHasReportForm } from '@khflow/persistence';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../api.tokens';
import { ProblemException } from '../common/problem-details.filter';
import { temporalCall } from '../common/temporal-errors';
import { DirectoryService } from '../directory/directory.service';
import { UUID_PATTERN } from '../common/request-guards';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function assignmentView(r: AssignmentRow, now = Date.now()): AssignmentView {
  return {
    id: r.id,
    planId: r.plan_id,
    planTitle: r.plan_title,
    taskId: r.task_id,
    taskRef: r.task_ref,
    title: r.title,
    periodKey: r.period_key,
    unitId: r.unit_id,
    unitName: r.unit_name,
    kind: r.kind,
    parentAssignmentId: r.parent_assignment_id,
    reviewerUnitId: r.reviewer_unit_id,
    state: r.state,
    reportedStatus: reportedStatus({ state: r.state, due: r.due, submittedAt: r.submitted_at ? new Date(r.submitted_at).getTime() : null, notReported: r.not_reported, now }),
    version: r.version,
    due: r.due,
    submittedAt: iso(r.submitted_at),
    approvedAt: iso(r.approved_at),
    escalationLevel: r.escalation_level,
    consolidation: r.consolidation,
    pendingExtension: Boolean(r.pending_extension),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

const notFound = (id: string) => new ProblemException({ status: 404, title: 'Not found', detail: `assignment ${id} does not exist` });

export type ActionName = AssignmentDetailView['allowedActions'][number];

@Injectable()
export class AssignmentsService {
  private readonly tasks: TaskReadRepository;
  private readonly assignments: AssignmentReadRepository;
  private readonly explanations: ExplanationReadRepository;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {
    this.tasks = new TaskReadRepository(db);
    this.assignments = new AssignmentReadRepository(db);
    this.explanations = new ExplanationReadRepository(db);
  }

  async row(id: string): Promise<AssignmentRow> {
    if (!UUID_PATTERN.test(id)) throw notFound(id);
    const r = await this.assignments.find(id);
    if (!r) throw notFound(id);
    return r;
  }

  /** The assignment if the caller may do `action` on it; 403 naming the reason otherwise. */
  async checked(id: string, actor: Actor, action: PermissionAction): Promise<AssignmentRow> {
    const r = await this.row(id);
    const index = await this.directory.index();
    const read = authorize(index, actor, 'assignment.read', { unitId: r.unit_id, reviewerUnitId: r.reviewer_unit_id, issuerUnitId: r.issuer_unit_id });
    if (!read.allow) throw notFound(id); // do not reveal what exists in other units
    if (action !== 'assignment.read') {
      const d = authorize(index, actor, action, { unitId: r.unit_id, reviewerUnitId: r.reviewer_unit_id, issuerUnitId: r.issuer_unit_id });
      if (!d.allow) throw new ProblemException({ status: 403, title: 'Forbidden', detail: d.reason });
    }
    return r;
  }

  private async allowedActions(r: AssignmentRow, actor: Actor, explanations: { status: string }[] = []): Promise<ActionName[]> {
    const index = await this.directory.index();
    const res = { unitId: r.unit_id, reviewerUnitId: r.reviewer_unit_id, issuerUnitId: r.issuer_unit_id };
    const canAct = authorize(index, actor, 'assignment.act', res).allow;
    const canDecide = authorize(index, actor, 'assignment.decide', res).allow;
    const ok = (a: Parameters<typeof transition>[1]) => transition(r.state, a).ok;
    const out: ActionName[] = [];
    if (canAct && ok('acknowledge')) out.push('acknowledge');
    if (canAct && ok('submit')) out.push('submit');
    if (canDecide && ok('approve')) out.push('approve', 'return');
    if (canAct && ok('request_coordination') && r.kind === 'lead') out.push('request_coordination');
    if (canAct && ok('request_extension')) out.push('request_extension');
    if (canDecide && ok('decide_extension')) out.push('decide_extension');
    if ((canAct || canDecide) && ok('comment')) out.push('comment');
    // Issue 17: explanation requests (the workflow's decider judges again on its own state).
    if (canDecide && ok('request_explanation') && assignmentView(r).reportedStatus === 'overdue' && !explanations.some((x) => x.status === 'pending')) out.push('request_explanation');
    if (canAct && ok('answer_explanation') && explanations.some((x) => x.status === 'pending')) out.push('answer_explanation');
    return out;
  }

  async detail(id: string, actor: Actor): Promise<AssignmentDetailView> {
    const r = await this.checked(id, actor, 'assignment.read');
    const { submissions: subs, comments, extensions: exts, coordinations: coords, children, childSubmissions: childSubs } = await this.assignments.details(id);
    const latest = new Map(childSubs.map((s: Record<string, unknown>) => [s.assignment_id, s]));
    const explanations = await this.explanations.ofAssignment(id);
    const asked = r.kind === 'coordination' && r.parent_assignment_id ? await this.assignments.coordinationRequestFor(r.parent_assignment_id, r.unit_id) : null;
    return {
      ...assignmentView(r),
      content: r.content,
      submissions: subs.map(submissionView),
      comments: comments.map((c: Record<string, unknown>) => ({ id: c.id as string, authorId: c.author_id as string, authorUnitId: c.author_unit_id as string | null, text: c.text as string, createdAt: iso(c.created_at as Date)! })),
      extensionRequests: exts.map((e: Record<string, unknown>) => ({
        id: e.id as string,
        requestedDue: e.requested_due as string,
        reason: e.reason as string,
        requestedBy: e.requested_by as string,
        status: e.status as 'pending',
        decidedBy: e.decided_by as string | null,
        decisionComment: e.decision_comment as string | null,
        createdAt: iso(e.created_at as Date)!,
      })),
      coordinationRequests: coords.map((c: Record<string, unknown>) => ({ id: c.id as string, unitIds: c.unit_ids as string[], due: c.due as string | null, message: c.message as string, createdAt: iso(c.created_at as Date)! })),
      coordinationRequest: asked ? { id: asked.id, leadUnitId: asked.lead_unit_id, due: asked.due, message: asked.message, createdAt: iso(asked.created_at)! } : null,
      children: children.map((c: AssignmentRow) => ({ ...assignmentView(c), latestSubmission: latest.has(c.id) ? submissionView(latest.get(c.id) as Record<string, unknown>) : null })),
      allowedActions: await this.allowedActions(r, actor, explanations),
      explanationRequests: explanations.map(({ assignmentId: _a, ...x }) => x),
      workflowId: r.workflow_id,
      temporalUrl: actor.roles.includes('admin') ? temporalUiLink(this.config, r.workflow_id) : null,
    };
  }

  private handle(r: AssignmentRow) {
    return this.temporal.workflow.getHandle(r.workflow_id);
  }

  /**
   * A call to the assignment's workflow. A fan-out node writes its children's rows before it starts them (issue
   * 20), so an item that is new in the read model may be a moment away from its workflow: that one call waits for
   * it instead of answering 409.
   */
  /**
   * An action on an assignment whose workflow has ended meanwhile (a second supervisor's decision a moment after the
   * first one closed it) is answered from the read model as the workflow would have: a stale `expectedVersion` is a
   * version conflict with the current state, anything else a conflict naming the state.
   */
  private onWorkflow<T>(r: AssignmentRow, fn: () => Promise<T>, expectedVersion?: number | null): Promise<T> {
    return temporalCall(this.temporal, fn, {
      mayBeStarting: r.state === 'assigned' && Number(r.version) === 1,
      ended: async () => {
        const now = await this.row(r.id);
        const current = { assignmentId: now.id, state: now.state, version: Number(now.version), due: now.due };
        if (expectedVersion != null && expectedVersion !== current.version)
          return new ProblemException({ status: 409, title: 'Version conflict', reason: 'VersionConflict', detail: `assignment changed: expected version ${expectedVersion}, current version is ${current.version} (${current.state})`, current });
        return new ProblemException({ status: 409, title: 'Conflict', reason: 'InvalidTransition', detail: `the assignment is ${current.state}: its workflow has ended`, current });
      },
    });
  }

  async acknowledge(id: string, actor: Actor, key: string, expectedVersion?: number): Promise<ActionResult> {
    const r = await this.checked(id, actor, 'assignment.act');
    return this.onWorkflow(r, () => this.handle(r).executeUpdate(acknowledgeUpdate, { args: [{ actor, expectedVersion }], updateId: key }), expectedVersion);
  }

  async submit(id: string, actor: Actor, key: string, body: { text: string; attachmentIds?: string[]; expectedVersion?: number }): Promise<ActionResult> {
    const r = await this.checked(id, actor, 'assignment.act');
    const attachments = await this.attachmentRefs(r, body.attachmentIds ?? []);
    return this.onWorkflow(r, () => this.handle(r).executeUpdate(submitUpdate, { args: [{ actor, expectedVersion: body.expectedVersion, submission: { text: body.text, attachments } }], updateId: key }), body.expectedVersion);
  }

  /** `POST /assignments/{id}/submissions`: a task with a report form takes its report (figures) through the form
   *  route, so consolidation never misses a unit's figures (issue 17); coordination input stays plain text. */
  async submitPlain(id: string, actor: Actor, key: string, body: { text: string; attachmentIds?: string[]; expectedVersion?: number }): Promise<ActionResult> {
    const r = await this.checked(id, actor, 'assignment.act');
    if (r.kind !== 'coordination' && (await taskHasReportForm(this.db, r.task_id))) {
      throw new ProblemException({
        status: 422,
        title: 'This task has a report form',
        detail: `figures: the task of assignment ${id} has a report form; submit the report with its figures through POST /assignments/${id}/report`,
        errors: [{ field: 'figures', message: `required: this task has a report form, use POST /assignments/${id}/report` }],
      });
    }
    return this.submit(id, actor, key, body);
  }

  async approve(id: string, actor: Actor, key: string, body: { comment?: string | null; expectedVersion?: number }): Promise<ActionResult> {
    const r = await this.checked(id, actor, 'assignment.decide');
    return this.onWorkflow(r, () => this.handle(r).executeUpdate(approveUpdate, { args: [{ actor, expectedVersion: body.expectedVersion, comment: body.comment ?? null }], updateId: key }), body.expectedVersion);
  }

  async return(id: string, actor: Actor, key: string, body: { comment: string; expectedVersion?: number }): Promise<ActionResult> {
    const r = await this.checked(id, actor, 'assignment.decide');
    return this.onWorkflow(r, () => this.handle(r).executeUpdate(returnUpdate, { args: [{ actor, expectedVersion: body.expectedVersion, comment: body.comment }], updateId: key }), body.expectedVersion);
  }

  async requestCoordination(id: string, actor: Actor, key: string, body: { unitIds: string[]; due?: string | null; message: string; expectedVersion?: number }): Promise<ActionResult & { requestId: string }> {
    const r = await this.checked(id, actor, 'assignment.act');
    const index = await this.directory.index();
    const unknown = body.unitIds.filter((u) => !index.byId.has(u));
    if (unknown.length) throw new ProblemException({ status: 422, title: 'Unknown units', detail: `unitIds: ${unknown.join(', ')} do not exist`, errors: [{ field: 'unitIds', message: `unknown units: ${unknown.join(', ')}` }] });
    // Coordination goes to the units the task names (lead or coordinating) or a plan owner added to it, not to
    // whoever the requester picks (a kindergarten does not task the city's People's Committee or the police).
    const task = await this.tasks.targets(r.plan_id, r.task_id);
    const named = new Set<string>(task?.activeUnitIds ?? []);
    const today = vnDateOf(Date.now());
    for (const target of [...(task?.lead ?? []), ...(task?.coordinators ?? [])]) for (const u of expandTarget(index, target, task!.issuerUnitId, today)) named.add(u);
    const outside = body.unitIds.filter((u) => !named.has(u) || u === r.unit_id);
    if (outside.length) {
      throw new ProblemException({ status: 422, title: 'Units outside the task', detail: `unitIds: ${outside.join(', ')} are not units this task names`, errors: [{ field: 'unitIds', message: `not named by the task: ${outside.join(', ')}` }] });
    }
    const requestId = stableUuid(`coord:${key}`);
    const res = await this.onWorkflow(r, () =>
      this.handle(r).executeUpdate(requestCoordinationUpdate, { args: [{ actor, expectedVersion: body.expectedVersion, requestId, unitIds: body.unitIds, due: body.due ?? null, message: body.message }], updateId: key }),
      body.expectedVersion,
    );
    return { ...res, requestId };
  }

  async requestExtension(id: string, actor: Actor, key: string, body: { requestedDue: string; reason: string; expectedVersion?: number }): Promise<ActionResult & { requestId: string }> {
    const r = await this.checked(id, actor, 'assignment.act');
    const requestId = stableUuid(`ext:${key}`);
    const res = await this.onWorkflow(r, () =>
      this.handle(r).executeUpdate(requestExtensionUpdate, { args: [{ actor, expectedVersion: body.expectedVersion, requestId, requestedDue: body.requestedDue, reason: body.reason }], updateId: key }),
      body.expectedVersion,
    );
    return { ...res, requestId };
  }

  async decideExtension(id: string, requestId: string, actor: Actor, key: string, body: { grant: boolean; comment?: string | null; expectedVersion?: number }): Promise<ActionResult> {
    const r = await this.checked(id, actor, 'assignment.decide');
    return this.onWorkflow(r, () =>
      this.handle(r).executeUpdate(decideExtensionUpdate, { args: [{ actor, expectedVersion: body.expectedVersion, requestId, grant: body.grant, comment: body.comment ?? null }], updateId: key }),
      body.expectedVersion,
    );
  }

  /** Comments are fire-and-forget signals; the id comes from the idempotency key so a retry records one comment. */
  async comment(id: string, actor: Actor, key: string, text: string): Promise<{ commentId: string; accepted: true }> {
    const r = await this.checked(id, actor, 'assignment.read');
    const index = await this.directory.index();
    const res = { unitId: r.unit_id, reviewerUnitId: r.reviewer_unit_id, issuerUnitId: r.issuer_unit_id };
    if (!authorize(index, actor, 'assignment.act', res).allow && !authorize(index, actor, 'assignment.decide', res).allow) {
      throw new ProblemException({ status: 403, title: 'Forbidden', detail: 'only the assignee unit and the reviewers comment on an assignment' });
    }
    if (!transition(r.state, 'comment').ok) throw new ProblemException({ status: 409, title: 'Conflict', detail: `the assignment is ${r.state}` });
    const commentId = stableUuid(`comment:${key}`);
    await this.onWorkflow(r, () => this.handle(r).signal(commentSignal, { actor, commentId, text }));
    return { commentId, accepted: true };
  }

  async upload(id: string, actor: Actor, file: { fileName: string; contentType: string; content: Buffer }, key: string): Promise<AttachmentRef> {
    const r = await this.checked(id, actor, 'assignment.act');
    if (!this.config.allowedUploadTypes.includes(file.contentType)) {
      throw new ProblemException({ status: 415, title: 'Unsupported media type', detail: `file: ${file.contentType} is not accepted (accepted: ${this.config.allowedUploadTypes.join(', ')})`, errors: [{ field: 'file', message: `type ${file.contentType} is not accepted` }] });
    }
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    // The id derives from the idempotency key: an upload retried after a crash stores one row.
    const attachmentId = stableUuid(`attachment:${key}`);
    await this.assignments.insertAttachment({ id: attachmentId, sha256, fileName: file.fileName.normalize('NFC'), contentType: file.contentType, content: file.content, uploadedBy: actor.userId, unitId: r.unit_id });
    return { id: attachmentId, fileName: file.fileName.normalize('NFC'), contentType: file.contentType, size: file.content.length, sha256 };
  }

  /** Attachments named in a submission must have been uploaded to this assignment's unit. */
  private async attachmentRefs(r: AssignmentRow, ids: string[]): Promise<AttachmentRef[]> {
    if (!ids.length) return [];
    const found = new Map((await this.assignments.attachmentsOfUnit(ids, r.unit_id)).map((a) => [a.id, a]));
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length) throw new ProblemException({ status: 422, title: 'Unknown attachments', detail: `attachmentIds: ${missing.join(', ')} were not uploaded to this assignment`, errors: [{ field: 'attachmentIds', message: `unknown: ${missing.join(', ')}` }] });
    return ids.map((i) => found.get(i)!);
  }

  async download(id: string, attachmentId: string, actor: Actor): Promise<{ fileName: string; contentType: string; content: Buffer; sha256: string }> {
    const r = await this.checked(id, actor, 'assignment.read');
    if (!UUID_PATTERN.test(attachmentId)) throw new ProblemException({ status: 404, title: 'Not found', detail: `attachment ${attachmentId} does not exist` });
    // Readable when uploaded to this assignment's unit, or part of a submission of this assignment or its children.
    const a = await this.assignments.readableAttachment(attachmentId, { id: r.id, unitId: r.unit_id });
    if (!a) throw new ProblemException({ status: 404, title: 'Not found', detail: `attachment ${attachmentId} does not exist on this assignment` });
    return a;
  }
}

export function submissionView(s: Record<string, unknown>): SubmissionView {
  return {
    version: s.version as number,
    text: s.text as string,
    attachments: (s.attachments as AttachmentRef[]) ?? [],
    consolidation: (s.consolidation as SubmissionView['consolidation']) ?? null,
    submittedBy: s.submitted_by as string,
    submittedAt: iso(s.submitted_at as Date)!,
    decision: (s.decision as SubmissionView['decision']) ?? null,
    decidedBy: (s.decided_by as string) ?? null,
    decidedAt: iso(s.decided_at as Date),
    decisionComment: (s.decision_comment as string) ?? null,
  };
}

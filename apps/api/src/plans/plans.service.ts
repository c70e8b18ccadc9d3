import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { type AppConfig, deadlinePolicyOf, temporalUiLink } from '@khflow/config';
import {
  type Actor,
  type AmendmentInput,
  amendPlanUpdate,
  closePlanUpdate,
  type ImportedPlanDraft,
  type PlanSpec,
  type ReimportResponse,
  type PlanSummaryView,
  type PlanView,
  type ProgressView,
  type ReportedStatus,
  stableUuid,
  type TargetSpec,
  type Recurrence,
  type TaskSpec,
  type TaskView,
  workflowIds,
  REPORTED_STATUSES,
  UNIT_PAGE_DEFAULT,
} from '@khflow/contracts';
import { authorize, isValidDate, planDue, vnDateOf, type OrgIndex } from '@khflow/domain';
import { DraftNotEditable, loadUnits, PlanDraftRepository, PlanReadRepository, type PlanRow } from '@khflow/persistence';
import { applyCorrections, diffCorrections, draftToPlanSpec } from '@khflow/plan-import';
import { DocumentRefused, DocumentSandbox } from './import/document-sandbox';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../api.tokens';
import type { FieldError } from '../common/problem-details.filter';
import { fieldErrors, ProblemException } from '../common/problem-details.filter';
import { temporalCall } from '../common/temporal-errors';
import { DirectoryService } from '../directory/directory.service';
import { UUID_PATTERN } from '../common/request-guards';
import { unitCursor } from '../common/paging.util';

export const STATUSES: readonly ReportedStatus[] = REPORTED_STATUSES;
export const zeroCounts = (): Record<ReportedStatus, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ReportedStatus, number>;

/** Records an error when a unit id is given but not in the directory. */
function knownUnit(index: OrgIndex, id: string | null | undefined, field: string, errors: FieldError[]): void {
  if (id && !index.byId.has(id)) errors.push({ field, message: `unit ${id} does not exist` });
}

/** A task of a plan view as the spec it was drafted from (what corrections compare). */
function taskSpecOf(t: TaskView): TaskSpec & { id: string } {
  return { id: t.id, ref: t.ref, title: t.title, content: t.content, lead: t.lead, coordinators: t.coordinators, timeframe: t.timeframe, reviewerUnitId: t.reviewerUnitId, consolidate: t.consolidate, lines: t.lines };
}

const notFound = (id: string) => new ProblemException({ status: 404, title: 'Not found', detail: `plan ${id} does not exist` });
const forbidden = (reason: string) => new ProblemException({ status: 403, title: 'Forbidden', detail: reason });

@Injectable()
export class PlansService implements OnModuleDestroy {
  private readonly sandbox = new DocumentSandbox();
  private readonly plansRead: PlanReadRepository;
  private readonly drafts: PlanDraftRepository;

  async onModuleDestroy(): Promise<void> {
    await this.sandbox.close();
  }

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {
    this.plansRead = new PlanReadRepository(db);
    this.drafts = new PlanDraftRepository(db);
  }

  /** The units a draft names must exist; plan owners draft for their own unit. */
  private checkUnits(index: OrgIndex, spec: PlanSpec, actor: Actor): void {
    const errors: FieldError[] = [];
    knownUnit(index, spec.issuerUnitId, 'issuerUnitId', errors);
    spec.tasks.forEach((t, i) => this.checkTask(index, t, `tasks[${i}]`, errors));
    if (errors.length) throw fieldErrors(422, 'Unknown units or incomplete tasks', errors);
    const d = authorize(index, actor, 'plan.manage', { issuerUnitId: spec.issuerUnitId });
    if (!d.allow) throw forbidden(`${d.reason} (issuerUnitId ${spec.issuerUnitId})`);
  }

  private checkTask(index: OrgIndex, t: TaskSpec, at: string, errors: FieldError[]): void {
    const known = (id: string | null | undefined, field: string) => knownUnit(index, id, field, errors);
    // A target may still be text only in a draft (an import could not resolve it); launching requires leads.
    const target = (x: TargetSpec, field: string) => {
      if (!x.unitId && !x.group && !x.text?.trim()) errors.push({ field, message: 'needs a unitId, a group or at least its text' });
      known(x.unitId, `${field}.unitId`);
      known(x.group?.underUnitId, `${field}.group.underUnitId`);
    };
    t.lead.forEach((x, j) => target(x, `${at}.lead[${j}]`));
    t.coordinators.forEach((x, j) => target(x, `${at}.coordinators[${j}]`));
    known(t.reviewerUnitId, `${at}.reviewerUnitId`);
    if (t.timeframe.kind === 'recurring' && !t.timeframe.recurrence) errors.push({ field: `${at}.timeframe.recurrence`, message: 'is required for a recurring task' });
    if (t.timeframe.kind !== 'recurring' && t.timeframe.recurrence) errors.push({ field: `${at}.timeframe.recurrence`, message: 'is only for kind recurring' });
  }

  async createDraft(spec: PlanSpec, actor: Actor, key: string): Promise<PlanView> {
    this.checkUnits(await this.directory.index(), spec, actor);
    if (spec.parentPlanId) await this.row(spec.parentPlanId).catch(() => {
      throw new ProblemException({ status: 422, title: 'Unknown parent plan', detail: `parentPlanId: plan ${spec.parentPlanId} does not exist`, errors: [{ field: 'parentPlanId', message: 'does not exist' }] });
    });
    // Ids derive from the idempotency key: a retried request that lost its stored answer writes the same rows.
    const planId = stableUuid(`plan:${key}`);
    // Never a client's id for a new task: an id chosen by the client could be another plan's task.
    const tasks = spec.tasks.map((t, i) => ({ ...t, id: stableUuid(`plan:${key}:task:${i}`) }));
    await this.drafts.create({ ...spec, tasks }, actor, { planId, source: { createdVia: 'api' } });
    return this.get(planId, actor);
  }

  /** Replaces a draft's fields and tasks (drafts only: a launched plan changes through amendments). */
  async updateDraft(id: string, spec: PlanSpec, actor: Actor, key: string): Promise<PlanView> {
    const r = await this.manageable(id, actor);
    if (r.status !== 'draft') throw new ProblemException({ status: 409, title: 'Conflict', detail: `the plan is ${r.status}; change a running plan with amendments` });
    this.checkUnits(await this.directory.index(), spec, actor);
    const before = await this.get(id, actor);
    // A task keeps its id only if it is one of this draft's tasks (the console sends them back); others are refused.
    const own = new Set(before.tasks.map((t) => t.id));
    const seen = new Set<string>();
    const idErrors: FieldError[] = [];
    spec.tasks.forEach((t, i) => {
      if (!t.id) return;
      if (!own.has(t.id)) idErrors.push({ field: `tasks[${i}].id`, message: 'is not a task of this plan (omit it for a new task)' });
      else if (seen.has(t.id)) idErrors.push({ field: `tasks[${i}].id`, message: 'names the same task twice' });
      seen.add(t.id);
    });
    if (idErrors.length) throw fieldErrors(422, 'Unknown task ids', idErrors);
    const tasks = spec.tasks.map((t, i) => ({ ...t, id: t.id ?? stableUuid(`plan:${id}:edit:${key}:task:${i}`) }));
    // An imported draft remembers how it differs from the import, so that a re-import can apply it again.
    const source = before.source;
    let nextSource: PlanView['source'] | undefined;
    if (source?.draft && source.origins) {
      const origins = Object.fromEntries(tasks.flatMap((t) => (source.origins![t.id] === undefined ? [] : [[t.id, source.origins![t.id]]])));
      nextSource = { ...source, origins, corrections: diffCorrections(draftToPlanSpec(source.draft, spec.issuerUnitId).spec.tasks, tasks, origins) };
    }
    try {
      await this.drafts.replace(id, spec, tasks, actor, { eventKey: `plan:${id}:draft_updated:${key}`, before: { title: before.title, tasks: before.tasks.map((t) => ({ id: t.id, ref: t.ref, title: t.title })) } }, nextSource);
    } catch (err) {
      if (err instanceof DraftNotEditable) throw new ProblemException({ status: 409, title: 'Conflict', detail: err.message });
      throw err;
    }
    return this.get(id, actor);
  }

  /** Reads an uploaded plan document in the sandbox; refuses (naming the file field) what yields no plan. */
  private async parseUpload(file: { fileName: string; content: Buffer }): Promise<{ text: string; draft: ImportedPlanDraft }> {
    const refuse = (status: number, message: string) =>
      new ProblemException({ status, title: status === 413 ? 'Document too large' : 'Unreadable plan document', detail: `file: ${message}`, errors: [{ field: 'file', message }] });
    if (!file.content.length) throw refuse(422, 'the file is empty');
    let draft: ImportedPlanDraft;
    let text: string;
    try {
      ({ text, draft } = await this.sandbox.parse(file.content, file.fileName, await loadUnits(this.db.manager)));
      // Units resolve against this installation's directory as of the plan's date (today's when it has none).
      if (draft.issuedAt && isValidDate(draft.issuedAt) && draft.issuedAt !== vnDateOf(Date.now())) {
        ({ text, draft } = await this.sandbox.parse(file.content, file.fileName, await loadUnits(this.db.manager, draft.issuedAt)));
      }
    } catch (err) {
      if (err instanceof DocumentRefused) throw refuse(err.status, err.message);
      throw err;
    }
    if (!text.trim()) throw refuse(422, 'the document has no text');
    if (!draft.tasks.length) throw refuse(422, 'no tasks were found in the document (a plan lists its tasks under II. NHIỆM VỤ or similar)');
    return { text, draft };
  }

  /** The draft's plan fields and tasks from an import, drafted for the owner's unit when it names another issuer. */
  private async specOf(draft: ImportedPlanDraft, actor: Actor): Promise<{ spec: PlanSpec; warnings: string[] }> {
    const { spec, warnings } = draftToPlanSpec(draft, actor.unitId);
    const index = await this.directory.index();
    // The owner imports for their own unit; a document naming another issuer is still drafted for them to fix.
    if (!authorize(index, actor, 'plan.manage', { issuerUnitId: spec.issuerUnitId }).allow) {
      const message = `cơ quan ban hành của văn bản (${spec.issuerUnitId}) không phải đơn vị của bạn: dự thảo được lập cho ${actor.unitId}`;
      warnings.push(message);
      draft.warnings.push(message);
      draft.warningDetails?.push({ code: 'issuer_not_yours', message, messageEn: `the document's issuer ${spec.issuerUnitId} is not your unit: drafted for ${actor.unitId}`, lines: null });
      spec.issuerUnitId = actor.unitId;
    }
    return { spec, warnings };
  }

  /** Reads a plan document and stores what it finds as a draft, with the warnings a person must look at. */
  async importDocument(file: { fileName: string; content: Buffer }, actor: Actor, key: string): Promise<{ planId: string; draft: unknown; warnings: string[] }> {
    // The plan id derives from the idempotency key: an import retried after a crash finds the draft it made.
    const planId = stableUuid(`import:${key}`);
    const existing = await this.plansRead.source(planId);
    if (existing) return { planId, draft: existing.source?.draft ?? null, warnings: existing.source?.warnings ?? [] };
    const { text, draft } = await this.parseUpload(file);
    const { spec, warnings } = await this.specOf(draft, actor);
    const tasks = spec.tasks.map((t, i) => ({ ...t, id: stableUuid(`import:${key}:task:${i}`) }));
    // Each task remembers the imported task it comes from: what a person changes later is a correction to keep.
    const origins = Object.fromEntries(tasks.map((t, i) => [t.id, i]));
    await this.drafts.create({ ...spec, tasks }, actor, { planId, source: { draft, text, fileName: file.fileName, warnings, origins, corrections: [] }, eventKey: `plan:${planId}:imported` });
    return { planId, draft, warnings };
  }

  /**
   * Reads a new version of a draft's document (corrected at its source) and replaces the draft with it, re-applying
   * the corrections a person made to the previous import where their task is still there; the answer says what
   * became of each correction. Plan fields a person corrected stay; the others come from the new document.
   */
  async reimportDocument(id: string, file: { fileName: string; content: Buffer }, actor: Actor, key: string): Promise<ReimportResponse> {
    const r = await this.manageable(id, actor);
    const source = (await this.plansRead.source(id))?.source ?? null;
    const eventKey = `plan:${id}:draft_reimported:${key}`;
    if (r.status !== 'draft') throw new ProblemException({ status: 409, title: 'Conflict', detail: `the plan is ${r.status}; only a draft can be imported again` });
    if (!source?.draft || !source.origins) {
      throw new ProblemException({ status: 409, title: 'Conflict', detail: 'the plan was not imported from a document (or before drafts kept their corrections): import the document as a new draft' });
    }
    const before = await this.get(id, actor);
    const { text, draft } = await this.parseUpload(file);
    const { spec: fresh, warnings } = await this.specOf(draft, actor);
    const oldImported = draftToPlanSpec(source.draft, before.issuerUnitId).spec;
    const corrections = diffCorrections(oldImported.tasks, before.tasks.map(taskSpecOf), source.origins);
    const applied = applyCorrections(fresh.tasks, corrections);
    const tasks = applied.tasks.map((t, i) => ({ ...t.task, id: stableUuid(`reimport:${id}:${key}:task:${i}`) }));
    const origins = Object.fromEntries(applied.tasks.flatMap((t, i) => (t.origin === null ? [] : [[tasks[i].id, t.origin]])));
    // A plan field keeps the person's value where they changed the import's, else takes the new document's.
    const kept = <K extends keyof PlanSpec>(k: K): PlanSpec[K] => (JSON.stringify(before[k as keyof PlanView] ?? null) !== JSON.stringify(oldImported[k] ?? null) ? (before[k as keyof PlanView] as PlanSpec[K]) : fresh[k]);
    const spec: PlanSpec = {
      ...fresh,
      number: kept('number'),
      title: kept('title'),
      issuedAt: kept('issuedAt'),
      place: kept('place'),
      issuerUnitId: before.issuerUnitId,
      description: before.description,
      parentPlanId: before.parentPlanId,
      horizon: before.horizon,
      tasks,
    };
    this.checkUnits(await this.directory.index(), spec, actor);
    const outcomes = applied.outcomes;
    const next = {
      draft,
      text,
      fileName: file.fileName,
      warnings,
      origins,
      corrections: diffCorrections(fresh.tasks, tasks, origins),
      reimport: { fileName: file.fileName, at: new Date().toISOString(), outcomes },
    };
    try {
      await this.drafts.replace(
        id,
        spec,
        tasks,
        actor,
        { eventKey, action: 'plan.draft_reimported', before: { fileName: source.fileName, tasks: before.tasks.map((t) => ({ id: t.id, ref: t.ref, title: t.title })) }, after: { fileName: file.fileName, corrections: outcomes.map((o) => ({ status: o.status, message: o.message })) } },
        next,
      );
    } catch (err) {
      if (err instanceof DraftNotEditable) throw new ProblemException({ status: 409, title: 'Conflict', detail: err.message });
      throw err;
    }
    return { planId: id, draft, warnings, corrections: outcomes };
  }

  private async row(id: string): Promise<PlanRow> {
    if (!UUID_PATTERN.test(id)) throw notFound(id);
    const row = await this.plansRead.find(id);
    if (!row) throw notFound(id);
    return row;
  }

  private summary(r: PlanRow): PlanSummaryView {
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      issuerUnitId: r.issuer_unit_id,
      issuerName: r.issuer_name,
      issuedAt: r.issued_at,
      status: r.status,
      parentPlanId: r.parent_plan_id,
      launchedAt: r.launched_at ? new Date(r.launched_at).toISOString() : null,
      closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
      version: r.version,
      taskCount: r.task_count,
      due: planDue(r.horizon, r.task_timeframes ?? []),
    };
  }

  /** The plan, if the caller may read it (403 otherwise). */
  async readable(id: string, actor: Actor): Promise<PlanRow> {
    const r = await this.row(id);
    const d = authorize(await this.directory.index(), actor, 'plan.read', { issuerUnitId: r.issuer_unit_id, targetUnitIds: r.target_unit_ids ?? [], draft: r.status === 'draft' });
    if (!d.allow) throw forbidden(d.reason);
    return r;
  }

  private async manageable(id: string, actor: Actor): Promise<PlanRow> {
    const r = await this.readable(id, actor);
    const d = authorize(await this.directory.index(), actor, 'plan.manage', { issuerUnitId: r.issuer_unit_id });
    if (!d.allow) throw forbidden(d.reason);
    return r;
  }

  /** Plans the caller may read; `q` matches the number, the title, any task's reference, title or content, and unit names. */
  async list(actor: Actor, q: { status?: string; q?: string; limit: number; offset: number }): Promise<{ items: PlanSummaryView[]; total: number }> {
    const index = await this.directory.index();
    const rows = await this.plansRead.list(q.status ?? null, q.q ?? null);
    const visible = rows.filter((r) => authorize(index, actor, 'plan.read', { issuerUnitId: r.issuer_unit_id, targetUnitIds: r.target_unit_ids ?? [], draft: r.status === 'draft' }).allow);
    return { items: visible.slice(q.offset, q.offset + q.limit).map((r) => this.summary(r)), total: visible.length };
  }

  async get(id: string, actor: Actor): Promise<PlanView> {
    const r = await this.readable(id, actor);
    const tasks = await this.plansRead.tasks(id);
    return {
      ...this.summary(r),
      place: r.place,
      description: r.description,
      basis: r.basis ?? [],
      horizon: r.horizon,
      source: r.source,
      workflowId: r.workflow_id,
      temporalUrl: r.workflow_id ? this.temporalUrl(r.workflow_id, actor) : null,
      tasks: tasks.map(
        (t: Record<string, unknown>): TaskView => ({
          id: t.id as string,
          position: t.position as number,
          ref: t.ref as string,
          title: t.title as string,
          content: t.content as string | null,
          lead: t.lead as TargetSpec[],
          coordinators: t.coordinators as TargetSpec[],
          timeframe: t.timeframe as TaskView['timeframe'],
          reviewerUnitId: t.reviewer_unit_id as string | null,
          consolidate: t.consolidate as boolean,
          stepDays: t.step_days as number,
          reminderOffsetsDays: t.reminder_offsets as number[] | null,
          lines: t.lines as [number, number] | null,
          status: t.status as TaskView['status'],
        }),
      ),
    };
  }

  /**
   * The Temporal Web UI page of a workflow, for administrators only: the UI is an operator's tool without its own
   * login that shows every workflow's inputs (submissions included), so nobody else is sent there.
   */
  temporalUrl(workflowId: string, actor: Actor): string | null {
    return actor.roles.includes('admin') ? temporalUiLink(this.config, workflowId) : null;
  }

  async launch(id: string, actor: Actor): Promise<{ planId: string; workflowId: string; status: string; temporalUrl: string | null }> {
    const r = await this.manageable(id, actor);
    if (r.status !== 'draft' && !r.workflow_id) throw new ProblemException({ status: 409, title: 'Conflict', detail: `the plan is ${r.status}; only a draft can be launched` });
    if (r.status === 'draft') {
      // An imported draft may still have tasks whose lead is only text: a person must choose the unit first.
      const tasks = await this.plansRead.taskLeads(id);
      const errors: FieldError[] = [];
      tasks.forEach((t, i) => {
        if (!t.lead.some((x) => x.unitId || x.group)) errors.push({ field: `tasks[${i}].lead`, message: `task ${t.ref} has no lead unit from the directory` });
      });
      if (!tasks.length) errors.push({ field: 'tasks', message: 'the plan has no tasks' });
      if (errors.length) throw fieldErrors(422, 'The draft is not ready to launch', errors);
    }
    const workflowId = workflowIds.plan(id);
    try {
      await temporalCall(this.temporal, () =>
        this.temporal.workflow.start('planWorkflow', {
          workflowId,
          taskQueue: this.config.temporalTaskQueue,
          args: [{ planId: id, launchedBy: actor, policy: deadlinePolicyOf(this.config) }],
        }),
      );
    } catch (err) {
      // Launched already (a retry, or two owners at once): launching is idempotent per plan.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { planId: id, workflowId, status: r.status === 'draft' ? 'launching' : r.status, temporalUrl: this.temporalUrl(workflowId, actor) };
  }

  async amend(id: string, actor: Actor, body: { reason: string; op: Record<string, unknown> }, key: string): Promise<{ applied: true; amendmentId: string; taskId?: string }> {
    const r = await this.manageable(id, actor);
    if (r.status !== 'active') throw new ProblemException({ status: 409, title: 'Conflict', detail: `the plan is ${r.status}; only an active plan can be amended` });
    const op = body.op;
    const need = (field: string) => {
      if (op[field] === undefined) throw new ProblemException({ status: 400, title: 'Invalid request body', detail: `op.${field}: is required for ${op.type}`, errors: [{ field: `op.${field}`, message: `is required for ${op.type}` }] });
    };
    let amendmentOp: AmendmentInput['op'];
    let taskId: string | undefined;
    switch (op.type) {
      case 'add_task': {
        need('task');
        const task = op.task as TaskSpec;
        const errors: FieldError[] = [];
        this.checkTask(await this.directory.index(), task, 'op.task', errors);
        if (errors.length) throw fieldErrors(422, 'Unknown units or incomplete task', errors);
        // The new task's id is ours, never the client's (it could name another plan's task).
        taskId = stableUuid(`amend:${id}:${key}:task`);
        amendmentOp = { type: 'add_task', task: { ...task, id: taskId } };
        break;
      }
      case 'cancel_task':
        need('taskId');
        amendmentOp = { type: 'cancel_task', taskId: op.taskId as string };
        break;
      case 'change_due':
        need('taskId');
        // A once task takes a new due date; a recurring task a new due rule (recurrence) or a date for its open period.
        if (op.recurrence == null) need('due');
        amendmentOp = { type: 'change_due', taskId: op.taskId as string, due: (op.due ?? null) as string | null, ...(op.recurrence ? { recurrence: op.recurrence as Recurrence } : {}) };
        break;
      default: {
        need('taskId');
        need('unitIds');
        const index = await this.directory.index();
        const unknown = (op.unitIds as string[]).filter((u) => !index.byId.has(u));
        if (unknown.length) throw new ProblemException({ status: 422, title: 'Unknown units', detail: `op.unitIds: ${unknown.join(', ')} do not exist`, errors: [{ field: 'op.unitIds', message: `unknown units: ${unknown.join(', ')}` }] });
        amendmentOp = { type: op.type as 'add_units' | 'remove_units', taskId: op.taskId as string, unitIds: op.unitIds as string[] };
      }
    }
    const amendmentId = stableUuid(`amend:${key}`);
    const handle = this.temporal.workflow.getHandle(workflowIds.plan(id));
    await temporalCall(this.temporal, () => handle.executeUpdate(amendPlanUpdate, { args: [{ actor, reason: body.reason, amendmentId, op: amendmentOp }], updateId: key }));
    return { applied: true, amendmentId, ...(taskId ? { taskId } : {}) };
  }

  async close(id: string, actor: Actor, body: { reason: string; outcome?: 'closed' | 'cancelled' }, key: string): Promise<{ planId: string; status: string }> {
    const r = await this.manageable(id, actor);
    if (r.status === 'draft') {
      // A draft has no workflow: cancelling it is a read-model change with its audit entry.
      throw new ProblemException({ status: 409, title: 'Conflict', detail: 'the plan is a draft; launch it first (drafts are simply left unlaunched)' });
    }
    if (r.status !== 'active') throw new ProblemException({ status: 409, title: 'Conflict', detail: `the plan is already ${r.status}` });
    const outcome = body.outcome ?? 'closed';
    const handle = this.temporal.workflow.getHandle(workflowIds.plan(id));
    await temporalCall(this.temporal, () => handle.executeUpdate(closePlanUpdate, { args: [{ actor, reason: body.reason, outcome }], updateId: key }));
    return { planId: id, status: `closing:${outcome}` };
  }

  async progress(id: string, actor: Actor, page: { limit: number; after: string | null } = { limit: UNIT_PAGE_DEFAULT, after: null }): Promise<ProgressView> {
    await this.readable(id, actor);
    // From the counters the assignment triggers keep: per task for every task, per unit one page (in unit id order,
    // one unit more than the page to know whether another follows): plans reach thousands of units.
    const now = new Date();
    const counted = await this.plansRead.progressCounts(id, now);
    const unitRows = await this.plansRead.progressUnits(id, now, page.after, page.limit + 1);
    const tasks = await this.plansRead.taskTitles(id);
    const unitIds = [...new Set(unitRows.map((c) => c.id))];
    const more = unitIds.length > page.limit;
    if (more) unitIds.length = page.limit;
    const index = await this.directory.index();
    const byTask = new Map(tasks.map((t) => [t.id, { taskId: t.id, ref: t.ref, title: t.title, counts: zeroCounts(), total: 0 }]));
    const byUnit = new Map<string, ProgressView['byUnit'][number]>(unitIds.map((u) => [u, { unitId: u, unitName: index.byId.get(u)?.name ?? u, counts: zeroCounts(), total: 0, consolidation: null }]));
    // The consolidation state of each consolidating unit of the page, from its latest assignment of the plan.
    const consolidations = await this.plansRead.consolidations(id, unitIds);
    for (const c of consolidations) {
      const u = byUnit.get(c.unit_id);
      if (u) u.consolidation = { expected: c.consolidation.expected ?? [], reported: (c.consolidation.reported ?? []).map((r) => r.unitId), missingAtDeadline: c.consolidation.missingAtDeadline ?? null };
    }
    for (const [rows, buckets] of [[counted, byTask], [unitRows, byUnit]] as const) {
      for (const c of rows) {
        const bucket = (buckets as Map<string, { counts: Record<string, number>; total: number }>).get(c.id);
        if (!bucket) continue;
        bucket.counts[c.s] += c.n;
        bucket.total += c.n;
      }
    }
    const sub = await this.plansRead.subPlanCounts(id, now);
    const subPlans = new Map<string, ProgressView['subPlans'][number]>();
    for (const r of sub) {
      const sp = subPlans.get(r.id) ?? { planId: r.id, title: r.title, counts: zeroCounts(), total: 0 };
      if (r.n > 0 && r.s) {
        sp.counts[r.s] += r.n;
        sp.total += r.n;
      }
      subPlans.set(r.id, sp);
    }
    const byUnitNext = more ? unitCursor(unitIds[unitIds.length - 1]) : null;
    return { planId: id, byTask: [...byTask.values()].filter((t) => t.total > 0), byUnit: [...byUnit.values()], byUnitNext, subPlans: [...subPlans.values()] };
  }
}

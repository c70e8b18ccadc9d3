// Report forms on tasks, figures submitted with a unit's report, and each consolidating level's view of its
// subordinates (side by side, totals of what has come in, missing units, its own figures), exported as XLSX and as
// an official .docx. Figures are validated here before the submit update reaches the workflow, and stored beside
// the submission (same assignment and version): the workflow itself is unchanged.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ActionResult, Actor } from '@khflow/contracts';
import { authorize, vnDateOf } from '@khflow/domain';
import {
  assignmentReportRow,
  consolidationAssignments,
  currentReportForm,
  dropPendingFigures,
  figuresHistory,
  latestFigures,
  putPendingFigures,
  reportFormVersions,
  saveReportForm,
  supervisorNameOf,
  taskPeriods,
  taskReportContext,
  tasksWithReportForm,
  type TaskReportContext,
  unitInfos,
} from '@khflow/persistence';
import {
  type Aggregate,
  buildOfficialDocument,
  checkFigures,
  labelledFigureErrors,
  checkReportForm,
  consolidatedReportDocument,
  consolidatedView,
  consolidatedWorkbook,
  type ConsolidatedView,
  type Figures,
  type IssuerInfo,
  leafAggregate,
  planSummaryDocument,
  proposeFieldsFromKpis,
  type ReportForm,
  type SubordinateInput,
} from '@khflow/reports';
import { DATA_SOURCE } from '../api.tokens';

/** GET /reports/units/figures: per unit, per task with a report form, its consolidated figures. */
export interface UnitFiguresResponse {
  units: {
    unitId: string;
    tasks: { planId: string; taskId: string; ref: string; title: string; periodKey: string; form: { version: number; fields: ReportForm['fields'] }; totals: ConsolidatedResponse['totals']; reported: number; expected: number; state: string }[];
  }[];
}
import { AssignmentsService } from '../assignments/assignments.service';
import { fieldErrors, ProblemException } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';
import { PlansService } from '../plans/plans.service';

const execFileP = promisify(execFile);

const notFound = (detail: string) => new ProblemException({ status: 404, title: 'Not found', detail });

export interface ConsolidatedResponse {
  planId: string;
  taskId: string;
  taskRef: string;
  taskTitle: string;
  unitId: string;
  unitName: string;
  periodKey: string;
  periods: string[];
  form: { version: number; fields: ReportForm['fields'] };
  own: { assignmentId: string; kind: string; state: string; due: string | null; figures: Figures | null; submissionVersion: number | null; comment: string | null } | null;
  rows: ConsolidatedView['rows'];
  totals: ConsolidatedView['totals'];
  reported: string[];
  missing: ConsolidatedView['missing'];
  expectedCount: number;
}

export interface DocumentOptions {
  number?: string | null;
  place?: string | null;
  date?: string | null;
  signerName?: string | null;
  signerTitle?: string | null;
  capacity?: string[] | null;
  recipients?: string[] | null;
}

@Injectable()
export class ReportsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly directory: DirectoryService,
    private readonly assignments: AssignmentsService,
    private readonly plans: PlansService,
  ) {}

  private async task(taskId: string): Promise<TaskReportContext> {
    const ctx = await taskReportContext(this.db, taskId);
    if (!ctx) throw notFound(`task ${taskId} does not exist`);
    return ctx;
  }

  private async form(ctx: TaskReportContext): Promise<{ version: number; form: ReportForm }> {
    const f = await currentReportForm<ReportForm>(this.db, ctx.taskId);
    if (!f) throw notFound(`task ${ctx.ref} has no report form`);
    return { version: f.version, form: f.form };
  }

  // ---- forms ----

  async getForm(taskId: string, actor: Actor) {
    const ctx = await this.task(taskId);
    await this.plans.readable(ctx.planId, actor);
    const versions = await reportFormVersions<ReportForm>(this.db, taskId);
    if (!versions.length) throw notFound(`task ${ctx.ref} has no report form`);
    const current = versions[versions.length - 1];
    return { taskId, planId: ctx.planId, version: current.version, form: current.form, versions: versions.map((v) => ({ version: v.version, reason: v.reason, createdBy: v.createdBy, createdAt: v.createdAt })) };
  }

  /** Sets the form of a draft's task, or amends it on a running plan (a reason is then required; audited). */
  async putForm(taskId: string, body: unknown, actor: Actor, key: string) {
    const ctx = await this.task(taskId);
    const d = authorize(await this.directory.index(), actor, 'plan.manage', { issuerUnitId: ctx.issuerUnitId });
    if (!d.allow) throw new ProblemException({ status: 403, title: 'Forbidden', detail: d.reason });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fieldErrors(400, 'Invalid request body', [{ field: '(body)', message: 'must be an object { form, reason }' }]);
    const b = body as Record<string, unknown>;
    const errors = Object.keys(b).filter((k) => !['form', 'reason'].includes(k)).map((k) => ({ field: k, message: 'is not an accepted field' }));
    const { form, errors: formErrors } = checkReportForm(b.form);
    errors.push(...formErrors);
    const reason = typeof b.reason === 'string' ? b.reason.normalize('NFC').trim() : null;
    if (b.reason !== undefined && b.reason !== null && (typeof b.reason !== 'string' || b.reason.length > 5000)) errors.push({ field: 'reason', message: 'must be a text of at most 5000 characters' });
    if (ctx.planStatus === 'active' && !reason) errors.push({ field: 'reason', message: 'is required: changing the form of a running plan is an amendment' });
    if (errors.length) throw fieldErrors(400, 'Invalid report form', errors);
    if (ctx.planStatus === 'closed' || ctx.planStatus === 'cancelled') throw new ProblemException({ status: 409, title: 'Conflict', detail: `the plan is ${ctx.planStatus}: its report forms no longer change` });
    const saved = await saveReportForm(this.db, { ctx, form, actor, reason, eventKey: `report_form:${key}`, occurredAt: new Date() });
    return { taskId, planId: ctx.planId, version: saved.version, action: saved.action, form };
  }

  /** Fields proposed from the KPI tables of the plan's imported document (issue 17); empty when it has none. */
  async proposal(taskId: string, actor: Actor): Promise<{ taskId: string; planId: string; kpis: number; fields: ReportForm['fields'] }> {
    const ctx = await this.task(taskId);
    const plan = await this.plans.get(ctx.planId, actor);
    const kpis = plan.source?.draft?.kpis ?? [];
    return { taskId, planId: ctx.planId, kpis: kpis.length, fields: proposeFieldsFromKpis(kpis) };
  }

  // ---- a unit's figures ----

  async assignmentReport(assignmentId: string, actor: Actor) {
    await this.assignments.checked(assignmentId, actor, 'assignment.read');
    const row = (await assignmentReportRow(this.db, assignmentId))!;
    const ctx = await this.task(row.taskId);
    const current = await currentReportForm<ReportForm>(this.db, ctx.taskId);
    const versions = current ? await reportFormVersions<ReportForm>(this.db, ctx.taskId) : [];
    const history = await figuresHistory<Figures, Aggregate>(this.db, assignmentId);
    return {
      assignmentId,
      taskId: ctx.taskId,
      kind: row.kind,
      form: current ? { version: current.version, fields: current.form.fields } : null,
      // Each submission with the form it answered (an amended form does not rewrite older figures).
      submissions: history.map((h) => ({
        submissionVersion: h.submissionVersion,
        formVersion: h.formVersion,
        form: versions.find((v) => v.version === h.formVersion)?.form ?? null,
        figures: h.figures,
        comment: h.comment,
        submittedBy: h.submittedBy,
        submittedAt: h.submittedAt,
        decision: h.decision,
        decisionComment: h.decisionComment,
      })),
    };
  }

  /**
   * Submits the unit's report with its figures: 422 naming the field when a figure is bad (nothing is sent then);
   * otherwise the figures are stored for the submission version about to be made and the submit update is sent
   * (the Idempotency-Key is its update id). A consolidating unit's stored aggregate adds its subordinates' reports
   * that have come in to its own figures, so the level above adds it up in turn.
   */
  async submitReport(assignmentId: string, actor: Actor, key: string, body: unknown): Promise<ActionResult & { submissionVersion: number; formVersion: number }> {
    const checked = await this.assignments.checked(assignmentId, actor, 'assignment.act');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fieldErrors(400, 'Invalid request body', [{ field: '(body)', message: 'must be an object { figures, text, comment, attachmentIds, expectedVersion }' }]);
    const b = body as Record<string, unknown>;
    const shapeErrors = Object.keys(b).filter((k) => !['figures', 'text', 'comment', 'attachmentIds', 'expectedVersion'].includes(k)).map((k) => ({ field: k, message: 'is not an accepted field' }));
    if (b.text !== undefined && (typeof b.text !== 'string' || b.text.length > 50_000)) shapeErrors.push({ field: 'text', message: 'must be a text of at most 50000 characters' });
    if (b.comment !== undefined && b.comment !== null && (typeof b.comment !== 'string' || b.comment.length > 5000)) shapeErrors.push({ field: 'comment', message: 'must be a text of at most 5000 characters' });
    if (b.expectedVersion !== undefined && (typeof b.expectedVersion !== 'number' || !Number.isInteger(b.expectedVersion) || b.expectedVersion < 1)) shapeErrors.push({ field: 'expectedVersion', message: 'must be a whole number of at least 1' });
    const attachmentIds = b.attachmentIds === undefined ? [] : b.attachmentIds;
    if (!Array.isArray(attachmentIds) || attachmentIds.length > 20 || !attachmentIds.every((a) => typeof a === 'string' && /^[0-9a-f-]{36}$/.test(a))) shapeErrors.push({ field: 'attachmentIds', message: 'must list at most 20 attachment ids (uuid)' });
    if (shapeErrors.length) throw fieldErrors(400, 'Invalid request body', shapeErrors);
    const row = (await assignmentReportRow(this.db, assignmentId))!;
    const ctx = await this.task(row.taskId);
    const { version: formVersion, form } = await this.form(ctx);
    const consolidating = row.kind === 'consolidation';
    const { figures, errors } = checkFigures(form, b.figures ?? {}, { requiredEnforced: !consolidating });
    if (errors.length) throw fieldErrors(422, 'Invalid figures', labelledFigureErrors(form, errors));
    const fileIds = form.fields.filter((f) => f.type === 'file' && figures[f.key]).map((f) => (figures[f.key] as { attachmentId: string }).attachmentId);
    const ownLeaf = leafAggregate(form, figures, row.unitId);
    const aggregate = consolidating ? (await this.view(ctx, form, row.periodKey, row.unitId, { unitId: row.unitId, figures })).aggregate : ownLeaf;
    const submissionVersion = row.submissionVersion + 1;
    const comment = typeof b.comment === 'string' && b.comment.trim() ? b.comment.normalize('NFC').trim() : null;
    await putPendingFigures(this.db, { assignmentId, submissionVersion, taskId: ctx.taskId, unitId: row.unitId, formVersion, figures, aggregate, comment, submittedBy: actor.userId });
    const text = typeof b.text === 'string' && b.text.trim() ? b.text : `Báo cáo số liệu theo biểu mẫu (phiên bản ${formVersion})${comment ? `: ${comment}` : ''}`;
    try {
      const res = await this.assignments.submit(checked.id, actor, key, { text, attachmentIds: [...new Set([...(attachmentIds as string[]), ...fileIds])], expectedVersion: b.expectedVersion as number | undefined });
      return { ...res, submissionVersion, formVersion };
    } catch (err) {
      await dropPendingFigures(this.db, assignmentId, submissionVersion);
      throw err;
    }
  }

  // ---- consolidation ----

  /** Who may see unit U's consolidated view: as for U's own assignment (U itself, units above it, inspectors, plan owners). */
  private async checkUnitRead(ctx: TaskReportContext, unitId: string, actor: Actor) {
    const index = await this.directory.index();
    if (!index.byId.has(unitId)) throw notFound(`unit ${unitId} does not exist`);
    const d = authorize(index, actor, 'assignment.read', { unitId, reviewerUnitId: unitId, issuerUnitId: ctx.issuerUnitId });
    if (!d.allow) throw new ProblemException({ status: 403, title: 'Forbidden', detail: d.reason });
  }

  private async view(ctx: TaskReportContext, form: ReportForm, periodKey: string, unitId: string, ownOverride?: { unitId: string; figures: Figures }) {
    const { own, subordinates } = await consolidationAssignments(this.db, ctx.taskId, periodKey, unitId);
    const expected = new Set<string>(own?.consolidation?.expected ?? []);
    for (const s of subordinates) expected.add(s.unitId);
    const units = await unitInfos(this.db, [...expected]);
    const latest = await latestFigures<Figures, Aggregate>(this.db, [...subordinates.map((s) => s.id), ...(own ? [own.id] : [])]);
    const byUnit = new Map(subordinates.map((s) => [s.unitId, s]));
    const inputs: SubordinateInput[] = [...expected].map((u) => {
      const a = byUnit.get(u);
      const f = a ? latest.get(a.id) : undefined;
      return {
        unitId: u,
        unitName: a?.unitName ?? units.get(u)?.name ?? u,
        assignmentId: a?.id ?? null,
        state: a?.state ?? null,
        report: f ? { submissionVersion: f.submissionVersion, formVersion: f.formVersion, submittedAt: f.submittedAt, decision: f.decision, figures: f.figures, aggregate: f.aggregate } : null,
      };
    });
    inputs.sort((x, y) => x.unitName.localeCompare(y.unitName, 'vi'));
    const ownFigures = own ? latest.get(own.id) : undefined;
    const ownInput = ownOverride ?? (ownFigures ? { unitId, figures: ownFigures.figures } : null);
    return { own, ownFigures, expectedCount: expected.size, ...consolidatedView(form, inputs, ownInput) };
  }

  async consolidated(taskId: string, unitId: string, periodKey: string | undefined, actor: Actor): Promise<ConsolidatedResponse> {
    const ctx = await this.task(taskId);
    await this.checkUnitRead(ctx, unitId, actor);
    const { version, form } = await this.form(ctx);
    const periods = await taskPeriods(this.db, taskId);
    const period = periodKey ?? periods[0] ?? 'once';
    if (periodKey && !periods.includes(periodKey)) throw new ProblemException({ status: 404, title: 'Not found', detail: `periodKey: task ${ctx.ref} has no period ${periodKey}`, errors: [{ field: 'periodKey', message: `is not a period of this task (${periods.join(', ') || 'none yet'})` }] });
    const v = await this.view(ctx, form, period, unitId);
    const unit = (await unitInfos(this.db, [unitId])).get(unitId)!;
    return {
      planId: ctx.planId,
      taskId,
      taskRef: ctx.ref,
      taskTitle: ctx.title,
      unitId,
      unitName: unit.name,
      periodKey: period,
      periods,
      form: { version, fields: form.fields },
      own: v.own
        ? { assignmentId: v.own.id, kind: v.own.kind, state: v.own.state, due: v.own.due, figures: v.ownFigures?.figures ?? null, submissionVersion: v.ownFigures?.submissionVersion ?? null, comment: v.ownFigures?.comment ?? null }
        : null,
      rows: v.rows,
      totals: v.totals,
      reported: v.reported,
      missing: v.missing,
      expectedCount: v.expectedCount,
    };
  }

  /** The figures of a plan for its progress page and dashboard: each task with a form, as its issuer sees it. */
  async planFigures(planId: string, actor: Actor) {
    const plan = await this.plans.readable(planId, actor);
    const tasks = await tasksWithReportForm(this.db, planId);
    const out = [];
    for (const t of tasks) {
      const c = await this.consolidated(t.taskId, plan.issuer_unit_id, undefined, actor);
      out.push({ taskId: t.taskId, ref: t.ref, title: t.title, unitId: c.unitId, periodKey: c.periodKey, form: c.form, totals: c.totals, reported: c.reported.length, expected: c.expectedCount, missing: c.missing });
    }
    return { planId, tasks: out };
  }

  /**
   * The dashboard's per-unit rows: for each unit asked (the rows on screen, one request) and each task with a report
   * form of the plans asked, the unit's consolidated view as planFigures computes it for the issuer: its totals (for a
   * school, its own figures) and how many of the units it awaits reported. Plans and units the reader may not see, and
   * tasks a unit has no share of, are left out rather than refused: the dashboard shows what there is.
   */
  async unitFigures(planIds: string[], unitIds: string[], actor: Actor): Promise<UnitFiguresResponse> {
    const index = await this.directory.index();
    const byUnit = new Map<string, UnitFiguresResponse['units'][number]['tasks']>(unitIds.map((u) => [u, []]));
    for (const planId of planIds) {
      try {
        await this.plans.readable(planId, actor);
      } catch (err) {
        if (err instanceof ProblemException && (err.problem.status === 403 || err.problem.status === 404)) continue;
        throw err;
      }
      for (const t of await tasksWithReportForm(this.db, planId)) {
        const ctx = await this.task(t.taskId);
        const { version, form } = await this.form(ctx);
        const periodKey = (await taskPeriods(this.db, t.taskId))[0] ?? 'once';
        for (const unitId of unitIds) {
          if (!index.byId.has(unitId) || !authorize(index, actor, 'assignment.read', { unitId, reviewerUnitId: unitId, issuerUnitId: ctx.issuerUnitId }).allow) continue;
          const v = await this.view(ctx, form, periodKey, unitId);
          if (!v.own) continue;
          byUnit.get(unitId)!.push({ planId, taskId: t.taskId, ref: t.ref, title: t.title, periodKey, form: { version, fields: form.fields }, totals: v.totals, reported: v.reported.length, expected: v.expectedCount, state: v.own.state });
        }
      }
    }
    return { units: [...byUnit].map(([unitId, tasks]) => ({ unitId, tasks })) };
  }

  async consolidatedXlsx(taskId: string, unitId: string, periodKey: string | undefined, actor: Actor): Promise<{ fileName: string; content: Buffer }> {
    const c = await this.consolidated(taskId, unitId, periodKey, actor);
    const content = await consolidatedWorkbook({
      title: `Tổng hợp số liệu: ${c.taskRef}. ${c.taskTitle}`,
      unitName: c.unitName,
      periodKey: c.periodKey,
      form: { fields: c.form.fields },
      view: { rows: c.rows, totals: c.totals, aggregate: {}, reported: c.reported, missing: c.missing, ownIncluded: false },
    });
    return { fileName: `tong-hop-${c.taskRef}-${c.unitId}-${c.periodKey}.xlsx`.replace(/[^\w.-]+/g, '-'), content };
  }

  private async issuer(unitId: string): Promise<IssuerInfo> {
    const units = await unitInfos(this.db, [unitId]);
    const u = units.get(unitId)!;
    const parent = u.reportsToId ? (await unitInfos(this.db, [u.reportsToId])).get(u.reportsToId) : undefined;
    return { id: u.id, name: u.name, shortName: u.shortName, kind: u.kind, parent: parent ? { name: parent.name, shortName: parent.shortName } : null };
  }

  private async docOptions(unitId: string, issuer: IssuerInfo, o: DocumentOptions, actor: Actor, place: string | null) {
    return {
      number: o.number ?? null,
      place: o.place ?? place ?? 'Hải Phòng',
      date: o.date ?? vnDateOf(Date.now()),
      recipients: o.recipients?.length ? o.recipients : [...(issuer.parent ? [`${issuer.parent.name} (để báo cáo)`] : []), 'Lưu: VT'],
      signer: { name: o.signerName ?? (await supervisorNameOf(this.db, unitId)) ?? actor.displayName ?? actor.userId, title: o.signerTitle ?? null, capacity: o.capacity ?? null },
    };
  }

  /** The unit's consolidated report as an official document (.docx), or PDF through LibreOffice when installed. */
  async consolidatedDocument(taskId: string, unitId: string, periodKey: string | undefined, actor: Actor, o: DocumentOptions, format: 'docx' | 'pdf'): Promise<{ fileName: string; content: Buffer; contentType: string }> {
    const c = await this.consolidated(taskId, unitId, periodKey, actor);
    const ctx = await this.task(taskId);
    const issuer = await this.issuer(unitId);
    const spec = consolidatedReportDocument({
      issuer,
      plan: { number: ctx.planNumber, title: ctx.planTitle, issuedAt: ctx.planIssuedAt },
      task: { ref: ctx.ref, title: ctx.title },
      periodKey: c.periodKey,
      form: { fields: c.form.fields },
      view: { rows: c.rows, totals: c.totals, aggregate: {}, reported: c.reported, missing: c.missing, ownIncluded: false },
      comment: c.own?.comment ?? null,
      ...(await this.docOptions(unitId, issuer, o, actor, ctx.planPlace)),
    });
    const docx = await buildOfficialDocument(spec);
    const base = `bao-cao-${ctx.ref}-${unitId}-${c.periodKey}`.replace(/[^\w.-]+/g, '-');
    return format === 'pdf' ? { fileName: `${base}.pdf`, content: await toPdf(docx), contentType: 'application/pdf' } : { fileName: `${base}.docx`, content: docx, contentType: DOCX };
  }

  /** A plan's progress summary (tasks by the statuses practice reports on) as an official document of its issuer. */
  async planSummaryDocument(planId: string, actor: Actor, o: DocumentOptions, format: 'docx' | 'pdf'): Promise<{ fileName: string; content: Buffer; contentType: string }> {
    const plan = await this.plans.readable(planId, actor);
    const progress = await this.plans.progress(planId, actor);
    const issuer = await this.issuer(plan.issuer_unit_id);
    const spec = planSummaryDocument({
      issuer,
      plan: { number: plan.number, title: plan.title, issuedAt: plan.issued_at },
      tasks: progress.byTask,
      ...(await this.docOptions(plan.issuer_unit_id, issuer, o, actor, plan.place)),
    });
    const docx = await buildOfficialDocument(spec);
    return format === 'pdf' ? { fileName: `tien-do-${planId}.pdf`, content: await toPdf(docx), contentType: 'application/pdf' } : { fileName: `tien-do-${planId}.docx`, content: docx, contentType: DOCX };
  }
}

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** LibreOffice (the Debian package `libreoffice-writer`), when installed: `soffice --headless --convert-to pdf`. */
export async function libreOfficePath(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
  }
  return null;
}

async function toPdf(docx: Buffer): Promise<Buffer> {
  const soffice = await libreOfficePath();
  if (!soffice) throw new ProblemException({ status: 501, title: 'Not implemented', detail: 'PDF needs LibreOffice (Debian package libreoffice-writer), which is not installed here; download the .docx instead' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'report.docx'), docx);
    await execFileP(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'report.docx')], { timeout: 120_000 });
    return fs.readFileSync(path.join(dir, 'report.pdf'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// SQL of report forms and figures. Forms are versioned per task; figures are stored per (assignment, submission
// version) and count only when the submission with that version exists (see the migration).
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { withAuditEntry } from '../audit-chain';

type Db = DataSource | EntityManager;

export interface TaskReportContext {
  taskId: string;
  planId: string;
  planStatus: string;
  planNumber: string | null;
  planTitle: string;
  planIssuedAt: string | null;
  planPlace: string | null;
  issuerUnitId: string;
  ref: string;
  title: string;
  consolidate: boolean;
}

export interface StoredReportForm<F = unknown> {
  taskId: string;
  version: number;
  form: F;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface StoredFigures<F = unknown, A = unknown> {
  assignmentId: string;
  submissionVersion: number;
  unitId: string;
  formVersion: number;
  figures: F;
  aggregate: A;
  comment: string | null;
  submittedBy: string;
  submittedAt: string;
  decision: 'approved' | 'returned' | null;
  decisionComment: string | null;
}

export interface ConsolidationAssignmentRow {
  id: string;
  unitId: string;
  unitName: string;
  kind: string;
  state: string;
  reviewerUnitId: string;
  periodKey: string;
  due: string | null;
  submissionVersion: number;
  consolidation: { expected: string[] } | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export async function taskReportContext(db: Db, taskId: string): Promise<TaskReportContext | null> {
  if (!/^[0-9a-f-]{36}$/.test(taskId)) return null;
  const [r] = await db.query(
    `SELECT t.id, t.plan_id, p.status, p.number, p.title AS plan_title, to_char(p.issued_at, 'YYYY-MM-DD') AS issued_at, p.place, p.issuer_unit_id,
            t.ref, t.title, t.consolidate
       FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1`,
    [taskId],
  );
  if (!r) return null;
  return {
    taskId: r.id,
    planId: r.plan_id,
    planStatus: r.status,
    planNumber: r.number,
    planTitle: r.plan_title,
    planIssuedAt: r.issued_at,
    planPlace: r.place,
    issuerUnitId: r.issuer_unit_id,
    ref: r.ref,
    title: r.title,
    consolidate: r.consolidate,
  };
}

function formRow<F>(r: Record<string, unknown>): StoredReportForm<F> {
  return { taskId: r.task_id as string, version: r.version as number, form: r.form as F, reason: (r.reason as string) ?? null, createdBy: r.created_by as string, createdAt: iso(r.created_at as Date) };
}

export async function currentReportForm<F>(db: Db, taskId: string): Promise<StoredReportForm<F> | null> {
  const [r] = await db.query('SELECT * FROM report_form WHERE task_id = $1 ORDER BY version DESC LIMIT 1', [taskId]);
  return r ? formRow<F>(r) : null;
}

export async function reportFormVersions<F>(db: Db, taskId: string): Promise<StoredReportForm<F>[]> {
  return (await db.query('SELECT * FROM report_form WHERE task_id = $1 ORDER BY version', [taskId])).map((r: Record<string, unknown>) => formRow<F>(r));
}

/**
 * Stores a new version of a task's form and its audit entry in one transaction. On a running plan the change is an
 * amendment (`report_form.amended`, with the reason); on a draft it is `report_form.set`. The event key makes a
 * retried request write nothing twice. Returns the version (the existing one when the event was already recorded).
 */
export async function saveReportForm(
  ds: DataSource,
  input: { ctx: TaskReportContext; form: unknown; actor: Actor; reason: string | null; eventKey: string; occurredAt: Date },
): Promise<{ version: number; action: string }> {
  return ds.transaction(async (m) => {
    // Serialises concurrent changes of one task's form.
    await m.query('SELECT pg_advisory_xact_lock(7243, hashtext($1))', [`report_form:${input.ctx.taskId}`]);
    const previous = await currentReportForm(m, input.ctx.taskId);
    const version = (previous?.version ?? 0) + 1;
    const action = input.ctx.planStatus === 'draft' ? 'report_form.set' : 'report_form.amended';
    const written = await withAuditEntry(
      m,
      {
        eventKey: input.eventKey,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action,
        entityType: 'task',
        entityId: input.ctx.taskId,
        planId: input.ctx.planId,
        before: previous ? { version: previous.version, form: previous.form } : null,
        after: { version, form: input.form },
        details: input.reason ? { reason: input.reason } : null,
      },
      async () => {
        await m.query('INSERT INTO report_form (task_id, version, form, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          input.ctx.taskId,
          version,
          JSON.stringify(input.form),
          input.reason,
          input.actor.userId,
          input.occurredAt,
        ]);
      },
    );
    if (!written) {
      const [r] = await m.query(`SELECT (after->>'version')::int AS version FROM audit_log WHERE event_key = $1`, [input.eventKey]);
      return { version: r?.version ?? previous?.version ?? 0, action };
    }
    return { version, action };
  });
}

/**
 * Stores the figures of the submission about to be made. A row left by a refused submission (no submission row
 * with that version) is replaced; a row whose submission exists is never changed.
 */
export async function putPendingFigures(
  db: Db,
  row: { assignmentId: string; submissionVersion: number; taskId: string; unitId: string; formVersion: number; figures: unknown; aggregate: unknown; comment: string | null; submittedBy: string },
): Promise<boolean> {
  const res = await db.query(
    `INSERT INTO report_figures (assignment_id, submission_version, task_id, unit_id, form_version, figures, aggregate, comment, submitted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (assignment_id, submission_version) DO UPDATE
        SET form_version = EXCLUDED.form_version, figures = EXCLUDED.figures, aggregate = EXCLUDED.aggregate, comment = EXCLUDED.comment,
            submitted_by = EXCLUDED.submitted_by, created_at = now()
      WHERE NOT EXISTS (SELECT 1 FROM submission s WHERE s.assignment_id = report_figures.assignment_id AND s.version = report_figures.submission_version)
     RETURNING assignment_id`,
    [row.assignmentId, row.submissionVersion, row.taskId, row.unitId, row.formVersion, JSON.stringify(row.figures), JSON.stringify(row.aggregate), row.comment, row.submittedBy],
  );
  return res.length > 0;
}

/** Removes figures whose submission was refused (nothing else: a stored submission keeps its figures). */
export async function dropPendingFigures(db: Db, assignmentId: string, submissionVersion: number): Promise<void> {
  await db.query(
    `DELETE FROM report_figures f WHERE f.assignment_id = $1 AND f.submission_version = $2
        AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.assignment_id = f.assignment_id AND s.version = f.submission_version)`,
    [assignmentId, submissionVersion],
  );
}

function figuresRow<F, A>(r: Record<string, unknown>): StoredFigures<F, A> {
  return {
    assignmentId: r.assignment_id as string,
    submissionVersion: r.submission_version as number,
    unitId: r.unit_id as string,
    formVersion: r.form_version as number,
    figures: r.figures as F,
    aggregate: r.aggregate as A,
    comment: (r.comment as string) ?? null,
    submittedBy: r.submitted_by as string,
    submittedAt: iso(r.submitted_at as Date),
    decision: (r.decision as StoredFigures['decision']) ?? null,
    decisionComment: (r.decision_comment as string) ?? null,
  };
}

const FIGURES_SELECT = `
  SELECT f.assignment_id, f.submission_version, f.unit_id, f.form_version, f.figures, f.aggregate, f.comment, f.submitted_by,
         s.submitted_at, s.decision, s.decision_comment
    FROM report_figures f JOIN submission s ON s.assignment_id = f.assignment_id AND s.version = f.submission_version`;

/** Every submitted version's figures of one assignment, oldest first. */
export async function figuresHistory<F, A>(db: Db, assignmentId: string): Promise<StoredFigures<F, A>[]> {
  return (await db.query(`${FIGURES_SELECT} WHERE f.assignment_id = $1 ORDER BY f.submission_version`, [assignmentId])).map((r: Record<string, unknown>) => figuresRow<F, A>(r));
}

/** The latest submitted figures of each assignment (only when that is also its latest submission). */
export async function latestFigures<F, A>(db: Db, assignmentIds: string[]): Promise<Map<string, StoredFigures<F, A>>> {
  if (!assignmentIds.length) return new Map();
  const rows = await db.query(
    `${FIGURES_SELECT}
      WHERE f.assignment_id = ANY($1::uuid[])
        AND f.submission_version = (SELECT max(version) FROM submission x WHERE x.assignment_id = f.assignment_id)`,
    [assignmentIds],
  );
  return new Map(rows.map((r: Record<string, unknown>) => [r.assignment_id as string, figuresRow<F, A>(r)]));
}

const ASSIGNMENT_COLUMNS = `a.id, a.unit_id, o.name AS unit_name, a.kind, a.state, a.reviewer_unit_id, a.period_key, to_char(a.due, 'YYYY-MM-DD') AS due,
  a.submission_version, a.consolidation`;

function assignmentRow(r: Record<string, unknown>): ConsolidationAssignmentRow {
  return {
    id: r.id as string,
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    kind: r.kind as string,
    state: r.state as string,
    reviewerUnitId: r.reviewer_unit_id as string,
    periodKey: r.period_key as string,
    due: (r.due as string) ?? null,
    submissionVersion: r.submission_version as number,
    consolidation: (r.consolidation as ConsolidationAssignmentRow['consolidation']) ?? null,
  };
}

/** The periods of a task that have assignments, latest first. */
export async function taskPeriods(db: Db, taskId: string): Promise<string[]> {
  return (await db.query('SELECT DISTINCT period_key FROM assignment WHERE task_id = $1 ORDER BY period_key DESC', [taskId])).map((r: { period_key: string }) => r.period_key);
}

/** A unit's own assignment for a task and period, and the assignments it reviews (its subordinates' reports). */
export async function consolidationAssignments(db: Db, taskId: string, periodKey: string, unitId: string): Promise<{ own: ConsolidationAssignmentRow | null; subordinates: ConsolidationAssignmentRow[] }> {
  const rows = await db.query(
    `SELECT ${ASSIGNMENT_COLUMNS}, (a.unit_id = $3) AS own
       FROM assignment a JOIN org_unit o ON o.id = a.unit_id
      WHERE a.task_id = $1 AND a.period_key = $2 AND a.kind <> 'coordination' AND (a.unit_id = $3 OR a.reviewer_unit_id = $3)
      ORDER BY o.name, a.unit_id`,
    [taskId, periodKey, unitId],
  );
  const own = rows.find((r: { own: boolean }) => r.own);
  return { own: own ? assignmentRow(own) : null, subordinates: rows.filter((r: { own: boolean }) => !r.own).map(assignmentRow) };
}

export async function assignmentReportRow(db: Db, assignmentId: string): Promise<(ConsolidationAssignmentRow & { taskId: string; planId: string }) | null> {
  if (!/^[0-9a-f-]{36}$/.test(assignmentId)) return null;
  const [r] = await db.query(`SELECT ${ASSIGNMENT_COLUMNS}, a.task_id, a.plan_id FROM assignment a JOIN org_unit o ON o.id = a.unit_id WHERE a.id = $1`, [assignmentId]);
  return r ? { ...assignmentRow(r), taskId: r.task_id, planId: r.plan_id } : null;
}

export interface UnitInfoRow {
  id: string;
  name: string;
  shortName: string | null;
  kind: string;
  reportsToId: string | null;
}

export async function unitInfos(db: Db, ids: string[]): Promise<Map<string, UnitInfoRow>> {
  if (!ids.length) return new Map();
  const rows = await db.query('SELECT id, name, short_name, kind, reports_to_id FROM org_unit WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((r: Record<string, unknown>) => [r.id as string, { id: r.id as string, name: r.name as string, shortName: (r.short_name as string) ?? null, kind: r.kind as string, reportsToId: (r.reports_to_id as string) ?? null }]));
}

/** The display name of a supervisor of the unit (the default signer of its documents). */
export async function supervisorNameOf(db: Db, unitId: string): Promise<string | null> {
  const [r] = await db.query(`SELECT display_name FROM app_user WHERE unit_id = $1 AND active AND 'supervisor' = ANY(roles) ORDER BY username LIMIT 1`, [unitId]);
  return r?.display_name ?? null;
}


/** The pending extension request of each assignment (for deciding several at once). */
export async function pendingExtensionRequests(db: Db, assignmentIds: string[]): Promise<Map<string, { id: string; requestedDue: string }>> {
  if (!assignmentIds.length) return new Map();
  const rows = await db.query(
    `SELECT DISTINCT ON (assignment_id) assignment_id, id, to_char(requested_due, 'YYYY-MM-DD') AS requested_due FROM extension_request
      WHERE assignment_id = ANY($1::uuid[]) AND status = 'pending' ORDER BY assignment_id, created_at DESC`,
    [assignmentIds],
  );
  return new Map(rows.map((r: Record<string, unknown>) => [r.assignment_id as string, { id: r.id as string, requestedDue: r.requested_due as string }]));
}

/** The tasks of a plan that have a report form, in plan order. */
export async function tasksWithReportForm(db: Db, planId: string): Promise<{ taskId: string; ref: string; title: string }[]> {
  return (
    await db.query(`SELECT t.id, t.ref, t.title FROM task t WHERE t.plan_id = $1 AND EXISTS (SELECT 1 FROM report_form f WHERE f.task_id = t.id) ORDER BY t.position`, [planId])
  ).map((r: Record<string, unknown>) => ({ taskId: r.id as string, ref: r.ref as string, title: r.title as string }));
}

/** Whether the task has a report form (then its reports carry figures and go through the form route). */
export async function taskHasReportForm(db: Db, taskId: string): Promise<boolean> {
  const [r] = await db.query('SELECT EXISTS (SELECT 1 FROM report_form WHERE task_id = $1) AS has', [taskId]);
  return !!r?.has;
}

import type { DataSource, EntityManager } from 'typeorm';
import type { AssignmentKind, AssignmentState, ConsolidationState } from '@khflow/contracts';

/** An assignment read-model row with its plan, task and unit names (snake_case as stored). */
export interface AssignmentRow {
  id: string;
  workflow_id: string;
  plan_id: string;
  plan_title: string;
  issuer_unit_id: string;
  task_id: string;
  task_ref: string;
  content: string | null;
  title: string;
  period_key: string;
  unit_id: string;
  unit_name: string;
  kind: AssignmentKind;
  parent_assignment_id: string | null;
  reviewer_unit_id: string;
  state: AssignmentState;
  version: number;
  due: string | null;
  submitted_at: Date | null;
  approved_at: Date | null;
  escalation_level: number;
  /** Ended past its deadline without a report (plan closed, task cancelled, unit removed). */
  not_reported?: boolean;
  consolidation: ConsolidationState | null;
  /** An extension request of this assignment waits for a decision. */
  pending_extension: boolean;
  created_at: Date;
  updated_at: Date;
}

export const ASSIGNMENT_SELECT = `
  SELECT a.id, a.workflow_id, a.plan_id, p.title AS plan_title, p.issuer_unit_id, a.task_id, t.ref AS task_ref, t.content, a.title,
         a.period_key, a.unit_id, o.name AS unit_name, a.kind, a.parent_assignment_id, a.reviewer_unit_id, a.state, a.version,
         to_char(a.due, 'YYYY-MM-DD') AS due, a.submitted_at, a.approved_at, a.escalation_level, a.consolidation, a.not_reported,
         EXISTS (SELECT 1 FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending') AS pending_extension, a.created_at, a.updated_at
    FROM assignment a JOIN plan p ON p.id = a.plan_id JOIN task t ON t.id = a.task_id JOIN org_unit o ON o.id = a.unit_id`;

export type Row = Record<string, unknown>;

/** Assignments as the API reads them: one assignment, its details, its attachments. */
export class AssignmentReadRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async find(id: string): Promise<AssignmentRow | null> {
    const [r] = await this.db.query(`${ASSIGNMENT_SELECT} WHERE a.id = $1`, [id]);
    return r ?? null;
  }

  /** Submissions, comments, extension and coordination requests and child assignments of one assignment. */
  async details(id: string): Promise<{ submissions: Row[]; comments: Row[]; extensions: Row[]; coordinations: Row[]; children: AssignmentRow[]; childSubmissions: Row[] }> {
    const [submissions, comments, extensions, coordinations, children] = await Promise.all([
      this.db.query('SELECT * FROM submission WHERE assignment_id = $1 ORDER BY version', [id]),
      this.db.query('SELECT id, author_id, author_unit_id, text, created_at FROM assignment_comment WHERE assignment_id = $1 ORDER BY created_at, id', [id]),
      this.db.query(
        `SELECT id, to_char(requested_due, 'YYYY-MM-DD') AS requested_due, reason, requested_by, status, decided_by, decision_comment, created_at FROM extension_request WHERE assignment_id = $1 ORDER BY created_at`,
        [id],
      ),
      this.db.query(`SELECT id, unit_ids, to_char(due, 'YYYY-MM-DD') AS due, message, created_at FROM coordination_request WHERE assignment_id = $1 ORDER BY created_at`, [id]),
      this.db.query(`${ASSIGNMENT_SELECT} WHERE a.parent_assignment_id = $1 ORDER BY a.unit_id`, [id]) as Promise<AssignmentRow[]>,
    ]);
    const childSubmissions = children.length
      ? await this.db.query('SELECT DISTINCT ON (assignment_id) * FROM submission WHERE assignment_id = ANY($1) ORDER BY assignment_id, version DESC', [children.map((c) => c.id)])
      : [];
    return { submissions, comments, extensions, coordinations, children, childSubmissions };
  }

  /**
   * What the lead unit asked a coordinating unit for: the latest coordination request of the lead assignment
   * (`parentId`) that names the unit.
   */
  async coordinationRequestFor(parentId: string, unitId: string): Promise<{ id: string; lead_unit_id: string; due: string | null; message: string; created_at: Date } | null> {
    const [r] = await this.db.query(
      `SELECT c.id, l.unit_id AS lead_unit_id, to_char(c.due, 'YYYY-MM-DD') AS due, c.message, c.created_at
         FROM coordination_request c JOIN assignment l ON l.id = c.assignment_id
        WHERE c.assignment_id = $1 AND $2 = ANY(c.unit_ids) ORDER BY c.created_at DESC, c.id LIMIT 1`,
      [parentId, unitId],
    );
    return r ?? null;
  }

  async insertAttachment(a: { id: string; sha256: string; fileName: string; contentType: string; content: Buffer; uploadedBy: string; unitId: string }): Promise<void> {
    await this.db.query(
      'INSERT INTO attachment (id, sha256, file_name, content_type, size, content, uploaded_by, unit_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING',
      [a.id, a.sha256, a.fileName, a.contentType, a.content.length, a.content, a.uploadedBy, a.unitId],
    );
  }

  /** Attachments among these ids that were uploaded to this unit. */
  async attachmentsOfUnit(ids: string[], unitId: string): Promise<{ id: string; fileName: string; contentType: string; size: number; sha256: string }[]> {
    const rows = await this.db.query('SELECT id, file_name, content_type, size, sha256 FROM attachment WHERE id = ANY($1::uuid[]) AND unit_id = $2', [ids, unitId]);
    return rows.map((a: Row) => ({ id: a.id as string, fileName: a.file_name as string, contentType: a.content_type as string, size: Number(a.size), sha256: a.sha256 as string }));
  }

  /** An attachment readable through this assignment: uploaded to its unit, or part of a submission of it or its children. */
  async readableAttachment(attachmentId: string, assignment: { id: string; unitId: string }): Promise<{ fileName: string; contentType: string; content: Buffer; sha256: string } | null> {
    const [a] = await this.db.query(
      `SELECT file_name, content_type, content, sha256 FROM attachment att
        WHERE att.id = $1 AND (att.unit_id = $2 OR EXISTS (
          SELECT 1 FROM submission s JOIN assignment x ON x.id = s.assignment_id
           WHERE (x.id = $3 OR x.parent_assignment_id = $3) AND s.attachments @> jsonb_build_array(jsonb_build_object('id', $1::text))))`,
      [attachmentId, assignment.unitId, assignment.id],
    );
    return a ? { fileName: a.file_name, contentType: a.content_type, content: a.content, sha256: a.sha256 } : null;
  }
}

// What plan import produces (issue: plan import). Dates YYYY-MM-DD, unknown values null.
import type { TimeframeKind, Recurrence, TaskSpec } from './plan.types';

export interface ImportedUnitRef {
  text: string;
  unitId: string | null;
  /** A group target (e.g. "Phòng GDĐT quận/huyện") expands to these unit ids. */
  group?: { kinds?: string[]; underUnitId?: string | null } | null;
  unitIds?: string[];
}

export interface ImportedTask {
  ref: string;
  title: string;
  content: string | null;
  lead: ImportedUnitRef[];
  coordinators: ImportedUnitRef[];
  timeframe: { text: string | null; kind: TimeframeKind; due: string | null; start: string | null; recurrence: Recurrence | null; horizon?: string | null };
  lines: [number, number];
}

export interface ImportedPlanDraft {
  number: string | null;
  issuer: { text: string; unitId: string | null } | null;
  issuedAt: string | null;
  place: string | null;
  title: string | null;
  basis: { text: string; number: string | null; date: string | null }[];
  tasks: ImportedTask[];
  duties: { unit: ImportedUnitRef; items: string[]; lines?: [number, number] }[];
  kpis: { indicator: string; baseline: string | null; target: string | null; lines?: [number, number] }[];
  recipients: { text: string; purpose: string | null }[];
  signer: { name: string | null; title: string | null } | null;
  /** What a person must look at, in Vietnamese with the lines it concerns ("dòng 12–14: …"). */
  warnings: string[];
  /** The same warnings with a stable code, the Vietnamese and English message and the lines they concern. */
  warningDetails?: ImportWarning[];
}

export interface ImportWarning {
  /** Stable code: unit_unknown, no_lead, foreign_plan, broken_text_layer, ocr, unit_ended, … */
  code: string;
  message: string;
  messageEn: string;
  /** 1-based inclusive lines of the source text, or null for the whole document. */
  lines: [number, number] | null;
}

/** A field of an imported task a person corrected in the draft. */
export type CorrectedField = 'title' | 'content' | 'lead' | 'coordinators' | 'timeframe';

/**
 * One correction a person made to an imported draft, kept with the draft so that re-importing a new version of the
 * document re-applies it. A task is named by its identity in the imported document (its title and reference as
 * the importer read them), never by a database id: a new import has new ids.
 */
export interface DraftCorrection {
  kind: 'field' | 'delete' | 'add';
  /** The imported task it concerns (field, delete); for an added task, the imported task it follows (or null). */
  task: { ref: string; title: string } | null;
  field?: CorrectedField;
  /** The value the import gave (field corrections), compared with what a new import gives. */
  from?: unknown;
  to?: unknown;
  /** The task a person added (kind add). */
  added?: TaskSpec;
}

/** What became of a correction when the draft was re-imported from a new version of the document. */
export interface CorrectionOutcome {
  correction: DraftCorrection;
  status: 'applied' | 'in_document' | 'task_gone' | 'document_changed';
  message: string;
  messageEn: string;
  /** Lines of the new document the outcome concerns. */
  lines: [number, number] | null;
}

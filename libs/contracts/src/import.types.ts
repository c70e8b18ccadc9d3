// What plan import produces (issue: plan import). Dates YYYY-MM-DD, unknown values null.
import type { TimeframeKind, Recurrence } from './plan.types';

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

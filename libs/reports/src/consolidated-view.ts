// What a consolidating level sees: its subordinates side by side, the totals of what has come in, the units still
// missing, and its own figures. Pure: the API gathers the rows, this decides what counts.
import { type Aggregate, combineAggregates, type ConsolidatedValue, leafAggregate, valuesOf } from './consolidation';
import type { Figures, ReportForm } from './report-form.types';

export type SubordinateStatus = 'missing' | 'in_progress' | 'no_figures' | 'submitted' | 'returned' | 'approved' | 'cancelled';

export interface SubordinateInput {
  unitId: string;
  unitName: string;
  assignmentId: string | null;
  /** The assignment's state (null when the unit has no assignment yet). */
  state: string | null;
  /** The latest submission with figures, if any. */
  report: {
    submissionVersion: number;
    formVersion: number;
    submittedAt: string;
    decision: 'approved' | 'returned' | null;
    figures: Figures;
    /** The unit's consolidated aggregate as it submitted it (its own leaf for a school). */
    aggregate: Aggregate;
  } | null;
}

export interface SubordinateRow {
  unitId: string;
  unitName: string;
  assignmentId: string | null;
  status: SubordinateStatus;
  /** Counted in the totals: submitted (awaiting this level's decision) or approved, and not returned. */
  included: boolean;
  submissionVersion: number | null;
  formVersion: number | null;
  submittedAt: string | null;
  /** The unit's figures as shown side by side: its consolidated values (a school's own figures). */
  values: Record<string, ConsolidatedValue> | null;
}

export interface ConsolidatedView {
  rows: SubordinateRow[];
  totals: Record<string, ConsolidatedValue>;
  /** The totals as an aggregate, stored with the level's own submission so the level above adds it up. */
  aggregate: Aggregate;
  reported: string[];
  missing: { unitId: string; unitName: string; status: SubordinateStatus }[];
  ownIncluded: boolean;
}

function statusOf(s: SubordinateInput): SubordinateStatus {
  if (s.state === 'cancelled') return 'cancelled';
  if (s.state === null) return 'missing';
  if (s.state === 'returned' || s.report?.decision === 'returned') return 'returned';
  // Submitted or approved through the plain submission route, without figures: nothing to add up.
  if (!s.report) return s.state === 'submitted' || s.state === 'approved' ? 'no_figures' : 'in_progress';
  if (s.state === 'approved' || s.report.decision === 'approved') return 'approved';
  return 'submitted';
}

export function consolidatedView(form: ReportForm, subordinates: SubordinateInput[], own: { unitId: string; figures: Figures } | null = null): ConsolidatedView {
  const rows: SubordinateRow[] = subordinates.map((s) => {
    const status = statusOf(s);
    return {
      unitId: s.unitId,
      unitName: s.unitName,
      assignmentId: s.assignmentId,
      status,
      included: !!s.report && (status === 'submitted' || status === 'approved'),
      submissionVersion: s.report?.submissionVersion ?? null,
      formVersion: s.report?.formVersion ?? null,
      submittedAt: s.report?.submittedAt ?? null,
      values: s.report ? valuesOf(form, s.report.aggregate) : null,
    };
  });
  const included = subordinates.filter((_, i) => rows[i].included).map((s) => s.report!.aggregate);
  const ownHasFigures = !!own && Object.values(own.figures).some((v) => v !== null && v !== undefined);
  const aggregate = combineAggregates(form, [...(ownHasFigures ? [leafAggregate(form, own!.figures, own!.unitId)] : []), ...included]);
  return {
    rows,
    totals: valuesOf(form, aggregate),
    aggregate,
    reported: rows.filter((r) => r.included).map((r) => r.unitId),
    missing: rows.filter((r) => !r.included && r.status !== 'cancelled').map((r) => ({ unitId: r.unitId, unitName: r.unitName, status: r.status })),
    ownIncluded: ownHasFigures,
  };
}

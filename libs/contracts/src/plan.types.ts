// The plan as drafted (by hand or by import) and launched. Dates are calendar dates in Asia/Ho_Chi_Minh
// written YYYY-MM-DD; a due date D means "by the end of D" (23:59:59.999 +07:00).

export type TimeframeKind = 'once' | 'ongoing' | 'recurring' | 'unspecified';
export const FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * Recurrence of a report step. Periods are calendar months, quarters or years. The due date of a period is
 * `due.day` of the month that is `due.monthOffset` months after the period's last month (day clamped to the
 * month's length): quarterly "before the 3rd of the next quarter's first month" is { monthOffset: 1, day: 3 },
 * yearly "before 30/12 every year" is { monthOffset: 0, day: 30 }, "every November" is { monthOffset: -1, day: 30 }.
 * Weekly periods are weeks Monday to Sunday (keys like 2026-W05, ISO weeks); their due date is weekday `due.day`
 * (1 = Monday … 7 = Sunday) of the week `due.monthOffset` weeks after the period: "every Friday" is
 * { monthOffset: 0, day: 5 }, "by Monday of the next week" is { monthOffset: 1, day: 1 }.
 */
export interface Recurrence {
  freq: Frequency;
  due: { monthOffset: number; day: number };
  /** First period starts at the period containing this date (defaults to the launch date). */
  start?: string | null;
  /** No period starts after this date; null = until the plan is closed. */
  until?: string | null;
}

export interface Timeframe {
  text?: string | null;
  kind: TimeframeKind;
  due?: string | null;
  start?: string | null;
  end?: string | null;
  recurrence?: Recurrence | null;
}

/** A group target names many units at once; it is expanded through the directory at launch. */
export interface GroupSelector {
  /** Unit kinds to include (e.g. ['district_office']); empty/absent = any kind. */
  kinds?: string[];
  /** Only units in the reporting subtree of this unit (defaults to the plan's issuer). */
  underUnitId?: string | null;
  /** 'children' = direct reports only, 'descendants' = whole subtree (default). */
  depth?: 'children' | 'descendants';
}

export interface TargetSpec {
  text?: string | null;
  unitId?: string | null;
  group?: GroupSelector | null;
}

export interface ConsolidationSpec {
  /** Each level below the top reporting unit is due this many days earlier (default 5). */
  stepDays?: number;
}

export interface TaskSpec {
  /** Stable id of the task inside the plan (assigned when drafted); refs can repeat in real documents. */
  id?: string;
  ref: string;
  title: string;
  content?: string | null;
  lead: TargetSpec[];
  coordinators: TargetSpec[];
  timeframe: Timeframe;
  /** Unit whose supervisors review submissions; default: the unit the assignee reports to. */
  reviewerUnitId?: string | null;
  /** The result is consolidated up the reporting chain (school → district office → Sở → issuer). */
  consolidate?: boolean;
  consolidation?: ConsolidationSpec | null;
  /** Days before the due date at which reminders go out; default from config (7, 3, 1). */
  reminderOffsetsDays?: number[] | null;
  lines?: [number, number] | null;
}

export interface BasisRef {
  text: string;
  number?: string | null;
  date?: string | null;
}

export interface PlanSpec {
  number?: string | null;
  title: string;
  issuerUnitId: string;
  issuedAt?: string | null;
  place?: string | null;
  description?: string | null;
  basis?: BasisRef[];
  /** The plan this one implements (a Sở plan implementing a UBND plan); progress rolls up to it. */
  parentPlanId?: string | null;
  horizon?: { text?: string | null; until?: string | null } | null;
  tasks: TaskSpec[];
}

export type PlanStatus = 'draft' | 'active' | 'closed' | 'cancelled';

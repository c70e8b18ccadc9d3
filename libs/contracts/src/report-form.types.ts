// A report form (biểu mẫu báo cáo) that a plan owner puts on a task: the figures each unit enters once and how
// every consolidating level adds them up (school → district office → Sở → UBND). Here in the contracts because the
// API, the rules in libs/reports and the console all read these shapes.

export const FIELD_TYPES = ['number', 'percent', 'yes_no', 'choice', 'date', 'text', 'file', 'table'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const COLUMN_TYPES = ['number', 'percent', 'yes_no', 'choice', 'date', 'text'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * How a field consolidates upward:
 * - `sum` (numbers, percentages are not summed; tables sum their numeric columns row by row on `keyColumn`);
 * - `weighted_average` by another numeric field (`weightField`), e.g. a pass rate weighted by the number of pupils;
 * - `count_yes`: how many units answered yes (of how many answered);
 * - `min` / `max`;
 * - `list`: every unit's answer side by side (text, dates, choices, files, tables);
 * - `none`: shown per unit, not consolidated.
 */
export const CONSOLIDATION_RULES = ['sum', 'weighted_average', 'count_yes', 'min', 'max', 'list', 'none'] as const;
export type ConsolidationRule = (typeof CONSOLIDATION_RULES)[number];

/** What a field and a table's column share: the unit of measure, whether it is required, its bounds and choices. */
export interface ValueSpec {
  /** Unit of measure (đơn vị tính): "học sinh", "trường", "%", "triệu đồng" … */
  unit?: string | null;
  required?: boolean;
  min?: number | null;
  max?: number | null;
  /** Whole numbers only (counts). */
  integer?: boolean;
  choices?: string[] | null;
}

export interface ReportColumn extends ValueSpec {
  key: string;
  label: string;
  type: ColumnType;
}

export interface ReportField extends ValueSpec {
  /** Stable key (letters, digits, underscore): figures are stored by it. */
  key: string;
  label: string;
  type: FieldType;
  columns?: ReportColumn[] | null;
  /** For a table consolidated by `sum`: the text/choice column whose value identifies a row across units. */
  keyColumn?: string | null;
  consolidate: ConsolidationRule;
  /** For `weighted_average`: the key of the numeric field that weights each unit's value. */
  weightField?: string | null;
  help?: string | null;
}

export interface ReportForm {
  fields: ReportField[];
}

export interface FileFigure {
  attachmentId: string;
  fileName?: string;
}

export type TableRow = Record<string, number | boolean | string | null>;
export type FigureValue = number | boolean | string | FileFigure | TableRow[] | null;
/** A unit's figures, by field key. */
export type Figures = Record<string, FigureValue>;

export interface FieldError {
  field: string;
  message: string;
}

/** One field's consolidated value, as the consolidation rules compute it and the report screens show it. */
export type ConsolidatedValue =
  | { kind: 'number'; value: number | null }
  | { kind: 'count'; yes: number; of: number }
  | { kind: 'extreme'; value: number | string | null }
  | { kind: 'list'; items: { unitId: string; value: unknown }[] }
  | { kind: 'table'; rows: TableRow[] }
  | { kind: 'none' };

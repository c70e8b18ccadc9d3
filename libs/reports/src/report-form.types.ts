// The report-form shapes live in libs/contracts (the API and the console read them too); this library's files take
// them from here.
export { COLUMN_TYPES, CONSOLIDATION_RULES, FIELD_TYPES } from '@khflow/contracts';
export type { ColumnType, ConsolidatedValue, ConsolidationRule, FieldError, FieldType, FigureValue, Figures, FileFigure, ReportColumn, ReportField, ReportForm, TableRow } from '@khflow/contracts';

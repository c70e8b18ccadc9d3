// Figures as Vietnamese readers write them (1.234,5; 85,3%; Có/Không; dd/mm/yyyy), for the spreadsheet and the
// official document.
import type { ConsolidatedValue } from './consolidation';
import type { ReportField } from './report-form.types';

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

export function formatDateVi(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

function scalar(field: Pick<ReportField, 'type'>, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  if (typeof v === 'number') return formatNumber(v); // the heading carries the unit (%, học sinh …)
  if (typeof v === 'string') return field.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDateVi(v) : v;
  if (Array.isArray(v)) return `${v.length} dòng`;
  if (typeof v === 'object' && 'attachmentId' in (v as object)) return `Tệp ${(v as { fileName?: string }).fileName ?? (v as { attachmentId: string }).attachmentId}`;
  return String(v);
}

/** A consolidated value in one cell. */
export function formatConsolidated(field: ReportField, v: ConsolidatedValue | undefined, unitNames: Map<string, string> = new Map()): string {
  if (!v) return '';
  switch (v.kind) {
    case 'number':
      return v.value === null ? '' : scalar(field, v.value);
    case 'count':
      return `${v.yes}/${v.of}`;
    case 'extreme':
      return scalar(field, v.value);
    case 'list':
      return v.items.map((i) => (v.items.length > 1 ? `${unitNames.get(i.unitId) ?? i.unitId}: ${scalar(field, i.value)}` : scalar(field, i.value))).join('; ');
    case 'table':
      return v.rows.length ? `${v.rows.length} dòng` : '';
    default:
      return '';
  }
}

/** The column heading of a field: its label and unit of measure. */
export function fieldHeading(field: ReportField): string {
  return field.unit && field.unit !== '%' ? `${field.label} (${field.unit})` : field.type === 'percent' ? `${field.label} (%)` : field.label;
}

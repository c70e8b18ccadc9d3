// The shapes of the report-form routes (/tasks/{id}/report-form, /assignments/{id}/report, /reports/*) as the
// console reads them, and the few words of the report screens in both languages.
import { COLUMN_TYPES, CONSOLIDATION_RULES, type ConsolidatedValue, type Figures, type ReportField } from '@khflow/contracts';
import { currentLang } from '../i18n';

// The field types the console's editor offers (files and tables are set through the API) and the consolidation
// rules: the contract's lists, not copies.
export const FIELD_TYPES = COLUMN_TYPES;
export const RULES = CONSOLIDATION_RULES;
export type { ConsolidatedValue, Figures, ReportField };

export interface ReportFormResponse {
  taskId: string;
  planId: string;
  version: number;
  form: { fields: ReportField[] };
  versions: { version: number; reason: string | null; createdBy: string; createdAt: string }[];
}

export interface AssignmentReport {
  assignmentId: string;
  taskId: string;
  kind: string;
  form: { version: number; fields: ReportField[] } | null;
  submissions: { submissionVersion: number; formVersion: number; figures: Figures; comment: string | null; submittedAt: string; decision: string | null }[];
}

export interface ConsolidatedResponse {
  planId: string;
  taskId: string;
  taskRef: string;
  taskTitle: string;
  unitId: string;
  unitName: string;
  periodKey: string;
  periods: string[];
  form: { version: number; fields: ReportField[] };
  own: { assignmentId: string; kind: string; state: string; due: string | null; figures: Figures | null; submissionVersion: number | null; comment: string | null } | null;
  rows: { unitId: string; unitName: string; assignmentId: string | null; status: string; included: boolean; submittedAt: string | null; values: Record<string, ConsolidatedValue> | null }[];
  totals: Record<string, ConsolidatedValue>;
  reported: string[];
  missing: { unitId: string; unitName: string; status: string }[];
  expectedCount: number;
}

export interface PlanFigures {
  planId: string;
  tasks: { taskId: string; ref: string; title: string; unitId: string; periodKey: string; form: { fields: ReportField[] }; totals: Record<string, ConsolidatedValue>; reported: number; expected: number; missing: { unitId: string; unitName: string }[] }[];
}

const W = {
  reportForm: ['Biểu mẫu báo cáo', 'Report form'],
  task: ['Nhiệm vụ', 'Task'],
  fields: ['Các chỉ tiêu', 'Fields'],
  key: ['Mã', 'Key'],
  label: ['Tên chỉ tiêu', 'Label'],
  type: ['Kiểu', 'Type'],
  unit: ['Đơn vị tính', 'Unit of measure'],
  required: ['Bắt buộc', 'Required'],
  min: ['Tối thiểu', 'Minimum'],
  max: ['Tối đa', 'Maximum'],
  consolidate: ['Cách tổng hợp', 'Consolidation'],
  weightField: ['Trọng số theo', 'Weighted by'],
  choices: ['Các lựa chọn (cách nhau bởi ;)', 'Choices (separated by ;)'],
  addField: ['Thêm chỉ tiêu', 'Add a field'],
  removeField: ['Xóa chỉ tiêu', 'Remove the field'],
  saveForm: ['Lưu biểu mẫu', 'Save the form'],
  amendReason: ['Lý do điều chỉnh (kế hoạch đang thực hiện)', 'Reason for the amendment (running plan)'],
  version: ['Phiên bản', 'Version'],
  fill: ['Nhập số liệu báo cáo', 'Enter the report figures'],
  submitFigures: ['Gửi báo cáo số liệu', 'Submit the figures'],
  comment: ['Ý kiến', 'Comment'],
  yes: ['Có', 'Yes'],
  no: ['Không', 'No'],
  consolidated: ['Tổng hợp số liệu của đơn vị cấp dưới', 'Figures of the subordinate units'],
  total: ['Tổng hợp', 'Total'],
  ownFigures: ['Số liệu của đơn vị', 'Own figures'],
  missing: ['Chưa báo cáo', 'Not reported yet'],
  reportedOf: ['Đã báo cáo', 'Reported'],
  figures: ['Số liệu theo biểu mẫu', 'Figures'],
  exportXlsx: ['Tải bảng tổng hợp (XLSX)', 'Download the table (XLSX)'],
  exportDocx: ['Tải văn bản báo cáo (DOCX)', 'Download the report (DOCX)'],
  noForm: ['Chưa có biểu mẫu', 'No report form yet'],
  status: ['Tình trạng', 'Status'],
  unitCol: ['Đơn vị', 'Unit'],
  proposed: ['Đề xuất từ bảng chỉ tiêu của văn bản', 'Proposed from the document’s KPI table'],
  addRow: ['Thêm dòng', 'Add a row'],
  removeRow: ['Xóa dòng', 'Remove the row'],
  row: ['Dòng', 'Row'],
  noRows: ['Chưa có dòng nào', 'No rows yet'],
  fileSent: ['Tệp đã gửi', 'File sent'],
  fileKeep: ['(giữ tệp đã gửi nếu không chọn tệp mới)', '(kept unless another file is chosen)'],
} as const;

export const rw = (k: keyof typeof W) => W[k][currentLang() === 'vi' ? 0 : 1];

const RULE_LABEL: Record<string, [string, string]> = {
  sum: ['Cộng', 'Sum'],
  weighted_average: ['Bình quân gia quyền', 'Weighted average'],
  count_yes: ['Đếm số "Có"', 'Count of yes'],
  min: ['Nhỏ nhất', 'Minimum'],
  max: ['Lớn nhất', 'Maximum'],
  list: ['Liệt kê', 'List'],
  none: ['Không tổng hợp', 'Not consolidated'],
};
const TYPE_LABEL: Record<string, [string, string]> = {
  number: ['Số', 'Number'],
  percent: ['Tỷ lệ %', 'Percentage'],
  yes_no: ['Có/Không', 'Yes/no'],
  choice: ['Lựa chọn', 'Choice'],
  date: ['Ngày', 'Date'],
  text: ['Văn bản', 'Text'],
  file: ['Tệp', 'File'],
  table: ['Bảng', 'Table'],
};
const STATUS_LABEL: Record<string, [string, string]> = {
  missing: ['Chưa có nhiệm vụ', 'No assignment'],
  in_progress: ['Đang thực hiện', 'In progress'],
  no_figures: ['Báo cáo không kèm số liệu', 'Reported without figures'],
  submitted: ['Đã gửi, chờ duyệt', 'Submitted'],
  returned: ['Bị trả lại', 'Returned'],
  approved: ['Đã duyệt', 'Approved'],
  cancelled: ['Đã hủy', 'Cancelled'],
};
const pick = (t: Record<string, [string, string]>, k: string) => t[k]?.[currentLang() === 'vi' ? 0 : 1] ?? k;
export const ruleLabel = (k: string) => pick(RULE_LABEL, k);
export const typeLabel = (k: string) => pick(TYPE_LABEL, k);
export const rowStatusLabel = (k: string) => pick(STATUS_LABEL, k);

/** A number the Vietnamese way (1.234,5) or the English way. */
export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return v.toLocaleString(currentLang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
}

/** One consolidated value as text, with the field's unit of measure. */
export function showValue(f: ReportField, v: ConsolidatedValue | undefined): string {
  if (!v || v.kind === 'none') return '—';
  const unit = f.type === 'percent' ? ' %' : f.unit ? ` ${f.unit}` : '';
  switch (v.kind) {
    case 'number':
      return v.value === null ? '—' : `${num(v.value)}${unit}`;
    case 'count':
      return `${v.yes}/${v.of}`;
    case 'extreme':
      return v.value === null ? '—' : typeof v.value === 'number' ? `${num(v.value)}${unit}` : String(v.value);
    case 'list':
      return v.items.map((i) => (typeof i.value === 'boolean' ? (i.value ? rw('yes') : rw('no')) : String(i.value ?? '—'))).join('; ') || '—';
    case 'table':
      return `${v.rows.length}`;
  }
}

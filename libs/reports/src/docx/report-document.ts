// The consolidated report of one unit (and a plan's progress summary) as an official document: who issues it and
// who signs follows the unit's kind (a UBND signs "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", a Sở "KT. GIÁM ĐỐC" …).
import type { ConsolidatedView } from '../consolidated-view';
import { fieldHeading, formatConsolidated } from '../report-format';
import type { ReportForm } from '../report-form.types';
import type { OfficialDocumentSpec } from './official-document';

export interface IssuerInfo {
  id: string;
  name: string;
  shortName: string | null;
  kind: string;
  /** The body above it (the UBND for a Sở, the Sở for a district office's professional line …). */
  parent: { name: string; shortName: string | null } | null;
}

const STATUS_VI: Record<string, string> = {
  missing: 'Chưa có nhiệm vụ',
  in_progress: 'Chưa báo cáo',
  no_figures: 'Đã gửi, chưa có số liệu',
  submitted: 'Đã gửi, chờ duyệt',
  returned: 'Bị trả lại',
  approved: 'Đã duyệt',
  cancelled: 'Đã hủy',
};
export const statusVi = (s: string) => STATUS_VI[s] ?? s;

/** "Ủy ban nhân dân thành phố Hải Phòng" → "UBND thành phố Hải Phòng" (how a managing body is written above a Sở). */
export function shortBodyName(name: string): string {
  return name.replace(/^Ủy ban nhân dân/i, 'UBND').replace(/^Uỷ ban nhân dân/i, 'UBND');
}

/** The symbol of the issuing body in a document number: UBND, SGDĐT, PGDĐT … */
export function bodySymbol(u: Pick<IssuerInfo, 'kind' | 'shortName' | 'name'>): string {
  if (u.kind === 'city_committee' || u.kind === 'district_committee') return 'UBND';
  if (u.kind === 'district_office') return 'PGDĐT';
  const source = u.shortName ?? u.name;
  if (/^Sở\s/i.test(source)) return `S${source.replace(/^Sở\s+/i, '').replace(/[^A-ZĐ]/g, '')}`;
  const initials = source
    .split(/\s+/)
    .filter((w) => /^[A-ZĐÀ-Ỹ]/.test(w))
    .map((w) => (/^[A-ZĐ]{2,}$/.test(w) ? w : w[0]))
    .join('');
  return initials || 'DV';
}

export function defaultSigner(kind: string): { capacity: string[]; title: string } {
  switch (kind) {
    case 'city_committee':
    case 'district_committee':
      return { capacity: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH'], title: 'PHÓ CHỦ TỊCH' };
    case 'department':
      return { capacity: ['KT. GIÁM ĐỐC'], title: 'PHÓ GIÁM ĐỐC' };
    case 'district_office':
    case 'department_division':
      return { capacity: ['KT. TRƯỞNG PHÒNG'], title: 'PHÓ TRƯỞNG PHÒNG' };
    default:
      return kind.startsWith('school') ? { capacity: [], title: 'HIỆU TRƯỞNG' } : { capacity: [], title: 'THỦ TRƯỞNG ĐƠN VỊ' };
  }
}

export interface ReportDocumentInput {
  issuer: IssuerInfo;
  plan: { number: string | null; title: string; issuedAt: string | null };
  task: { ref: string; title: string };
  periodKey: string;
  form: ReportForm;
  view: ConsolidatedView;
  number: string | null;
  place: string;
  date: string;
  recipients: string[];
  signer: { capacity?: string[] | null; title?: string | null; name: string };
  comment?: string | null;
}

function planRef(plan: ReportDocumentInput['plan']): string {
  if (!plan.number) return `Kế hoạch ${plan.title}`;
  const [y, m, d] = (plan.issuedAt ?? '').split('-');
  return `Kế hoạch số ${plan.number}${plan.issuedAt ? ` ngày ${d}/${m}/${y}` : ''}`;
}

/** The consolidated report of `issuer` for one task (and period) as the spec of an official document. */
export function consolidatedReportDocument(input: ReportDocumentInput): OfficialDocumentSpec {
  const { form, view } = input;
  const names = new Map(view.rows.map((r) => [r.unitId, r.unitName]));
  const signer = defaultSigner(input.issuer.kind);
  const period = input.periodKey !== 'once' && input.periodKey !== 'ongoing' ? ` (kỳ ${input.periodKey})` : '';
  const headers = ['STT', 'Đơn vị', ...form.fields.map(fieldHeading)];
  const rows = view.rows.map((r, i) => [String(i + 1), `${r.unitName}${r.included ? '' : ` (${statusVi(r.status)})`}`, ...form.fields.map((f) => (r.values ? formatConsolidated(f, r.values[f.key], names) : ''))]);
  const totalRow = ['', 'Tổng cộng', ...form.fields.map((f) => formatConsolidated(f, view.totals[f.key], names))];
  const missing = view.missing.map((m) => m.unitName);
  return {
    parentBody: input.issuer.parent ? shortBodyName(input.issuer.parent.shortName ?? input.issuer.parent.name) : null,
    issuingBody: input.issuer.name,
    number: input.number,
    symbol: `BC-${bodySymbol(input.issuer)}`,
    place: input.place,
    date: input.date,
    kind: 'Báo cáo',
    title: `Kết quả thực hiện nhiệm vụ ${input.task.ref}. ${input.task.title}${period} theo ${planRef(input.plan)}`,
    intro: [
      `Thực hiện ${planRef(input.plan)} về ${input.plan.title.replace(/^Kế hoạch\s+/i, '')}, ${input.issuer.name} báo cáo kết quả thực hiện nhiệm vụ "${input.task.title}"${period} như sau:`,
      `Số đơn vị đã báo cáo: ${view.reported.length}/${view.rows.length}.${missing.length ? ` Đơn vị chưa báo cáo: ${missing.join(', ')}.` : ''}`,
      ...(input.comment ? [input.comment] : []),
    ],
    table: { caption: 'BẢNG TỔNG HỢP SỐ LIỆU', headers, rows, totalRow },
    closing: [`Trên đây là báo cáo kết quả thực hiện nhiệm vụ của ${input.issuer.name}.`],
    recipients: input.recipients,
    signer: { capacity: input.signer.capacity ?? signer.capacity, title: input.signer.title ?? signer.title, name: input.signer.name },
  };
}

export interface PlanSummaryInput {
  issuer: IssuerInfo;
  plan: { number: string | null; title: string; issuedAt: string | null };
  tasks: { ref: string; title: string; counts: Record<string, number>; total: number }[];
  number: string | null;
  place: string;
  date: string;
  recipients: string[];
  signer: { capacity?: string[] | null; title?: string | null; name: string };
}

const COUNT_COLUMNS: [key: string, label: string][] = [
  ['done_on_time', 'Hoàn thành đúng hạn'],
  ['done_late', 'Hoàn thành quá hạn'],
  ['in_progress_on_time', 'Đang thực hiện trong hạn'],
  ['overdue', 'Quá hạn'],
  ['returned', 'Bị trả lại'],
];

/** A plan's progress summary: every task with its assignments counted by the statuses practice reports on. */
export function planSummaryDocument(input: PlanSummaryInput): OfficialDocumentSpec {
  const signer = defaultSigner(input.issuer.kind);
  const sum = (k: string) => input.tasks.reduce((n, t) => n + (t.counts[k] ?? 0), 0);
  return {
    parentBody: input.issuer.parent ? shortBodyName(input.issuer.parent.shortName ?? input.issuer.parent.name) : null,
    issuingBody: input.issuer.name,
    number: input.number,
    symbol: `BC-${bodySymbol(input.issuer)}`,
    place: input.place,
    date: input.date,
    kind: 'Báo cáo',
    title: `Tiến độ thực hiện ${planRef(input.plan)}`,
    intro: [`${input.issuer.name} báo cáo tiến độ thực hiện ${planRef(input.plan)} về ${input.plan.title.replace(/^Kế hoạch\s+/i, '')} đến ngày ${input.date.split('-').reverse().join('/')} như sau:`],
    table: {
      caption: 'TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ',
      headers: ['STT', 'Nhiệm vụ', 'Số đơn vị', ...COUNT_COLUMNS.map(([, l]) => l)],
      rows: input.tasks.map((t, i) => [String(i + 1), `${t.ref}. ${t.title}`, String(t.total), ...COUNT_COLUMNS.map(([k]) => String(t.counts[k] ?? 0))]),
      totalRow: ['', 'Tổng cộng', String(input.tasks.reduce((n, t) => n + t.total, 0)), ...COUNT_COLUMNS.map(([k]) => String(sum(k)))],
    },
    closing: [`Trên đây là báo cáo tiến độ thực hiện kế hoạch của ${input.issuer.name}.`],
    recipients: input.recipients,
    signer: { capacity: input.signer.capacity ?? signer.capacity, title: input.signer.title ?? signer.title, name: input.signer.name },
  };
}

// The consolidated view as a spreadsheet (exceljs): one sheet with the subordinates side by side and the totals,
// numbers kept as numbers so the reader can add them up again; one sheet with the units still missing.
import ExcelJS from 'exceljs';
import type { ConsolidatedValue } from '../consolidation';
import type { ConsolidatedView } from '../consolidated-view';
import { statusVi } from '../docx/report-document';
import { fieldHeading, formatConsolidated } from '../report-format';
import type { ReportField, ReportForm } from '../report-form.types';

function cellValue(field: ReportField, v: ConsolidatedValue | undefined, names: Map<string, string>): string | number | null {
  if (!v) return null;
  if (v.kind === 'number') return v.value;
  if (v.kind === 'extreme' && typeof v.value === 'number') return v.value;
  const s = formatConsolidated(field, v, names);
  return s === '' ? null : s;
}

export async function consolidatedWorkbook(input: { title: string; unitName: string; periodKey: string; form: ReportForm; view: ConsolidatedView }): Promise<Buffer> {
  const { form, view } = input;
  const names = new Map(view.rows.map((r) => [r.unitId, r.unitName]));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'khflow';
  const ws = wb.addWorksheet('Tổng hợp');
  ws.addRow([input.title]).font = { bold: true, size: 13 };
  ws.addRow([`Đơn vị tổng hợp: ${input.unitName}${input.periodKey !== 'once' ? ` — kỳ ${input.periodKey}` : ''}`]);
  ws.addRow([`Đã báo cáo: ${view.reported.length}/${view.rows.length}`]);
  ws.addRow([]);
  const header = ws.addRow(['STT', 'Mã đơn vị', 'Đơn vị', 'Trạng thái', ...form.fields.map(fieldHeading)]);
  header.font = { bold: true };
  view.rows.forEach((r, i) => {
    ws.addRow([i + 1, r.unitId, r.unitName, statusVi(r.status), ...form.fields.map((f) => (r.values ? cellValue(f, r.values[f.key], names) : null))]);
  });
  const total = ws.addRow(['', '', 'Tổng cộng (các đơn vị đã báo cáo)', '', ...form.fields.map((f) => cellValue(f, view.totals[f.key], names))]);
  total.font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = i === 2 ? 45 : i < 2 ? 14 : 20;
  });
  const missing = wb.addWorksheet('Chưa báo cáo');
  missing.addRow(['Mã đơn vị', 'Đơn vị', 'Trạng thái']).font = { bold: true };
  for (const m of view.missing) missing.addRow([m.unitId, m.unitName, statusVi(m.status)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

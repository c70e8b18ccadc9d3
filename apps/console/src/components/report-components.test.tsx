import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AssignmentDetailView, DashboardExplanation } from '@khflow/contracts';
import { fakeApi, signIn } from '../test-support';
import { setLang } from '../i18n';
import { DashboardExplanations, ExplanationRequests } from './explanation-requests';
import { ReportConsolidated } from './report-consolidated';
import { ReportFill, figuresOf } from './report-fill';
import { ReportFormEditor } from './report-form-editor';
import { NodeFigures, PlanFiguresView, UnitFiguresCell, UnitFiguresProvider } from './report-figures';
import { DataTable } from './data-table';
import type { ConsolidatedResponse, ReportField } from './report-types';

const FIELDS: ReportField[] = [
  { key: 'so_hoc_sinh', label: 'Số học sinh', type: 'number', unit: 'học sinh', integer: true, min: 0, required: true, consolidate: 'sum' },
  { key: 'ty_le_hoan_thanh', label: 'Tỷ lệ hoàn thành', type: 'percent', required: true, consolidate: 'weighted_average', weightField: 'so_hoc_sinh' },
  { key: 'co_phong_tin_hoc', label: 'Có phòng tin học', type: 'yes_no', consolidate: 'count_yes' },
];

describe('report form editor (plan owner)', () => {
  it('starts a task without a form with one field, edits, adds a weighted average, and saves the form', async () => {
    setLang('vi');
    signIn({ roles: ['plan_owner'], unitId: 'hp-sgddt' });
    const { calls } = fakeApi([{ method: 'PUT', path: '/tasks/t1/report-form', body: { taskId: 't1', version: 1 } }]);
    render(<ReportFormEditor taskId="t1" running={false} />);
    const form = await screen.findByRole('form', { name: 'Biểu mẫu báo cáo' });
    fireEvent.change(within(form).getByLabelText('Tên chỉ tiêu 1'), { target: { value: 'Số học sinh' } });
    fireEvent.change(within(form).getByLabelText('Mã 1'), { target: { value: 'so_hoc_sinh' } });
    fireEvent.change(within(form).getByLabelText('Đơn vị tính 1'), { target: { value: 'học sinh' } });
    fireEvent.click(within(form).getByText('Thêm chỉ tiêu'));
    fireEvent.change(within(form).getByLabelText('Mã 2'), { target: { value: 'ty_le' } });
    fireEvent.change(within(form).getByLabelText('Tên chỉ tiêu 2'), { target: { value: 'Tỷ lệ hoàn thành' } });
    fireEvent.change(within(form).getByLabelText('Kiểu 2'), { target: { value: 'percent' } });
    fireEvent.change(within(form).getByLabelText('Cách tổng hợp 2'), { target: { value: 'weighted_average' } });
    fireEvent.change(within(form).getByLabelText('Trọng số theo 2'), { target: { value: 'so_hoc_sinh' } });
    fireEvent.change(within(form).getByLabelText('Tối đa 2'), { target: { value: '100' } });
    fireEvent.submit(form);
    await screen.findByText('Đã lưu');
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      form: {
        fields: [
          { key: 'so_hoc_sinh', label: 'Số học sinh', type: 'number', unit: 'học sinh', required: true, consolidate: 'sum' },
          { key: 'ty_le', label: 'Tỷ lệ hoàn thành', type: 'percent', required: true, consolidate: 'weighted_average', weightField: 'so_hoc_sinh', max: 100 },
        ],
      },
    });
  });

  it('on a running plan asks for the amendment’s reason and shows the API’s refusal naming the field', async () => {
    setLang('vi');
    signIn({ roles: ['plan_owner'], unitId: 'hp-sgddt' });
    const { calls } = fakeApi([
      { path: '/tasks/t1/report-form', body: { taskId: 't1', planId: 'p1', version: 2, form: { fields: FIELDS }, versions: [] } },
      { method: 'PUT', path: '/tasks/t1/report-form', status: 422, body: { title: 'Invalid report form', status: 422, detail: 'fields[1].max: must not exceed 100', errors: [{ field: 'fields[1].max', message: 'must not exceed 100' }] } },
    ]);
    render(<ReportFormEditor taskId="t1" running />);
    const form = await screen.findByRole('form', { name: 'Biểu mẫu báo cáo' });
    expect(within(form).getByText(/Phiên bản 2/)).toBeTruthy();
    expect((within(form).getByLabelText('Tên chỉ tiêu 3') as HTMLInputElement).value).toBe('Có phòng tin học');
    fireEvent.change(within(form).getByLabelText(/Lý do điều chỉnh/), { target: { value: 'Bổ sung chỉ tiêu' } });
    fireEvent.change(within(form).getByLabelText('Tối đa 2'), { target: { value: '120' } });
    fireEvent.submit(form);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('100');
    expect(calls.find((c) => c.method === 'PUT')!.body).toMatchObject({ reason: 'Bổ sung chỉ tiêu' });
  });
});

describe('report fill (a unit enters its figures once)', () => {
  it('types each figure as its field says', () => {
    const d = new FormData();
    d.set('so_hoc_sinh', '812');
    d.set('ty_le_hoan_thanh', '97,5');
    d.set('co_phong_tin_hoc', 'no');
    expect(figuresOf(FIELDS, d)).toEqual({ so_hoc_sinh: 812, ty_le_hoan_thanh: 97.5, co_phong_tin_hoc: false });
  });

  it('sends the figures to the form route and marks the field the server refuses', async () => {
    setLang('vi');
    signIn();
    const { calls } = fakeApi([
      { method: 'POST', path: '/assignments/a1/report', status: 422, body: { title: 'Invalid figures', status: 422, detail: 'figures.ty_le_hoan_thanh: a percentage must not be above 100', errors: [{ field: 'figures.ty_le_hoan_thanh', message: 'a percentage must not be above 100' }] } },
    ]);
    render(<ReportFill assignmentId="a1" fields={FIELDS} version={3} onDone={() => undefined} />);
    const form = screen.getByRole('form', { name: 'Nhập số liệu báo cáo' });
    fireEvent.change(within(form).getByLabelText(/Số học sinh/), { target: { value: '800' } });
    const pct = within(form).getByLabelText(/Tỷ lệ hoàn thành/);
    fireEvent.change(pct, { target: { value: '120' } });
    fireEvent.change(within(form).getByLabelText(/Có phòng tin học/), { target: { value: 'yes' } });
    fireEvent.submit(form);
    const alert = await screen.findByRole('alert');
    // Named by the form's label, not by its key, with the server's reason in Vietnamese.
    expect(alert.querySelector('[data-field-error="figures.ty_le_hoan_thanh"]')?.textContent).toBe(`Số liệu báo cáo › ${FIELDS.find((f) => f.key === 'ty_le_hoan_thanh')!.label}: tỷ lệ phần trăm không được lớn hơn 100`);
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ figures: { so_hoc_sinh: 800, ty_le_hoan_thanh: 120, co_phong_tin_hoc: true }, expectedVersion: 3 });
    expect(pct.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(pct);
  });
});

describe('report fill: table and file fields', () => {
  const TABLE_FIELDS: ReportField[] = [
    {
      key: 'phong',
      label: 'Phòng học',
      type: 'table',
      consolidate: 'sum',
      keyColumn: 'loai',
      columns: [
        { key: 'loai', label: 'Loại phòng', type: 'choice', choices: ['Kiên cố', 'Bán kiên cố'], required: true },
        { key: 'so', label: 'Số phòng', type: 'number', integer: true, min: 0, unit: 'phòng' },
        { key: 'dat_chuan', label: 'Đạt chuẩn', type: 'yes_no' },
      ],
    },
    { key: 'minh_chung', label: 'Biên bản kiểm tra', type: 'file', consolidate: 'list' },
  ];
  const cell = (form: HTMLElement, row: number, column: string) => within(form).getByLabelText(`Phòng học › Dòng ${row} › ${column}`) as HTMLInputElement;

  it('enters a table as rows of typed cells (added and removed) and uploads the file, whose figure is the attachment', async () => {
    setLang('vi');
    signIn();
    const { calls } = fakeApi([
      { method: 'POST', path: '/assignments/a1/attachments', body: { id: '5f0e8a52-4a58-4d43-9a77-0d8a6a2b9c01', fileName: 'bien-ban.pdf', contentType: 'application/pdf', size: 4, sha256: 'x' } },
      { method: 'POST', path: '/assignments/a1/report', body: { state: 'submitted', version: 4, submissionVersion: 1, formVersion: 1 } },
    ]);
    let done = 0;
    render(<ReportFill assignmentId="a1" fields={TABLE_FIELDS} version={3} onDone={() => (done += 1)} />);
    const form = screen.getByRole('form', { name: 'Nhập số liệu báo cáo' });
    // Each column is the control of its type: a choice offers the column's choices, a count is a whole number ≥ 0.
    expect([...(cell(form, 1, 'Loại phòng') as unknown as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'Kiên cố', 'Bán kiên cố']);
    expect([cell(form, 1, 'Số phòng').type, cell(form, 1, 'Số phòng').min, cell(form, 1, 'Số phòng').step]).toEqual(['number', '0', '1']);
    fireEvent.change(cell(form, 1, 'Loại phòng'), { target: { value: 'Kiên cố' } });
    fireEvent.change(cell(form, 1, 'Số phòng'), { target: { value: '12' } });
    fireEvent.change(cell(form, 1, 'Đạt chuẩn'), { target: { value: 'yes' } });
    fireEvent.click(within(form).getByText(/Thêm dòng/));
    fireEvent.change(cell(form, 2, 'Loại phòng'), { target: { value: 'Bán kiên cố' } });
    fireEvent.change(cell(form, 2, 'Số phòng'), { target: { value: '3' } });
    fireEvent.click(within(form).getByText(/Thêm dòng/));
    fireEvent.change(cell(form, 3, 'Số phòng'), { target: { value: '99' } });
    // The second row goes; the third becomes the second, keeping what was typed.
    fireEvent.click(within(form).getByLabelText('Xóa dòng 2'));
    expect(cell(form, 2, 'Số phòng').value).toBe('99');
    fireEvent.change(cell(form, 2, 'Loại phòng'), { target: { value: 'Bán kiên cố' } });
    // An empty row is not sent.
    fireEvent.click(within(form).getByText(/Thêm dòng/));
    const file = new File(['%PDF'], 'bien-ban.pdf', { type: 'application/pdf' });
    fireEvent.change(within(form).getByLabelText(/Biên bản kiểm tra/), { target: { files: [file] } });
    fireEvent.submit(form);
    await waitFor(() => expect(done).toBe(1));
    const upload = calls.find((c) => c.path === '/assignments/a1/attachments')!;
    expect(upload.method).toBe('POST');
    expect((upload.body as FormData).get('file')).toBeInstanceOf(File);
    expect(calls.find((c) => c.path === '/assignments/a1/report')!.body).toEqual({
      figures: {
        phong: [
          { loai: 'Kiên cố', so: 12, dat_chuan: true },
          { loai: 'Bán kiên cố', so: 99, dat_chuan: null },
        ],
        minh_chung: { attachmentId: '5f0e8a52-4a58-4d43-9a77-0d8a6a2b9c01' },
      },
      expectedVersion: 3,
    });
  });

  it('shows the rows and the file sent before, keeps the file unless another is chosen, and marks the cell the server refuses', async () => {
    setLang('vi');
    signIn();
    const { calls } = fakeApi([
      {
        method: 'POST',
        path: '/assignments/a1/report',
        status: 422,
        body: { title: 'Invalid figures', status: 422, detail: 'Phòng học › dòng 2 › Số phòng: must be at least 0', errors: [{ field: 'figures.phong[1].so', label: 'Phòng học › dòng 2 › Số phòng', message: 'must be at least 0' }] },
      },
    ]);
    const initial = { phong: [{ loai: 'Kiên cố', so: 12, dat_chuan: true }, { loai: 'Bán kiên cố', so: 2, dat_chuan: false }], minh_chung: { attachmentId: '5f0e8a52-4a58-4d43-9a77-0d8a6a2b9c01', fileName: 'bien-ban.pdf' } };
    render(<ReportFill assignmentId="a1" fields={TABLE_FIELDS} version={5} initial={initial} onDone={() => undefined} />);
    const form = screen.getByRole('form', { name: 'Nhập số liệu báo cáo' });
    expect([cell(form, 1, 'Số phòng').value, cell(form, 2, 'Loại phòng').value, cell(form, 2, 'Đạt chuẩn').value]).toEqual(['12', 'Bán kiên cố', 'no']);
    expect(within(form).getByText(/Tệp đã gửi: bien-ban.pdf/)).toBeTruthy();
    fireEvent.change(cell(form, 2, 'Số phòng'), { target: { value: '-2' } });
    fireEvent.submit(form);
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('[data-field-error="figures.phong[1].so"]')?.textContent).toBe('Số liệu báo cáo › Phòng học 2 › Số phòng: không được nhỏ hơn 0');
    // The refused cell is marked (not the first row's cell of that column) and focused.
    expect(cell(form, 2, 'Số phòng').getAttribute('aria-invalid')).toBe('true');
    expect(cell(form, 1, 'Số phòng').getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(cell(form, 2, 'Số phòng'));
    // No new upload: the file sent before stays the figure.
    expect(calls.filter((c) => c.path.includes('/attachments'))).toEqual([]);
    expect(calls.find((c) => c.path === '/assignments/a1/report')!.body).toMatchObject({ figures: { phong: [{ so: 12 }, { so: -2 }], minh_chung: { attachmentId: '5f0e8a52-4a58-4d43-9a77-0d8a6a2b9c01' } }, expectedVersion: 5 });
  });
});

const CONSOLIDATED: ConsolidatedResponse = {
  planId: 'p1',
  taskId: 't1',
  taskRef: '3',
  taskTitle: 'Báo cáo số liệu',
  unitId: 'hp-pgd-lechan',
  unitName: 'Phòng GDĐT quận Lê Chân',
  periodKey: 'once',
  periods: ['once'],
  form: { version: 1, fields: FIELDS },
  own: { assignmentId: 'a-pgd', kind: 'consolidation', state: 'in_progress', due: '2026-12-20', figures: null, submissionVersion: null, comment: null },
  rows: [
    { unitId: 's1', unitName: 'Trường THCS Lê Chân 1', assignmentId: 'a-s1', status: 'approved', included: true, submittedAt: '2026-12-01T02:00:00.000Z', values: { so_hoc_sinh: { kind: 'number', value: 800 }, ty_le_hoan_thanh: { kind: 'number', value: 95 }, co_phong_tin_hoc: { kind: 'count', yes: 1, of: 1 } } },
    { unitId: 's2', unitName: 'Trường TH Lê Chân 1', assignmentId: 'a-s2', status: 'returned', included: false, submittedAt: '2026-12-01T03:00:00.000Z', values: { so_hoc_sinh: { kind: 'number', value: 600 }, ty_le_hoan_thanh: { kind: 'number', value: 100 }, co_phong_tin_hoc: { kind: 'count', yes: 0, of: 1 } } },
    { unitId: 's3', unitName: 'Trường MN Lê Chân 1', assignmentId: 'a-s3', status: 'in_progress', included: false, submittedAt: null, values: null },
  ],
  totals: { so_hoc_sinh: { kind: 'number', value: 800 }, ty_le_hoan_thanh: { kind: 'number', value: 95 }, co_phong_tin_hoc: { kind: 'count', yes: 1, of: 1 } },
  reported: ['s1'],
  missing: [
    { unitId: 's2', unitName: 'Trường TH Lê Chân 1', status: 'returned' },
    { unitId: 's3', unitName: 'Trường MN Lê Chân 1', status: 'in_progress' },
  ],
  expectedCount: 3,
};

describe('consolidated figures (a consolidating level)', () => {
  it('shows subordinates side by side with the totals of what came in, the missing units, and takes its own figures', async () => {
    setLang('vi');
    signIn({ unitId: 'hp-pgd-lechan' });
    const { calls } = fakeApi([
      { path: '/reports/tasks/t1/consolidated', body: CONSOLIDATED },
      { method: 'POST', path: '/assignments/a-pgd/report', body: { assignmentId: 'a-pgd', state: 'submitted', version: 5, due: null } },
    ]);
    render(<ReportConsolidated taskId="t1" unitId="hp-pgd-lechan" canFill version={4} onDone={() => undefined} />);
    const table = await screen.findByTestId('report-consolidated');
    expect(within(table).getByText(/Đã báo cáo 1\/3/)).toBeTruthy();
    const returned = table.querySelector('tr[data-unit="s2"]')!;
    expect(returned.className).toBe('excluded');
    expect(returned.textContent).toContain('Bị trả lại');
    expect(returned.textContent).toContain('600 học sinh');
    const totals = screen.getByTestId('report-totals');
    expect(totals.textContent).toContain('800 học sinh');
    expect(totals.textContent).toContain('95 %');
    expect(totals.textContent).toContain('1/1');
    expect(screen.getByTestId('report-missing').textContent).toBe('Chưa báo cáo: Trường TH Lê Chân 1, Trường MN Lê Chân 1');
    const own = screen.getByRole('form', { name: 'Số liệu của đơn vị' });
    fireEvent.change(within(own).getByLabelText(/Số học sinh/), { target: { value: '50' } });
    fireEvent.change(within(own).getByLabelText('Ý kiến'), { target: { value: 'Phòng bổ sung số liệu trường tư thục' } });
    fireEvent.submit(own);
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ figures: { so_hoc_sinh: 50 }, comment: 'Phòng bổ sung số liệu trường tư thục', expectedVersion: 4 });
    expect(calls.filter((c) => c.path.startsWith('/reports/tasks/t1/consolidated')).length).toBeGreaterThanOrEqual(1);
  });

  it('a plan’s figures: totals, reported of expected and the missing units', () => {
    setLang('en');
    render(<PlanFiguresView figures={{ planId: 'p1', tasks: [{ taskId: 't1', ref: '3', title: 'Figures', unitId: 'hp-ubnd', periodKey: 'once', form: { fields: FIELDS }, totals: CONSOLIDATED.totals, reported: 4, expected: 5, missing: [{ unitId: 'x', unitName: 'Trường THPT Trần Phú' }] }] }} />);
    const section = screen.getByTestId('plan-figures');
    expect(section.textContent).toContain('Reported 4/5');
    expect(section.textContent).toContain('800 học sinh');
    expect(section.textContent).toContain('Not reported yet: Trường THPT Trần Phú');
    setLang('vi');
  });
});

describe('figures in a node of the progress tree', () => {
  it('reads the unit’s consolidated figures only when opened, and shows totals, reported of expected and missing units', async () => {
    setLang('vi');
    signIn({ roles: ['plan_owner'], unitId: 'hp-sgddt' });
    const { calls } = fakeApi([{ path: '/reports/tasks/t1/consolidated', body: CONSOLIDATED }]);
    const { container } = render(<NodeFigures unitId="hp-pgd-lechan" tasks={[{ taskId: 't1' }]} />);
    const details = container.querySelector('details')!;
    expect(calls).toEqual([]); // a closed node asks nothing
    details.open = true;
    fireEvent(details, new Event('toggle'));
    const line = await screen.findByTestId('node-figures-hp-pgd-lechan-t1');
    expect(calls.map((c) => c.path)).toEqual(['/reports/tasks/t1/consolidated?unitId=hp-pgd-lechan']);
    expect(line.textContent).toContain('3. Số học sinh: 800 học sinh; Tỷ lệ hoàn thành: 95 %');
    expect(line.textContent).toContain('Đã báo cáo 1/3');
    expect(line.textContent).toContain('Chưa báo cáo: Trường TH Lê Chân 1, Trường MN Lê Chân 1');
  });
});

const detail = (over: Partial<AssignmentDetailView>): AssignmentDetailView =>
  ({
    id: 'a1',
    version: 4,
    allowedActions: [],
    explanationRequests: [],
    ...over,
  }) as AssignmentDetailView;

describe('explanation requests', () => {
  it('a supervisor asks an overdue unit for an explanation', async () => {
    setLang('vi');
    signIn({ unitId: 'hp-pgd-lechan', roles: ['supervisor'] });
    const { calls } = fakeApi([{ method: 'POST', path: '/assignments/a1/explanation-requests', body: { assignmentId: 'a1', state: 'assigned', version: 5, due: '2026-11-20', requestId: 'e1' } }]);
    const acts: string[] = [];
    render(<ExplanationRequests a={detail({ allowedActions: ['request_explanation'] })} act={async (fn) => (await fn(), acts.push('done'), true)} />);
    const form = screen.getByRole('form', { name: 'Yêu cầu giải trình' });
    fireEvent.change(within(form).getByLabelText('Nội dung yêu cầu'), { target: { value: 'Đề nghị giải trình lý do chậm' } });
    fireEvent.submit(form);
    await waitFor(() => expect(acts).toEqual(['done']));
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/assignments/a1/explanation-requests', body: { message: 'Đề nghị giải trình lý do chậm', expectedVersion: 4 } });
  });

  it('the unit answers with a reason and a new date typed dd/mm/yyyy; the history shows both', async () => {
    setLang('vi');
    signIn();
    const { calls } = fakeApi([{ method: 'POST', path: '/assignments/a1/explanation-requests/e1/answer', body: { assignmentId: 'a1', state: 'assigned', version: 6, due: '2026-11-20' } }]);
    const pending = { id: 'e1', message: 'Vì sao chậm?', requestedBy: 'u-supervisor', requestedAt: '2026-11-22T02:00:00.000Z', status: 'pending' as const, reason: null, newDue: null, answeredBy: null, answeredAt: null };
    const { rerender } = render(<ExplanationRequests a={detail({ allowedActions: ['answer_explanation'], explanationRequests: [pending] })} act={async (fn) => (await fn(), true)} />);
    expect(screen.getByTestId('explanations').textContent).toContain('Chờ giải trình');
    const form = screen.getByRole('form', { name: 'Gửi giải trình' });
    fireEvent.change(within(form).getByLabelText('Lý do chậm'), { target: { value: 'Chờ số liệu' } });
    fireEvent.change(within(form).getByLabelText(/Hoàn thành trước ngày/), { target: { value: '05122026' } });
    fireEvent.submit(form);
    await waitFor(() => expect(calls.length).toBe(1));
    expect(calls[0].body).toEqual({ reason: 'Chờ số liệu', newDue: '2026-12-05' });
    rerender(<ExplanationRequests a={detail({ explanationRequests: [{ ...pending, status: 'answered', reason: 'Chờ số liệu', newDue: '2026-12-05', answeredBy: 'u', answeredAt: '2026-11-23T02:00:00.000Z' }] })} act={async () => true} />);
    expect(screen.getByTestId('explanations').textContent).toContain('Chờ số liệu (Hoàn thành trước ngày 05/12/2026');
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('the dashboard lists them, waiting ones marked', () => {
    setLang('vi');
    const x: DashboardExplanation = { id: 'e1', assignmentId: 'a1', planId: 'p1', title: 'Báo cáo', unitId: 's1', unitName: 'Trường THCS Lê Chân 1', due: '2026-11-20', message: 'm', requestedBy: 'u', requestedAt: '2026-11-22T02:00:00.000Z', status: 'pending', reason: null, newDue: null, answeredBy: null, answeredAt: null };
    render(<DashboardExplanations items={[x, { ...x, id: 'e2', status: 'answered', reason: 'Thiếu người', newDue: '2026-12-01' }]} />);
    const rows = within(screen.getByTestId('dashboard-explanations')).getAllByRole('row');
    expect(rows[1].textContent).toContain('Chờ giải trình');
    expect(rows[2].textContent).toContain('Thiếu người');
    expect(rows[2].textContent).toContain('01/12/2026');
    expect(rows[1].textContent).toContain('20/11/2026');
  });
});

describe('the assignment page with a report form', () => {
  it('offers the form instead of the plain submission, and lists earlier figures', async () => {
    setLang('vi');
    signIn();
    const base = { id: 'a1', planId: 'p1', planTitle: 'KH', taskId: 't1', taskRef: '1', title: 'Báo cáo số liệu', periodKey: 'once', unitId: 'hp-thcs-lechan-1', unitName: 'Trường THCS Lê Chân 1', kind: 'lead', parentAssignmentId: null, reviewerUnitId: 'hp-pgd-lechan', state: 'returned', reportedStatus: 'returned', version: 4, due: '2026-12-07', submittedAt: null, approvedAt: null, escalationLevel: 0, consolidation: null, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };
    fakeApi([
      { path: '/assignments/a1', body: { ...base, content: null, submissions: [], comments: [], extensionRequests: [], coordinationRequests: [], children: [], allowedActions: ['submit', 'comment'], workflowId: 'wf', temporalUrl: null } },
      { path: '/assignments/a1/report', body: { assignmentId: 'a1', taskId: 't1', kind: 'lead', form: { version: 1, fields: FIELDS }, submissions: [{ submissionVersion: 1, formVersion: 1, figures: { so_hoc_sinh: 790, ty_le_hoan_thanh: 96, co_phong_tin_hoc: true }, comment: null, submittedAt: '2026-11-20T02:00:00.000Z', decision: 'returned' }] } },
      { path: /^\/units/, body: { items: [], total: 0, limit: 200, offset: 0 } },
    ]);
    const { AssignmentPage } = await import('../pages/assignment-page');
    render(<AssignmentPage id="a1" />);
    const fill = await screen.findByRole('form', { name: 'Nhập số liệu báo cáo' });
    expect((within(fill).getByLabelText(/Số học sinh/) as HTMLInputElement).value).toBe('790');
    expect(screen.queryByRole('form', { name: 'Gửi báo cáo' })).toBeNull();
    expect(screen.getByTestId('report-submissions').textContent).toContain('790');
  });
});

describe('report forms on the plan page', () => {
  it('offers the fields the plan’s KPI table proposes for a task without a form', async () => {
    setLang('vi');
    signIn({ roles: ['plan_owner'], unitId: 'hp-sgddt' });
    const { ReportFormsPanel } = await import('./report-forms-panel');
    const { calls } = fakeApi([
      { path: '/tasks/t1/report-form/proposal', body: { taskId: 't1', planId: 'p1', kpis: 1, fields: [{ key: 'chi_so_pci', label: 'Chỉ số PCI', type: 'number', integer: true, min: 1, required: false, consolidate: 'min' }] } },
      { method: 'PUT', path: '/tasks/t1/report-form', body: { taskId: 't1', version: 1 } },
    ]);
    const plan = { id: 'p1', status: 'draft', tasks: [{ id: 't1', ref: '1', title: 'Nâng cao chỉ số PCI' }] } as unknown as import('@khflow/contracts').PlanView;
    render(<ReportFormsPanel plan={plan} />);
    fireEvent.change(screen.getByTestId('report-form-task'), { target: { value: 't1' } });
    const form = await screen.findByRole('form', { name: 'Biểu mẫu báo cáo' });
    expect(within(form).getByText('Đề xuất từ bảng chỉ tiêu của văn bản')).toBeTruthy();
    expect((within(form).getByLabelText('Tên chỉ tiêu 1') as HTMLInputElement).value).toBe('Chỉ số PCI');
    fireEvent.submit(form);
    await screen.findByText('Đã lưu');
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ form: { fields: [{ key: 'chi_so_pci', label: 'Chỉ số PCI', type: 'number', required: false, consolidate: 'min', min: 1, integer: true }] } });
  });
});

describe('dashboard: figures beside the unit rows', () => {
  const UNITS = Array.from({ length: 25 }, (_, i) => ({ unitId: `u${String(i + 1).padStart(2, '0')}`, unitName: `Đơn vị ${i + 1}` }));
  const answer = (url: string) => {
    const ids = new URL(url, 'http://x').searchParams.get('unitIds')!.split(',');
    return {
      units: ids.map((unitId) => ({
        unitId,
        tasks: unitId === 'u02' ? [] : [{ planId: 'p1', taskId: 't1', ref: '3', title: 'Báo cáo số liệu', periodKey: 'once', form: { fields: FIELDS }, totals: { so_hoc_sinh: { kind: 'number', value: Number(unitId.slice(1)) * 100 }, ty_le_hoan_thanh: { kind: 'number', value: 95 }, co_phong_tin_hoc: { kind: 'count', yes: 1, of: 2 } }, reported: 1, expected: 2, state: 'in_progress' }],
      })),
    };
  };

  it('reads the figures of the rows on screen in one request per page and shows each unit’s key figures', async () => {
    setLang('vi');
    signIn({ roles: ['supervisor'], unitId: 'hp-sgddt' });
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      calls.push(url);
      return new Response(JSON.stringify(answer(url)), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    render(
      <UnitFiguresProvider planIds={['p1', 'p2']}>
        <DataTable caption="Đơn vị" rows={UNITS} rowKey={(u) => u.unitId} columns={[{ key: 'unit', label: 'Đơn vị', render: (u) => u.unitName }, { key: 'figures', label: 'Số liệu', render: (u) => <UnitFiguresCell unitId={u.unitId} /> }]} />
      </UnitFiguresProvider>,
    );
    expect((await screen.findByTestId('unit-figures-u01')).textContent).toBe('3. Số học sinh: 100 học sinh; Tỷ lệ hoàn thành: 95 %; Có phòng tin học: 1/2 — Đã báo cáo 1/2');
    expect(calls).toEqual([`/reports/units/figures?planIds=p1,p2&unitIds=${UNITS.slice(0, 20).map((u) => u.unitId).join(',')}`]);
    // A unit without a share of a task with a form: a dash.
    expect(within(screen.getByText('Đơn vị 2').closest('tr')!).getByText('—')).toBeTruthy();
    fireEvent.click(screen.getByText(/Trang sau|Next/));
    expect((await screen.findByTestId('unit-figures-u25')).textContent).toContain('Số học sinh: 2.500 học sinh');
    expect(calls.slice(1)).toEqual([`/reports/units/figures?planIds=p1,p2&unitIds=${UNITS.slice(20).map((u) => u.unitId).join(',')}`]);
    // Back to the first page: already read, no new request.
    fireEvent.click(screen.getByText(/Trang trước|Previous/));
    await screen.findByTestId('unit-figures-u01');
    expect(calls).toHaveLength(2);
  });

  it('reads nothing without plans', async () => {
    setLang('vi');
    const { calls } = fakeApi([]);
    render(
      <UnitFiguresProvider planIds={[]}>
        <UnitFiguresCell unitId="u1" />
      </UnitFiguresProvider>,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
  });
});


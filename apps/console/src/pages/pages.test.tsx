import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AssignmentDetailView, AssignmentView, HistoryResponse, InboxResponse, PlanView, ProgressView } from '@khflow/contracts';
import { fakeApi, signIn } from '../test-support';
import { AssignmentPage } from './assignment-page';
import { HistoryPage } from './history-page';
import { setLang } from '../i18n';
import { InboxPage } from './inbox-page';
import { LoginPage } from './login-page';
import { PlanPage } from './plan-page';
import { PlansPage } from './plans-page';

const UNITS = [
  { id: 'hp-thcs-lechan-1', name: 'Trường THCS Lê Chân 1', shortName: null, kind: 'school', parentId: 'hp-pgd-lechan', reportsToId: 'hp-pgd-lechan', aliases: [], validFrom: null, validTo: null, successorId: null },
  { id: 'hp-pgd-lechan', name: 'Phòng GDĐT quận Lê Chân', shortName: null, kind: 'district_office', parentId: 'hp-sgddt', reportsToId: 'hp-sgddt', aliases: [], validFrom: null, validTo: null, successorId: null },
  { id: 'hp-snv', name: 'Sở Nội vụ', shortName: null, kind: 'department', parentId: null, reportsToId: null, aliases: [], validFrom: null, validTo: null, successorId: null },
];
const unitRoutes = [
  ...UNITS.map((u) => ({ path: `/units/${u.id}`, body: u })),
  { path: /^\/units\?q=s%E1%BB%9F%20n/i, body: { items: [UNITS[2]], total: 1, limit: 10, offset: 0 } },
  { path: /^\/units\?q=l%C3%AA/i, body: { items: [UNITS[0], UNITS[1]], total: 2, limit: 10, offset: 0 } },
  { path: /^\/units\?/, body: { items: UNITS, total: UNITS.length, limit: 200, offset: 0 } },
];

function assignment(over: Partial<AssignmentView> = {}): AssignmentView {
  return {
    id: 'a1',
    planId: 'p1',
    planTitle: 'Kế hoạch nâng cao Chỉ số PII năm 2024',
    taskId: 't1',
    taskRef: '1',
    title: 'Báo cáo kết quả thực hiện Chỉ số PII',
    periodKey: 'once',
    unitId: 'hp-thcs-lechan-1',
    unitName: 'Trường THCS Lê Chân 1',
    kind: 'lead',
    parentAssignmentId: null,
    reviewerUnitId: 'hp-pgd-lechan',
    state: 'acknowledged',
    reportedStatus: 'in_progress_on_time',
    version: 2,
    due: '2026-12-07',
    submittedAt: null,
    approvedAt: null,
    escalationLevel: 0,
    consolidation: null,
    pendingExtension: false,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}
function detail(over: Partial<AssignmentDetailView> = {}): AssignmentDetailView {
  return { ...assignment(), content: 'Nội dung nhiệm vụ', submissions: [], comments: [], extensionRequests: [], coordinationRequests: [], coordinationRequest: null, children: [], allowedActions: ['submit', 'request_extension', 'comment'], workflowId: 'wf-1', temporalUrl: 'http://127.0.0.1:8233/x', ...over };
}
const inbox = (over: Partial<InboxResponse> = {}): InboxResponse => ({
  assignments: { items: [assignment(), assignment({ id: 'a2', taskRef: '2', title: 'Tuyên truyền chuyển đổi số', planTitle: 'Kế hoạch chuyển đổi số', due: '2026-12-20' })], total: 2, limit: 20, offset: 0 },
  notifications: [],
  awaitingDecision: [],
  ...over,
});

describe('inbox', () => {
  it('filters by state and searches task, plan and unit names through the API', async () => {
    signIn();
    const found = inbox({ assignments: { items: [assignment({ id: 'a2', taskRef: '2', title: 'Tuyên truyền chuyển đổi số', planTitle: 'Kế hoạch chuyển đổi số' })], total: 1, limit: 20, offset: 0 } });
    const { calls } = fakeApi([{ path: /^\/inbox\?.*q=/, body: found }, { path: '/inbox', body: inbox() }, ...unitRoutes]);
    render(<InboxPage />);
    await screen.findByRole('link', { name: /Báo cáo kết quả/ });
    fireEvent.change(screen.getByLabelText('Trạng thái'), { target: { value: 'returned' } });
    await waitFor(() => expect(calls.some((c) => c.path.includes('status=returned'))).toBe(true));
    fireEvent.change(screen.getByLabelText('Tìm kiếm'), { target: { value: 'chuyển đổi' } });
    await waitFor(() => expect(screen.queryByRole('link', { name: /Báo cáo kết quả/ })).toBeNull());
    expect(screen.getByRole('link', { name: /Tuyên truyền chuyển đổi số/ })).toBeTruthy();
    expect(calls.at(-1)!.path).toBe('/inbox?sort=due&limit=20&offset=0&status=returned&q=chuy%E1%BB%83n%20%C4%91%E1%BB%95i');
    expect(screen.getByText('Nhiệm vụ của đơn vị (1)')).toBeTruthy();
  });

  it('labels each decision as a report or an extension request, and writes notifications with names and dd/mm/yyyy', async () => {
    signIn({ roles: ['supervisor'], unitId: 'hp-pgd-lechan' });
    fakeApi([
      {
        path: '/inbox',
        body: inbox({
          awaitingDecision: [assignment({ id: 'd1', state: 'submitted' }), assignment({ id: 'd2', taskRef: '2', title: 'Tuyên truyền', state: 'in_progress', pendingExtension: true })],
          notifications: [
            { id: 'n1', kind: 'escalation', params: null, message: 'Chuyển cấp (mức 1): hp-thcs-lechan-1 chưa hoàn thành Báo cáo PII, hạn 2026-12-07', planId: null, assignmentId: 'a1', recipientUnitId: 'hp-pgd-lechan', recipientRole: 'supervisor', createdAt: '2026-12-08T01:00:00.000Z' },
            { id: 'n2', kind: 'extension_request', params: { title: 'Tuyên truyền', unitId: 'hp-thcs-lechan-1', due: '2027-01-15' }, message: 'x', planId: null, assignmentId: 'd2', recipientUnitId: 'hp-pgd-lechan', recipientRole: 'supervisor', createdAt: '2026-12-09T01:00:00.000Z' },
          ],
        }),
      },
      ...unitRoutes,
    ]);
    render(<InboxPage />);
    const queue = await screen.findByTestId('awaiting');
    const rows = within(queue).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['Báo cáo', 'Đề nghị gia hạn']);
    await screen.findByText(/Chuyển cấp \(mức 1\): Trường THCS Lê Chân 1 chưa hoàn thành Báo cáo PII, hạn 07\/12\/2026/);
    await screen.findByText(/Đề nghị gia hạn đến 15\/01\/2027: Tuyên truyền — Trường THCS Lê Chân 1/);
    expect(screen.getByText('08/12/2026 08:00')).toBeTruthy();
  });

  it('pages the notifications and orders them newest or oldest first', async () => {
    signIn();
    const notes = Array.from({ length: 12 }, (_, i) => ({ id: `n${i}`, kind: 'assigned', params: null, message: `Nhiệm vụ mới: Việc số ${i + 1}`, planId: null, assignmentId: null, recipientUnitId: 'hp-thcs-lechan-1', recipientRole: null, createdAt: new Date(Date.UTC(2026, 10, i + 1)).toISOString() }));
    fakeApi([{ path: '/inbox', body: inbox({ notifications: notes }) }, ...unitRoutes]);
    render(<InboxPage />);
    const region = await screen.findByRole('region', { name: 'Thông báo' });
    const items = () => within(region).getAllByRole('listitem').map((li) => li.textContent);
    expect(items()).toHaveLength(10);
    expect(items()[0]).toContain('Việc số 12');
    fireEvent.click(within(region).getByRole('button', { name: /Trang sau/ }));
    expect(items()).toHaveLength(2);
    fireEvent.change(within(region).getByLabelText(/Sắp xếp theo/), { target: { value: 'oldest' } });
    expect(items()[0]).toContain('01/11/2026');
    expect(items()[0]).toContain('Việc số 1');
  });

  it('renders notifications with the shared renderer in the reader’s language, units by name', async () => {
    setLang('en');
    signIn();
    const n = (id: string, kind: string, params: Record<string, unknown> | null, message: string) => ({ id, kind, params, message, planId: null, assignmentId: null, recipientUnitId: 'hp-thcs-lechan-1', recipientRole: null, createdAt: '2026-12-08T01:00:00.000Z' });
    fakeApi([
      {
        path: '/inbox',
        body: inbox({
          notifications: [
            n('n1', 'missing_reports', { units: ['hp-thcs-lechan-1', 'hp-snv'] }, 'Chưa nhận báo cáo của: hp-thcs-lechan-1, hp-snv'),
            n('n2', 'a_kind_from_a_newer_worker', { title: 'X' }, 'Việc mới, hạn 2027-01-03, của hp-snv'),
          ],
        }),
      },
      ...unitRoutes,
    ]);
    render(<InboxPage />);
    await screen.findByText(/No report yet from: Trường THCS Lê Chân 1, Sở Nội vụ/);
    await screen.findByText(/Việc mới, hạn 03\/01\/2027, của Sở Nội vụ/);
    setLang('vi');
  });

  it('shows a refusal of the API in Vietnamese', async () => {
    signIn();
    fakeApi([{ path: '/inbox', status: 400, body: { title: 'Invalid request', status: 400, detail: 'status: "x" is not one of …', errors: [{ field: 'status', message: 'must be one of assigned, acknowledged' }] } }]);
    render(<InboxPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dữ liệu chưa hợp lệ');
    expect(alert.textContent).toContain('Trạng thái: phải là một trong: assigned, acknowledged');
  });
});

describe('assignment', () => {
  it('sends an extension typed as dd/mm/yyyy as YYYY-MM-DD', async () => {
    signIn();
    const { calls } = fakeApi([{ path: '/assignments/a1', body: detail() }, { method: 'POST', path: '/assignments/a1/extension-requests', body: { ok: true } }, ...unitRoutes]);
    render(<AssignmentPage id="a1" />);
    const form = await screen.findByRole('form', { name: 'Đề nghị gia hạn' });
    fireEvent.change(within(form).getByLabelText(/Hạn mới đề nghị/), { target: { value: '15012027' } });
    fireEvent.change(within(form).getByLabelText('Lý do'), { target: { value: 'Chờ số liệu' } });
    fireEvent.submit(form);
    await screen.findByText('Đã lưu');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ requestedDue: '2027-01-15', reason: 'Chờ số liệu' });
  });

  it('shows the API’s refusal with the field it concerns and marks that field', async () => {
    signIn();
    fakeApi([
      { path: '/assignments/a1', body: detail() },
      { method: 'POST', path: '/assignments/a1/extension-requests', status: 422, body: { title: 'Invalid', status: 422, detail: 'requestedDue: must be after the current due date', errors: [{ field: 'requestedDue', message: 'must be after the current due date' }] } },
      ...unitRoutes,
    ]);
    render(<AssignmentPage id="a1" />);
    const form = await screen.findByRole('form', { name: 'Đề nghị gia hạn' });
    const date = within(form).getByLabelText(/Hạn mới đề nghị/);
    fireEvent.change(date, { target: { value: '01/12/2026' } });
    fireEvent.change(within(form).getByLabelText('Lý do'), { target: { value: 'x' } });
    fireEvent.submit(form);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Hạn mới đề nghị: phải sau hạn hiện tại');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(date.getAttribute('aria-describedby')).toBe(alert.id);
  });

  it('says why an attachment cannot be downloaded', async () => {
    signIn();
    const sub = { version: 1, text: 'Báo cáo', attachments: [{ id: 'f1', fileName: 'bao-cao.txt', contentType: 'text/plain', size: 3, sha256: 'x' }], consolidation: null, submittedBy: 'u', submittedAt: '2026-11-30T02:00:00.000Z', decision: null, decidedBy: null, decidedAt: null, decisionComment: null };
    fakeApi([{ path: '/assignments/a1', body: detail({ submissions: [sub] }) }, { path: '/assignments/a1/attachments/f1', status: 404, body: { title: 'Not found', status: 404, detail: 'attachment f1 does not exist on this assignment' } }, ...unitRoutes]);
    render(<AssignmentPage id="a1" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Tải tệp bao-cao.txt' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Không tìm thấy (hoặc bạn không có quyền xem)');
  });

  it('links the Temporal UI for administrators only', async () => {
    signIn();
    fakeApi([{ path: '/assignments/a1', body: detail() }, ...unitRoutes]);
    const { unmount } = render(<AssignmentPage id="a1" />);
    await screen.findByRole('link', { name: 'Lịch sử' });
    expect(screen.queryByRole('link', { name: /Temporal/ })).toBeNull();
    unmount();
    signIn({ roles: ['admin'] });
    render(<AssignmentPage id="a1" />);
    expect((await screen.findByRole('link', { name: /Temporal/ })).getAttribute('href')).toBe('http://127.0.0.1:8233/x');
  });

  it('shows a consolidating unit which subordinates reported and what they wrote', async () => {
    signIn({ unitId: 'hp-pgd-lechan' });
    const consolidation = { expected: ['hp-thcs-lechan-1', 'hp-snv'], reported: [{ unitId: 'hp-thcs-lechan-1', assignmentId: 'a-school', approvedAt: '2026-12-01T03:00:00.000Z', onTime: true }] };
    fakeApi([
      { path: '/assignments/a-office', body: detail({ id: 'a-office', unitId: 'hp-pgd-lechan', unitName: 'Phòng GDĐT quận Lê Chân', kind: 'consolidation', consolidation }) },
      {
        path: '/assignments/a-school',
        body: detail({ id: 'a-school', submissions: [{ version: 1, text: 'Trường đã triển khai 5/5 nội dung', attachments: [{ id: 'f1', fileName: 'bao-cao.txt', contentType: 'text/plain', size: 3, sha256: 'x' }], consolidation: null, submittedBy: 'u', submittedAt: '2026-11-30T02:00:00.000Z', decision: 'approved', decidedBy: 'v', decidedAt: '2026-12-01T03:00:00.000Z', decisionComment: null }] }),
      },
      ...unitRoutes,
    ]);
    render(<AssignmentPage id="a-office" />);
    const table = await screen.findByTestId('subordinates');
    expect(within(table).getByText(/đã báo cáo 1\/2/)).toBeTruthy();
    await within(table).findByText(/Trường đã triển khai 5\/5 nội dung/);
    expect(within(table).getByRole('button', { name: 'Tải tệp bao-cao.txt' })).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    await waitFor(() => expect(within(rows[1]).getAllByRole('cell')[0].textContent).toBe('Sở Nội vụ'));
    expect(within(rows[1]).getAllByRole('cell')[1].textContent).toBe('chưa báo cáo');
  });

  it('shows a coordinating unit what the lead unit asked it for', async () => {
    signIn({ unitId: 'hp-snv' });
    fakeApi([
      {
        path: '/assignments/c1',
        body: detail({ id: 'c1', unitId: 'hp-snv', unitName: 'Sở Nội vụ', kind: 'coordination', parentAssignmentId: 'a1', reviewerUnitId: 'hp-pgd-lechan', coordinationRequest: { id: 'r1', leadUnitId: 'hp-pgd-lechan', due: '2026-11-20', message: 'Cho ý kiến về biên chế', createdAt: '2026-11-02T00:00:00.000Z' } }),
      },
      ...unitRoutes,
    ]);
    render(<AssignmentPage id="c1" />);
    expect((await screen.findByTestId('coordination-ask')).textContent).toBe('Cho ý kiến về biên chế');
    expect(screen.getByTestId('coordination-due').textContent).toBe('20/11/2026');
    expect(screen.getByText('02/11/2026 07:00')).toBeTruthy();
    await screen.findByText('Phòng GDĐT quận Lê Chân');
  });
});

const plan = (over: Partial<PlanView> = {}): PlanView => ({
  id: 'p1',
  number: '177/KH-UBND',
  title: 'Kế hoạch nâng cao Chỉ số PII năm 2024',
  issuerUnitId: 'hp-pgd-lechan',
  issuerName: 'Phòng GDĐT quận Lê Chân',
  issuedAt: '2024-08-05',
  status: 'active',
  parentPlanId: null,
  launchedAt: null,
  closedAt: null,
  version: 1,
  taskCount: 1,
  due: '2024-12-20',
  place: null,
  description: null,
  basis: [],
  horizon: null,
  tasks: [{ id: 't1', position: 0, ref: '1', title: 'Báo cáo', content: null, lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: '2024-12-20' }, reviewerUnitId: null, consolidate: true, stepDays: 5, reminderOffsetsDays: null, lines: null, status: 'active' }],
  source: { warnings: ['1: no lead unit (chủ trì) found'], text: 'a\nb', fileName: 'kh.txt' },
  workflowId: 'wf',
  temporalUrl: 'http://127.0.0.1:8233/p',
  ...over,
});
const progress: ProgressView = { planId: 'p1', byTask: [], byUnit: [], byUnitNext: null, subPlans: [] };

describe('plan', () => {
  it('hides the import warnings once launched and shows units by name', async () => {
    signIn({ roles: ['plan_owner'], unitId: 'hp-pgd-lechan' });
    fakeApi([{ path: '/plans/p1', body: plan() }, { path: '/plans/p1/progress', body: progress }, ...unitRoutes]);
    render(<PlanPage id="p1" />);
    await screen.findByRole('form', { name: 'Điều chỉnh kế hoạch' });
    expect(screen.queryByText('Cần xem lại (1)')).toBeNull();
    await screen.findByText('Trường THCS Lê Chân 1');
    expect(screen.queryByRole('link', { name: /Temporal/ })).toBeNull();
  });

  it('keeps the import warnings on a draft', async () => {
    signIn({ roles: ['plan_owner'], unitId: 'hp-pgd-lechan' });
    fakeApi([{ path: '/plans/p1', body: plan({ status: 'draft' }) }, { path: '/plans/p1/progress', body: progress }, ...unitRoutes]);
    render(<PlanPage id="p1" />);
    expect(await screen.findByText('Cần xem lại (1)')).toBeTruthy();
  });

  it('adds units to a task by picking their names', async () => {
    signIn({ roles: ['plan_owner'], unitId: 'hp-pgd-lechan' });
    const { calls } = fakeApi([{ path: '/plans/p1', body: plan() }, { path: '/plans/p1/progress', body: progress }, { method: 'POST', path: '/plans/p1/amendments', body: {} }, ...unitRoutes]);
    render(<PlanPage id="p1" />);
    const form = await screen.findByRole('form', { name: 'Điều chỉnh kế hoạch' });
    fireEvent.change(within(form).getByLabelText('Nội dung điều chỉnh'), { target: { value: 'add_units' } });
    fireEvent.change(within(form).getByLabelText('Gõ tên đơn vị'), { target: { value: 'Sở N' } });
    fireEvent.click(await within(form).findByRole('button', { name: 'Thêm: Sở Nội vụ' }));
    expect(within(within(form).getByRole('list', { name: /Đơn vị đã chọn/ })).getByText(/Sở Nội vụ/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Lý do'), { target: { value: 'Bổ sung đơn vị phối hợp' } });
    fireEvent.submit(form);
    await screen.findByText('Đã lưu');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ reason: 'Bổ sung đơn vị phối hợp', op: { type: 'add_units', taskId: 't1', unitIds: ['hp-snv'] } });
  });
});

describe('plans', () => {
  it('shows each plan’s due date (not its issue date) and searches plans and units through the API', async () => {
    signIn();
    const summary = { ...plan(), tasks: undefined, source: undefined };
    const other = { ...summary, id: 'p2', title: 'Kế hoạch khác', issuerUnitId: 'hp-snv', issuerName: 'Sở Nội vụ', due: null };
    const { calls } = fakeApi([
      { path: /^\/plans\?limit=20&offset=0&q=/, body: { items: [summary], total: 1, limit: 20, offset: 0 } },
      { path: /^\/plans\?/, body: { items: [summary, other], total: 2, limit: 20, offset: 0 } },
      ...unitRoutes,
    ]);
    render(<PlansPage />);
    const table = await screen.findByTestId('plans');
    const row = (await within(table).findByRole('link', { name: /Chỉ số PII/ })).closest('tr')!;
    expect(within(row).getAllByRole('cell')[5].textContent).toBe('20/12/2024');
    expect(within(row).getAllByRole('cell')[4].textContent).toBe('05/08/2024');
    const otherRow = within(table).getByRole('link', { name: 'Kế hoạch khác' }).closest('tr')!;
    expect(within(otherRow).getAllByRole('cell')[5].textContent).toBe('—');
    fireEvent.change(screen.getByLabelText(/^Tìm kiếm/), { target: { value: 'Lê' } });
    await waitFor(() => expect(within(table).queryByRole('link', { name: 'Kế hoạch khác' })).toBeNull());
    expect(calls.at(-1)!.path.startsWith('/plans?limit=20&offset=0&q=L%C3%AA') || calls.some((c) => c.path === '/plans?limit=20&offset=0&q=L%C3%AA')).toBe(true);
    expect(within(await screen.findByRole('list', { name: 'Đơn vị' })).getByText(/Trường THCS Lê Chân 1/)).toBeTruthy();
  });
});

describe('history', () => {
  it('names actions and actors as people read them', async () => {
    signIn({ roles: ['inspector'] });
    const entry = (seq: string, action: string, actorId: string, actorUnitId: string | null, actorName: string | null = null, onBehalfOfName: string | null = null) => ({ seq, occurredAt: '2026-12-01T01:00:00.000Z', actorId, actorUnitId, actorIp: null, requestId: null, action, entityType: 'assignment', entityId: 'a1', planId: 'p1', assignmentId: 'a1', workflowId: 'wf', before: null, after: null, details: null, hash: 'h', actorName, onBehalfOfName });
    const history: HistoryResponse = {
      entries: [
        entry('1', 'assignment.created', 'system', 'system'),
        entry('2', 'assignment.coordination_requested', 'u-1', 'hp-thcs-lechan-1'),
        entry('3', 'assignment.approved', 'u-2', 'hp-pgd-lechan', 'Nguyễn Văn A'),
        entry('4', 'assignment.returned', 'u-3', 'hp-pgd-lechan', 'Trần Thị B', 'Nguyễn Văn A'),
      ],
      nextAfterSeq: null,
      workflowId: 'wf',
      temporalUrl: null,
    };
    fakeApi([{ path: '/assignments/a1/history', body: history }, ...unitRoutes]);
    render(<HistoryPage kind="assignments" id="a1" />);
    const table = await screen.findByTestId('timeline');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent).slice(1, 4)).toEqual(['01/12/2026 08:00', 'Giao nhiệm vụ', 'Hệ thống']);
    expect(within(rows[1]).getAllByRole('cell')[2].textContent).toBe('Đề nghị đơn vị phối hợp');
    await waitFor(() => expect(within(rows[1]).getAllByRole('cell')[3].textContent).toBe('Cán bộ Trường THCS Lê Chân 1'));
    await waitFor(() => expect(within(rows[2]).getAllByRole('cell')[3].textContent).toBe('Nguyễn Văn A (Phòng GDĐT quận Lê Chân)'));
    expect(within(rows[3]).getAllByRole('cell')[3].textContent).toBe('Trần Thị B (thay mặt Nguyễn Văn A, Phòng GDĐT quận Lê Chân)');
    expect(table.textContent).not.toContain('system (system)');
  });
});

describe('login', () => {
  it('says a wrong password in the reader’s language', async () => {
    fakeApi([{ method: 'POST', path: '/auth/login', status: 401, body: { title: 'Unauthenticated', status: 401, detail: 'wrong username or password' } }]);
    render(<LoginPage />);
    fireEvent.change(screen.getByLabelText('Tên đăng nhập'), { target: { value: 'officer.x' } });
    fireEvent.change(screen.getByLabelText('Mật khẩu'), { target: { value: 'nope' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Đăng nhập' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Sai tên đăng nhập hoặc mật khẩu');
  });

  it('speaks English when the reader chose it', async () => {
    setLang('en');
    fakeApi([{ method: 'POST', path: '/auth/login', status: 429, body: { title: 'Too many requests', status: 429 } }]);
    render(<LoginPage />);
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'a' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'b' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Too many requests; try again in a few minutes');
  });
});

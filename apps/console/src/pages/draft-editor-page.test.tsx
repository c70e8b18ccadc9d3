import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportWarning, PlanView, TaskView } from '@khflow/contracts';
import { setLang } from '../i18n';
import { fakeApi, signIn } from '../test-support';
import { DraftEditorPage } from './draft-editor-page';
import { addTask, draftBody, draftWarnings, editableTasks, linesOf, mergeWithNext, splitTask, warningsByTask, withDue, withFrequency } from './draft-editor.util';

const UNITS = [
  { id: 'hp-sgddt', name: 'Sở Giáo dục và Đào tạo', shortName: null, kind: 'department', parentId: null, reportsToId: null, aliases: [], validFrom: null, validTo: null, successorId: null },
  { id: 'hp-snv', name: 'Sở Nội vụ', shortName: null, kind: 'department', parentId: null, reportsToId: null, aliases: [], validFrom: null, validTo: null, successorId: null },
];
const unitRoutes = [
  ...UNITS.map((u) => ({ path: `/units/${u.id}`, body: u })),
  { path: /^\/units\?q=s%E1%BB%9F%20n/i, body: { items: [UNITS[1]], total: 1, limit: 8, offset: 0 } },
  { path: /^\/units\?/, body: { items: UNITS, total: UNITS.length, limit: 8, offset: 0 } },
];

const task = (over: Partial<TaskView>): TaskView => ({
  id: 't1',
  position: 0,
  ref: '1',
  title: 'Tuyên truyền kế hoạch',
  content: 'Tuyên truyền trên cổng thông tin\nTổ chức hội nghị phổ biến',
  lead: [{ text: 'Sở Giáo dục và Đào tạo', unitId: 'hp-sgddt' }],
  coordinators: [],
  timeframe: { text: 'trước ngày 30/4/2025', kind: 'once', due: '2025-04-30' },
  reviewerUnitId: null,
  consolidate: false,
  stepDays: 5,
  reminderOffsetsDays: null,
  lines: [11, 13],
  status: 'active',
  ...over,
});
const WARNINGS: ImportWarning[] = [
  { code: 'unit_unknown', message: 'không tìm thấy đơn vị "Ban chỉ đạo" trong danh bạ', messageEn: 'unit not found in the directory: "Ban chỉ đạo"', lines: [15, 15] },
  { code: 'ocr', message: 'văn bản được đọc bằng nhận dạng chữ (OCR)', messageEn: 'the text was read by OCR', lines: null },
];
const draft = (over: Partial<PlanView> = {}): PlanView => ({
  id: 'p1',
  number: '12/KH-UBND',
  title: 'Triển khai chuyển đổi số',
  issuerUnitId: 'hp-ubnd',
  issuerName: 'UBND thành phố',
  issuedAt: '2025-03-10',
  due: null,
  status: 'draft',
  parentPlanId: null,
  launchedAt: null,
  closedAt: null,
  version: 1,
  taskCount: 3,
  place: 'Hải Phòng',
  description: null,
  basis: [],
  horizon: null,
  tasks: [
    task({}),
    task({ id: 't2', position: 1, ref: '2', title: 'Rà soát hạ tầng', content: null, lead: [{ text: 'Ban chỉ đạo', unitId: null }], timeframe: { text: 'Quý II/2025', kind: 'once', due: '2025-06-30' }, lines: [14, 16] }),
    task({ id: 't3', position: 2, ref: '3', title: 'Báo cáo kết quả', content: null, timeframe: { kind: 'unspecified' }, lines: [17, 18] }),
  ],
  source: {
    text: Array.from({ length: 20 }, (_, i) => `dòng văn bản ${i + 1}`).join('\n'),
    fileName: 'kh.txt',
    warnings: ['dòng 15: không tìm thấy đơn vị "Ban chỉ đạo" trong danh bạ', 'văn bản được đọc bằng nhận dạng chữ (OCR)'],
    draft: { warningDetails: WARNINGS } as never,
    corrections: [],
  },
  workflowId: null,
  temporalUrl: null,
  ...over,
});

afterEach(() => setLang('vi'));
/** A bound against hangs on a loaded machine, not a timing. */
const BOUND = { timeout: 20_000 };

describe('draft editor rules', () => {
  const tasks = () => editableTasks(draft());

  it('splits a task at its content: the new task after it takes the rest, with the same units and dates', () => {
    const split = splitTask(tasks(), 't1');
    expect(split.map((t) => [t.id ?? null, t.ref, t.title, t.content])).toEqual([
      ['t1', '1', 'Tuyên truyền kế hoạch', 'Tuyên truyền trên cổng thông tin'],
      [null, '1a', 'Tổ chức hội nghị phổ biến', null],
      ['t2', '2', 'Rà soát hạ tầng', null],
      ['t3', '3', 'Báo cáo kết quả', null],
    ]);
    expect(split[1].lead).toEqual(split[0].lead);
    expect(split[1].timeframe.due).toBe('2025-04-30');
  });

  it('merges a task with the next: one task with both texts, both units and both source line ranges', () => {
    const merged = mergeWithNext(tasks(), 't1');
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ id: 't1', title: 'Tuyên truyền kế hoạch', lines: [11, 16] });
    expect(merged[0].content).toBe('Tuyên truyền trên cổng thông tin\nTổ chức hội nghị phổ biến\nRà soát hạ tầng');
    expect(merged[0].lead.map((x) => x.unitId ?? x.text)).toEqual(['hp-sgddt', 'Ban chỉ đạo']);
    expect(mergeWithNext(tasks(), 't3')).toHaveLength(3); // the last task has nothing to merge with
  });

  it('adds a blank task after a given one, with a reference no task has', () => {
    const { tasks: added, key } = addTask(tasks(), 't2');
    expect(added.map((t) => t.ref)).toEqual(['1', '2', '2a', '3']);
    expect(added[2]).toMatchObject({ key, title: '', lead: [], timeframe: { kind: 'unspecified' } });
  });

  it('turns a due date into a once task and a frequency into a recurring one with a due rule', () => {
    expect(withDue({ kind: 'unspecified' }, '2025-12-15')).toEqual({ kind: 'once', due: '2025-12-15', recurrence: null });
    const quarterly = withFrequency({ kind: 'once', due: '2025-12-15' }, 'quarterly');
    expect(quarterly).toEqual({ kind: 'recurring', due: null, recurrence: { freq: 'quarterly', due: { monthOffset: 1, day: 5 } } });
    expect(withFrequency(quarterly, '')).toMatchObject({ kind: 'unspecified', recurrence: null });
  });

  it('sends the tasks as edited: ids kept, new tasks without one, empty values left out', () => {
    const body = draftBody(draft(), splitTask(tasks(), 't1')) as { tasks: Record<string, unknown>[] };
    expect(body.tasks.map((t) => t.id ?? null)).toEqual(['t1', null, 't2', 't3']);
    expect(body.tasks[1]).toEqual({ ref: '1a', title: 'Tổ chức hội nghị phổ biến', lead: [{ text: 'Sở Giáo dục và Đào tạo', unitId: 'hp-sgddt' }], coordinators: [], timeframe: { text: 'trước ngày 30/4/2025', kind: 'once', due: '2025-04-30' }, consolidate: false, lines: [11, 13] });
  });

  it('ties each warning to the task whose lines it names, in the reader’s language', () => {
    const w = draftWarnings(draft(), 'en');
    expect(w.map((x) => x.text)).toEqual(['line 15: unit not found in the directory: "Ban chỉ đạo"', 'the text was read by OCR']);
    const { byTask, general } = warningsByTask(tasks(), w);
    expect(byTask.get('t2')?.map((x) => x.code)).toEqual(['unit_unknown']);
    expect(general.map((x) => x.code)).toEqual(['ocr']);
    expect(linesOf('dòng 12–14: x')).toEqual([12, 14]);
    expect(linesOf('lines 3-4: x')).toEqual([3, 4]);
    expect(linesOf('no lines')).toBeNull();
  });
});

describe('draft editor page', () => {
  it('shows each warning beside its task and its source line, in Vietnamese or English', async () => {
    signIn({ roles: ['plan_owner'], unitId: 'hp-ubnd' });
    fakeApi([{ path: '/plans/p1', body: draft() }, ...unitRoutes]);
    const { unmount } = render(<DraftEditorPage id="p1" />);
    const beside = await screen.findByRole('list', { name: 'Cần xem lại 2' }, BOUND);
    expect(within(beside).getByText(/^dòng 15: không tìm thấy đơn vị "Ban chỉ đạo"/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Cần xem lại 1' })).toBeNull();
    expect(screen.getByRole('region', { name: /Cần xem lại \(toàn văn bản\)/ }).textContent).toMatch(/OCR/);
    const line15 = within(screen.getByRole('list', { name: 'Văn bản gốc' })).getAllByRole('listitem')[14];
    expect(line15.className).toContain('warned');
    expect(within(line15).getByRole('note').textContent).toMatch(/Ban chỉ đạo/);
    unmount();
    setLang('en');
    render(<DraftEditorPage id="p1" />);
    expect(within(await screen.findByRole('list', { name: 'To review 2' }, BOUND)).getByText(/^line 15: unit not found in the directory/)).toBeTruthy();
  });

  it('corrects units by name, recurrence, deletes and splits tasks, and saves the draft with one PUT', async () => {
    signIn({ roles: ['plan_owner'], unitId: 'hp-ubnd' });
    const { calls } = fakeApi([{ path: '/plans/p1', body: draft() }, { method: 'PUT', path: '/plans/p1', body: draft() }, ...unitRoutes]);
    render(<DraftEditorPage id="p1" />);
    await screen.findByRole('list', { name: 'Cần xem lại 2' }, BOUND);
    expect((screen.getByRole('button', { name: 'Lưu dự thảo' }) as HTMLButtonElement).disabled).toBe(true);
    // Task 2's lead was only text: a unit picked by name replaces it; a coordinating unit is added to task 1.
    fireEvent.change(screen.getByLabelText('Gõ tên đơn vị (Chủ trì 2)'), { target: { value: 'sở n' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Thêm: Sở Nội vụ' }, BOUND));
    fireEvent.change(screen.getByLabelText('Gõ tên đơn vị (Phối hợp 1)'), { target: { value: 'sở n' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Thêm: Sở Nội vụ' }, BOUND));
    // Task 3 becomes a quarterly report due the 10th of the next quarter's first month.
    fireEvent.change(screen.getByLabelText('Lặp lại 3'), { target: { value: 'quarterly' } });
    fireEvent.change(screen.getByLabelText('Ngày đến hạn 3'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tách 1' }));
    fireEvent.change(screen.getByLabelText('Tên nhiệm vụ 1a'), { target: { value: 'Tổ chức hội nghị phổ biến kế hoạch' } });
    fireEvent.change(screen.getByLabelText('Hạn hoàn thành 1a (dd/mm/yyyy)'), { target: { value: '15/05/2025' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm nhiệm vụ' }));
    fireEvent.change(screen.getByLabelText('Tên nhiệm vụ 3a'), { target: { value: 'Tổng kết' } });
    fireEvent.click(screen.getByRole('button', { name: 'Xóa 3a' }));
    // The plan's own header fields too.
    fireEvent.change(screen.getByLabelText('Tên kế hoạch'), { target: { value: 'Triển khai chuyển đổi số năm 2025' } });
    fireEvent.change(screen.getByLabelText('Số'), { target: { value: '12/KH-UBND-TP' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu dự thảo' }));
    await screen.findByRole('status', {}, BOUND);
    const put = calls.find((c) => c.method === 'PUT')!.body as { title: string; number: string; place: string; tasks: { id?: string; ref: string; title: string; lead: unknown; coordinators: unknown; timeframe: unknown }[] };
    expect(put).toMatchObject({ title: 'Triển khai chuyển đổi số năm 2025', number: '12/KH-UBND-TP', place: 'Hải Phòng', issuedAt: '2025-03-10' });
    expect(put.tasks.map((t) => [t.id ?? null, t.ref, t.title])).toEqual([
      ['t1', '1', 'Tuyên truyền kế hoạch'],
      [null, '1a', 'Tổ chức hội nghị phổ biến kế hoạch'],
      ['t2', '2', 'Rà soát hạ tầng'],
      ['t3', '3', 'Báo cáo kết quả'],
    ]);
    expect(put.tasks[0].coordinators).toEqual([{ text: 'Sở Nội vụ', unitId: 'hp-snv' }]);
    expect(put.tasks[1].timeframe).toMatchObject({ kind: 'once', due: '2025-05-15' });
    expect(put.tasks[2].lead).toEqual([{ text: 'Sở Nội vụ', unitId: 'hp-snv' }]);
    expect(put.tasks[3].timeframe).toEqual({ kind: 'recurring', recurrence: { freq: 'quarterly', due: { monthOffset: 1, day: 10 } } });
  });

  it('does not send a task without a title, and marks the field the API refuses', async () => {
    signIn({ roles: ['plan_owner'], unitId: 'hp-ubnd' });
    const { calls } = fakeApi([
      { path: '/plans/p1', body: draft() },
      { method: 'PUT', path: '/plans/p1', status: 422, body: { title: 'Unknown units', status: 422, errors: [{ field: 'tasks[1].coordinators[0].unitId', message: 'unit x does not exist' }] } },
      ...unitRoutes,
    ]);
    render(<DraftEditorPage id="p1" />);
    const title = (await screen.findByLabelText('Tên nhiệm vụ 2', {}, BOUND)) as HTMLTextAreaElement;
    fireEvent.change(title, { target: { value: '  ' } });
    expect(screen.getByText('Tên nhiệm vụ không được để trống')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Lưu dự thảo' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(title, { target: { value: 'Rà soát hạ tầng số' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu dự thảo' }));
    await screen.findByText(/Nhiệm vụ 2 › Đơn vị phối hợp 1/, {}, BOUND);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    await waitFor(() => expect(screen.getByRole('group', { name: 'Phối hợp 2' }).getAttribute('aria-invalid')).toBe('true'), BOUND);
  });

  it('imports the draft again from a corrected document and lists what became of each correction', async () => {
    signIn({ roles: ['plan_owner'], unitId: 'hp-ubnd' });
    const outcome = (status: string, message: string) => ({ correction: { kind: 'field', task: { ref: '1', title: 'x' }, field: 'lead' }, status, message, messageEn: message, lines: null });
    const { calls } = fakeApi([
      { path: '/plans/p1', body: draft() },
      { method: 'POST', path: '/plans/p1/reimport', body: { planId: 'p1', draft: {}, warnings: [], corrections: [outcome('applied', 'đã áp dụng lại sửa đổi (đơn vị chủ trì)'), outcome('task_gone', 'văn bản mới không còn nhiệm vụ "Tập huấn"')] } },
      ...unitRoutes,
    ]);
    render(<DraftEditorPage id="p1" />);
    const form = await screen.findByRole('form', { name: 'Nhập lại từ văn bản đã sửa' }, BOUND);
    const file = new File(['KẾ HOẠCH'], 'kh-v2.txt', { type: 'text/plain' });
    fireEvent.change(within(form).getByLabelText(/Nhập lại từ văn bản đã sửa/), { target: { files: [file] } });
    fireEvent.submit(form);
    const result = await screen.findByRole('region', { name: 'Kết quả nhập lại' }, BOUND);
    expect(result.textContent).toMatch(/Đã áp dụng lại: đã áp dụng lại sửa đổi/);
    expect(result.textContent).toMatch(/Không còn áp dụng: văn bản mới không còn nhiệm vụ "Tập huấn"/);
    const post = calls.find((c) => c.method === 'POST')!;
    expect((post.body as FormData).get('file')).toBeInstanceOf(File);
  });
});

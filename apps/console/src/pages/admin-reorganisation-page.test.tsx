import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLang } from '../i18n';
import { fakeApi, type Route, signIn } from '../test-support';
import { AdminReorganisationPage } from './admin-reorganisation-page';

// Hải Phòng's district of Lê Chân: two schools' wards merge, and the district office splits into two wards.
const UNITS = [
  { id: 'hp-xa-a', name: 'UBND phường An Biên' },
  { id: 'hp-xa-b', name: 'UBND phường Hàng Kênh' },
  { id: 'hp-xa-lechan-1', name: 'UBND phường Lê Chân' },
  { id: 'hp-xa-lechan-2', name: 'UBND phường An Dương' },
  { id: 'hp-thcs-lechan-1', name: 'Trường THCS Lê Chân 1' },
  { id: 'hp-thcs-lechan-2', name: 'Trường THCS Lê Chân 2' },
  { id: 'hp-th-lechan-2', name: 'Trường Tiểu học Lê Chân 2' },
].map((u) => ({ ...u, kind: 'commune', shortName: null, parentId: null, reportsToId: null, aliases: [], validFrom: null, validTo: null, successorId: null }));

// The answer of a dry run that splits the district office into two wards: its consolidation is split.
const PREVIEW = {
  id: null,
  status: 'preview',
  goners: [
    { unitId: 'hp-xa-a', successorIds: ['hp-xa-b'] },
    { unitId: 'hp-pgd-lechan', successorIds: ['hp-xa-lechan-1', 'hp-xa-lechan-2'] },
  ],
  openAssignments: [{ unitId: 'hp-pgd-lechan', asAssignee: 1, asReviewer: 3, asExpectedReporter: 1 }],
  moves: {
    total: 2,
    items: [
      { assignmentId: 'a1', action: 'reassign', fromUnitId: 'hp-pgd-lechan', toUnitId: 'hp-xa-lechan-1', shares: [{ unitId: 'hp-xa-lechan-2', expected: ['hp-thcs-lechan-2', 'hp-th-lechan-2'] }] },
      { assignmentId: 'a2', action: 'merge_into', fromUnitId: 'hp-pgd-lechan', toUnitId: 'hp-xa-lechan-1' },
    ],
  },
  chains: { total: 0, items: [] },
  usersToRehome: { total: 1, items: [{ username: 'officer.hp-xa-a', fromUnitId: 'hp-xa-a', toUnitId: 'hp-xa-b' }] },
};

const EXPECTED_OPERATIONS = [
  { type: 'merge', unitIds: ['hp-xa-a'], into: 'hp-xa-b' },
  {
    type: 'split',
    unitId: 'hp-pgd-lechan',
    parts: [
      { into: 'hp-xa-lechan-1', childIds: ['hp-thcs-lechan-1'] },
      { into: 'hp-xa-lechan-2', childIds: ['hp-thcs-lechan-2', 'hp-th-lechan-2'] },
    ],
  },
];

function api(post: Omit<Route, 'path' | 'method'>) {
  return fakeApi([
    { path: '/units/kinds', body: { items: [{ kind: 'commune', vi: 'UBND cấp xã', en: 'Commune' }] } },
    { path: /^\/units\?q=/, body: { items: UNITS, total: UNITS.length, limit: 20, offset: 0 } },
    { path: /^\/units\/[\w.-]+$/, body: UNITS[0] },
    { method: 'POST', path: '/reorganisations', ...post },
  ]);
}

/** Picks a unit by name in a multi-pick: type part of it, press "Thêm" beside it. */
async function pick(scope: HTMLElement, picker: string, unitName: string) {
  fireEvent.change(within(scope).getByLabelText(`Gõ tên đơn vị (${picker})`), { target: { value: unitName.slice(0, 8) } });
  const found = await within(scope).findByRole('list', { name: `${picker}: Đơn vị tìm thấy` });
  fireEvent.click(within(found).getByRole('button', { name: `Thêm: ${unitName}` }));
}

const row = (n: number, word = 'Thao tác') => screen.getByRole('group', { name: `${word} ${n}` });

/** The form of EXPECTED_OPERATIONS: the merge in the first row, a split added as the second. */
async function fillForm() {
  fireEvent.change(screen.getByLabelText(/^Ngày hiệu lực/), { target: { value: '01072025' } });
  fireEvent.change(screen.getByLabelText('Lý do'), { target: { value: 'Sắp xếp đơn vị hành chính cấp xã' } });
  // Row 1: a merge (the default type of a new row).
  expect((within(row(1)).getByLabelText('Loại thao tác (thao tác 1)') as HTMLSelectElement).value).toBe('merge');
  await pick(row(1), 'Các đơn vị sáp nhập (thao tác 1)', 'UBND phường An Biên');
  fireEvent.change(within(row(1)).getByLabelText('Sáp nhập vào đơn vị (thao tác 1)'), { target: { value: 'hp-xa-b' } });
  // Row 2: a split, each part with the unit it goes to and the subordinate units it takes.
  fireEvent.click(screen.getByRole('button', { name: 'Thêm thao tác' }));
  fireEvent.change(within(row(2)).getByLabelText('Loại thao tác (thao tác 2)'), { target: { value: 'split' } });
  fireEvent.change(within(row(2)).getByLabelText('Đơn vị chia tách (thao tác 2)'), { target: { value: 'hp-pgd-lechan' } });
  fireEvent.change(within(row(2)).getByLabelText('Đơn vị nhận phần 1 (thao tác 2)'), { target: { value: 'hp-xa-lechan-1' } });
  await pick(row(2), 'Các đơn vị trực thuộc chuyển sang phần 1 (thao tác 2)', 'Trường THCS Lê Chân 1');
  fireEvent.change(within(row(2)).getByLabelText('Đơn vị nhận phần 2 (thao tác 2)'), { target: { value: 'hp-xa-lechan-2' } });
  await pick(row(2), 'Các đơn vị trực thuộc chuyển sang phần 2 (thao tác 2)', 'Trường THCS Lê Chân 2');
  await pick(row(2), 'Các đơn vị trực thuộc chuyển sang phần 2 (thao tác 2)', 'Trường Tiểu học Lê Chân 2');
}

const posts = (calls: { method: string; path: string; body: unknown }[]) => calls.filter((c) => c.method === 'POST' && c.path === '/reorganisations').map((c) => c.body);

describe('reorganisation form', () => {
  it('sends a merge and a split written on the form, previews the split consolidation, and applies only the operations previewed', async () => {
    setLang('vi');
    signIn({ roles: ['admin'] });
    const first = api({ body: PREVIEW });
    render(<AdminReorganisationPage />);
    const apply = screen.getByRole('button', { name: 'Áp dụng' }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    await fillForm();
    // A chosen unit is shown by its name and can be taken out again.
    expect(within(row(2)).getByRole('list', { name: 'Các đơn vị trực thuộc chuyển sang phần 2 (thao tác 2): Đơn vị đã chọn' }).textContent).toContain('Trường Tiểu học Lê Chân 2');
    expect(apply.disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    const shares = await screen.findByTestId('split-shares');
    expect(posts(first.calls)).toEqual([{ effectiveFrom: '2025-07-01', reason: 'Sắp xếp đơn vị hành chính cấp xã', dryRun: true, operations: EXPECTED_OPERATIONS }]);
    expect(within(shares).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['tách cho hp-xa-lechan-2: tổng hợp 2 đơn vị (hp-thcs-lechan-2, hp-th-lechan-2)']);
    expect(screen.getAllByTestId('split-shares')).toHaveLength(1); // the merged move has no shares
    expect(screen.getByRole('heading', { name: 'Công việc chuyển (2)' })).toBeTruthy();
    expect(screen.getByText('officer.hp-xa-a: hp-xa-a → hp-xa-b')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Xem trước: chưa có gì thay đổi.');
    expect(apply.disabled).toBe(false);

    // Editing the form after the preview: Apply waits for a new preview.
    fireEvent.click(within(row(2)).getByRole('button', { name: 'Bỏ Trường Tiểu học Lê Chân 2 (Các đơn vị trực thuộc chuyển sang phần 2 (thao tác 2))' }));
    expect(apply.disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Các thao tác đã thay đổi sau lần xem trước: hãy xem trước lại.');
    expect(screen.queryByTestId('split-shares')).toBeNull(); // the old preview is not shown as if it still held
    await pick(row(2), 'Các đơn vị trực thuộc chuyển sang phần 2 (thao tác 2)', 'Trường Tiểu học Lê Chân 2');
    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    await waitFor(() => expect(apply.disabled).toBe(false));

    const second = api({ status: 201, body: { ...PREVIEW, id: 'r-1', status: 'scheduled' } });
    fireEvent.click(apply);
    await screen.findByText('r-1');
    expect(screen.getByRole('status').textContent).toBe('Đã lên lịch; công việc sẽ được chuyển vào ngày hiệu lực. Mã: r-1');
    expect(posts(second.calls)).toEqual([{ effectiveFrom: '2025-07-01', reason: 'Sắp xếp đơn vị hành chính cấp xã', dryRun: false, operations: EXPECTED_OPERATIONS }]);
    expect(apply.disabled).toBe(true); // applied: nothing more to apply
  });

  it('shows each field error of a refusal beside the control of its row, and the others at the top', async () => {
    setLang('vi');
    signIn({ roles: ['admin'] });
    api({
      status: 422,
      body: {
        title: 'The reorganisation cannot be applied',
        status: 422,
        detail: 'operations[1].parts[1].into: unit "hp-xa-lechan-2" is not in effect on 2025-07-01; operations.0.into: a unit cannot merge into itself; operations: the reporting tree would have a cycle a → b → a',
        errors: [
          { field: 'operations[1].parts[1].into', message: 'unit "hp-xa-lechan-2" is not in effect on 2025-07-01' },
          { field: 'operations.0.into', message: 'a unit cannot merge into itself' },
          { field: 'operations', message: 'the reporting tree would have a cycle a → b → a' },
        ],
      },
    });
    render(<AdminReorganisationPage />);
    await fillForm();
    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    const alert = await screen.findByRole('alert');

    // Beside the second part's successor of row 2, translated, and that control is marked and described by it.
    const partInto = within(row(2)).getByLabelText('Đơn vị nhận phần 2 (thao tác 2)');
    const beside = row(2).querySelector('[data-field-error="operations[1].parts[1].into"]')!;
    expect(beside.textContent).toBe('đơn vị "hp-xa-lechan-2" không còn hiệu lực vào ngày 01/07/2025');
    expect(partInto.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(partInto.getAttribute('aria-describedby')!)!.contains(beside)).toBe(true);
    expect(within(row(2)).getByLabelText('Đơn vị nhận phần 1 (thao tác 2)').getAttribute('aria-invalid')).toBeNull();
    // The other path form (operations.0.into) lands beside row 1's target.
    const into = within(row(1)).getByLabelText('Sáp nhập vào đơn vị (thao tác 1)');
    expect(row(1).querySelector('[data-field-error="operations.0.into"]')!.textContent).toBe('không thể sáp nhập một đơn vị vào chính nó');
    expect(into.getAttribute('aria-invalid')).toBe('true');
    expect(row(2).querySelector('[data-field-error="operations.0.into"]')).toBeNull();
    // An error of the whole list has no control: it stays at the top, with the summary.
    expect(within(alert).getByText('Không thể thực hiện với dữ liệu này')).toBeTruthy();
    expect(alert.querySelector('[data-field-error="operations"]')!.textContent).toBe('Thao tác: tuyến báo cáo sẽ có vòng lặp a → b → a');
    expect(alert.querySelector('[data-field-error^="operations["], [data-field-error^="operations."]')).toBeNull(); // not repeated at the top
    expect((screen.getByRole('button', { name: 'Áp dụng' }) as HTMLButtonElement).disabled).toBe(true);

    // A row removed above keeps the error beside its own control (errors follow rows, not positions).
    fireEvent.click(within(row(1)).getByRole('button', { name: 'Bỏ thao tác 1' }));
    expect(row(1).querySelector('[data-field-error="operations[1].parts[1].into"]')).not.toBeNull();
    expect(screen.queryAllByText('không thể sáp nhập một đơn vị vào chính nó')).toHaveLength(0);
  });

  it('picks a unit by its id with Enter in a multi-pick, without sending the form', async () => {
    setLang('vi');
    signIn({ roles: ['admin'] });
    const { calls } = api({ body: PREVIEW });
    render(<AdminReorganisationPage />);
    const picker = 'Các đơn vị sáp nhập (thao tác 1)';
    const search = within(row(1)).getByLabelText(`Gõ tên đơn vị (${picker})`);
    fireEvent.change(search, { target: { value: 'hp-xa-b' } });
    await within(row(1)).findByRole('list', { name: `${picker}: Đơn vị tìm thấy` });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(within(row(1)).getByRole('list', { name: `${picker}: Đơn vị đã chọn` }).textContent).toContain('UBND phường Hàng Kênh');
    expect((search as HTMLInputElement).value).toBe('');
    expect(posts(calls)).toEqual([]);
  });

  it('speaks English when asked', () => {
    setLang('en');
    signIn({ roles: ['admin'] });
    api({ body: PREVIEW });
    render(<AdminReorganisationPage />);
    expect(screen.getByRole('heading', { name: 'Reorganisation' })).toBeTruthy();
    expect(within(row(1, 'Operation')).getByLabelText('Merge into (operation 1)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add an operation' })).toBeTruthy();
  });

  it('names a consolidation absorbed into the one its successor already has', async () => {
    setLang('vi');
    signIn({ roles: ['admin'] });
    const merge = { ...PREVIEW, moves: { total: 1, items: [{ assignmentId: 'a3', action: 'absorb', fromUnitId: 'hp-pgd-ngoquyen', toUnitId: 'hp-pgd-moi' }] } };
    fakeApi([{ method: 'POST', path: '/reorganisations', body: merge }]);
    render(<AdminReorganisationPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    expect(await screen.findByText(/hợp nhất tổng hợp hp-pgd-ngoquyen → hp-pgd-moi/)).toBeTruthy();
  });
});

import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, signIn } from '../test-support';
import { DataTable } from './data-table';
import { DateInput } from './date-input';
import { UnitsPicker } from './unit-picker';

const rows = Array.from({ length: 25 }, (_, i) => ({ id: `r${i}`, name: `Trường ${String.fromCharCode(65 + (i % 26))}`, n: (i * 7) % 10 }));

describe('DataTable', () => {
  const table = () =>
    render(
      <DataTable
        caption="Danh sách"
        rows={rows}
        rowKey={(r) => r.id}
        pageSize={10}
        columns={[
          { key: 'name', label: 'Tên', sort: (r) => r.name, render: (r) => r.name },
          { key: 'n', label: 'Số', sort: (r) => r.n, render: (r) => String(r.n) },
        ]}
      />,
    );
  const firstCells = () => screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0].textContent);

  it('pages the rows and moves between pages', () => {
    table();
    expect(screen.getAllByRole('row')).toHaveLength(11);
    expect(screen.getByText('1–10 / 25 mục')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Trang sau/ }));
    expect(screen.getByText('11–20 / 25 mục')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Trang sau/ }));
    expect(screen.getAllByRole('row')).toHaveLength(6);
    expect((screen.getByRole('button', { name: /Trang sau/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sorts by a column, then the other way, and says so to assistive technology', () => {
    table();
    const header = screen.getByRole('columnheader', { name: /Số/ });
    fireEvent.click(within(header).getByRole('button'));
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    const asc = screen.getAllByRole('row').slice(1).map((r) => Number(within(r).getAllByRole('cell')[1].textContent));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(asc[0]).toBe(0);
    fireEvent.click(within(header).getByRole('button'));
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(Number(within(screen.getAllByRole('row')[1]).getAllByRole('cell')[1].textContent)).toBe(9);
    fireEvent.click(within(screen.getByRole('columnheader', { name: /Tên/ })).getByRole('button'));
    expect(firstCells()[0]).toBe('Trường A');
  });

  it('says when there is nothing to show', () => {
    render(<DataTable caption="Trống" rows={[] as { id: string }[]} rowKey={(r) => r.id} columns={[{ key: 'id', label: 'Mã', render: (r) => r.id }]} />);
    expect(screen.getByRole('cell').textContent).toBe('Không có');
  });
});

describe('DateInput', () => {
  function form() {
    let sent: FormData | null = null;
    render(
      <form
        aria-label="f"
        onSubmit={(e) => {
          e.preventDefault();
          sent = new FormData(e.currentTarget);
        }}
      >
        <DateInput label="Hạn mới đề nghị" name="requestedDue" required />
        <button type="submit">Gửi</button>
      </form>,
    );
    return { sent: () => sent as FormData | null, input: screen.getByLabelText(/Hạn mới đề nghị/) as HTMLInputElement };
  }

  it('puts the slashes in as digits are typed and gives the form YYYY-MM-DD', () => {
    const { input, sent } = form();
    fireEvent.change(input, { target: { value: '07122026' } });
    expect(input.value).toBe('07/12/2026');
    expect(input.validity.valid).toBe(true);
    fireEvent.submit(screen.getByRole('form'));
    expect(sent()!.get('requestedDue')).toBe('2026-12-07');
  });

  it('refuses a date that does not exist, says how to type it, and blocks the form', () => {
    const { input } = form();
    fireEvent.change(input, { target: { value: '31/02/2026' } });
    fireEvent.blur(input);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.validity.valid).toBe(false);
    expect(screen.getByText('Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy')).toBeTruthy();
    fireEvent.change(input, { target: { value: '28/02/2026' } });
    expect(input.validity.valid).toBe(true);
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  it('is emptied when its form is reset', () => {
    const { input } = form();
    fireEvent.change(input, { target: { value: '07/12/2026' } });
    fireEvent.reset(screen.getByRole('form'));
    expect(input.value).toBe('');
  });
});

describe('UnitsPicker', () => {
  it('chooses units by name, gives the form their ids, and blocks the form while none is chosen', async () => {
    signIn();
    const units = [
      { id: 'hp-stc', name: 'Sở Tài chính', kind: 'department' },
      { id: 'hp-snv', name: 'Sở Nội vụ', kind: 'department' },
    ];
    fakeApi([{ path: /^\/units\?q=/, body: { items: units, total: 2, limit: 8, offset: 0 } }]);
    render(
      <form aria-label="f">
        <UnitsPicker label="Thêm đơn vị thực hiện" name="unitIds" required />
      </form>,
    );
    const search = screen.getByLabelText('Gõ tên đơn vị') as HTMLInputElement;
    expect(search.validity.valid).toBe(false);
    fireEvent.change(search, { target: { value: 'Sở' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Thêm: Sở Nội vụ' }));
    fireEvent.change(search, { target: { value: 'Sở' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Thêm: Sở Tài chính' }));
    expect(screen.queryByRole('button', { name: 'Thêm: Sở Nội vụ' })).toBeNull(); // chosen units are not offered again
    expect(search.validity.valid).toBe(true);
    expect(new FormData(screen.getByRole('form') as HTMLFormElement).get('unitIds')).toBe('hp-snv,hp-stc');
    fireEvent.click(screen.getByRole('button', { name: 'Bỏ Sở Nội vụ' }));
    expect(new FormData(screen.getByRole('form') as HTMLFormElement).get('unitIds')).toBe('hp-stc');
  });
});

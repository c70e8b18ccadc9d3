import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DelegationView } from '@khflow/contracts';
import { acting, api, session } from '../api';
import { ActingBanner, ActingForSelect } from '../components/acting-for';
import { setLang } from '../i18n';
import { fakeApi, type Route, signIn } from '../test-support';
import { DelegationsPage } from './delegations-page';

const TODAY = '2026-12-03';
const ME = { id: 'u-officer.hp-pgd-lechan', username: 'officer.hp-pgd-lechan', displayName: 'Chuyên viên Phòng GDĐT Lê Chân', unitId: 'hp-pgd-lechan', unitName: 'Phòng GDĐT quận Lê Chân', roles: ['officer' as const] };
const CHIEF = { delegatorUserId: 'u-supervisor.hp-pgd-lechan', delegatorUsername: 'supervisor.hp-pgd-lechan', delegatorName: 'Lãnh đạo Phòng GDĐT Lê Chân' };
const delegation = (over: Partial<DelegationView>): DelegationView => ({
  id: 'd1',
  ...CHIEF,
  deputyUserId: ME.id,
  deputyUsername: ME.username,
  deputyName: ME.displayName,
  validFrom: '2026-12-01',
  validTo: '2026-12-14',
  reason: 'Đi công tác',
  createdBy: CHIEF.delegatorUserId,
  revokedAt: null,
  ...over,
});
// Received: one in effect (the chief's), one over. Given: one in effect, one not yet started, one revoked.
const RECEIVED = [delegation({}), delegation({ id: 'd2', delegatorUserId: 'u-x', delegatorUsername: 'x', delegatorName: 'Người Đã Về', validFrom: '2026-11-01', validTo: '2026-11-20' })];
const mine = { delegatorUserId: ME.id, delegatorUsername: ME.username, delegatorName: ME.displayName, deputyUserId: 'u-officer.hp-thcs-lechan-1', deputyUsername: 'officer.hp-thcs-lechan-1', deputyName: 'Chuyên viên THCS Lê Chân 1', createdBy: ME.id };
const GIVEN = [
  delegation({ id: 'g1', ...mine, validFrom: '2026-12-02', validTo: '2026-12-05', reason: 'Nghỉ phép' }),
  delegation({ id: 'g2', ...mine, validFrom: '2026-12-20', validTo: '2026-12-24', reason: 'Tập huấn' }),
  delegation({ id: 'g3', ...mine, validFrom: '2026-11-02', validTo: '2026-11-05', reason: 'Họp', revokedAt: '2026-11-03T02:00:00.000Z' }),
];
const COLLEAGUE = { id: 'u-supervisor.hp-pgd-lechan', username: 'supervisor.hp-pgd-lechan', displayName: 'Lãnh đạo Phòng GDĐT Lê Chân', unitId: 'hp-pgd-lechan', unitName: 'Phòng GDĐT quận Lê Chân' };
const FOUND = { id: 'u-officer.hp-sgddt', username: 'officer.hp-sgddt', displayName: 'Chuyên viên Sở GDĐT', unitId: 'hp-sgddt', unitName: 'Sở Giáo dục và Đào tạo' };

function routes(items: DelegationView[] = [...RECEIVED, ...GIVEN]): Route[] {
  return [
    { path: '/delegations', body: { items } },
    { path: /^\/delegations\/candidates\?limit=10&q=s%E1%BB%9F/, body: { items: [FOUND] } },
    { path: /^\/delegations\/candidates\?limit=10$/, body: { items: [COLLEAGUE] } },
  ];
}
const rowsOf = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));

describe('delegations (ủy quyền)', () => {
  it('lists the delegations given and received with names, dd/mm/yyyy periods and where each stands', async () => {
    signIn(ME);
    fakeApi(routes());
    render(<DelegationsPage today={TODAY} />);
    await screen.findByRole('heading', { name: 'Ủy quyền', level: 1 });
    expect(rowsOf('delegations-received')).toEqual([
      ['Lãnh đạo Phòng GDĐT Lê Chân', '01/12/2026 – 14/12/2026', 'Đi công tác', 'Đang hiệu lực', 'Làm việc thay mặt'],
      ['Người Đã Về', '01/11/2026 – 20/11/2026', 'Đi công tác', 'Đã hết hạn', ''],
    ]);
    expect(rowsOf('delegations-given')).toEqual([
      ['Chuyên viên THCS Lê Chân 1', '02/12/2026 – 05/12/2026', 'Nghỉ phép', 'Đang hiệu lực', 'Thu hồi'],
      ['Chuyên viên THCS Lê Chân 1', '20/12/2026 – 24/12/2026', 'Tập huấn', 'Chưa đến ngày', 'Thu hồi'],
      ['Chuyên viên THCS Lê Chân 1', '02/11/2026 – 05/11/2026', 'Họp', 'Đã thu hồi', ''],
    ]);
    setLang('en');
    render(<DelegationsPage today={TODAY} />);
    expect((await screen.findAllByText('In effect')).length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { name: 'Delegations', level: 1 })).toBeTruthy();
  });

  it('names a deputy chosen by name for a period, and sends what the API expects', async () => {
    signIn(ME);
    const r = routes([]);
    const { calls } = fakeApi([{ method: 'POST', path: '/delegations', status: 201, body: GIVEN[0] }, ...r]);
    render(<DelegationsPage today={TODAY} />);
    const form = await screen.findByRole('form', { name: 'Ủy quyền cho người khác' });
    // Without a name typed: the people of one's unit; a name finds people anywhere in the directory.
    await within(form).findByRole('button', { name: 'Chọn: Lãnh đạo Phòng GDĐT Lê Chân — Phòng GDĐT quận Lê Chân' });
    fireEvent.change(within(form).getByLabelText('Gõ tên hoặc tên đăng nhập'), { target: { value: 'sở' } });
    fireEvent.click(await within(form).findByRole('button', { name: 'Chọn: Chuyên viên Sở GDĐT — Sở Giáo dục và Đào tạo' }));
    expect(within(form).getByTestId('chosen-deputy').textContent).toMatch(/^Đã chọn: Chuyên viên Sở GDĐT — Sở Giáo dục và Đào tạo/);
    expect((within(form).getByLabelText(/Từ ngày/) as HTMLInputElement).value).toBe('03/12/2026');
    fireEvent.change(within(form).getByLabelText(/Đến ngày/), { target: { value: '10122026' } });
    fireEvent.change(within(form).getByLabelText('Lý do'), { target: { value: 'Đi công tác Hà Nội' } });
    r[0].body = { items: [GIVEN[0]] };
    fireEvent.submit(form);
    await screen.findByText('Đã lưu');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ deputyUserId: 'u-officer.hp-sgddt', validFrom: '2026-12-03', validTo: '2026-12-10', reason: 'Đi công tác Hà Nội' });
    await waitFor(() => expect(rowsOf('delegations-given')[0][2]).toBe('Nghỉ phép')); // the list is read again
    // A fresh form for the next one: nobody chosen, from today again.
    const fresh = screen.getByRole('form', { name: 'Ủy quyền cho người khác' });
    expect(within(fresh).queryByTestId('chosen-deputy')).toBeNull();
    expect((within(fresh).getByLabelText(/Từ ngày/) as HTMLInputElement).value).toBe('03/12/2026');
    expect((within(fresh).getByLabelText('Lý do') as HTMLInputElement).value).toBe('');
  });

  it('shows a refusal beside the form, naming the field in Vietnamese, and marks it', async () => {
    signIn(ME);
    fakeApi([{ method: 'POST', path: '/delegations', status: 422, body: { title: 'Unprocessable', status: 422, detail: 'validTo: must not be before validFrom', errors: [{ field: 'validTo', message: 'must not be before validFrom' }] } }, ...routes([])]);
    render(<DelegationsPage today={TODAY} />);
    const form = await screen.findByRole('form', { name: 'Ủy quyền cho người khác' });
    fireEvent.click(await within(form).findByRole('button', { name: /^Chọn: Lãnh đạo/ }));
    fireEvent.change(within(form).getByLabelText(/Đến ngày/), { target: { value: '01/12/2026' } });
    fireEvent.change(within(form).getByLabelText('Lý do'), { target: { value: 'Nghỉ phép' } });
    fireEvent.submit(form);
    const alert = await within(form).findByRole('alert');
    expect(alert.querySelector('[data-field-error="validTo"]')?.textContent).toBe('Đến ngày: không được trước “Từ ngày”');
    expect(within(form).getByLabelText(/Đến ngày/).getAttribute('aria-invalid')).toBe('true');
  });

  it('revokes a delegation given that has not ended', async () => {
    signIn(ME);
    const r = routes();
    const { calls } = fakeApi([{ method: 'POST', path: '/delegations/g2/revoke', body: { ...GIVEN[1], revokedAt: '2026-12-03T03:00:00.000Z' } }, ...r]);
    render(<DelegationsPage today={TODAY} />);
    const buttons = await screen.findAllByRole('button', { name: 'Thu hồi ủy quyền cho Chuyên viên THCS Lê Chân 1' });
    expect(buttons).toHaveLength(2); // not the revoked one
    r[0].body = { items: [...RECEIVED, GIVEN[0], { ...GIVEN[1], revokedAt: '2026-12-03T03:00:00.000Z' }, GIVEN[2]] };
    fireEvent.click(buttons[1]);
    await waitFor(() => expect(rowsOf('delegations-given')[1][3]).toBe('Đã thu hồi'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/delegations/g2/revoke']);
  });

  it('lets a deputy act for the delegator: every request then says on whose behalf, and a banner says so', async () => {
    signIn(ME);
    const actingMe = { ...ME, displayName: `${ME.displayName} (thay mặt ${CHIEF.delegatorName})`, roles: ['supervisor'] };
    const { calls } = fakeApi([{ path: '/me', body: actingMe }, ...routes()]);
    render(
      <>
        <ActingForSelect today={TODAY} />
        <ActingBanner />
        <DelegationsPage today={TODAY} />
      </>,
    );
    // Only delegations in effect are offered, in the header's selector as on the page.
    const select = (await screen.findByLabelText('Làm việc với tư cách')) as HTMLSelectElement;
    await waitFor(() => expect(Array.from(select.options).map((o) => o.textContent)).toEqual([`Bản thân tôi (${ME.displayName})`, `Thay mặt ${CHIEF.delegatorName}`]));
    expect(screen.queryByTestId('acting-banner')).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: `Làm việc thay mặt ${CHIEF.delegatorName}` }));
    const banner = await screen.findByTestId('acting-banner');
    expect(banner.textContent).toMatch(new RegExp(`^Bạn đang làm việc thay mặt ${CHIEF.delegatorName} \\(đến hết ngày 14/12/2026\\) — mọi thao tác được ghi nhật ký là thay mặt người này\\.`));
    expect(location.hash).toBe('#/inbox');
    await waitFor(() => expect(session.me()?.roles).toEqual(['supervisor'])); // the API's view while acting
    expect(session.self()?.displayName).toBe(ME.displayName);
    expect(calls.find((c) => c.path === '/me')!.headers['x-on-behalf-of']).toBe('supervisor.hp-pgd-lechan');
    expect(select.value).toBe(CHIEF.delegatorUserId);
    await api.get('/delegations');
    expect(calls.at(-1)!.headers['x-on-behalf-of']).toBe('supervisor.hp-pgd-lechan');
    // Back to oneself: no header any more, no banner.
    fireEvent.change(select, { target: { value: '' } });
    await waitFor(() => expect(screen.queryByTestId('acting-banner')).toBeNull());
    await api.get('/delegations');
    expect(calls.at(-1)!.headers['x-on-behalf-of']).toBeUndefined();
    expect(session.me()?.roles).toEqual(['officer']);
  });

  it('stops acting for the delegator when the API refuses the delegation (ended or revoked meanwhile)', async () => {
    signIn(ME);
    acting.set({ userId: CHIEF.delegatorUserId, username: CHIEF.delegatorUsername, displayName: CHIEF.delegatorName, validTo: '2026-12-14', me: null });
    const refusal = { title: 'Forbidden', status: 403, detail: 'no delegation from supervisor.hp-pgd-lechan to you holds today', errors: [{ field: 'X-On-Behalf-Of', message: 'no delegation from supervisor.hp-pgd-lechan to you holds today' }] };
    fakeApi([{ path: '/inbox', status: 403, body: refusal }]);
    render(<ActingBanner />);
    expect(screen.getByTestId('acting-banner')).toBeTruthy();
    await expect(api.get('/inbox')).rejects.toMatchObject({ status: 403 });
    await waitFor(() => expect(screen.queryByTestId('acting-banner')).toBeNull());
    expect(acting.get()).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(new RegExp(`^Ủy quyền của ${CHIEF.delegatorName} không còn hiệu lực .*bạn đang làm việc với tư cách của chính mình\\.`));
    fireEvent.click(screen.getByRole('button', { name: 'Đã hiểu' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

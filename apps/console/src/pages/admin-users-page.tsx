// Administrators: users (create, roles, deactivate, reset password) and delegations (ủy quyền).
import { type FormEvent, useState } from 'react';
import type { Page, UserView } from '@khflow/contracts';
import { api } from '../api';
import { DateInput } from '../components/date-input';
import { UnitPicker } from '../components/unit-picker';
import { viDate } from '../i18n';
import { useUnitNames } from '../unit-names';
import { useAction, useLoad } from '../use-load';
import { tr } from './admin-directory-page';

const ROLES = ['officer', 'supervisor', 'inspector', 'plan_owner', 'admin'];
/** Roles as an office names them (the codes are the API's). */
const ROLE_NAMES: Record<string, [string, string]> = {
  officer: ['Chuyên viên', 'Officer'],
  supervisor: ['Lãnh đạo duyệt', 'Supervisor'],
  inspector: ['Thanh tra', 'Inspector'],
  plan_owner: ['Chủ trì kế hoạch', 'Plan owner'],
  admin: ['Quản trị', 'Administrator'],
};
const roleName = (r: string) => (ROLE_NAMES[r] ? tr(...ROLE_NAMES[r]) : r);

export function AdminUsersPage() {
  const [q, setQ] = useState('');
  const { data, error, reload } = useLoad(() => api.get<Page<UserView>>(`/users?limit=200${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`), [q]);
  const { message, act } = useAction(reload);
  const [secret, setSecret] = useState<string | null>(null);
  const [unitId, setUnitId] = useState('');
  const unit = useUnitNames();
  const person = (id: string) => data?.items.find((u) => u.id === id)?.displayName ?? id;
  const { data: delegations, reload: reloadDelegations } = useLoad(() => api.get<{ items: { id: string; delegatorUserId: string; deputyUserId: string; validFrom: string; validTo: string; reason: string; revokedAt: string | null }[] }>('/delegations'), []);
  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void act(async () => {
      const r = await api.post<{ temporaryPassword: string | null }>('/users', { username: f.get('username'), displayName: f.get('displayName'), unitId, roles: f.getAll('roles') });
      setSecret(r.temporaryPassword);
    });
  }
  function onDelegate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void act(async () => {
      await api.post('/delegations', { delegatorUserId: f.get('delegator'), deputyUserId: f.get('deputy'), validFrom: f.get('from'), validTo: f.get('to'), reason: f.get('reason') });
      reloadDelegations();
    });
  }
  return (
    <>
      <h1>{tr('Người dùng', 'Users')}</h1>
      <form onSubmit={onCreate} aria-label={tr('Tạo người dùng', 'Create a user')} className="import">
        <label>
          {tr('Tên đăng nhập', 'Username')} <input name="username" required />
        </label>
        <label>
          {tr('Họ tên', 'Name')} <input name="displayName" required />
        </label>
        <label>
          {tr('Đơn vị', 'Unit')} <UnitPicker label={tr('Đơn vị', 'Unit')} value={unitId} onChange={setUnitId} placeholder={tr('Gõ tên đơn vị', 'Type the unit’s name')} />
        </label>
        <fieldset className="choices">
          <legend>{tr('Vai trò', 'Roles')}</legend>
          {ROLES.map((r) => (
            <label key={r}>
              <input type="checkbox" name="roles" value={r} /> {roleName(r)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{tr('Tạo', 'Create')}</button>
      </form>
      {secret ? <p role="status">{tr('Mật khẩu tạm (chỉ hiện một lần)', 'Temporary password (shown once)')}: <code>{secret}</code></p> : null}
      {message ? <p role="status">{message}</p> : null}
      <label className="search">
        {tr('Tìm', 'Search')} <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {error ? <p role="alert" className="error">{error}</p> : null}
      <table>
        <thead>
          <tr>
            <th>{tr('Tên đăng nhập', 'Username')}</th>
            <th>{tr('Họ tên', 'Name')}</th>
            <th>{tr('Đơn vị', 'Unit')}</th>
            <th>{tr('Vai trò', 'Roles')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data?.items ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{unit(u.unitId)}</td>
              <td>{u.roles.map(roleName).join(', ')}</td>
              <td>
                <button type="button" className="link" onClick={() => void act(async () => setSecret((await api.post<{ temporaryPassword: string }>(`/users/${u.id}/password-reset`, { reason: 'đặt lại mật khẩu' })).temporaryPassword))}>
                  {tr('Đặt lại mật khẩu', 'Reset password')}
                </button>
                {u.active ? (
                  <button type="button" className="link" onClick={() => void act(() => api.post(`/users/${u.id}/deactivate`, { reason: 'ngừng sử dụng' }))}>
                    {tr('Khóa', 'Deactivate')}
                  </button>
                ) : (
                  <button type="button" className="link" onClick={() => void act(() => api.post(`/users/${u.id}/reactivate`, { reason: 'mở lại' }))}>
                    {tr('Mở khóa', 'Reactivate')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr('Ủy quyền', 'Delegations')}</h2>
      <form onSubmit={onDelegate} aria-label={tr('Ủy quyền', 'Delegate')} className="import">
        <label>
          {tr('Người ủy quyền', 'Delegator')} <input name="delegator" required />
        </label>
        <label>
          {tr('Người được ủy quyền', 'Deputy')} <input name="deputy" required />
        </label>
        <DateInput label={tr('Từ ngày', 'From')} name="from" required />
        <DateInput label={tr('Đến ngày', 'To')} name="to" required />
        <label>
          {tr('Lý do', 'Reason')} <input name="reason" required />
        </label>
        <button type="submit">{tr('Ủy quyền', 'Delegate')}</button>
      </form>
      <ul>
        {(delegations?.items ?? []).map((d) => (
          <li key={d.id}>
            {person(d.delegatorUserId)} → {person(d.deputyUserId)}: {viDate(d.validFrom)} – {viDate(d.validTo)} ({d.reason}){d.revokedAt ? ` — ${tr('đã thu hồi', 'revoked')}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

// Administrators: the directory as of a date, import (dry run first: the diff; then apply), export, and a new unit.
import { type FormEvent, useState } from 'react';
import type { Page, UnitView } from '@khflow/contracts';
import { api, ApiError, downloadFile } from '../api';
import { DateInput } from '../components/date-input';
import { currentLang, viDate } from '../i18n';
import { useAction, useLoad } from '../use-load';

export const tr = (vi: string, en: string) => (currentLang() === 'vi' ? vi : en);
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

interface ImportDiff {
  dryRun: boolean;
  units: { added: string[]; changed: string[]; unchanged: number; notInFile: number };
  users: { added: string[]; changed: string[]; unchanged: number };
}


export function AdminDirectoryPage() {
  const [asOf, setAsOf] = useState(today());
  const [q, setQ] = useState('');
  const { data, error, reload } = useLoad(() => api.get<Page<UnitView>>(`/units?asOf=${asOf}&limit=200${q.trim().length >= 2 ? `&q=${encodeURIComponent(q.trim())}` : ''}`), [asOf, q]);
  const [file, setFile] = useState<File | null>(null);
  const [diff, setDiff] = useState<ImportDiff | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  async function send(dryRun: boolean) {
    if (!file) return;
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      setDiff(await api.post<ImportDiff>(`/directory/import?dryRun=${dryRun}`, body));
      setMessage(dryRun ? tr('Xem trước: chưa có gì thay đổi.', 'Preview: nothing has changed yet.') : tr('Đã nhập danh mục.', 'Directory imported.'));
      if (!dryRun) reload();
    } catch (err) {
      setDiff(null);
      const e = err as ApiError;
      setMessage(e instanceof ApiError ? [e.message, ...(e.problem.errors ?? []).slice(0, 20).map((x) => `${x.field}: ${x.message}`)].join('\n') : String(err));
    }
  }
  const { data: kinds } = useLoad(() => api.get<{ items: { kind: string; vi: string; en: string }[] }>('/units/kinds'), []);
  const { message: created, act } = useAction(reload);
  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const opt = (k: string) => String(f.get(k) ?? '').trim() || null;
    void act(async () => {
      await api.post('/units', {
        id: String(f.get('id') ?? '').trim(),
        name: String(f.get('name') ?? '').trim(),
        kind: f.get('kind'),
        parentId: opt('parentId'),
        reportsToId: opt('reportsToId'),
        validFrom: opt('validFrom'),
        reason: String(f.get('reason') ?? '').trim() || tr('Thêm đơn vị', 'New unit'),
      });
      form.reset();
    }, form);
  }
  const onFile = (e: FormEvent<HTMLInputElement>) => {
    setFile(e.currentTarget.files?.[0] ?? null);
    setDiff(null);
  };
  return (
    <>
      <h1>{tr('Danh mục đơn vị', 'Directory')}</h1>
      <section aria-label={tr('Nhập danh mục', 'Import')} className="import">
        <label>
          {tr('Tệp đơn vị hoặc người dùng (.csv, .xlsx)', 'Units or users file (.csv, .xlsx)')}
          <input type="file" accept=".csv,.xlsx" onInput={onFile} />
        </label>
        <button type="button" disabled={!file} onClick={() => void send(true)}>
          {tr('Xem trước', 'Preview')}
        </button>
        <button type="button" disabled={!file || !diff?.dryRun} onClick={() => void send(false)}>
          {tr('Nhập', 'Import')}
        </button>
        <button type="button" className="link" onClick={() => void downloadFile('/directory/export?format=xlsx', 'directory.xlsx')}>
          {tr('Xuất XLSX', 'Export XLSX')}
        </button>
        <button type="button" className="link" onClick={() => void downloadFile('/directory/export?format=csv', 'units.csv')}>
          {tr('Xuất CSV', 'Export CSV')}
        </button>
        {message ? <pre role="status">{message}</pre> : null}
        {diff ? (
          <p>
            {tr('Đơn vị', 'Units')}: +{diff.units.added.length}, ~{diff.units.changed.length}, ={diff.units.unchanged}; {tr('Người dùng', 'Users')}: +{diff.users.added.length}, ~{diff.users.changed.length}, ={diff.users.unchanged}
          </p>
        ) : null}
      </section>
      <form onSubmit={onCreate} aria-label={tr('Thêm đơn vị', 'New unit')} className="import">
        <label>
          {tr('Mã (id)', 'Id')} <input name="id" required />
        </label>
        <label>
          {tr('Tên', 'Name')} <input name="name" required />
        </label>
        <label>
          {tr('Loại', 'Kind')}{' '}
          <select name="kind" required defaultValue="">
            <option value="" disabled>
              —
            </option>
            {(kinds?.items ?? []).map((k) => (
              <option key={k.kind} value={k.kind}>
                {currentLang() === 'vi' ? k.vi : k.en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tr('Đơn vị cấp trên (id)', 'Parent (id)')} <input name="parentId" />
        </label>
        <label>
          {tr('Báo cáo cho (id)', 'Reports to (id)')} <input name="reportsToId" />
        </label>
        <DateInput label={tr('Hiệu lực từ', 'Valid from')} name="validFrom" />
        <label>
          {tr('Lý do', 'Reason')} <input name="reason" />
        </label>
        <button type="submit">{tr('Thêm đơn vị', 'Add unit')}</button>
        {created ? <p role="status">{created}</p> : null}
      </form>
      <DateInput label={tr('Cây đơn vị tại ngày', 'Tree as of')} value={asOf} onChange={(iso) => setAsOf(iso || today())} />
      <label className="search">
        {tr('Tìm', 'Search')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {error ? <p role="alert" className="error">{error}</p> : null}
      <p>
        {data?.total ?? 0} {tr('đơn vị', 'units')}
      </p>
      <table>
        <thead>
          <tr>
            <th>Id</th>
            <th>{tr('Tên', 'Name')}</th>
            <th>{tr('Loại', 'Kind')}</th>
            <th>{tr('Báo cáo cho', 'Reports to')}</th>
            <th>{tr('Hiệu lực', 'Valid')}</th>
          </tr>
        </thead>
        <tbody>
          {(data?.items ?? []).map((u) => (
            <tr key={u.id}>
              <td>
                <code>{u.id}</code>
              </td>
              <td>{u.name}</td>
              <td>{u.kind}</td>
              <td>{u.reportsToId ?? '—'}</td>
              <td>
                {viDate(u.validFrom)} – {viDate(u.validTo)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

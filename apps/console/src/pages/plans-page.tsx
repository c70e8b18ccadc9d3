import { type FormEvent, useState } from 'react';
import type { ImportResponse, Page, PlanSummaryView, UnitView } from '@khflow/contracts';
import { api, ApiError, session } from '../api';
import { label, STATE, t, viDate } from '../i18n';
import { useLoad } from '../use-load';

export function PlansPage() {
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  // Plans (and their tasks) are searched by the API; units by the directory.
  const { data, error } = useLoad(() => api.get<Page<PlanSummaryView>>(`/plans?limit=200${needle.length >= 2 ? `&q=${encodeURIComponent(needle)}` : ''}`), [needle]);
  const [importError, setImportError] = useState<string | null>(null);
  const { data: units } = useLoad(() => (needle.length >= 2 ? api.get<Page<UnitView>>(`/units?q=${encodeURIComponent(needle)}&limit=20`) : Promise.resolve(null)), [needle]);
  const owner = session.me()?.roles.some((r) => r === 'plan_owner' || r === 'admin');
  async function onImport(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get('file');
    if (!(file instanceof File)) return;
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const r = await api.post<ImportResponse>('/plans/import', body);
      location.hash = `#/plans/${r.planId}`;
    } catch (err) {
      setImportError(err instanceof ApiError ? err.message : String(err));
    }
  }
  return (
    <>
      <h1>{t('plans')}</h1>
      {owner ? (
        <form onSubmit={onImport} aria-label={t('import')} className="import">
          <label>
            {t('import')} (.txt, .docx, .pdf)
            <input name="file" type="file" accept=".txt,.docx,.pdf" required />
          </label>
          <button type="submit">{t('import')}</button>
          {importError ? <p role="alert" className="error">{importError}</p> : null}
        </form>
      ) : null}
      <label className="search">
        {t('search')} ({t('plans')}, {t('task')}, {t('units')})
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {units?.items.length ? (
        <ul aria-label={t('units')}>
          {units.items.map((u) => (
            <li key={u.id}>
              {u.name} <code>{u.id}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
      <table>
        <thead>
          <tr>
            <th>Số</th>
            <th>{t('plan')}</th>
            <th>{t('unit')}</th>
            <th>{t('state')}</th>
            <th>{t('due')}</th>
          </tr>
        </thead>
        <tbody>
          {(data?.items ?? []).map((p) => (
            <tr key={p.id}>
              <td>{p.number ?? '—'}</td>
              <td>
                <a href={`#/plans/${p.id}`}>{p.title}</a>
              </td>
              <td>{p.issuerName}</td>
              <td>{label(STATE, p.status)}</td>
              <td>{viDate(p.issuedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

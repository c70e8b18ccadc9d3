import { type FormEvent, useState } from 'react';
import type { ImportResponse, Page, PlanSummaryView } from '@khflow/contracts';
import { api, session } from '../api';
import { DataTable } from '../components/data-table';
import { ErrorView, ShownErrorView } from '../components/feedback';
import { useUnitSearch } from '../components/unit-picker';
import { viDate } from '../dates';
import { describeError, type ShownError } from '../errors';
import { currentLang, label, STATE, t } from '../i18n';
import { useLoad } from '../use-load';

const PAGE = 20;

export function PlansPage() {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const needle = q.trim();
  const searching = needle.length >= 2;
  // The API searches plans, their tasks and the units that issue them or are named by them; the directory lists
  // the matching units beside.
  const { data, error, problem } = useLoad(() => api.get<Page<PlanSummaryView>>(`/plans?limit=${PAGE}&offset=${offset}${searching ? `&q=${encodeURIComponent(needle)}` : ''}`), [needle, offset]);
  const units = useUnitSearch(searching ? needle : '', 10);
  const [importError, setImportError] = useState<ShownError | null>(null);
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
      setImportError(describeError(err, currentLang()));
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
          {importError ? <ShownErrorView shown={importError} /> : null}
        </form>
      ) : null}
      <label className="search">
        {t('search')} ({t('plans')}, {t('task')}, {t('units')})
        <input type="search" value={q} placeholder={t('searchPlans')} onChange={(e) => (setQ(e.target.value), setOffset(0))} />
      </label>
      {searching && units.length ? (
        <section aria-labelledby="units-found">
          <h2 id="units-found">{t('unitsFound')}</h2>
          <ul aria-label={t('units')}>
            {units.map((u) => (
              <li key={u.id}>
                {u.name} <span className="muted">({u.kind})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {error ? <ErrorView problem={problem} /> : null}
      <DataTable
        caption={`${t('plans')} (${data?.total ?? 0})`}
        rows={data?.items ?? []}
        rowKey={(p) => p.id}
        testId="plans"
        server={!data ? undefined : { total: data.total, offset: data.offset, limit: data.limit, onPage: setOffset }}
        columns={[
          { key: 'number', label: t('number'), sort: (p) => p.number, render: (p) => p.number ?? '—' },
          { key: 'title', label: t('plan'), sort: (p) => p.title, render: (p) => <a href={`#/plans/${p.id}`}>{p.title}</a> },
          { key: 'issuer', label: t('issuer'), sort: (p) => p.issuerName, render: (p) => p.issuerName },
          { key: 'state', label: t('state'), sort: (p) => label(STATE, p.status), render: (p) => label(STATE, p.status) },
          { key: 'issued', label: t('issuedAt'), sort: (p) => p.issuedAt, render: (p) => viDate(p.issuedAt) },
          { key: 'due', label: t('due'), sort: (p) => p.due, render: (p) => viDate(p.due) },
        ]}
      />
    </>
  );
}

import { type FormEvent, useState } from 'react';
import type { ImportResponse, Page, PlanSummaryView, PlanView } from '@khflow/contracts';
import { api, session } from '../api';
import { DataTable } from '../components/data-table';
import { ErrorView, ShownErrorView } from '../components/feedback';
import { useUnitSearch } from '../components/unit-picker';
import { viDate } from '../dates';
import { describeError, type ShownError } from '../errors';
import { currentLang, label, STATE, t } from '../i18n';
import { useLoad } from '../use-load';

const PAGE = 20;

/** A plan's due date: its horizon's end when it has one, else the last due date of its tasks. */
export function planDue(plan: Pick<PlanView, 'horizon' | 'tasks'>): string | null {
  if (plan.horizon?.until) return plan.horizon.until;
  const dues = plan.tasks.filter((x) => x.status !== 'cancelled').map((x) => x.timeframe.due ?? x.timeframe.end ?? null).filter((d): d is string => Boolean(d));
  return dues.length ? dues.sort().at(-1)! : null;
}

/** Merges the API's text search (plan and task text) with the plans of the units whose names match, without repeats. */
export function mergePlans(byText: PlanSummaryView[], all: PlanSummaryView[], unitIds: string[], needle: string): PlanSummaryView[] {
  const n = needle.toLowerCase();
  const byUnit = all.filter((p) => unitIds.includes(p.issuerUnitId) || p.issuerName.toLowerCase().includes(n));
  const seen = new Set<string>();
  return [...byText, ...byUnit].filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

type Row = PlanSummaryView & { due?: string | null };

/** Due dates of the plans on the page (the list does not carry them yet: read from each plan of the page). */
function usePlanDues(rows: Row[]): Record<string, string | null> {
  const missing = rows.filter((p) => p.due === undefined).map((p) => p.id);
  const key = missing.join(',');
  const { data } = useLoad(
    async () => Object.fromEntries(await Promise.all(missing.map(async (id) => [id, planDue(await api.get<PlanView>(`/plans/${id}`))] as const))),
    [key],
  );
  return data ?? {};
}

export function PlansPage() {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const needle = q.trim();
  const searching = needle.length >= 2;
  // Plans (and their tasks) are searched by the API; units by the directory, then the plans they issued.
  const { data, error, problem } = useLoad(() => api.get<Page<Row>>(`/plans?limit=${searching ? 200 : PAGE}&offset=${searching ? 0 : offset}${searching ? `&q=${encodeURIComponent(needle)}` : ''}`), [needle, offset]);
  const units = useUnitSearch(searching ? needle : '', 10);
  const { data: all } = useLoad(() => (searching && units.length ? api.get<Page<Row>>('/plans?limit=200') : Promise.resolve(null)), [searching, units.map((u) => u.id).join(',')]);
  const [importError, setImportError] = useState<ShownError | null>(null);
  const owner = session.me()?.roles.some((r) => r === 'plan_owner' || r === 'admin');
  const rows: Row[] = searching ? mergePlans(data?.items ?? [], all?.items ?? [], units.map((u) => u.id), needle) : (data?.items ?? []);
  const dues = usePlanDues(rows.slice(0, 40));
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
  const due = (p: Row) => (p.due !== undefined ? p.due : dues[p.id]);
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
        caption={`${t('plans')} (${searching ? rows.length : (data?.total ?? 0)})`}
        rows={rows}
        rowKey={(p) => p.id}
        testId="plans"
        server={searching || !data ? undefined : { total: data.total, offset: data.offset, limit: data.limit, onPage: setOffset }}
        columns={[
          { key: 'number', label: t('number'), sort: (p) => p.number, render: (p) => p.number ?? '—' },
          { key: 'title', label: t('plan'), sort: (p) => p.title, render: (p) => <a href={`#/plans/${p.id}`}>{p.title}</a> },
          { key: 'issuer', label: t('issuer'), sort: (p) => p.issuerName, render: (p) => p.issuerName },
          { key: 'state', label: t('state'), sort: (p) => label(STATE, p.status), render: (p) => label(STATE, p.status) },
          { key: 'issued', label: t('issuedAt'), sort: (p) => p.issuedAt, render: (p) => viDate(p.issuedAt) },
          { key: 'due', label: t('due'), sort: (p) => due(p), render: (p) => (due(p) === undefined ? '…' : viDate(due(p))) },
        ]}
      />
    </>
  );
}

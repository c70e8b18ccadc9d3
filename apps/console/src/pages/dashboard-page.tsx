import type { DashboardResponse } from '@khflow/contracts';
import { api } from '../api';
import { DataTable } from '../components/data-table';
import { ErrorView, Loading } from '../components/feedback';
import { viDate } from '../dates';
import { label, STATUS, t } from '../i18n';
import { AssignmentTable } from './inbox-page';
import { useLoad } from '../use-load';
import { DashboardExplanations } from '../components/explanation-requests';
import { DashboardFigures, UnitFiguresCell, UnitFiguresProvider } from '../components/report-figures';
import { rw } from '../components/report-types';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

export function DashboardPage() {
  const { data, error, problem } = useLoad(() => api.get<DashboardResponse>('/dashboard'), []);
  if (error) return <ErrorView problem={problem} />;
  if (!data) return <Loading />;
  const total = Object.values(data.counts).reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...data.timeline.map((x) => x.approved + x.submitted + x.overdue));
  const h = (n: number) => `${(n / max) * 100}px`;
  // Issue 17: beside each unit row on screen, its figures for the plans with report forms (one read per page).
  return (
    <UnitFiguresProvider planIds={data.byPlan.map((p) => p.planId)}>
      <h1>{t('dashboard')}</h1>
      <ul className="cards">
        <li>
          <span>{t('total')}</span>
          <strong>{total}</strong>
        </li>
        <li>
          <span>{t('onTime')}</span>
          <strong>{pct(data.onTimeRate)}</strong>
        </li>
        {Object.entries(data.counts).map(([s, n]) => (
          <li key={s} className={`status ${s}`}>
            <span>{label(STATUS, s)}</span>
            <strong>{n}</strong>
          </li>
        ))}
      </ul>
      <DataTable
        caption={t('onTime')}
        rows={data.byUnit}
        rowKey={(u) => u.unitId}
        columns={[
          { key: 'unit', label: t('unit'), sort: (u) => u.unitName, render: (u) => u.unitName },
          {
            key: 'rate',
            label: t('onTime'),
            sort: (u) => u.onTimeRate ?? -1,
            render: (u) => (
              <>
                <meter min={0} max={1} value={u.onTimeRate ?? 0} aria-label={`${u.unitName} ${pct(u.onTimeRate)}`} /> {pct(u.onTimeRate)}
              </>
            ),
          },
          { key: 'figures', label: rw('figures'), render: (u) => <UnitFiguresCell unitId={u.unitId} /> },
        ]}
      />
      <h2>{t('overTime')}</h2>
      <div className="chart" role="img" aria-label={`${t('overTime')}: ${t('approved')}, ${t('submitted')}, ${label(STATUS, 'overdue')}`}>
        {data.timeline.map((d) => (
          <div key={d.date} title={`${viDate(d.date)}: ${d.approved} / ${d.submitted} / ${d.overdue}`}>
            <span className="approved" style={{ height: h(d.approved) }} />
            <span className="submitted" style={{ height: h(d.submitted) }} />
            <span className="overdue" style={{ height: h(d.overdue) }} />
          </div>
        ))}
      </div>
      <DataTable
        caption={t('overdueByPlan')}
        rows={data.byPlan}
        rowKey={(p) => p.planId}
        rowClass={(p) => (p.overdue ? 'overdue' : undefined)}
        initialSort={{ key: 'overdue', dir: 'descending' }}
        columns={[
          { key: 'plan', label: t('plan'), sort: (p) => p.title, render: (p) => <a href={`#/plans/${p.planId}`}>{p.title}</a> },
          { key: 'overdue', label: t('overdueList'), sort: (p) => p.overdue, render: (p) => p.overdue },
        ]}
      />
      <AssignmentTable items={data.overdue} caption={t('overdueList')} />
      <DashboardExplanations items={data.explanations} />
      <DashboardFigures planIds={data.byPlan.map((p) => p.planId)} />
    </UnitFiguresProvider>
  );
}

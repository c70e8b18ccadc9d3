import type { DashboardResponse } from '@khflow/contracts';
import { api } from '../api';
import { label, STATUS, t } from '../i18n';
import { AssignmentTable } from './inbox-page';
import { useLoad } from '../use-load';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

export function DashboardPage() {
  const { data, error } = useLoad(() => api.get<DashboardResponse>('/dashboard'), []);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>…</p>;
  const total = Object.values(data.counts).reduce((a, b) => a + b, 0);
  return (
    <>
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
      <table>
        <caption>{t('onTime')}</caption>
        <tbody>
          {data.byUnit.map((u) => (
            <tr key={u.unitId}>
              <td>{u.unitName}</td>
              <td>
                <meter min={0} max={1} value={u.onTimeRate ?? 0} aria-label={`${u.unitName} ${pct(u.onTimeRate)}`} /> {pct(u.onTimeRate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('overTime')}</h2>
      <div className="chart" role="img" aria-label={`${t('overTime')}: ${t('approved')}, ${t('submitted')}, ${label(STATUS, 'overdue')}`}>
        {data.timeline.map((d) => {
          const max = Math.max(1, ...data.timeline.map((x) => x.approved + x.submitted + x.overdue));
          const h = (n: number) => `${(n / max) * 100}px`;
          return (
            <div key={d.date} title={`${d.date}: ${d.approved} / ${d.submitted} / ${d.overdue}`}>
              <span className="approved" style={{ height: h(d.approved) }} />
              <span className="submitted" style={{ height: h(d.submitted) }} />
              <span className="overdue" style={{ height: h(d.overdue) }} />
            </div>
          );
        })}
      </div>
      <table>
        <caption>{t('overdueByPlan')}</caption>
        <tbody>
          {data.byPlan.map((p) => (
            <tr key={p.planId} className={p.overdue ? 'overdue' : undefined}>
              <td>
                <a href={`#/plans/${p.planId}`}>{p.title}</a>
              </td>
              <td>{p.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <AssignmentTable items={data.overdue} caption={t('overdueList')} />
    </>
  );
}

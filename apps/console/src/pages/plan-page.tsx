import { useState } from 'react';
import type { PlanView, ProgressView } from '@khflow/contracts';
import { api, ApiError, session } from '../api';
import { label, STATE, STATUS, t, viDate } from '../i18n';
import { useLoad } from '../use-load';

const STATUSES = ['done_on_time', 'done_late', 'in_progress_on_time', 'overdue', 'returned', 'cancelled'] as const;

export function PlanPage({ id }: { id: string }) {
  const { data: plan, error, reload } = useLoad(() => api.get<PlanView>(`/plans/${id}`), [id]);
  const { data: progress } = useLoad(() => api.get<ProgressView>(`/plans/${id}/progress`), [id]);
  const [message, setMessage] = useState<string | null>(null);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!plan) return <p>…</p>;
  const owner = session.me()?.roles.some((r) => r === 'plan_owner' || r === 'admin');
  const warnings = plan.source?.warnings ?? [];
  async function launch() {
    try {
      await api.post(`/plans/${id}/launch`);
      setMessage(t('saved'));
      reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : String(err));
    }
  }
  return (
    <article>
      <h1>{plan.title}</h1>
      <dl className="facts">
        <dt>Số</dt>
        <dd>{plan.number ?? '—'}</dd>
        <dt>{t('unit')}</dt>
        <dd>{plan.issuerName}</dd>
        <dt>{t('state')}</dt>
        <dd data-testid="plan-status">{label(STATE, plan.status)}</dd>
        <dt>Ngày</dt>
        <dd>{viDate(plan.issuedAt)}</dd>
      </dl>
      {message ? <p role="status">{message}</p> : null}
      {owner && plan.status === 'draft' ? (
        <button type="button" onClick={launch}>
          {t('launch')}
        </button>
      ) : null}
      {warnings.length ? (
        <section className="warnings" aria-label={t('warnings')}>
          <h2>
            {t('warnings')} ({warnings.length})
          </h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <table>
        <caption>{t('task')}</caption>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('task')}</th>
            <th>{t('lead')}</th>
            <th>{t('coordinators')}</th>
            <th>{t('due')}</th>
            <th>{t('lines')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.tasks.map((task) => (
            <tr key={task.id}>
              <td>{task.ref}</td>
              <td>{task.title}</td>
              <td className={task.lead.some((x) => x.unitId || x.group) ? undefined : 'unresolved'}>{task.lead.map((x) => x.text ?? x.unitId ?? x.group?.kinds?.join(', ')).join('; ') || '—'}</td>
              <td>{task.coordinators.map((x) => x.text ?? x.unitId).join('; ')}</td>
              <td>{task.timeframe.due ? viDate(task.timeframe.due) : (task.timeframe.text ?? '—')}</td>
              <td>{task.lines ? `${task.lines[0]}–${task.lines[1]}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {progress && progress.byUnit.length ? (
        <table>
          <caption>{t('progress')}</caption>
          <thead>
            <tr>
              <th>{t('unit')}</th>
              {STATUSES.map((s) => (
                <th key={s}>{label(STATUS, s)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {progress.byUnit.map((u) => (
              <tr key={u.unitId}>
                <td>{u.unitName}</td>
                {STATUSES.map((s) => (
                  <td key={s} className={u.counts[s] ? `status ${s}` : undefined}>
                    {u.counts[s] || ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <a href={`#/history/plans/${plan.id}`}>{t('history')}</a>
        {plan.temporalUrl ? (
          <>
            {' '}
            · <a href={plan.temporalUrl}>Temporal</a>
          </>
        ) : null}
      </p>
    </article>
  );
}

import { useState } from 'react';
import type { AssignmentView, InboxResponse } from '@khflow/contracts';
import { api } from '../api';
import { currentLang, label, STATE, STATUS, t, viDate } from '../i18n';
// The one rendering of notification kinds (pure, no imports), shared with the worker's stored Vietnamese text.
import { renderNotification } from '../../../../libs/contracts/src/notification.types';
import { useLoad } from '../use-load';

export function AssignmentTable({ items, caption }: { items: AssignmentView[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>{t('task')}</th>
          <th>{t('plan')}</th>
          <th>{t('unit')}</th>
          <th>{t('due')}</th>
          <th>{t('state')}</th>
          <th>{t('status')}</th>
        </tr>
      </thead>
      <tbody>
        {items.length === 0 ? (
          <tr>
            <td colSpan={6}>{t('none')}</td>
          </tr>
        ) : null}
        {items.map((a) => (
          <tr key={a.id} className={a.reportedStatus === 'overdue' ? 'overdue' : undefined}>
            <td>
              <a href={`#/assignments/${a.id}`}>
                {a.taskRef}. {a.title}
              </a>
            </td>
            <td>{a.planTitle}</td>
            <td>{a.unitName}</td>
            <td>{viDate(a.due)}</td>
            <td>{label(STATE, a.state)}</td>
            <td className={`status ${a.reportedStatus}`}>{label(STATUS, a.reportedStatus)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const STATES = ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned', 'approved', 'cancelled'];

export function InboxPage() {
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  const query = `/inbox?sort=due&limit=100${status ? `&status=${status}` : ''}${overdue ? '&overdue=true' : ''}`;
  const { data, error } = useLoad(() => api.get<InboxResponse>(query), [query]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>…</p>;
  return (
    <>
      <h1>{t('inbox')}</h1>
      <div className="filters" role="group" aria-label={t('filter')}>
        <label>
          {t('state')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {label(STATE, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> {t('onlyOverdue')}
        </label>
      </div>
      {data.awaitingDecision.length ? <AssignmentTable items={data.awaitingDecision} caption={t('awaiting')} /> : null}
      <AssignmentTable items={data.assignments.items} caption={`${t('assignments')} (${data.assignments.total})`} />
      <section aria-label={t('notifications')}>
        <h2>{t('notifications')}</h2>
        <ul className="notifications">
          {data.notifications.length === 0 ? <li>{t('none')}</li> : null}
          {data.notifications.map((n) => (
            <li key={n.id} className={n.kind}>
              <time>{viDate(n.createdAt)}</time> {n.params ? renderNotification(n.kind, n.params, currentLang()) : n.message} {n.assignmentId ? <a href={`#/assignments/${n.assignmentId}`}>→</a> : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

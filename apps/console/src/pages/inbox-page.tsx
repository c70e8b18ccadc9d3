import { useState } from 'react';
import { type AssignmentView, type InboxResponse, notificationText, notificationUnitIds, type NotificationView } from '@khflow/contracts';
import { api } from '../api';
import { DataTable, Pager, type Column, type ServerPage } from '../components/data-table';
import { ErrorView, Loading } from '../components/feedback';
import { viDate, viDateTime } from '../dates';
import { currentLang, label, STATE, STATUS, t } from '../i18n';
import { useUnitNames } from '../unit-names';
import { useLoad } from '../use-load';

/** The columns every list of assignments shows (inbox, decisions, dashboard, a consolidation's subordinates). */
export function assignmentColumns(unit: (id: string) => string, extra: Column<AssignmentView>[] = []): Column<AssignmentView>[] {
  return [
    ...extra,
    {
      key: 'task',
      label: t('task'),
      sort: (a) => `${a.taskRef} ${a.title}`,
      render: (a) => (
        <a href={`#/assignments/${a.id}`}>
          {a.taskRef}. {a.title}
        </a>
      ),
    },
    {
      key: 'plan',
      label: t('plan'),
      sort: (a) => a.planTitle,
      render: (a) => (
        <span className="clamp" title={a.planTitle}>
          {a.planTitle}
        </span>
      ),
    },
    { key: 'unit', label: t('unit'), sort: (a) => a.unitName ?? unit(a.unitId), render: (a) => a.unitName ?? unit(a.unitId) },
    { key: 'due', label: t('due'), sort: (a) => a.due, render: (a) => viDate(a.due) },
    { key: 'state', label: t('state'), sort: (a) => label(STATE, a.state), render: (a) => label(STATE, a.state) },
    { key: 'status', label: t('status'), sort: (a) => label(STATUS, a.reportedStatus), render: (a) => label(STATUS, a.reportedStatus), className: (a) => `status ${a.reportedStatus}` },
  ];
}

export function AssignmentTable({ items, caption, server, extra, testId }: { items: AssignmentView[]; caption: string; server?: ServerPage; extra?: Column<AssignmentView>[]; testId?: string }) {
  const unit = useUnitNames();
  return <DataTable caption={caption} rows={items} columns={assignmentColumns(unit, extra)} rowKey={(a) => a.id} rowClass={(a) => (a.reportedStatus === 'overdue' ? 'overdue' : undefined)} server={server} testId={testId} />;
}

/** Whether a row of the decisions queue is a report to review or an extension request (the API says which). */
export const decisionKinds = (a: Pick<AssignmentView, 'state' | 'pendingExtension'>): ('report' | 'extension')[] => [
  ...(a.state === 'submitted' ? (['report'] as const) : []),
  ...(a.pendingExtension || a.state !== 'submitted' ? (['extension'] as const) : []),
];

export const decisionKindColumn = (): Column<AssignmentView> => ({
  key: 'kind',
  label: t('kind'),
  sort: (a) => decisionKinds(a).join(','),
  render: (a) => (
    <>
      {decisionKinds(a).map((k) => (
        <span key={k} className={`badge ${k}`}>
          {k === 'report' ? t('kindReport') : t('kindExtension')}
        </span>
      ))}
    </>
  ),
});

const STATES = ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned', 'approved', 'cancelled'];
const SORTS = [
  ['due', ['Hạn gần nhất trước', 'Due soonest first']],
  ['-due', ['Hạn xa nhất trước', 'Due latest first']],
  ['-updated', ['Mới cập nhật trước', 'Recently updated first']],
  ['-created', ['Mới giao trước', 'Newest first']],
] as const;
const PAGE = 20;

/** The inbox request: filters, sort, the page and the search words (the API searches task, plan and unit names). */
export function inboxQuery(f: { status: string; overdue: boolean; sort: string; offset: number; q: string }): string {
  const q = f.q.trim();
  return `/inbox?sort=${f.sort}&limit=${PAGE}&offset=${f.offset}${f.status ? `&status=${f.status}` : ''}${f.overdue ? '&overdue=true' : ''}${q ? `&q=${encodeURIComponent(q)}` : ''}`;
}

const NOTES_PAGE = 10;

export function NotificationList({ items }: { items: NotificationView[] }) {
  const unit = useUnitNames();
  const [offset, setOffset] = useState(0);
  const [order, setOrder] = useState<'recent' | 'oldest'>('recent');
  const sorted = [...items].sort((a, b) => (order === 'recent' ? -1 : 1) * a.createdAt.localeCompare(b.createdAt));
  const page = sorted.slice(offset, offset + NOTES_PAGE);
  for (const n of page) for (const id of notificationUnitIds(n)) unit(id); // ask for the names once
  return (
    <section aria-labelledby="notifications-h">
      <h2 id="notifications-h">{t('notifications')}</h2>
      {items.length > 1 ? (
        <label className="inline-select">
          {t('sortBy')}{' '}
          <select value={order} onChange={(e) => (setOrder(e.target.value as 'recent' | 'oldest'), setOffset(0))}>
            <option value="recent">{t('recent')}</option>
            <option value="oldest">{t('oldest')}</option>
          </select>
        </label>
      ) : null}
      <ul className="notifications">
        {items.length === 0 ? <li>{t('none')}</li> : null}
        {page.map((n) => {
          const text = notificationText(n, currentLang(), { unit });
          return (
            <li key={n.id} className={n.kind}>
              <time dateTime={n.createdAt}>{viDateTime(n.createdAt)}</time> {text}{' '}
              {n.assignmentId ? (
                <a href={`#/assignments/${n.assignmentId}`} aria-label={`${t('task')}: ${text.slice(0, 80)}`}>
                  →
                </a>
              ) : null}
            </li>
          );
        })}
      </ul>
      <Pager caption={t('notifications')} total={items.length} offset={offset} limit={NOTES_PAGE} onPage={setOffset} />
    </section>
  );
}

export function InboxPage() {
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [sort, setSort] = useState('due');
  const [offset, setOffset] = useState(0);
  const [q, setQ] = useState('');
  const query = inboxQuery({ status, overdue, sort, offset, q });
  const { data, error, problem } = useLoad(() => api.get<InboxResponse>(query), [query]);
  const filters = (
    <div className="filters" role="group" aria-label={t('filter')}>
      <label>
        {t('search')}
        <input type="search" value={q} placeholder={t('searchInbox')} onChange={(e) => (setQ(e.target.value), setOffset(0))} />
      </label>
      <label>
        {t('state')}
        <select value={status} onChange={(e) => (setStatus(e.target.value), setOffset(0))}>
          <option value="">{t('all')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {label(STATE, s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('sortBy')}
        <select value={sort} onChange={(e) => (setSort(e.target.value), setOffset(0))}>
          {SORTS.map(([v, text]) => (
            <option key={v} value={v}>
              {text[currentLang() === 'vi' ? 0 : 1]}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={overdue} onChange={(e) => (setOverdue(e.target.checked), setOffset(0))} /> {t('onlyOverdue')}
      </label>
    </div>
  );
  if (error) return <ErrorView problem={problem} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>{t('inbox')}</h1>
      {filters}
      {data.awaitingDecision.length ? <AssignmentTable items={data.awaitingDecision} caption={t('awaiting')} extra={[decisionKindColumn()]} testId="awaiting" /> : null}
      <AssignmentTable
        items={data.assignments.items}
        caption={`${t('assignments')} (${data.assignments.total})`}
        server={{ total: data.assignments.total, offset: data.assignments.offset, limit: data.assignments.limit, onPage: setOffset }}
        testId="assignments"
      />
      <NotificationList items={data.notifications} />
    </>
  );
}

import { useState } from 'react';
import type { AuditVerifyResponse, HistoryEntryView, HistoryResponse } from '@khflow/contracts';
import { api } from '../api';
import { DataTable } from '../components/data-table';
import { ErrorView, Loading, ShownErrorView } from '../components/feedback';
import { viDateTime } from '../dates';
import { describeError, type ShownError } from '../errors';
import { actionLabel, currentLang, t } from '../i18n';
import { SYSTEM_ID, useUnitNames } from '../unit-names';
import { useLoad } from '../use-load';

/**
 * Who did it, as a reader names them: "Hệ thống" for automatic steps (deadlines, reminders, consolidation), the
 * person's name and unit, "thay mặt" (on behalf of) the delegator when a deputy acted, else the unit they acted for.
 */
export function actorText(e: Pick<HistoryEntryView, 'actorId' | 'actorUnitId'> & Partial<Pick<HistoryEntryView, 'actorName' | 'onBehalfOfName'>>, unit: (id: string) => string): string {
  const vi = currentLang() === 'vi';
  if (e.actorId === SYSTEM_ID) return vi ? 'Hệ thống' : 'System';
  const who = e.actorName?.trim();
  const where = e.actorUnitId && e.actorUnitId !== SYSTEM_ID ? unit(e.actorUnitId) : null;
  const forWhom = e.onBehalfOfName?.trim() ? `${vi ? 'thay mặt' : 'on behalf of'} ${e.onBehalfOfName.trim()}` : null;
  if (who) return `${who}${where || forWhom ? ` (${[forWhom, where].filter(Boolean).join(', ')})` : ''}`;
  return where ? `${currentLang() === 'vi' ? 'Cán bộ' : 'Staff of'} ${where}` : e.actorId;
}

export function HistoryPage({ kind, id }: { kind: 'plans' | 'assignments'; id: string }) {
  const [pages, setPages] = useState<HistoryEntryView[][]>([]);
  const { data, error, problem } = useLoad(() => api.get<HistoryResponse>(`/${kind}/${id}/history?limit=1000`), [kind, id]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [verify, setVerify] = useState<{ ok: boolean; text: string } | ShownError | null>(null);
  const unit = useUnitNames();
  async function check() {
    try {
      // An inspector's check is the whole chain from its first entry (and every checkpoint), not only what came after the newest checkpoint.
      const r = await api.get<AuditVerifyResponse>('/audit/verify?full=true');
      setVerify({ ok: r.ok, text: r.ok ? `${t('chainOk')} (${r.checked})` : `${t('chainBroken')} ${r.brokenAt?.seq} (${r.brokenAt?.reason})` });
    } catch (err) {
      setVerify(describeError(err, currentLang()));
    }
  }
  async function more(after: string) {
    const r = await api.get<HistoryResponse>(`/${kind}/${id}/history?limit=1000&afterSeq=${encodeURIComponent(after)}`);
    setPages([...pages, r.entries]);
    setNext(r.nextAfterSeq);
  }
  if (error) return <ErrorView problem={problem} />;
  if (!data) return <Loading />;
  const entries = [...data.entries, ...pages.flat()];
  const nextAfter = next === undefined ? data.nextAfterSeq : next;
  return (
    <article>
      <h1>{t('history')}</h1>
      <p>
        <button type="button" onClick={check}>
          {t('verify')}
        </button>{' '}
        {verify && 'ok' in verify ? (
          <span role="status" className={verify.ok ? 'ok' : 'error'}>
            {verify.text}
          </span>
        ) : null}{' '}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const a = document.createElement('a');
            a.href = URL.createObjectURL(new Blob([JSON.stringify({ ...data, entries }, null, 2)], { type: 'application/json' }));
            a.download = `khflow-history-${kind}-${id}.json`;
            a.click();
          }}
        >
          {t('exportHistory')}
        </button>
      </p>
      {verify && 'summary' in verify ? <ShownErrorView shown={verify} /> : null}
      <DataTable
        caption={`${t('history')} (${entries.length})`}
        rows={entries}
        rowKey={(e) => e.seq}
        pageSize={50}
        testId="timeline"
        columns={[
          { key: 'seq', label: '#', sort: (e) => Number(e.seq), render: (e) => e.seq },
          { key: 'time', label: t('time'), sort: (e) => e.occurredAt, render: (e) => <time dateTime={e.occurredAt}>{viDateTime(e.occurredAt)}</time> },
          { key: 'action', label: t('action'), sort: (e) => actionLabel(e.action), render: (e) => <span title={e.action}>{actionLabel(e.action)}</span> },
          { key: 'actor', label: t('actor'), sort: (e) => actorText(e, unit), render: (e) => `${actorText(e, unit)}${e.actorIp ? ` · ${e.actorIp}` : ''}` },
          {
            key: 'details',
            label: t('details'),
            render: (e) => (
              <details>
                <summary>
                  {t('details')} #{e.seq}
                </summary>
                <pre>{JSON.stringify({ action: e.action, actorId: e.actorId, before: e.before, after: e.after, details: e.details }, null, 2)}</pre>
              </details>
            ),
          },
        ]}
      />
      {nextAfter ? (
        <button type="button" className="secondary" onClick={() => void more(nextAfter)}>
          {t('nextPage')}
        </button>
      ) : null}
    </article>
  );
}

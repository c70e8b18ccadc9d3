import { useState } from 'react';
import type { AuditVerifyResponse, HistoryResponse } from '@khflow/contracts';
import { api, ApiError } from '../api';
import { t } from '../i18n';
import { useLoad } from '../use-load';

export function HistoryPage({ kind, id }: { kind: 'plans' | 'assignments'; id: string }) {
  const { data, error } = useLoad(() => api.get<HistoryResponse>(`/${kind}/${id}/history?limit=1000`), [kind, id]);
  const [verify, setVerify] = useState<string | null>(null);
  async function check() {
    try {
      const r = await api.get<AuditVerifyResponse>('/audit/verify');
      setVerify(r.ok ? `${t('chainOk')} (${r.checked})` : `${t('chainBroken')} ${r.brokenAt?.seq} (${r.brokenAt?.reason})`);
    } catch (err) {
      setVerify(err instanceof ApiError ? err.message : String(err));
    }
  }
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!data) return <p>…</p>;
  return (
    <article>
      <h1>{t('history')}</h1>
      <p>
        <button type="button" onClick={check}>
          {t('verify')}
        </button>{' '}
        {verify ? <span role="status">{verify}</span> : null}{' '}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const a = document.createElement('a');
            a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
            a.download = `khflow-history-${kind}-${id}.json`;
            a.click();
          }}
        >
          {t('exportHistory')}
        </button>
      </p>
      <ol className="timeline">
        {data.entries.map((e) => (
          <li key={e.seq}>
            <time>{new Date(e.occurredAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}</time> <code>{e.action}</code> — {e.actorId}
            {e.actorUnitId ? ` (${e.actorUnitId})` : ''}
            {e.actorIp ? ` · ${e.actorIp}` : ''}
            <details>
              <summary>#{e.seq}</summary>
              <pre>{JSON.stringify({ before: e.before, after: e.after, details: e.details }, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </article>
  );
}

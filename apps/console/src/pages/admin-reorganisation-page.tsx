// Administrators: a reorganisation as one operation — the operations as JSON, a preview of what would move (a split
// consolidation with its shares), open work per unit, chains that change, users to re-home — then apply.
import { useState } from 'react';
import { api, ApiError } from '../api';
import { tr } from './admin-directory-page';

const EXAMPLE = JSON.stringify(
  { effectiveFrom: '2025-07-01', reason: 'Sắp xếp đơn vị hành chính', operations: [{ type: 'merge', unitIds: ['a', 'b'], into: 'c' }] },
  null,
  2,
);

interface Answer {
  id: string | null;
  status: string;
  goners: { unitId: string; successorIds: string[] }[];
  openAssignments: { unitId: string; asAssignee: number; asReviewer: number; asExpectedReporter: number }[];
  moves: { total: number; items: { assignmentId: string; action: string; fromUnitId: string; toUnitId: string; shares?: { unitId: string; expected: string[] }[] }[] };
  chains: { total: number; items: { unitId: string; before: string[]; after: string[] }[] };
  usersToRehome: { total: number; items: { username: string; fromUnitId: string; toUnitId: string | null }[] };
}

export function AdminReorganisationPage() {
  const [text, setText] = useState(EXAMPLE);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  async function send(dryRun: boolean) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setMessage(String(err));
      return;
    }
    try {
      const a = await api.post<Answer>('/reorganisations', { ...body, dryRun });
      setAnswer(a);
      setMessage(dryRun ? tr('Xem trước: chưa có gì thay đổi.', 'Preview: nothing has changed yet.') : tr(`Đã lên lịch (${a.id}); công việc sẽ được chuyển vào ngày hiệu lực.`, `Scheduled (${a.id}); work moves on the effective date.`));
    } catch (err) {
      const e = err as ApiError;
      setMessage(e instanceof ApiError ? [e.message, ...(e.problem.errors ?? []).map((x) => `${x.field}: ${x.message}`)].join('\n') : String(err));
    }
  }
  return (
    <>
      <h1>{tr('Sắp xếp tổ chức', 'Reorganisation')}</h1>
      <label>
        {tr('Các thao tác (JSON): create, merge, split, abolish, move, rename', 'Operations (JSON): create, merge, split, abolish, move, rename')}
        <textarea rows={14} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="button" onClick={() => void send(true)}>
        {tr('Xem trước', 'Preview')}
      </button>
      <button type="button" disabled={answer?.status !== 'preview'} onClick={() => void send(false)}>
        {tr('Áp dụng', 'Apply')}
      </button>
      {message ? <pre role="status">{message}</pre> : null}
      {answer ? (
        <>
          <h2>{tr('Đơn vị không còn', 'Units that go')}</h2>
          <ul>
            {answer.goners.map((g) => {
              const o = answer.openAssignments.find((x) => x.unitId === g.unitId);
              return (
                <li key={g.unitId}>
                  <code>{g.unitId}</code> → {g.successorIds.join(', ') || '—'} ({tr('việc đang mở', 'open work')}: {o ? o.asAssignee + o.asReviewer + o.asExpectedReporter : 0})
                </li>
              );
            })}
          </ul>
          <h2>
            {tr('Công việc chuyển', 'Work that moves')} ({answer.moves.total})
          </h2>
          <ul>
            {answer.moves.items.slice(0, 100).map((m, i) => (
              <li key={i}>
                {/* absorb: a consolidation handed over to the one the successor already has (one per task and period) */}
                {m.action === 'merge_into' ? tr('gộp', 'merged') : m.action === 'absorb' ? tr('hợp nhất tổng hợp', 'consolidation absorbed') : tr('chuyển', 'moved')} {m.fromUnitId} → {m.toUnitId}
                {m.shares?.length ? (
                  // A split consolidation: the first successor keeps the assignment, each other one consolidates its part.
                  <ul data-testid="split-shares">
                    {m.shares.map((sh) => (
                      <li key={sh.unitId}>
                        {tr('tách cho', 'split to')} {sh.unitId}: {tr(`tổng hợp ${sh.expected.length} đơn vị`, `consolidates ${sh.expected.length} units`)} ({sh.expected.join(', ')})
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
          <h2>
            {tr('Tuyến báo cáo thay đổi', 'Reporting chains that change')} ({answer.chains.total})
          </h2>
          <ul>
            {answer.chains.items.slice(0, 100).map((c) => (
              <li key={c.unitId}>
                {c.before.join(' → ')} ⇒ {c.after.join(' → ')}
              </li>
            ))}
          </ul>
          <h2>
            {tr('Người dùng chuyển đơn vị', 'Users to re-home')} ({answer.usersToRehome.total})
          </h2>
          <ul>
            {answer.usersToRehome.items.slice(0, 100).map((u) => (
              <li key={u.username}>
                {u.username}: {u.fromUnitId} → {u.toUnitId ?? '—'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

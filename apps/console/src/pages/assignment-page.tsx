import type { FormEvent } from 'react';
import type { AssignmentDetailView, AttachmentRef } from '@khflow/contracts';
import { api, session } from '../api';
import { label, STATE, STATUS, t, viDate } from '../i18n';
import { useAction, useLoad } from '../use-load';
import { AssignmentTable } from './inbox-page';

/** Attachments need the bearer token, so they are fetched and handed to the browser as a file. */
async function download(assignmentId: string, f: AttachmentRef) {
  const res = await fetch(`/assignments/${assignmentId}/attachments/${f.id}`, { headers: { authorization: `Bearer ${session.token()}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = f.fileName;
  a.click();
  URL.revokeObjectURL(url);
}

export function AssignmentPage({ id }: { id: string }) {
  const { data: a, error, reload } = useLoad(() => api.get<AssignmentDetailView>(`/assignments/${id}`), [id]);
  const { message, act } = useAction(reload);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!a) return <p>…</p>;
  const can = (x: AssignmentDetailView['allowedActions'][number]) => a.allowedActions.includes(x);

  /** A form whose fields become one action; the form is cleared when it succeeds. */
  async function form(e: FormEvent<HTMLFormElement>, send: (f: FormData) => Promise<unknown>) {
    e.preventDefault();
    const el = e.currentTarget;
    const f = new FormData(el);
    await act(async () => {
      await send(f);
      el.reset();
    });
  }
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    await act(async () => {
      const attachmentIds: string[] = [];
      const file = f.get('file');
      if (file instanceof File && file.size > 0) {
        const body = new FormData();
        body.append('file', file, file.name);
        attachmentIds.push((await api.post<AttachmentRef>(`/assignments/${id}/attachments`, body)).id);
      }
      await api.post(`/assignments/${id}/submissions`, { text: String(f.get('text')), attachmentIds, expectedVersion: a!.version });
      form.reset();
    });
  }
  async function decide(kind: 'approve' | 'return', e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const comment = String(new FormData(e.currentTarget).get('comment') ?? '');
    await act(() => api.post(`/assignments/${id}/${kind}`, kind === 'approve' ? { comment: comment || null, expectedVersion: a!.version } : { comment, expectedVersion: a!.version }));
  }

  return (
    <article>
      <h1>
        {a.taskRef}. {a.title}
      </h1>
      <dl className="facts">
        <dt>{t('plan')}</dt>
        <dd>
          <a href={`#/plans/${a.planId}`}>{a.planTitle}</a>
        </dd>
        <dt>{t('unit')}</dt>
        <dd>{a.unitName}</dd>
        <dt>{t('due')}</dt>
        <dd>{viDate(a.due)}</dd>
        <dt>{t('state')}</dt>
        <dd data-testid="state">{label(STATE, a.state)}</dd>
        <dt>{t('status')}</dt>
        <dd className={`status ${a.reportedStatus}`}>{label(STATUS, a.reportedStatus)}</dd>
      </dl>
      {a.content ? <p className="content">{a.content}</p> : null}
      {message ? <p role="status">{message}</p> : null}
      <div className="actions">
        {can('acknowledge') ? (
          <button type="button" onClick={() => act(() => api.post(`/assignments/${id}/acknowledge`, { expectedVersion: a.version }))}>
            {t('acknowledge')}
          </button>
        ) : null}
      </div>
      {can('submit') ? (
        <form onSubmit={onSubmit} aria-label={t('submit')}>
          <label>
            {t('text')}
            <textarea name="text" required rows={4} />
          </label>
          <label>
            {t('attachments')}
            <input name="file" type="file" />
          </label>
          <button type="submit">{t('submit')}</button>
        </form>
      ) : null}
      {can('approve') ? (
        <div className="decide">
          <form onSubmit={(e) => decide('approve', e)} aria-label={t('approve')}>
            <label>
              {t('comment')}
              <input name="comment" />
            </label>
            <button type="submit">{t('approve')}</button>
          </form>
          <form onSubmit={(e) => decide('return', e)} aria-label={t('return')}>
            <label>
              {t('comment')}
              <input name="comment" required />
            </label>
            <button type="submit" className="secondary">
              {t('return')}
            </button>
          </form>
        </div>
      ) : null}
      {can('request_extension') ? (
        <form onSubmit={(e) => form(e, (f) => api.post(`/assignments/${id}/extension-requests`, { requestedDue: f.get('requestedDue'), reason: f.get('reason') }))} aria-label={t('extension')}>
          <label>
            {t('newDue')}
            <input name="requestedDue" type="date" required />
          </label>
          <label>
            {t('reason')}
            <input name="reason" required />
          </label>
          <button type="submit" className="secondary">
            {t('extension')}
          </button>
        </form>
      ) : null}
      {can('request_coordination') ? (
        <form
          onSubmit={(e) =>
            form(e, (f) =>
              api.post(`/assignments/${id}/coordination-requests`, {
                unitIds: String(f.get('unitIds')).split(',').map((x) => x.trim()).filter(Boolean),
                due: f.get('due') || null,
                message: f.get('message'),
              }),
            )
          }
          aria-label={t('coordination')}
        >
          <label>
            {t('coordinators')} (mã đơn vị, cách nhau bởi dấu phẩy)
            <input name="unitIds" required />
          </label>
          <label>
            {t('due')}
            <input name="due" type="date" />
          </label>
          <label>
            {t('comment')}
            <input name="message" required />
          </label>
          <button type="submit" className="secondary">
            {t('coordination')}
          </button>
        </form>
      ) : null}
      {a.extensionRequests.length ? (
        <>
          <h2>{t('extension')}</h2>
          <ul>
            {a.extensionRequests.map((x) => (
              <li key={x.id}>
                {viDate(x.requestedDue)} — {x.reason} — <strong>{label(STATE, x.status)}</strong>
                {x.decisionComment ? `: ${x.decisionComment}` : ''}
                {x.status === 'pending' && can('decide_extension') ? (
                  <>
                    {' '}
                    <button type="button" onClick={() => act(() => api.post(`/assignments/${id}/extension-requests/${x.id}/decision`, { grant: true }))}>
                      {t('grant')}
                    </button>{' '}
                    <button type="button" className="secondary" onClick={() => act(() => api.post(`/assignments/${id}/extension-requests/${x.id}/decision`, { grant: false }))}>
                      {t('refuse')}
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.children.length ? (
        <AssignmentTable items={a.children} caption={t('children')} />
      ) : null}
      <h2>{t('submissions')}</h2>
      <ol className="submissions">
        {a.submissions.map((s) => (
          <li key={s.version}>
            <strong>v{s.version}</strong> · {viDate(s.submittedAt)} · {s.text}
            {s.attachments.map((f) => (
              <span key={f.id}>
                {' '}
                <button type="button" className="link" onClick={() => download(id, f)}>
                  [{f.fileName}]
                </button>
              </span>
            ))}
            {s.decision ? (
              <em>
                {' '}
                — {label(STATE, s.decision)}
                {s.decisionComment ? `: ${s.decisionComment}` : ''}
              </em>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>{t('comments')}</h2>
      <ul className="comments">
        {a.comments.map((c) => (
          <li key={c.id}>
            <time>{viDate(c.createdAt)}</time> {c.authorId}: {c.text}
          </li>
        ))}
      </ul>
      {can('comment') ? (
        <form onSubmit={(e) => form(e, (f) => api.post(`/assignments/${id}/comments`, { text: f.get('text') }))} aria-label={t('comments')}>
          <label>
            {t('comment')}
            <input name="text" required />
          </label>
          <button type="submit" className="secondary">
            {t('send')}
          </button>
        </form>
      ) : null}
      <p>
        <a href={`#/history/assignments/${a.id}`}>{t('history')}</a>
        {a.temporalUrl ? <> · <a href={a.temporalUrl}>Temporal</a></> : null}
      </p>
    </article>
  );
}

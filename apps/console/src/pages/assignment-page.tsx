import { useState } from 'react';
import type { AssignmentDetailView, AttachmentRef, SubmissionView } from '@khflow/contracts';
import { api, downloadFile, session } from '../api';
import { DataTable } from '../components/data-table';
import { DateInput } from '../components/date-input';
import { ErrorView, Loading, NoticeView, ShownErrorView } from '../components/feedback';
import { UnitsPicker } from '../components/unit-picker';
import { viDate, viDateTime } from '../dates';
import { describeError, type ShownError } from '../errors';
import { currentLang, label, STATE, STATUS, t } from '../i18n';
import { useUnitNames } from '../unit-names';
import { formAction, useAction, useLoad } from '../use-load';
import { ReportSection, useAssignmentReport } from '../components/report-section';
import { ExplanationRequests } from '../components/explanation-requests';

type Detail = AssignmentDetailView;


function Attachments({ assignmentId, files }: { assignmentId: string; files: AttachmentRef[] }) {
  const [failed, setFailed] = useState<ShownError | null>(null);
  return (
    <>
      {files.map((f) => (
        <span key={f.id}>
          {' '}
          <button
            type="button"
            className="link attachment"
            onClick={() => downloadFile(`/assignments/${assignmentId}/attachments/${f.id}`, f.fileName).then(() => setFailed(null), (err) => setFailed(describeError(err, currentLang())))}
            aria-label={`${t('downloadFile')} ${f.fileName}`}
          >
            {f.fileName}
          </button>
        </span>
      ))}
      {failed ? <ShownErrorView shown={failed} /> : null}
    </>
  );
}

function SubmissionText({ s, assignmentId }: { s: SubmissionView; assignmentId: string }) {
  return (
    <>
      <strong>v{s.version}</strong> · {viDateTime(s.submittedAt)} · {s.text}
      <Attachments assignmentId={assignmentId} files={s.attachments} />
      {s.decision ? (
        <em>
          {' '}
          — {label(STATE, s.decision)}
          {s.decidedAt ? ` ${viDateTime(s.decidedAt)}` : ''}
          {s.decisionComment ? `: ${s.decisionComment}` : ''}
        </em>
      ) : null}
    </>
  );
}

/** A coordinating unit's view of what the lead unit asked it for (the API gives the request on the assignment). */
function CoordinationAsk({ a }: { a: Detail }) {
  const name = useUnitNames();
  const ask = a.coordinationRequest;
  return (
    <section className="ask" aria-labelledby="ask-h">
      <h2 id="ask-h">{t('askedBy')}</h2>
      <dl className="facts">
        <dt>{t('leadUnit')}</dt>
        <dd>{name(ask?.leadUnitId ?? a.reviewerUnitId)}</dd>
        {ask ? (
          <>
            <dt>{t('askedFor')}</dt>
            <dd data-testid="coordination-ask">{ask.message}</dd>
            <dt>{t('due')}</dt>
            <dd data-testid="coordination-due">{viDate(ask.due)}</dd>
            <dt>{t('askedOn')}</dt>
            <dd>{viDateTime(ask.createdAt)}</dd>
          </>
        ) : null}
        {a.content ? (
          <>
            <dt>{t('taskContent')}</dt>
            <dd>{a.content}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** One subordinate's report, read from its own assignment (the consolidating unit reviews it or is above it). */
function SubordinateReport({ assignmentId }: { assignmentId: string }) {
  const { data, error, problem } = useLoad(() => api.get<AssignmentDetailView>(`/assignments/${assignmentId}`), [assignmentId]);
  if (error) return <ErrorView problem={problem} />;
  if (!data) return <Loading />;
  const last = data.submissions.at(-1);
  return last ? <SubmissionText s={last} assignmentId={data.id} /> : <span className="muted">{t('notReported')}</span>;
}

/** For a consolidating unit: each subordinate it waits for, whether it reported (on time or not), and what it wrote. */
function Consolidation({ a }: { a: Detail }) {
  const name = useUnitNames();
  const c = a.consolidation!;
  const rows = c.expected.map((unitId) => ({ unitId, reported: c.reported.find((r) => r.unitId === unitId) ?? null }));
  return (
    <DataTable
      caption={`${t('subordinateReports')} — ${t('reported')} ${c.reported.length}/${c.expected.length}`}
      rows={rows}
      rowKey={(r) => r.unitId}
      testId="subordinates"
      columns={[
        { key: 'unit', label: t('unit'), sort: (r) => name(r.unitId), render: (r) => name(r.unitId) },
        {
          key: 'state',
          label: t('status'),
          sort: (r) => (r.reported ? (r.reported.onTime ? 0 : 1) : 2),
          className: (r) => (r.reported ? (r.reported.onTime ? 'status done_on_time' : 'status done_late') : 'status overdue'),
          render: (r) => (r.reported ? `${label(STATUS, r.reported.onTime ? 'done_on_time' : 'done_late')} · ${viDateTime(r.reported.approvedAt)}` : t('notReported')),
        },
        { key: 'report', label: t('latestReport'), render: (r) => (r.reported ? <SubordinateReport assignmentId={r.reported.assignmentId} /> : '—') },
      ]}
    />
  );
}

export function AssignmentPage({ id }: { id: string }) {
  const { data: a, error, problem, reload } = useLoad(() => api.get<Detail>(`/assignments/${id}`), [id]);
  const { notice, act } = useAction(reload);
  const name = useUnitNames();
  const figures = useAssignmentReport(id, a?.version ?? 0); // issue 17: a task with a report form is reported through it
  if (error) return <ErrorView problem={problem} />;
  if (!a) return <Loading />;
  const can = (x: AssignmentDetailView['allowedActions'][number]) => a.allowedActions.includes(x);
  const admin = session.me()?.roles.includes('admin');

  const onSubmit = formAction(act, async (f) => {
    const attachmentIds: string[] = [];
    const file = f.get('file');
    if (file instanceof File && file.size > 0) {
      const body = new FormData();
      body.append('file', file, file.name);
      attachmentIds.push((await api.post<AttachmentRef>(`/assignments/${id}/attachments`, body)).id);
    }
    await api.post(`/assignments/${id}/submissions`, { text: String(f.get('text')), attachmentIds, expectedVersion: a.version });
  });
  const decide = (kind: 'approve' | 'return') =>
    formAction(act, (f) => {
      const comment = String(f.get('comment') ?? '');
      return api.post(`/assignments/${id}/${kind}`, kind === 'approve' ? { comment: comment || null, expectedVersion: a.version } : { comment, expectedVersion: a.version });
    });
  const answers = a.children.filter((c) => c.kind === 'coordination');
  const others = a.children.filter((c) => c.kind !== 'coordination');

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
        <dd>{a.unitName ?? name(a.unitId)}</dd>
        <dt>{t('due')}</dt>
        <dd>{viDate(a.due)}</dd>
        <dt>{t('state')}</dt>
        <dd data-testid="state">{label(STATE, a.state)}</dd>
        <dt>{t('status')}</dt>
        <dd className={`status ${a.reportedStatus}`}>{label(STATUS, a.reportedStatus)}</dd>
      </dl>
      {a.kind === 'coordination' ? <CoordinationAsk a={a} /> : a.content ? <p className="content">{a.content}</p> : null}
      <NoticeView notice={notice} />
      <div className="actions">
        {can('acknowledge') ? (
          <button type="button" onClick={() => act(() => api.post(`/assignments/${id}/acknowledge`, { expectedVersion: a.version }))}>
            {t('acknowledge')}
          </button>
        ) : null}
      </div>
      {a.consolidation && a.consolidation.expected.length ? <Consolidation a={a} /> : null}
      <ReportSection a={a} report={figures.report} onDone={reload} />
      <ExplanationRequests a={a} act={act} />
      {can('submit') && figures.hasForm === false ? (
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
          <form onSubmit={decide('approve')} aria-label={t('approve')}>
            <label>
              {t('comment')}
              <input name="comment" />
            </label>
            <button type="submit">{t('approve')}</button>
          </form>
          <form onSubmit={decide('return')} aria-label={t('return')}>
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
        <form onSubmit={formAction(act, (f) => api.post(`/assignments/${id}/extension-requests`, { requestedDue: f.get('requestedDue'), reason: f.get('reason') }))} aria-label={t('extension')}>
          <DateInput label={t('newDue')} name="requestedDue" required />
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
          onSubmit={formAction(act, (f) =>
            api.post(`/assignments/${id}/coordination-requests`, {
              unitIds: String(f.get('unitIds')).split(',').map((x) => x.trim()).filter(Boolean),
              due: f.get('due') || null,
              message: f.get('message'),
            }),
          )}
          aria-label={t('coordination')}
        >
          <UnitsPicker label={t('coordinators')} name="unitIds" required />
          <DateInput label={t('due')} name="due" />
          <label>
            {t('askedFor')}
            <input name="message" required />
          </label>
          <button type="submit" className="secondary">
            {t('coordination')}
          </button>
        </form>
      ) : null}
      {a.coordinationRequests.length ? (
        <section aria-labelledby="coord-h">
          <h2 id="coord-h">{t('coordination')}</h2>
          <ul>
            {a.coordinationRequests.map((c) => (
              <li key={c.id}>
                {viDateTime(c.createdAt)} · {c.unitIds.map(name).join(', ')} — {c.message}
                {c.due ? ` (${t('due')} ${viDate(c.due)})` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {answers.length ? (
        <DataTable
          caption={t('coordinationAnswers')}
          rows={answers}
          rowKey={(c) => c.id}
          testId="coordination-answers"
          columns={[
            { key: 'unit', label: t('unit'), sort: (c) => c.unitName, render: (c) => c.unitName },
            { key: 'state', label: t('state'), sort: (c) => label(STATE, c.state), render: (c) => label(STATE, c.state) },
            { key: 'report', label: t('latestReport'), render: (c) => (c.latestSubmission ? <SubmissionText s={c.latestSubmission} assignmentId={a.id} /> : '—') },
          ]}
        />
      ) : null}
      {others.length ? (
        <DataTable
          caption={t('children')}
          rows={others}
          rowKey={(c) => c.id}
          columns={[
            { key: 'unit', label: t('unit'), sort: (c) => c.unitName, render: (c) => <a href={`#/assignments/${c.id}`}>{c.unitName}</a> },
            { key: 'state', label: t('state'), sort: (c) => label(STATE, c.state), render: (c) => label(STATE, c.state) },
            { key: 'report', label: t('latestReport'), render: (c) => (c.latestSubmission ? <SubmissionText s={c.latestSubmission} assignmentId={a.id} /> : '—') },
          ]}
        />
      ) : null}
      {a.extensionRequests.length ? (
        <section aria-labelledby="ext-h">
          <h2 id="ext-h">{t('extension')}</h2>
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
        </section>
      ) : null}
      <h2>{t('submissions')}</h2>
      <ol className="submissions">
        {a.submissions.length === 0 ? <li className="muted">{t('none')}</li> : null}
        {a.submissions.map((s) => (
          <li key={s.version}>
            <SubmissionText s={s} assignmentId={id} />
          </li>
        ))}
      </ol>
      <h2>{t('comments')}</h2>
      <ul className="comments">
        {a.comments.map((c) => (
          <li key={c.id}>
            <time dateTime={c.createdAt}>{viDateTime(c.createdAt)}</time> {c.authorUnitId ? name(c.authorUnitId) : c.authorId}: {c.text}
          </li>
        ))}
      </ul>
      {can('comment') ? (
        <form onSubmit={formAction(act, (f) => api.post(`/assignments/${id}/comments`, { text: f.get('text') }))} aria-label={t('comments')}>
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
        {admin && a.temporalUrl ? (
          <>
            {' '}
            · <a href={a.temporalUrl}>{t('temporalUi')}</a>
          </>
        ) : null}
      </p>
    </article>
  );
}

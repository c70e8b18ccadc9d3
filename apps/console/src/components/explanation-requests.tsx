// Explanation requests (yêu cầu giải trình): on an overdue assignment a supervisor of the reviewer unit asks why;
// the unit answers with a reason and the date by which it will finish. Shown on the assignment page (and its
// history) and listed on the dashboard.
import type { AssignmentDetailView, DashboardExplanation } from '@khflow/contracts';
import { api } from '../api';
import { DateInput } from './date-input';
import { viDate, viDateTime } from '../dates';
import { currentLang } from '../i18n';
import { formAction } from '../use-load';

const W = {
  title: ['Yêu cầu giải trình', 'Explanation requests'],
  ask: ['Yêu cầu giải trình', 'Ask for an explanation'],
  message: ['Nội dung yêu cầu', 'What to explain'],
  answer: ['Gửi giải trình', 'Send the explanation'],
  reason: ['Lý do chậm', 'Reason for the delay'],
  newDue: ['Hoàn thành trước ngày', 'To be finished by'],
  pending: ['Chờ giải trình', 'Waiting for the answer'],
  answered: ['Đã giải trình', 'Answered'],
  unit: ['Đơn vị', 'Unit'],
  task: ['Nhiệm vụ', 'Task'],
  due: ['Hạn', 'Due'],
  asked: ['Ngày yêu cầu', 'Asked on'],
} as const;
export const ew = (k: keyof typeof W) => W[k][currentLang() === 'vi' ? 0 : 1];

type Act = (fn: () => Promise<unknown>, form?: HTMLFormElement | null) => Promise<boolean>;

export function ExplanationRequests({ a, act }: { a: AssignmentDetailView; act: Act }) {
  const list = a.explanationRequests ?? [];
  const can = (x: AssignmentDetailView['allowedActions'][number]) => a.allowedActions.includes(x);
  const pending = list.find((x) => x.status === 'pending');
  if (!list.length && !can('request_explanation')) return null;
  return (
    <section aria-labelledby="explanations-h" className="explanations">
      <h2 id="explanations-h">{ew('title')}</h2>
      {list.length ? (
        <ul data-testid="explanations">
          {list.map((x) => (
            <li key={x.id}>
              {viDateTime(x.requestedAt)} — {x.message} — <strong>{ew(x.status)}</strong>
              {x.status === 'answered' ? (
                <>
                  : {x.reason} ({ew('newDue')} {viDate(x.newDue)}, {viDateTime(x.answeredAt)})
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {can('request_explanation') ? (
        <form onSubmit={formAction(act, (f) => api.post(`/assignments/${a.id}/explanation-requests`, { message: f.get('message'), expectedVersion: a.version }))} aria-label={ew('ask')}>
          <label>
            {ew('message')}
            <input name="message" required />
          </label>
          <button type="submit" className="secondary">
            {ew('ask')}
          </button>
        </form>
      ) : null}
      {pending && can('answer_explanation') ? (
        <form onSubmit={formAction(act, (f) => api.post(`/assignments/${a.id}/explanation-requests/${pending.id}/answer`, { reason: f.get('reason'), newDue: f.get('newDue') }))} aria-label={ew('answer')}>
          <label>
            {ew('reason')}
            <input name="reason" required />
          </label>
          <DateInput label={ew('newDue')} name="newDue" required />
          <button type="submit">{ew('answer')}</button>
        </form>
      ) : null}
    </section>
  );
}

/** The dashboard's list: requests waiting for an answer first, then the answers of the last 30 days. */
export function DashboardExplanations({ items }: { items: DashboardExplanation[] | undefined }) {
  if (!items?.length) return null;
  return (
    <section aria-labelledby="dash-explanations-h">
      <table data-testid="dashboard-explanations">
        <caption id="dash-explanations-h">{ew('title')}</caption>
        <thead>
          <tr>
            <th scope="col">{ew('unit')}</th>
            <th scope="col">{ew('task')}</th>
            <th scope="col">{ew('due')}</th>
            <th scope="col">{ew('asked')}</th>
            <th scope="col">{ew('reason')}</th>
            <th scope="col">{ew('newDue')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((x) => (
            <tr key={x.id}>
              <td>{x.unitName}</td>
              <td>
                <a href={`#/assignments/${x.assignmentId}`}>{x.title}</a>
              </td>
              <td>{viDate(x.due)}</td>
              <td>{viDateTime(x.requestedAt)}</td>
              <td>{x.status === 'answered' ? x.reason : <em>{ew('pending')}</em>}</td>
              <td>{viDate(x.newDue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// The report-form part of an assignment page: when the task has a report form, the unit fills it (instead of the
// plain text submission, which the API refuses for such tasks), a consolidating level sees its subordinates'
// figures side by side and adds its own, and every submission's figures are listed with the form they answered.
import type { AssignmentDetailView } from '@khflow/contracts';
import { api } from '../api';
import { viDateTime } from '../dates';
import { useLoad } from '../use-load';
import { ReportConsolidated } from './report-consolidated';
import { ReportFill } from './report-fill';
import { type AssignmentReport, rw } from './report-types';

/** The assignment's report form and figures; `hasForm` is null while loading. */
export function useAssignmentReport(assignmentId: string, version: number): { report: AssignmentReport | null; hasForm: boolean | null; reload: () => void } {
  const { data, problem, reload } = useLoad(() => api.get<AssignmentReport>(`/assignments/${assignmentId}/report`), [assignmentId, version]);
  return { report: data, hasForm: data ? !!data.form : problem ? false : null, reload };
}

const shown = (v: unknown) => (v === true ? rw('yes') : v === false ? rw('no') : v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function ReportSection({ a, report, onDone }: { a: AssignmentDetailView; report: AssignmentReport | null; onDone: () => void }) {
  if (!report?.form) return null;
  const fields = report.form.fields;
  const canSubmit = a.allowedActions.includes('submit');
  const last = report.submissions.at(-1);
  return (
    <>
      {a.kind === 'consolidation' ? (
        <ReportConsolidated taskId={a.taskId} unitId={a.unitId} canFill={canSubmit} version={a.version} onDone={onDone} />
      ) : canSubmit ? (
        <ReportFill assignmentId={a.id} fields={fields} version={a.version} initial={last?.figures} onDone={onDone} />
      ) : null}
      {report.submissions.length ? (
        <table className="report-consolidated" data-testid="report-submissions">
          <caption>{rw('figures')}</caption>
          <thead>
            <tr>
              <th scope="col">v</th>
              {fields.map((f) => (
                <th scope="col" key={f.key}>
                  {f.label}
                </th>
              ))}
              <th scope="col">{rw('comment')}</th>
            </tr>
          </thead>
          <tbody>
            {report.submissions.map((s) => (
              <tr key={s.submissionVersion}>
                <th scope="row">
                  v{s.submissionVersion} · {viDateTime(s.submittedAt)}
                </th>
                {fields.map((f) => (
                  <td key={f.key} className="num">
                    {shown(s.figures[f.key])}
                  </td>
                ))}
                <td>{s.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

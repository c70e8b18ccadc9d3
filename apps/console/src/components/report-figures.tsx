// A plan's figures (GET /reports/plans/{id}/figures) beside its progress tree and on the dashboard: each task with
// a report form, the totals as the issuer sees them, how many units reported and which are missing.
import { api, ApiError } from '../api';
import { ErrorView } from './feedback';
import { useLoad } from '../use-load';
import { type PlanFigures, rw, showValue } from './report-types';

export function PlanFiguresView({ figures }: { figures: PlanFigures }) {
  if (!figures.tasks.length) return null;
  return (
    <section aria-labelledby={`figures-${figures.planId}`} className="report-section" data-testid="plan-figures">
      <h2 id={`figures-${figures.planId}`}>{rw('figures')}</h2>
      {figures.tasks.map((t) => (
        <table key={t.taskId} className="report-consolidated">
          <caption>
            {t.ref}. {t.title} — {rw('reportedOf')} {t.reported}/{t.expected}
          </caption>
          <thead>
            <tr>
              {t.form.fields.map((f) => (
                <th scope="col" key={f.key}>
                  {f.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {t.form.fields.map((f) => (
                <td key={f.key} className="num">
                  {showValue(f, t.totals[f.key])}
                </td>
              ))}
            </tr>
          </tbody>
          {t.missing.length ? (
            <tfoot>
              <tr>
                <td colSpan={t.form.fields.length}>
                  {rw('missing')}: {t.missing.map((m) => m.unitName).join(', ')}
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      ))}
    </section>
  );
}

/** Loads and shows a plan's figures; nothing when the plan has no report form (or the reader may not see them). */
export function PlanFigures({ planId }: { planId: string }) {
  const { data, problem } = useLoad(() => api.get<PlanFigures>(`/reports/plans/${planId}/figures`).catch((e) => (e instanceof ApiError && (e.status === 403 || e.status === 404) ? null : Promise.reject(e))), [planId]);
  if (problem) return <ErrorView problem={problem} />;
  return data ? <PlanFiguresView figures={data} /> : null;
}

/** On the dashboard: the figures of the plans in the reader's scope (the first few with report forms). */
export function DashboardFigures({ planIds }: { planIds: string[] }) {
  return (
    <>
      {planIds.slice(0, 5).map((id) => (
        <PlanFigures key={id} planId={id} />
      ))}
    </>
  );
}

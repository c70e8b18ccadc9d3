// A plan's figures (GET /reports/plans/{id}/figures) beside its progress tree, in each consolidating node of the tree,
// and on the dashboard: each task with
// a report form, the totals as the issuer sees them, how many units reported and which are missing.
import { useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorView } from './feedback';
import { useLoad } from '../use-load';
import { type ConsolidatedResponse, type PlanFigures, type ReportField, rw, showValue } from './report-types';

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

/** A read the reader may not be allowed (403) or that has nothing (404) is shown as nothing, not as an error. */
const orNothing = <T,>(p: Promise<T>) => p.catch((e) => (e instanceof ApiError && (e.status === 403 || e.status === 404) ? null : Promise.reject(e)));

/** A plan's figures (null when it has no report form or the reader may not see them). */
export function usePlanFigures(planId: string) {
  return useLoad(() => orNothing(api.get<PlanFigures>(`/reports/plans/${planId}/figures`)), [planId]);
}

/** Loads and shows a plan's figures; nothing when the plan has no report form (or the reader may not see them). */
export function PlanFigures({ planId }: { planId: string }) {
  const { data, problem } = usePlanFigures(planId);
  if (problem) return <ErrorView problem={problem} />;
  return data ? <PlanFiguresView figures={data} /> : null;
}

/** Field kinds whose consolidated value fits on one line of a tree node (texts, lists, files and tables do not). */
const fitsInNode = (f: ReportField) => ['number', 'percent', 'yes_no', 'date'].includes(f.type) && f.consolidate !== 'list' && f.consolidate !== 'none';

/**
 * Inside a node of the progress tree: the unit's own consolidated figures for each task with a report form, read
 * when the reader opens it (a tree of thousands of units must not ask for thousands of views at once).
 */
export function NodeFigures({ unitId, tasks }: { unitId: string; tasks: { taskId: string }[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="node-figures" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{rw('figures')}</summary>
      {open ? tasks.map((t) => <NodeTaskFigures key={t.taskId} taskId={t.taskId} unitId={unitId} />) : null}
    </details>
  );
}

function NodeTaskFigures({ taskId, unitId }: { taskId: string; unitId: string }) {
  const { data: c, problem } = useLoad(() => orNothing(api.get<ConsolidatedResponse>(`/reports/tasks/${taskId}/consolidated?unitId=${encodeURIComponent(unitId)}`)), [taskId, unitId]);
  if (problem) return <ErrorView problem={problem} />;
  if (!c) return null;
  const values = c.form.fields.filter(fitsInNode).map((f) => `${f.label}: ${showValue(f, c.totals[f.key])}`);
  return (
    <p data-testid={`node-figures-${unitId}-${taskId}`}>
      {c.taskRef}. {values.join('; ') || '—'} — {rw('reportedOf')} {c.reported.length}/{c.expectedCount}
      {c.missing.length ? ` · ${rw('missing')}: ${c.missing.map((m) => m.unitName).join(', ')}` : ''}
    </p>
  );
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

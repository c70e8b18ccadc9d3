// A plan's figures (GET /reports/plans/{id}/figures) beside its progress tree, in each consolidating node of the tree,
// and on the dashboard: each task with
// a report form, the totals as the issuer sees them, how many units reported and which are missing.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
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

/** GET /reports/units/figures: per unit, per task with a report form, its consolidated figures. */
export interface UnitFigures {
  units: { unitId: string; tasks: { planId: string; taskId: string; ref: string; title: string; periodKey: string; form: { fields: ReportField[] }; totals: ConsolidatedResponse['totals']; reported: number; expected: number; state: string }[] }[];
}

/** Plans and units one read may name (the API's bounds). */
const MAX_PLANS = 10;
const MAX_UNITS = 100;

interface UnitFiguresStore {
  /** A cell on screen asks for its unit; the asks of one render are read together. */
  want: (unitId: string) => void;
  figures: Map<string, UnitFigures['units'][number]['tasks']>;
  failed: boolean;
}
const UnitFiguresContext = createContext<UnitFiguresStore | null>(null);

/**
 * The figures of the dashboard's unit rows on screen, read in one request: each UnitFiguresCell that mounts (the
 * current page of the table) asks for its unit, and the asks are gathered until the render is done; another page
 * asks for its new rows once. Nothing is read when no plan is given.
 */
export function UnitFiguresProvider({ planIds, children }: { planIds: string[]; children: ReactNode }) {
  const [figures, setFigures] = useState<UnitFiguresStore['figures']>(() => new Map());
  const [failed, setFailed] = useState(false);
  const asked = useRef(new Set<string>());
  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const plans = planIds.slice(0, MAX_PLANS).join(',');
  const flush = useCallback(() => {
    timer.current = null;
    const ids = [...pending.current];
    pending.current.clear();
    for (let i = 0; i < ids.length; i += MAX_UNITS) {
      const part = ids.slice(i, i + MAX_UNITS);
      api.get<UnitFigures>(`/reports/units/figures?planIds=${plans}&unitIds=${part.map(encodeURIComponent).join(',')}`).then(
        (r) => setFigures((m) => new Map([...m, ...r.units.map((u) => [u.unitId, u.tasks] as const)])),
        () => setFailed(true),
      );
    }
  }, [plans]);
  const want = useCallback(
    (unitId: string) => {
      if (!plans || asked.current.has(unitId)) return;
      asked.current.add(unitId);
      pending.current.add(unitId);
      timer.current ??= setTimeout(flush, 0);
    },
    [plans, flush],
  );
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const store = useMemo(() => ({ want, figures, failed }), [want, figures, failed]);
  return <UnitFiguresContext.Provider value={store}>{children}</UnitFiguresContext.Provider>;
}

/** One dashboard row's figures: per task with a report form, its key figures and reported of expected. */
export function UnitFiguresCell({ unitId }: { unitId: string }) {
  const store = useContext(UnitFiguresContext);
  useEffect(() => store?.want(unitId), [store, unitId]);
  const tasks = store?.figures.get(unitId);
  if (!tasks) return <>{store?.failed ? '—' : ''}</>;
  if (!tasks.length) return <>—</>;
  return (
    <ul className="unit-figures" data-testid={`unit-figures-${unitId}`}>
      {tasks.map((t) => {
        const values = t.form.fields.filter(fitsInNode).slice(0, 3).map((f) => `${f.label}: ${showValue(f, t.totals[f.key])}`);
        return (
          <li key={`${t.taskId}:${t.periodKey}`} title={t.title}>
            {t.ref}. {values.join('; ') || '—'}
            {t.expected ? ` — ${rw('reportedOf')} ${t.reported}/${t.expected}` : ''}
          </li>
        );
      })}
    </ul>
  );
}

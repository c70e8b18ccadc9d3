import { useState } from 'react';
import type { Page, PlanView, ProgressView, TaskView, UnitView } from '@khflow/contracts';
import { NodeFigures, PlanFiguresView, usePlanFigures } from '../components/report-figures';
import { ReportFormsPanel } from '../components/report-forms-panel';
import { api, session } from '../api';
import { DataTable } from '../components/data-table';
import { DateInput } from '../components/date-input';
import { ErrorView, Loading, NoticeView } from '../components/feedback';
import { UnitPicker, UnitsPicker } from '../components/unit-picker';
import { viDate, viDatesInText } from '../dates';
import { currentLang, label, STATE, STATUS, t } from '../i18n';
import { draftWarnings } from './draft-editor.util';
import { rememberUnits, useUnitNames } from '../unit-names';
import { formAction, useAction, useLoad } from '../use-load';

const STATUSES = ['done_on_time', 'done_late', 'in_progress_on_time', 'overdue', 'returned', 'cancelled'] as const;

const hasLead = (task: TaskView) => task.lead.some((x) => x.unitId || x.group);
const clean = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/** The PUT /plans/{id} body for a draft, with the titles, lead units and due dates a person corrected. */
export function correctedSpec(plan: PlanView, edits: { leads: Record<string, string>; dues: Record<string, string>; titles: Record<string, string> }) {
  const { leads, dues, titles } = edits;
  const target = (x: TaskView['lead'][number]) => clean({ text: x.text, unitId: x.unitId, group: x.group ? clean(x.group) : null });
  return clean({
    number: plan.number,
    title: plan.title,
    issuerUnitId: plan.issuerUnitId,
    issuedAt: plan.issuedAt,
    place: plan.place,
    description: plan.description,
    basis: plan.basis.map((b) => clean(b)),
    tasks: plan.tasks.map((task) =>
      clean({
        id: task.id,
        ref: task.ref,
        title: titles[task.id]?.trim() || task.title,
        content: task.content,
        lead: leads[task.id] ? [...task.lead.filter((x) => x.unitId || x.group).map(target), { unitId: leads[task.id] }] : task.lead.map(target),
        coordinators: task.coordinators.map(target),
        timeframe: clean({
          ...task.timeframe,
          ...(dues[task.id] ? { kind: 'once' as const, due: dues[task.id] } : {}),
          recurrence: task.timeframe.recurrence ? clean(task.timeframe.recurrence) : null,
        }),
        reviewerUnitId: task.reviewerUnitId,
        consolidate: task.consolidate,
        lines: task.lines,
      }),
    ),
  });
}

/** The body of POST /plans/{id}/amendments from the amendment form's fields. */
export function amendmentBody(f: FormData) {
  const type = String(f.get('type'));
  const taskId = f.get('taskId');
  const unitIds = String(f.get('unitIds') ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const op = type === 'change_due' ? { type, taskId, due: f.get('due') || null } : type === 'cancel_task' ? { type, taskId } : { type, taskId, unitIds };
  return { reason: f.get('reason'), op };
}

/** The plan's units as the reporting tree (each unit under the one it reports to), coloured by status. */
function ProgressTree({ progress, units, formTasks }: { progress: ProgressView; units: UnitView[]; formTasks: { taskId: string }[] }) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const name = useUnitNames();
  const counted = new Map(progress.byUnit.map((u) => [u.unitId, u]));
  const up = (id: string) => byId.get(id)?.reportsToId ?? byId.get(id)?.parentId ?? null;
  // Keep the units with work and every unit on their way up, then nest them.
  const shown = new Set<string>();
  for (const id of counted.keys()) for (let u: string | null = id; u && !shown.has(u); u = up(u)) shown.add(u);
  const children = (parent: string | null) => [...shown].filter((id) => (up(id) && shown.has(up(id)!) ? up(id) : null) === parent).sort();
  const main = (id: string) => {
    const c = counted.get(id);
    if (!c) return null;
    return STATUSES.find((s) => s === 'overdue' && c.counts[s]) ?? STATUSES.find((s) => s === 'returned' && c.counts[s]) ?? STATUSES.find((s) => s === 'in_progress_on_time' && c.counts[s]) ?? STATUSES.find((s) => c.counts[s]) ?? null;
  };
  const render = (id: string) => {
    const c = counted.get(id);
    const s = main(id);
    return (
      <li key={id}>
        <span className={s ? `status ${s}` : 'muted'}>
          {byId.get(id)?.name ?? name(id)}
          {c ? ` — ${STATUSES.filter((k) => c.counts[k]).map((k) => `${label(STATUS, k)}: ${c.counts[k]}`).join(', ')}` : ''}
        </span>
        {c?.consolidation ? (
          <small className="consolidation">
            {' '}
            · {t('reported')} {c.consolidation.reported.length}/{c.consolidation.expected.length}
            {c.consolidation.expected.length > c.consolidation.reported.length
              ? ` · ${t('waitingFor')}: ${c.consolidation.expected.filter((x) => !c.consolidation!.reported.includes(x)).map((x) => byId.get(x)?.name ?? name(x)).join(', ')}`
              : ''}
          </small>
        ) : null}
        {c?.consolidation && formTasks.length ? <NodeFigures unitId={id} tasks={formTasks} /> : null}
        {children(id).length ? <ul>{children(id).map(render)}</ul> : null}
      </li>
    );
  };
  return (
    <section aria-labelledby="progress-tree-h">
      <h2 id="progress-tree-h">{t('progressTree')}</h2>
      <ul className="tree">{children(null).map(render)}</ul>
    </section>
  );
}

export function PlanPage({ id }: { id: string }) {
  const { data: plan, error, problem, reload } = useLoad(() => api.get<PlanView>(`/plans/${id}`), [id]);
  const { data: progress } = useLoad(() => api.get<ProgressView>(`/plans/${id}/progress`), [id]);
  const figures = usePlanFigures(id);
  const { notice, act } = useAction(reload);
  const [leads, setLeads] = useState<Record<string, string>>({});
  const [lines, setLines] = useState<[number, number] | null>(null);
  const [amendType, setAmendType] = useState('change_due');
  const [dues, setDues] = useState<Record<string, string>>({});
  const [titles, setTitles] = useState<Record<string, string>>({});
  const { data: units } = useLoad(() => api.get<Page<UnitView>>('/units?limit=200').then((p) => (rememberUnits(p.items), p)), []);
  const name = useUnitNames();
  if (error) return <ErrorView problem={problem} />;
  if (!plan) return <Loading />;
  const me = session.me();
  const owner = me?.roles.some((r) => r === 'plan_owner' || r === 'admin');
  const admin = me?.roles.includes('admin');
  const draft = plan.status === 'draft';
  const editing = owner && draft;
  // Import warnings help correct the draft; once launched they only distract.
  const warnings = draft ? draftWarnings(plan, currentLang()).map((w) => w.text) : [];
  const launch = () => act(() => api.post(`/plans/${id}/launch`));
  const saveDraft = () => act(() => api.put(`/plans/${id}`, correctedSpec(plan!, { leads, dues, titles })).then(() => (setLeads({}), setDues({}), setTitles({}))));
  const targetText = (x: TaskView['lead'][number]) => (x.unitId ? name(x.unitId) : (x.text ?? x.group?.kinds?.join(', ') ?? '—'));
  return (
    <article>
      <h1>{plan.title}</h1>
      <dl className="facts">
        <dt>{t('number')}</dt>
        <dd>{plan.number ?? '—'}</dd>
        <dt>{t('issuer')}</dt>
        <dd>{plan.issuerName}</dd>
        <dt>{t('state')}</dt>
        <dd data-testid="plan-status">{label(STATE, plan.status)}</dd>
        <dt>{t('issuedAt')}</dt>
        <dd>{viDate(plan.issuedAt)}</dd>
      </dl>
      <NoticeView notice={notice} />
      {editing ? (
        <p className="actions">
          {Object.keys(leads).length || Object.values(dues).some(Boolean) || Object.keys(titles).length ? (
            <button type="button" onClick={saveDraft}>
              {t('save')}
            </button>
          ) : null}{' '}
          <button type="button" onClick={launch}>
            {t('launch')}
          </button>{' '}
          <a href={`#/plans/${id}/draft`}>{currentLang() === 'vi' ? 'Sửa toàn bộ dự thảo (đơn vị, thời hạn, tách, gộp, thêm, xóa, nhập lại)' : 'Edit the whole draft (units, dates, split, merge, add, delete, import again)'}</a>
        </p>
      ) : null}
      {owner && plan.status === 'active' ? (
        <div className="decide">
          <form aria-label={t('amend')} onSubmit={formAction(act, async (f) => api.post(`/plans/${id}/amendments`, amendmentBody(f)))}>
            <h2>{t('amend')}</h2>
            <label>
              {t('task')}
              <select name="taskId" required>
                {plan.tasks
                  .filter((x) => x.status === 'active' && x.timeframe.kind !== 'recurring')
                  .map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.ref}. {x.title.slice(0, 60)}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {t('change')}
              <select name="type" value={amendType} onChange={(e) => setAmendType(e.target.value)}>
                <option value="change_due">{t('changeDue')}</option>
                <option value="cancel_task">{t('cancelTask')}</option>
                <option value="add_units">{t('addUnits')}</option>
                <option value="remove_units">{t('removeUnits')}</option>
              </select>
            </label>
            {amendType === 'change_due' ? <DateInput label={t('newDue')} name="due" required /> : null}
            {amendType === 'add_units' || amendType === 'remove_units' ? <UnitsPicker key={amendType} label={amendType === 'add_units' ? t('addUnits') : t('removeUnits')} name="unitIds" required /> : null}
            <label>
              {t('reason')}
              <input name="reason" required />
            </label>
            <button type="submit">{t('apply')}</button>
          </form>
          <form aria-label={t('close')} onSubmit={formAction(act, (f) => api.post(`/plans/${id}/close`, { reason: f.get('reason'), outcome: f.get('outcome') }))}>
            <h2>{t('close')}</h2>
            <label>
              {t('reason')}
              <input name="reason" required />
            </label>
            <label>
              {t('state')}
              <select name="outcome">
                <option value="closed">{label(STATE, 'closed')}</option>
                <option value="cancelled">{label(STATE, 'cancelled')}</option>
              </select>
            </label>
            <button type="submit" className="secondary">
              {t('close')}
            </button>
          </form>
        </div>
      ) : null}
      {warnings.length ? (
        <section className="warnings" aria-labelledby="warnings-h">
          <h2 id="warnings-h">
            {t('warnings')} ({warnings.length})
          </h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{viDatesInText(w)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <DataTable
        caption={t('task')}
        rows={plan.tasks}
        rowKey={(task) => task.id}
        pageSize={100}
        testId="tasks"
        columns={[
          { key: 'ref', label: '#', sort: (task) => task.position, render: (task) => task.ref },
          {
            key: 'title',
            label: t('task'),
            sort: (task) => task.title,
            render: (task) =>
              editing ? <textarea aria-label={`${t('task')} ${task.ref}`} rows={2} value={titles[task.id] ?? task.title} onChange={(e) => setTitles({ ...titles, [task.id]: e.target.value })} /> : task.title,
          },
          {
            key: 'lead',
            label: t('lead'),
            sort: (task) => task.lead.map(targetText).join('; '),
            className: (task) => (hasLead(task) ? undefined : 'unresolved'),
            render: (task) => (
              <>
                {task.lead.map(targetText).join('; ') || '—'}
                {!hasLead(task) && editing ? <UnitPicker label={`${t('chooseLead')} ${task.ref}`} value={leads[task.id] ?? ''} onChange={(v) => setLeads({ ...leads, [task.id]: v })} /> : null}
              </>
            ),
          },
          { key: 'coordinators', label: t('coordinators'), sort: (task) => task.coordinators.map(targetText).join('; '), render: (task) => task.coordinators.map(targetText).join('; ') },
          {
            key: 'due',
            label: t('due'),
            sort: (task) => task.timeframe.due ?? null,
            render: (task) => (
              <>
                {task.timeframe.due ? viDate(task.timeframe.due) : (task.timeframe.text ?? '—')}
                {editing && task.timeframe.kind !== 'recurring' ? <DateInput label={`${t('due')} ${task.ref}`} visibleLabel={false} onChange={(v) => setDues({ ...dues, [task.id]: v })} /> : null}
              </>
            ),
          },
          {
            key: 'lines',
            label: t('lines'),
            sort: (task) => task.lines?.[0] ?? null,
            render: (task) =>
              task.lines ? (
                <a href={`#/plans/${plan.id}`} onClick={(e) => (e.preventDefault(), setLines(task.lines))}>
                  {task.lines[0]}–{task.lines[1]}
                </a>
              ) : (
                ''
              ),
          },
        ]}
      />
      {plan.source?.text ? (
        <section className="source" aria-labelledby="source-h">
          <h2 id="source-h">
            {t('sourceText')} — {plan.source.fileName}
          </h2>
          <ol className="source-lines" tabIndex={0} aria-label={t('sourceText')}>
            {plan.source.text.split('\n').map((line, i) => (
              <li
                key={i}
                className={lines && i + 1 >= lines[0] && i + 1 <= lines[1] ? 'hl' : undefined}
                ref={(el) => {
                  if (el && lines && i + 1 === lines[0]) el.scrollIntoView({ block: 'center' });
                }}
              >
                {line || ' '}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {owner && !admin ? <ReportFormsPanel plan={plan} /> : null}
      {progress && progress.byUnit.length ? <ProgressTree progress={progress} units={units?.items ?? []} formTasks={figures.data?.tasks ?? []} /> : null}
      {figures.problem ? <ErrorView problem={figures.problem} /> : null}
      {progress && progress.byUnit.length && figures.data ? <PlanFiguresView figures={figures.data} /> : null}
      {progress && progress.byUnit.length ? (
        <DataTable
          caption={t('progress')}
          rows={progress.byUnit}
          rowKey={(u) => u.unitId}
          columns={[
            { key: 'unit', label: t('unit'), sort: (u) => u.unitName, render: (u) => u.unitName },
            ...STATUSES.map((s) => ({ key: s, label: label(STATUS, s), sort: (u: ProgressView['byUnit'][number]) => u.counts[s] ?? 0, className: (u: ProgressView['byUnit'][number]) => (u.counts[s] ? `status ${s}` : undefined), render: (u: ProgressView['byUnit'][number]) => u.counts[s] || '' })),
          ]}
        />
      ) : null}
      <p>
        <a href={`#/history/plans/${plan.id}`}>{t('history')}</a>
        {admin && plan.temporalUrl ? (
          <>
            {' '}
            · <a href={plan.temporalUrl}>{t('temporalUi')}</a>
          </>
        ) : null}
      </p>
    </article>
  );
}

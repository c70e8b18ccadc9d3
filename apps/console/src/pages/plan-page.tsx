import { type FormEvent, useState } from 'react';
import type { Page, PlanView, ProgressView, TaskView, UnitView } from '@khflow/contracts';
import { api, session } from '../api';
import { label, STATE, STATUS, t, viDate } from '../i18n';
import { useAction, useLoad } from '../use-load';

const STATUSES = ['done_on_time', 'done_late', 'in_progress_on_time', 'overdue', 'returned', 'cancelled'] as const;

const hasLead = (task: TaskView) => task.lead.some((x) => x.unitId || x.group);
const clean = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/** The PUT /plans/{id} body for a draft, with the titles, lead units and due dates a person corrected. */
function correctedSpec(plan: PlanView, edits: { leads: Record<string, string>; dues: Record<string, string>; titles: Record<string, string> }) {
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

/** A unit chosen by typing part of its name or id; suggestions come from the directory search (any size). */
function UnitPicker({ label: text, value, onChange }: { label: string; value: string; onChange: (unitId: string) => void }) {
  const [q, setQ] = useState('');
  const { data } = useLoad(() => (q.trim().length >= 2 ? api.get<Page<UnitView>>(`/units?q=${encodeURIComponent(q.trim())}&limit=20`) : Promise.resolve(null)), [q]);
  const listId = `units-${text.replace(/\W+/g, '-')}`;
  return (
    <>
      <input
        aria-label={text}
        list={listId}
        value={value}
        placeholder={t('chooseLead')}
        onChange={(e) => {
          setQ(e.target.value);
          onChange(e.target.value.trim());
        }}
      />
      <datalist id={listId}>
        {(data?.items ?? []).map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** The plan's units as the reporting tree (each unit under the one it reports to), coloured by status. */
function ProgressTree({ progress, units }: { progress: ProgressView; units: UnitView[] }) {
  const byId = new Map(units.map((u) => [u.id, u]));
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
          {byId.get(id)?.name ?? id}
          {c ? ` — ${STATUSES.filter((k) => c.counts[k]).map((k) => `${label(STATUS, k)}: ${c.counts[k]}`).join(', ')}` : ''}
        </span>
        {c?.consolidation ? (
          <small className="consolidation">
            {' '}
            · {t('reported')} {c.consolidation.reported.length}/{c.consolidation.expected.length}
            {c.consolidation.expected.length > c.consolidation.reported.length
              ? ` · ${t('waitingFor')}: ${c.consolidation.expected.filter((x) => !c.consolidation!.reported.includes(x)).map((x) => byId.get(x)?.name ?? x).join(', ')}`
              : ''}
          </small>
        ) : null}
        {children(id).length ? <ul>{children(id).map(render)}</ul> : null}
      </li>
    );
  };
  return (
    <section aria-label={t('progressTree')}>
      <h2>{t('progressTree')}</h2>
      <ul className="tree">{children(null).map(render)}</ul>
    </section>
  );
}

export function PlanPage({ id }: { id: string }) {
  const { data: plan, error, reload } = useLoad(() => api.get<PlanView>(`/plans/${id}`), [id]);
  const { data: progress } = useLoad(() => api.get<ProgressView>(`/plans/${id}/progress`), [id]);
  const { message, act } = useAction(reload);
  const [leads, setLeads] = useState<Record<string, string>>({});
  const [lines, setLines] = useState<[number, number] | null>(null);
  const [amendType, setAmendType] = useState('change_due');
  const [dues, setDues] = useState<Record<string, string>>({});
  const [titles, setTitles] = useState<Record<string, string>>({});
  const { data: units } = useLoad(() => api.get<Page<UnitView>>('/units?limit=200'), []);
  const unitName = (unitId: string | null | undefined) => (unitId ? (units?.items.find((u) => u.id === unitId)?.name ?? unitId) : null);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!plan) return <p>…</p>;
  const owner = session.me()?.roles.some((r) => r === 'plan_owner' || r === 'admin');
  const warnings = plan.source?.warnings ?? [];
  const launch = () => act(() => api.post(`/plans/${id}/launch`));
  const saveDraft = () => act(() => api.put(`/plans/${id}`, correctedSpec(plan!, { leads, dues, titles })).then(() => (setLeads({}), setDues({}), setTitles({}))));
  function onForm(e: FormEvent<HTMLFormElement>, send: (f: FormData) => Promise<unknown>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void act(() => send(f));
  }
  return (
    <article>
      <h1>{plan.title}</h1>
      <dl className="facts">
        <dt>Số</dt>
        <dd>{plan.number ?? '—'}</dd>
        <dt>{t('unit')}</dt>
        <dd>{plan.issuerName}</dd>
        <dt>{t('state')}</dt>
        <dd data-testid="plan-status">{label(STATE, plan.status)}</dd>
        <dt>Ngày</dt>
        <dd>{viDate(plan.issuedAt)}</dd>
      </dl>
      {message ? <p role="status">{message}</p> : null}
      {owner && plan.status === 'draft' ? (
        <p className="actions">
          {Object.keys(leads).length || Object.values(dues).some(Boolean) || Object.keys(titles).length ? (
            <button type="button" onClick={saveDraft}>
              {t('save')}
            </button>
          ) : null}{' '}
          <button type="button" onClick={launch}>
            {t('launch')}
          </button>
        </p>
      ) : null}
      {owner && plan.status === 'active' ? (
        <div className="decide">
          <form
            aria-label={t('amend')}
            onSubmit={(e) =>
              onForm(e, (f) => {
                const type = String(f.get('type'));
                const taskId = f.get('taskId');
                const unitIds = String(f.get('unitIds') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
                const op = type === 'change_due' ? { type, taskId, due: f.get('due') } : type === 'cancel_task' ? { type, taskId } : { type, taskId, unitIds };
                return api.post(`/plans/${id}/amendments`, { reason: f.get('reason'), op });
              })
            }
          >
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
            {amendType === 'change_due' ? (
              <label>
                {t('newDue')}
                <input name="due" type="date" required />
              </label>
            ) : null}
            {amendType === 'add_units' || amendType === 'remove_units' ? (
              <label>
                {t('units')} (mã đơn vị, cách nhau bởi dấu phẩy)
                <input name="unitIds" required />
              </label>
            ) : null}
            <label>
              {t('reason')}
              <input name="reason" required />
            </label>
            <button type="submit">{t('apply')}</button>
          </form>
          <form aria-label={t('close')} onSubmit={(e) => onForm(e, (f) => api.post(`/plans/${id}/close`, { reason: f.get('reason'), outcome: f.get('outcome') }))}>
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
        <section className="warnings" aria-label={t('warnings')}>
          <h2>
            {t('warnings')} ({warnings.length})
          </h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <table>
        <caption>{t('task')}</caption>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('task')}</th>
            <th>{t('lead')}</th>
            <th>{t('coordinators')}</th>
            <th>{t('due')}</th>
            <th>{t('lines')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.tasks.map((task) => (
            <tr key={task.id}>
              <td>{task.ref}</td>
              <td>
                {owner && plan.status === 'draft' ? (
                  <textarea aria-label={`${t('task')} ${task.ref}`} rows={2} value={titles[task.id] ?? task.title} onChange={(e) => setTitles({ ...titles, [task.id]: e.target.value })} />
                ) : (
                  task.title
                )}
              </td>
              <td className={hasLead(task) ? undefined : 'unresolved'}>
                {task.lead.map((x) => x.text ?? unitName(x.unitId) ?? x.group?.kinds?.join(', ')).join('; ') || '—'}
                {!hasLead(task) && owner && plan.status === 'draft' ? (
                  <UnitPicker label={`${t('chooseLead')} ${task.ref}`} value={leads[task.id] ?? ''} onChange={(v) => setLeads({ ...leads, [task.id]: v })} />
                ) : null}
              </td>
              <td>{task.coordinators.map((x) => x.text ?? unitName(x.unitId)).join('; ')}</td>
              <td>
                {task.timeframe.due ? viDate(task.timeframe.due) : (task.timeframe.text ?? '—')}
                {owner && plan.status === 'draft' && task.timeframe.kind !== 'recurring' ? (
                  <input type="date" aria-label={`${t('due')} ${task.ref}`} value={dues[task.id] ?? ''} onChange={(e) => setDues({ ...dues, [task.id]: e.target.value })} />
                ) : null}
              </td>
              <td>
                {task.lines ? (
                  <a href={`#/plans/${plan.id}`} onClick={(e) => (e.preventDefault(), setLines(task.lines))}>
                    {task.lines[0]}–{task.lines[1]}
                  </a>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.source?.text ? (
        <section className="source" aria-label={t('sourceText')}>
          <h2>
            {t('sourceText')} — {plan.source.fileName}
          </h2>
          <ol className="source-lines">
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
      {progress && progress.byUnit.length ? <ProgressTree progress={progress} units={units?.items ?? []} /> : null}
      {progress && progress.byUnit.length ? (
        <table>
          <caption>{t('progress')}</caption>
          <thead>
            <tr>
              <th>{t('unit')}</th>
              {STATUSES.map((s) => (
                <th key={s}>{label(STATUS, s)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {progress.byUnit.map((u) => (
              <tr key={u.unitId}>
                <td>{u.unitName}</td>
                {STATUSES.map((s) => (
                  <td key={s} className={u.counts[s] ? `status ${s}` : undefined}>
                    {u.counts[s] || ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <a href={`#/history/plans/${plan.id}`}>{t('history')}</a>
        {plan.temporalUrl ? (
          <>
            {' '}
            · <a href={plan.temporalUrl}>Temporal</a>
          </>
        ) : null}
      </p>
    </article>
  );
}

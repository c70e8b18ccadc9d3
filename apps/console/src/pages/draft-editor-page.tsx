// The draft a person confirms: every field of every task can be corrected (title, content, lead and coordinating
// units picked by name from the directory, due date or recurrence), tasks deleted, split, merged and added; the
// import's warnings stand beside the task and the source lines they concern; a corrected version of the document
// can be imported again, keeping the corrections made here (the API says which no longer apply).
import { type FormEvent, useId, useState } from 'react';
import { type CorrectionOutcome, FREQUENCIES, type Frequency, type PlanView, type ReimportResponse, type TargetSpec } from '@khflow/contracts';
import { ApiError, api, session } from '../api';
import { DateInput } from '../components/date-input';
import { ErrorView, Loading, ShownErrorView } from '../components/feedback';
import { useUnitSearch } from '../components/unit-picker';
import { viDate } from '../dates';
import { describeError, type ShownError } from '../errors';
import { currentLang, label, STATE, t } from '../i18n';
import { useUnitNames } from '../unit-names';
import { useLoad } from '../use-load';
import {
  addTask,
  deleteTask,
  draftBody,
  draftWarnings,
  type EditableTask,
  editableTasks,
  type PlanFields,
  localProblems,
  mergeWithNext,
  patchTask,
  splitTask,
  warningsByLine,
  warningsByTask,
  withDue,
  withFrequency,
  withRecurrenceDue,
} from './draft-editor.util';

const S = {
  editor: ['Sửa dự thảo', 'Edit the draft'],
  backToPlan: ['Về trang kế hoạch', 'Back to the plan'],
  title: ['Tên nhiệm vụ', 'Title'],
  ref: ['Số thứ tự', 'Number'],
  content: ['Nội dung', 'Content'],
  due: ['Hạn hoàn thành', 'Due date'],
  recurrence: ['Lặp lại', 'Recurrence'],
  noDue: ['Bỏ hạn', 'No due date'],
  planTitle: ['Tên kế hoạch', 'Plan title'],
  place: ['Địa danh', 'Place'],
  noRecurrence: ['Không lặp lại', 'Does not recur'],
  dueDay: ['Ngày đến hạn', 'Due day'],
  dueWeekday: ['Thứ đến hạn (1 = thứ Hai)', 'Due weekday (1 = Monday)'],
  offset: ['Của kỳ', 'Of the period'],
  delete: ['Xóa', 'Delete'],
  split: ['Tách', 'Split'],
  merge: ['Gộp với nhiệm vụ sau', 'Merge with the next'],
  add: ['Thêm nhiệm vụ sau', 'Add a task after'],
  addEnd: ['Thêm nhiệm vụ', 'Add a task'],
  undo: ['Bỏ các thay đổi', 'Discard changes'],
  changed: ['Có thay đổi chưa lưu', 'Unsaved changes'],
  needTitle: ['Tên nhiệm vụ không được để trống', 'The title must not be empty'],
  reimport: ['Nhập lại từ văn bản đã sửa', 'Import again from a corrected document'],
  reimportHint: ['Các sửa đổi đã lưu trên dự thảo được áp dụng lại nếu nhiệm vụ vẫn còn trong văn bản mới.', 'The corrections saved on the draft are applied again where their task is still in the new document.'],
  reimported: ['Kết quả nhập lại', 'Import again: outcome'],
  corrections: ['Sửa đổi đã ghi nhớ', 'Corrections remembered'],
  noTasks: ['Dự thảo chưa có nhiệm vụ', 'The draft has no tasks'],
  generalWarnings: ['Cần xem lại (toàn văn bản)', 'To review (whole document)'],
  taskWarnings: ['Cần xem lại', 'To review'],
  showLines: ['Xem dòng', 'Show lines'],
  add_unit: ['Thêm', 'Add'],
  remove: ['Bỏ', 'Remove'],
  typeName: ['Gõ tên đơn vị', 'Type a unit name'],
  none: ['Chưa có', 'None'],
  thisPeriod: ['tháng cuối kỳ', 'last month of the period'],
  nextPeriod: ['tháng đầu kỳ sau', 'first month of the next period'],
  thisWeek: ['cùng tuần', 'the same week'],
  nextWeek: ['tuần sau', 'the next week'],
} as const;
const s = (k: keyof typeof S) => S[k][currentLang() === 'vi' ? 0 : 1];

const FREQ_LABEL: Record<Frequency, [string, string]> = { weekly: ['Hằng tuần', 'Weekly'], monthly: ['Hằng tháng', 'Monthly'], quarterly: ['Hằng quý', 'Quarterly'], yearly: ['Hằng năm', 'Yearly'] };
const STATUS_LABEL: Record<CorrectionOutcome['status'], [string, string]> = {
  applied: ['Đã áp dụng lại', 'Re-applied'],
  in_document: ['Văn bản mới đã ghi', 'Now in the document'],
  task_gone: ['Không còn áp dụng', 'No longer applies'],
  document_changed: ['Văn bản đã đổi, cần xem lại', 'Document changed: check'],
};

/** Units of a task's lead or coordinators: chips by name, removable, and more picked by typing a name. */
export function TargetsEditor({ legend, targets, onChange, path }: { legend: string; targets: TargetSpec[]; onChange: (t: TargetSpec[]) => void; path: string }) {
  const [q, setQ] = useState('');
  const name = useUnitNames();
  const found = useUnitSearch(q, 8).filter((u) => !targets.some((x) => x.unitId === u.id));
  const shown = (x: TargetSpec) => (x.unitId ? name(x.unitId) : (x.text ?? x.group?.kinds?.join(', ') ?? '—'));
  return (
    <fieldset className="units-picker" data-path={path}>
      <legend>{legend}</legend>
      <ul className="chips" aria-label={`${legend}: ${t('chosenUnits')}`}>
        {targets.length === 0 ? <li className="muted">{s('none')}</li> : null}
        {targets.map((x, i) => (
          <li key={i} className={x.unitId || x.group ? undefined : 'unresolved'}>
            {shown(x)}
            {x.unitId || x.group ? null : <small className="muted"> ({currentLang() === 'vi' ? 'chưa có trong danh mục' : 'not in the directory'})</small>}{' '}
            <button type="button" className="chip-remove" aria-label={`${s('remove')} ${shown(x)} (${legend})`} onClick={() => onChange(targets.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label>
        {s('typeName')} ({legend})
        <input type="search" value={q} autoComplete="off" onChange={(e) => setQ(e.target.value)} />
      </label>
      {found.length ? (
        <ul className="suggestions" aria-label={`${legend}: ${t('unitsFound')}`}>
          {found.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  // A unit picked for a target that was only text replaces that text.
                  onChange([...targets.filter((x) => x.unitId || x.group), { text: u.name, unitId: u.id }]);
                  setQ('');
                }}
              >
                {s('add_unit')}: {u.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function TimeframeEditor({ task, onChange, path }: { task: EditableTask; onChange: (tf: EditableTask['timeframe']) => void; path: string }) {
  const tf = task.timeframe;
  const r = tf.recurrence;
  return (
    <div className="timeframe" data-path={path}>
      {tf.text ? <p className="muted">{tf.text}</p> : null}
      {tf.kind !== 'recurring' ? (
        <>
          {/* A date is taken once it is a whole date; a half-typed one changes nothing. */}
          <DateInput key={task.key} label={`${s('due')} ${task.ref}`} value={tf.due ?? null} onChange={(v) => v && v !== tf.due && onChange(withDue(tf, v))} />
          {tf.due ? (
            <button type="button" className="link" aria-label={`${s('noDue')} ${task.ref}`} onClick={() => onChange(withDue(tf, null))}>
              {s('noDue')}
            </button>
          ) : null}
        </>
      ) : null}
      <label>
        {s('recurrence')}
        <select aria-label={`${s('recurrence')} ${task.ref}`} data-path={`${path}.recurrence.freq`} value={r?.freq ?? ''} onChange={(e) => onChange(withFrequency(tf, e.target.value as Frequency | ''))}>
          <option value="">{s('noRecurrence')}</option>
          {FREQUENCIES.map((f) => (
            <option key={f} value={f}>
              {label(FREQ_LABEL, f)}
            </option>
          ))}
        </select>
      </label>
      {r ? (
        <>
          <label>
            {r.freq === 'weekly' ? s('dueWeekday') : s('dueDay')}
            <input
              type="number"
              min={1}
              max={r.freq === 'weekly' ? 7 : 31}
              aria-label={`${r.freq === 'weekly' ? s('dueWeekday') : s('dueDay')} ${task.ref}`}
              data-path={`${path}.recurrence.due.day`}
              value={r.due.day}
              onChange={(e) => onChange(withRecurrenceDue(tf, { day: Number(e.target.value) }))}
            />
          </label>
          <label>
            {s('offset')}
            <select aria-label={`${s('offset')} ${task.ref}`} value={r.due.monthOffset} onChange={(e) => onChange(withRecurrenceDue(tf, { monthOffset: Number(e.target.value) }))}>
              <option value={0}>{r.freq === 'weekly' ? s('thisWeek') : s('thisPeriod')}</option>
              <option value={1}>{r.freq === 'weekly' ? s('nextWeek') : s('nextPeriod')}</option>
            </select>
          </label>
        </>
      ) : null}
    </div>
  );
}

/** Marks the controls a refusal names by their full path (tasks[3].lead, …) and focuses the first. */
function markPaths(form: HTMLFormElement | null, shown: ShownError, messageId: string) {
  if (!form) return;
  for (const el of Array.from(form.querySelectorAll('[aria-invalid="true"]'))) el.removeAttribute('aria-invalid');
  let first: HTMLElement | null = null;
  for (const f of shown.fields) {
    let el: HTMLElement | null = null;
    // tasks[1].coordinators[0].unitId → tasks[1].coordinators[0] → tasks[1].coordinators → …: the closest control.
    const up = (p: string) => (/\[\d+\]$/.test(p) ? p.replace(/\[\d+\]$/, '') : p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '');
    for (let p = f.field; p && !el; p = up(p)) el = Array.from(form.querySelectorAll<HTMLElement>('[data-path]')).find((x) => x.dataset.path === p) ?? null;
    if (!el) continue;
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', messageId);
    first ??= el;
  }
  (first?.matches('input, select, textarea, button') ? first : first?.querySelector<HTMLElement>('input, select, textarea'))?.focus();
}

export function DraftEditorPage({ id }: { id: string }) {
  const { data: plan, error, problem, reload } = useLoad(() => api.get<PlanView>(`/plans/${id}`), [id]);
  const [edited, setEdited] = useState<EditableTask[] | null>(null);
  const [fields, setFields] = useState<Partial<PlanFields>>({});
  const [shownError, setShownError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const [lines, setLines] = useState<[number, number] | null>(null);
  const [outcomes, setOutcomes] = useState<CorrectionOutcome[] | null>(null);
  const [form, setForm] = useState<HTMLFormElement | null>(null);
  const errorId = useId();
  if (error) return <ErrorView problem={problem} />;
  if (!plan) return <Loading />;
  const lang = currentLang();
  const me = session.me();
  const owner = me?.roles.some((r) => r === 'plan_owner' || r === 'admin');
  if (plan.status !== 'draft' || !owner) {
    return (
      <article>
        <h1>{plan.title}</h1>
        <p>
          {label(STATE, plan.status)} · <a href={`#/plans/${plan.id}`}>{s('backToPlan')}</a>
        </p>
      </article>
    );
  }
  const tasks = edited ?? editableTasks(plan);
  const change = (next: EditableTask[]) => (setEdited(next), setSaved(false));
  const changeField = (patch: Partial<PlanFields>) => (setFields({ ...fields, ...patch }), setEdited(tasks), setSaved(false));
  const planField = <K extends keyof PlanFields>(k: K): PlanFields[K] => (k in fields ? (fields[k] as PlanFields[K]) : plan![k]);
  const warnings = draftWarnings(plan, lang);
  const { byTask, general } = warningsByTask(tasks, warnings);
  const atLine = warningsByLine(warnings);
  const problems = localProblems(tasks, fields);
  const shownOutcomes = outcomes ?? plan.source?.reimport?.outcomes ?? null;
  const fail = (err: unknown) => {
    const shown = describeError(err, lang);
    setShownError(shown);
    markPaths(form, shown, errorId);
  };
  async function save(e: FormEvent) {
    e.preventDefault();
    if (problems.length) return;
    setShownError(null);
    try {
      await api.put(`/plans/${id}`, draftBody(plan!, tasks, fields));
      setEdited(null);
      setFields({});
      setSaved(true);
      reload();
    } catch (err) {
      fail(err);
    }
  }
  async function reimport(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement | null)?.files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append('file', file, file.name);
    setShownError(null);
    try {
      const r = await api.post<ReimportResponse>(`/plans/${id}/reimport`, body);
      setOutcomes(r.corrections);
      setEdited(null);
      setFields({});
      reload();
    } catch (err) {
      if (err instanceof ApiError || err instanceof Error) setShownError(describeError(err, lang));
    }
  }
  const sourceLines = plan.source?.text?.split('\n') ?? [];
  return (
    <article className="draft-editor">
      <h1>
        {s('editor')}: {plan.title}
      </h1>
      <p>
        <a href={`#/plans/${plan.id}`}>{s('backToPlan')}</a> · {t('number')} {plan.number ?? '—'} · {t('issuedAt')} {viDate(plan.issuedAt)}
        {plan.source?.corrections?.length ? ` · ${s('corrections')}: ${plan.source.corrections.length}` : ''}
      </p>
      {shownError ? <ShownErrorView shown={shownError} id={errorId} /> : null}
      {saved && !edited ? (
        <p role="status" className="notice">
          {t('saved')}
        </p>
      ) : null}
      <form aria-label={s('reimport')} className="import" onSubmit={reimport}>
        <label>
          {s('reimport')} (.txt, .docx, .pdf)
          <input name="file" type="file" accept=".txt,.docx,.pdf" required />
        </label>
        <button type="submit" className="secondary">
          {s('reimport')}
        </button>
        <small className="muted">{s('reimportHint')}</small>
      </form>
      {shownOutcomes?.length ? (
        <section aria-labelledby="reimport-h" className="warnings">
          <h2 id="reimport-h">{s('reimported')}</h2>
          <ul>
            {shownOutcomes.map((o, i) => (
              <li key={i} className={o.status === 'applied' || o.status === 'in_document' ? undefined : 'unresolved'}>
                <strong>{label(STATUS_LABEL, o.status)}</strong>: {lang === 'vi' ? o.message : o.messageEn}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {general.length ? (
        <section aria-labelledby="general-warnings-h" className="warnings">
          <h2 id="general-warnings-h">
            {s('generalWarnings')} ({general.length})
          </h2>
          <ul>
            {general.map((w, i) => (
              <li key={i}>
                {w.lines ? (
                  <a href={`#/plans/${plan.id}/draft`} onClick={(e) => (e.preventDefault(), setLines(w.lines))}>
                    {w.text}
                  </a>
                ) : (
                  w.text
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="draft-columns">
        <form ref={setForm} aria-label={s('editor')} onSubmit={save} noValidate>
          <p className="actions">
            <button type="submit" disabled={!edited || problems.length > 0}>
              {t('save')}
            </button>{' '}
            {edited ? (
              <>
                <button type="button" className="secondary" onClick={() => (setEdited(null), setFields({}), setShownError(null))}>
                  {s('undo')}
                </button>{' '}
                <span className="muted">{s('changed')}</span>
              </>
            ) : null}
          </p>
          <fieldset className="plan-fields">
            <legend>{t('plan')}</legend>
            <label>
              {s('planTitle')}
              <textarea aria-label={s('planTitle')} data-path="title" rows={2} value={planField('title')} aria-invalid={problems.some((p) => p.key === 'plan') || undefined} onChange={(e) => changeField({ title: e.target.value })} />
            </label>
            {problems.some((p) => p.key === 'plan') ? <span className="error field-error">{s('needTitle')}</span> : null}
            <label>
              {t('number')}
              <input aria-label={t('number')} data-path="number" value={planField('number') ?? ''} onChange={(e) => changeField({ number: e.target.value })} />
            </label>
            <DateInput label={t('issuedAt')} value={plan.issuedAt} onChange={(v) => v && v !== planField('issuedAt') && changeField({ issuedAt: v })} />
            <label>
              {s('place')}
              <input aria-label={s('place')} data-path="place" value={planField('place') ?? ''} onChange={(e) => changeField({ place: e.target.value })} />
            </label>
          </fieldset>
          {tasks.length === 0 ? <p>{s('noTasks')}</p> : null}
          <ol className="draft-tasks">
            {tasks.map((task, i) => {
              const path = `tasks[${i}]`;
              const mine = byTask.get(task.key) ?? [];
              const noTitle = problems.some((p) => p.key === task.key);
              return (
                <li key={task.key} aria-label={`${t('task')} ${task.ref}`} className={lines && task.lines && task.lines[0] === lines[0] ? 'hl' : undefined}>
                  <fieldset>
                    <legend>
                      {t('task')} {task.ref}
                      {task.lines ? (
                        <>
                          {' · '}
                          <a href={`#/plans/${plan.id}/draft`} onClick={(e) => (e.preventDefault(), setLines(task.lines))}>
                            {t('lines')} {task.lines[0]}–{task.lines[1]}
                          </a>
                        </>
                      ) : null}
                    </legend>
                    {mine.length ? (
                      <ul className="warnings task-warnings" aria-label={`${s('taskWarnings')} ${task.ref}`}>
                        {mine.map((w, j) => (
                          <li key={j}>{w.text}</li>
                        ))}
                      </ul>
                    ) : null}
                    <label>
                      {s('ref')}
                      <input aria-label={`${s('ref')} ${task.ref}`} data-path={`${path}.ref`} value={task.ref} onChange={(e) => change(patchTask(tasks, task.key, { ref: e.target.value }))} />
                    </label>
                    <label>
                      {s('title')}
                      <textarea
                        aria-label={`${s('title')} ${task.ref}`}
                        data-path={`${path}.title`}
                        aria-invalid={noTitle || undefined}
                        rows={2}
                        value={task.title}
                        onChange={(e) => change(patchTask(tasks, task.key, { title: e.target.value }))}
                      />
                    </label>
                    {noTitle ? <span className="error field-error">{s('needTitle')}</span> : null}
                    <label>
                      {s('content')}
                      <textarea aria-label={`${s('content')} ${task.ref}`} data-path={`${path}.content`} rows={3} value={task.content ?? ''} onChange={(e) => change(patchTask(tasks, task.key, { content: e.target.value || null }))} />
                    </label>
                    <TargetsEditor legend={`${t('lead')} ${task.ref}`} path={`${path}.lead`} targets={task.lead} onChange={(lead) => change(patchTask(tasks, task.key, { lead }))} />
                    <TargetsEditor legend={`${t('coordinators')} ${task.ref}`} path={`${path}.coordinators`} targets={task.coordinators} onChange={(coordinators) => change(patchTask(tasks, task.key, { coordinators }))} />
                    <TimeframeEditor task={task} path={`${path}.timeframe`} onChange={(timeframe) => change(patchTask(tasks, task.key, { timeframe }))} />
                    <p className="actions">
                      <button type="button" className="secondary" aria-label={`${s('split')} ${task.ref}`} onClick={() => change(splitTask(tasks, task.key))}>
                        {s('split')}
                      </button>{' '}
                      {i + 1 < tasks.length ? (
                        <button type="button" className="secondary" aria-label={`${s('merge')} ${task.ref}`} onClick={() => change(mergeWithNext(tasks, task.key))}>
                          {s('merge')}
                        </button>
                      ) : null}{' '}
                      <button type="button" className="secondary" aria-label={`${s('add')} ${task.ref}`} onClick={() => change(addTask(tasks, task.key).tasks)}>
                        {s('add')}
                      </button>{' '}
                      <button type="button" className="secondary" aria-label={`${s('delete')} ${task.ref}`} onClick={() => change(deleteTask(tasks, task.key))}>
                        {s('delete')}
                      </button>
                    </p>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <p className="actions">
            <button type="button" className="secondary" onClick={() => change(addTask(tasks, null).tasks)}>
              {s('addEnd')}
            </button>
          </p>
        </form>
        {sourceLines.length ? (
          <section className="source" aria-labelledby="draft-source-h">
            <h2 id="draft-source-h">
              {t('sourceText')} — {plan.source?.fileName}
            </h2>
            <ol className="source-lines" tabIndex={0} aria-label={t('sourceText')}>
              {sourceLines.map((line, n) => {
                const no = n + 1;
                const here = atLine.get(no) ?? [];
                return (
                  <li
                    key={n}
                    className={[lines && no >= lines[0] && no <= lines[1] ? 'hl' : '', here.length ? 'warned' : ''].filter(Boolean).join(' ') || undefined}
                    ref={(el) => {
                      if (el && lines && no === lines[0]) el.scrollIntoView?.({ block: 'center' });
                    }}
                  >
                    {line || ' '}
                    {here.map((w, j) => (
                      <small key={j} className="line-warning" role="note">
                        {' '}
                        ⚠ {w.text}
                      </small>
                    ))}
                  </li>
                );
              })}
            </ol>
          </section>
        ) : null}
      </div>
    </article>
  );
}

// The draft editor's rules, apart from the page so they can be tested alone: a draft's tasks as the person edits
// them (every field, delete, split, merge, add), the PUT /plans/{id} body they make, and which import warnings
// concern which task (by the source lines both name).
import type { Frequency, ImportWarning, PlanView, Recurrence, TargetSpec, TaskView, Timeframe } from '@khflow/contracts';
import type { Lang } from '../i18n';

export interface EditableTask {
  /** The editor's own key: a task added or split off has no id until the draft is saved. */
  key: string;
  id?: string;
  ref: string;
  title: string;
  content: string | null;
  lead: TargetSpec[];
  coordinators: TargetSpec[];
  timeframe: Timeframe;
  lines: [number, number] | null;
  reviewerUnitId?: string | null;
  consolidate?: boolean;
}

let counter = 0;
const newKey = () => `new-${++counter}`;

export function editableTasks(plan: Pick<PlanView, 'tasks'>): EditableTask[] {
  return plan.tasks
    .filter((t) => t.status !== 'cancelled')
    .map((t: TaskView) => ({
      key: t.id,
      id: t.id,
      ref: t.ref,
      title: t.title,
      content: t.content,
      lead: t.lead,
      coordinators: t.coordinators,
      timeframe: t.timeframe,
      lines: t.lines,
      reviewerUnitId: t.reviewerUnitId,
      consolidate: t.consolidate,
    }));
}

export const patchTask = (tasks: EditableTask[], key: string, patch: Partial<EditableTask>) => tasks.map((t) => (t.key === key ? { ...t, ...patch } : t));
export const deleteTask = (tasks: EditableTask[], key: string) => tasks.filter((t) => t.key !== key);

/** A reference for a task put after `ref` that no task has yet: 2 → 2a, 2a → 2b. */
function nextRef(tasks: EditableTask[], ref: string): string {
  const base = ref.replace(/[a-z]$/, '');
  const taken = new Set(tasks.map((t) => t.ref));
  for (const c of 'abcdefghijklmnopqrstuvwxyz') if (!taken.has(`${base}${c}`)) return `${base}${c}`;
  return `${base}.${tasks.length + 1}`;
}

/**
 * Splits a task in two: the task keeps its id and the content before the cut; the new task after it takes the
 * rest (its first line as the title), with the same units, time frame and source lines.
 */
export function splitTask(tasks: EditableTask[], key: string, cut?: number): EditableTask[] {
  const i = tasks.findIndex((t) => t.key === key);
  if (i < 0) return tasks;
  const t = tasks[i];
  const content = t.content ?? '';
  const at = cut ?? (content.indexOf('\n') >= 0 ? content.indexOf('\n') : content.length);
  const rest = content.slice(at).trim();
  const [first, ...more] = rest.split('\n');
  const second: EditableTask = { ...t, key: newKey(), id: undefined, ref: nextRef(tasks, t.ref), title: first?.trim() ?? '', content: more.join('\n').trim() || null };
  const kept: EditableTask = { ...t, content: content.slice(0, at).trim() || null };
  return [...tasks.slice(0, i), kept, second, ...tasks.slice(i + 1)];
}

const sameTarget = (a: TargetSpec, b: TargetSpec) => (a.unitId ?? null) === (b.unitId ?? null) && JSON.stringify(a.group ?? null) === JSON.stringify(b.group ?? null) && (a.unitId || a.group ? true : (a.text ?? '') === (b.text ?? ''));
const union = (a: TargetSpec[], b: TargetSpec[]) => [...a, ...b.filter((x) => !a.some((y) => sameTarget(x, y)))];

/** Merges a task with the next one: the first keeps its id and title, takes the other's text and units. */
export function mergeWithNext(tasks: EditableTask[], key: string): EditableTask[] {
  const i = tasks.findIndex((t) => t.key === key);
  if (i < 0 || i + 1 >= tasks.length) return tasks;
  const [a, b] = [tasks[i], tasks[i + 1]];
  const lines: [number, number] | null = a.lines && b.lines ? [Math.min(a.lines[0], b.lines[0]), Math.max(a.lines[1], b.lines[1])] : (a.lines ?? b.lines);
  const merged: EditableTask = {
    ...a,
    content: [a.content, b.title, b.content].filter((x) => x && x.trim()).join('\n'),
    lead: union(a.lead, b.lead),
    coordinators: union(a.coordinators, b.coordinators).filter((x) => !union(a.lead, b.lead).some((y) => sameTarget(x, y))),
    lines,
  };
  return [...tasks.slice(0, i), merged, ...tasks.slice(i + 2)];
}

/** Adds a blank task after `key` (or at the end) for a task the import missed. */
export function addTask(tasks: EditableTask[], afterKey: string | null): { tasks: EditableTask[]; key: string } {
  const i = afterKey ? tasks.findIndex((t) => t.key === afterKey) : tasks.length - 1;
  const after = tasks[i];
  const t: EditableTask = { key: newKey(), ref: after ? nextRef(tasks, after.ref) : String(tasks.length + 1), title: '', content: null, lead: [], coordinators: [], timeframe: { kind: 'unspecified' }, lines: null };
  return { tasks: [...tasks.slice(0, i + 1), t, ...tasks.slice(i + 1)], key: t.key };
}

/** A due rule for each frequency to start from (the person adjusts the day): the one real plans use most. */
export const DEFAULT_DUE: Record<Frequency, Recurrence['due']> = {
  weekly: { monthOffset: 0, day: 5 },
  monthly: { monthOffset: 0, day: 25 },
  quarterly: { monthOffset: 1, day: 5 },
  yearly: { monthOffset: 0, day: 15 },
};

/** The time frame when the person chooses a due date (once), a frequency (recurring) or neither. */
export function withDue(tf: Timeframe, due: string | null): Timeframe {
  return due ? { ...tf, kind: 'once', due, recurrence: null } : { ...tf, due: null, kind: tf.kind === 'once' ? 'unspecified' : tf.kind };
}
export function withFrequency(tf: Timeframe, freq: Frequency | ''): Timeframe {
  if (!freq) return { ...tf, kind: tf.due ? 'once' : 'unspecified', recurrence: null };
  const due = tf.recurrence?.freq === freq ? tf.recurrence.due : DEFAULT_DUE[freq];
  return { ...tf, kind: 'recurring', due: null, recurrence: { ...(tf.recurrence ?? {}), freq, due } };
}
export function withRecurrenceDue(tf: Timeframe, due: Partial<Recurrence['due']>): Timeframe {
  if (!tf.recurrence) return tf;
  return { ...tf, recurrence: { ...tf.recurrence, due: { ...tf.recurrence.due, ...due } } };
}

/** Problems the editor shows before sending: a task without a title cannot be saved. */
export function localProblems(tasks: EditableTask[], fields: Partial<PlanFields> = {}): { key: string; field: 'title' }[] {
  return [...(fields.title !== undefined && !fields.title.trim() ? [{ key: 'plan', field: 'title' as const }] : []), ...tasks.filter((t) => !t.title.trim()).map((t) => ({ key: t.key, field: 'title' as const }))];
}

const clean = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
const target = (x: TargetSpec) => clean({ text: x.text, unitId: x.unitId, group: x.group ? clean(x.group) : null });

/** The plan's own fields a person may correct in the draft (the header as the import read it). */
export interface PlanFields {
  title: string;
  number: string | null;
  issuedAt: string | null;
  place: string | null;
}

/** The PUT /plans/{id} body: the plan's fields (as corrected), the tasks as edited (ids kept, new ones without). */
export function draftBody(plan: PlanView, tasks: EditableTask[], fields: Partial<PlanFields> = {}) {
  const f = { title: plan.title, number: plan.number, issuedAt: plan.issuedAt, place: plan.place, ...fields };
  return clean({
    number: f.number?.trim() || null,
    title: f.title.trim(),
    issuerUnitId: plan.issuerUnitId,
    issuedAt: f.issuedAt || null,
    place: f.place?.trim() || null,
    description: plan.description,
    basis: plan.basis.map((b) => clean(b)),
    parentPlanId: plan.parentPlanId,
    horizon: plan.horizon ? clean(plan.horizon) : null,
    tasks: tasks.map((t) =>
      clean({
        id: t.id,
        ref: t.ref.trim() || '?',
        title: t.title.trim(),
        content: t.content?.trim() || null,
        lead: t.lead.map(target),
        coordinators: t.coordinators.map(target),
        timeframe: clean({ ...t.timeframe, recurrence: t.timeframe.recurrence ? clean(t.timeframe.recurrence) : null }),
        reviewerUnitId: t.reviewerUnitId,
        consolidate: t.consolidate,
        lines: t.lines,
      }),
    ),
  });
}

/** The import's warnings with their lines, in the reader's language (older drafts: the Vietnamese strings). */
export function draftWarnings(plan: Pick<PlanView, 'source'>, lang: Lang): { text: string; lines: [number, number] | null; code: string }[] {
  const details: ImportWarning[] | undefined = plan.source?.draft?.warningDetails;
  if (details) {
    const at = (l: [number, number]) => (lang === 'vi' ? (l[0] === l[1] ? `dòng ${l[0]}` : `dòng ${l[0]}–${l[1]}`) : l[0] === l[1] ? `line ${l[0]}` : `lines ${l[0]}–${l[1]}`);
    const shown = details.map((w) => ({ code: w.code, lines: w.lines, text: `${w.lines ? `${at(w.lines)}: ` : ''}${lang === 'vi' ? w.message : w.messageEn}` }));
    // Warnings the API added after parsing (the strings beyond the parser's) keep their text.
    const extra = (plan.source?.warnings ?? []).filter((s) => !shown.some((w) => w.text === s) && !details.some((d) => s.endsWith(d.message)));
    return [...shown, ...extra.map((text) => ({ code: 'other', lines: linesOf(text), text }))];
  }
  return (plan.source?.warnings ?? []).map((text) => ({ code: 'other', lines: linesOf(text), text }));
}

/** The lines a warning string names ("dòng 12–14: …", "dòng 7: …"). */
export function linesOf(text: string): [number, number] | null {
  const m = /^(?:dòng|lines?)\s+(\d+)(?:\s*[–-]\s*(\d+))?:/i.exec(text);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

const overlaps = (a: [number, number] | null, b: [number, number] | null) => !!a && !!b && a[0] <= b[1] && b[0] <= a[1];

/** Which warnings concern a task (their lines meet the task's), and the ones no task's lines meet. */
export function warningsByTask<W extends { lines: [number, number] | null }>(tasks: EditableTask[], warnings: W[]): { byTask: Map<string, W[]>; general: W[] } {
  const byTask = new Map<string, W[]>();
  const general: W[] = [];
  for (const w of warnings) {
    const hit = tasks.filter((t) => overlaps(t.lines, w.lines));
    if (!hit.length) general.push(w);
    for (const t of hit) byTask.set(t.key, [...(byTask.get(t.key) ?? []), w]);
  }
  return { byTask, general };
}

/** Source lines with the warnings that name them, for the document beside the draft. */
export function warningsByLine<W extends { lines: [number, number] | null }>(warnings: W[]): Map<number, W[]> {
  const m = new Map<number, W[]>();
  for (const w of warnings) if (w.lines) m.set(w.lines[0], [...(m.get(w.lines[0]) ?? []), w]);
  return m;
}

// The corrections a person makes to an imported draft, and their re-application to a new import of a corrected
// document. A correction names its task by what the document says (title and reference as imported), because a new
// import has new task ids and may renumber; a task matches when its normalised title is the same (or the corrected
// title, when the document now carries it), else when its words are nearly the same and no other task competes.
import type { CorrectedField, CorrectionOutcome, DraftCorrection, TargetSpec, TaskSpec, Timeframe } from '@khflow/contracts';

/** A task's title reduced to what survives retyping: no diacritics, case, punctuation or spacing differences. */
export function taskKey(title: string): string {
  return (title ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function words(title: string): Set<string> {
  return new Set(taskKey(title).split(' ').filter((w) => w.length > 1));
}

/** Share of the words two titles have in common (Jaccard), 0..1. */
export function titleOverlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return common / (x.size + y.size - common);
}

const FUZZY = 0.7;

const norm = (s: string | null | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

function targetId(t: TargetSpec): string {
  if (t.unitId) return `u:${t.unitId}`;
  if (t.group) return `g:${[...(t.group.kinds ?? [])].sort().join(',')}|${t.group.underUnitId ?? ''}|${t.group.depth ?? ''}`;
  return `t:${taskKey(t.text ?? '')}`;
}

function timeframeId(t: Timeframe): string {
  const r = t.recurrence;
  return JSON.stringify([t.kind, t.due ?? null, t.start ?? null, t.end ?? null, r ? [r.freq, r.due.monthOffset, r.due.day, r.start ?? null, r.until ?? null] : null]);
}

/** The comparable form of a task field: two values are the same correction-wise when these are equal. */
function fieldId(task: TaskSpec, field: CorrectedField): string {
  switch (field) {
    case 'title':
      return norm(task.title);
    case 'content':
      return norm(task.content);
    case 'lead':
      return task.lead.map(targetId).sort().join(';');
    case 'coordinators':
      return task.coordinators.map(targetId).sort().join(';');
    case 'timeframe':
      return timeframeId(task.timeframe);
  }
}

/** As fieldId, but a text retyped with other case, punctuation or accents is the same text (a new import's). */
function looseFieldId(task: TaskSpec, field: CorrectedField): string {
  if (field === 'title') return taskKey(task.title);
  if (field === 'content') return taskKey(task.content ?? '');
  return fieldId(task, field);
}

function fieldValue(task: TaskSpec, field: CorrectedField): unknown {
  switch (field) {
    case 'title':
      return task.title;
    case 'content':
      return task.content ?? null;
    case 'lead':
      return task.lead;
    case 'coordinators':
      return task.coordinators;
    case 'timeframe':
      return task.timeframe;
  }
}

function withField(task: TaskSpec, field: CorrectedField, value: unknown): TaskSpec {
  switch (field) {
    case 'title':
      return { ...task, title: String(value) };
    case 'content':
      return { ...task, content: (value as string | null) ?? null };
    case 'lead':
      return { ...task, lead: value as TargetSpec[] };
    case 'coordinators':
      return { ...task, coordinators: value as TargetSpec[] };
    case 'timeframe':
      return { ...task, timeframe: value as Timeframe };
  }
}

const FIELDS: CorrectedField[] = ['title', 'content', 'lead', 'coordinators', 'timeframe'];
const identity = (t: TaskSpec) => ({ ref: t.ref, title: t.title });

/**
 * The corrections that turn the imported tasks into the current ones. `origins` says which imported task (its
 * index) each current task comes from; a current task without one was added by a person, an imported task no
 * current task comes from was deleted (a merge is a deletion plus a corrected task, a split a corrected task plus an
 * added one).
 */
export function diffCorrections(imported: TaskSpec[], current: (TaskSpec & { id: string })[], origins: Record<string, number>): DraftCorrection[] {
  const out: DraftCorrection[] = [];
  const byOrigin = new Map<number, TaskSpec>();
  for (const t of current) {
    const o = origins[t.id];
    if (o !== undefined && imported[o] && !byOrigin.has(o)) byOrigin.set(o, t);
  }
  imported.forEach((orig, i) => {
    const now = byOrigin.get(i);
    if (!now) {
      out.push({ kind: 'delete', task: identity(orig) });
      return;
    }
    for (const field of FIELDS) if (fieldId(orig, field) !== fieldId(now, field)) out.push({ kind: 'field', task: identity(orig), field, from: fieldValue(orig, field), to: fieldValue(now, field) });
  });
  let after: TaskSpec | null = null;
  const claimed = new Set<TaskSpec>(byOrigin.values());
  for (const t of current) {
    const o = origins[t.id];
    if (o !== undefined && imported[o] && claimed.has(t)) {
      after = imported[o];
      continue;
    }
    const { id: _id, ...task } = t;
    out.push({ kind: 'add', task: after ? identity(after) : null, added: { ...task, lines: null } });
  }
  return out;
}

/** The task of `tasks` a correction's task identity names, or -1; `taken` are indices already matched. */
function findTask(tasks: TaskSpec[], who: { ref: string; title: string }, alsoTitle: string | null, taken: Set<number>): number {
  const keys = [taskKey(who.title), alsoTitle ? taskKey(alsoTitle) : null].filter((k): k is string => !!k);
  const exact = tasks.map((t, i) => i).filter((i) => !taken.has(i) && keys.includes(taskKey(tasks[i].title)));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return exact.find((i) => tasks[i].ref === who.ref) ?? exact[0];
  // Nearly the same words: the best match, if clearly better than the next one.
  const scored = tasks
    .map((t, i) => ({ i, s: Math.max(titleOverlap(t.title, who.title), alsoTitle ? titleOverlap(t.title, alsoTitle) : 0) + (t.ref === who.ref ? 0.05 : 0) }))
    .filter((x) => !taken.has(x.i) && x.s >= FUZZY)
    .sort((a, b) => b.s - a.s);
  if (!scored.length) return -1;
  if (scored.length > 1 && scored[0].s - scored[1].s < 0.05) return -1;
  return scored[0].i;
}

const lineText = (l: [number, number] | null | undefined) => (l ? (l[0] === l[1] ? `dòng ${l[0]}` : `dòng ${l[0]}–${l[1]}`) : null);
const lineTextEn = (l: [number, number] | null | undefined) => (l ? (l[0] === l[1] ? `line ${l[0]}` : `lines ${l[0]}–${l[1]}`) : null);

const FIELD_VI: Record<CorrectedField, string> = { title: 'tên nhiệm vụ', content: 'nội dung', lead: 'đơn vị chủ trì', coordinators: 'đơn vị phối hợp', timeframe: 'thời hạn' };
const FIELD_EN: Record<CorrectedField, string> = { title: 'title', content: 'content', lead: 'lead unit', coordinators: 'coordinating units', timeframe: 'due date' };

function describe(c: DraftCorrection, status: CorrectionOutcome['status'], lines: [number, number] | null): { message: string; messageEn: string } {
  const name = c.kind === 'add' ? `"${c.added?.title ?? ''}"` : `"${c.task?.title ?? ''}"`;
  const at = lineText(lines);
  const atEn = lineTextEn(lines);
  const pre = (s: string, l: string | null) => (l ? `${l}: ${s}` : s);
  const what = c.kind === 'field' ? FIELD_VI[c.field!] : c.kind === 'delete' ? 'xóa nhiệm vụ' : 'thêm nhiệm vụ';
  const whatEn = c.kind === 'field' ? FIELD_EN[c.field!] : c.kind === 'delete' ? 'deletion' : 'added task';
  switch (status) {
    case 'applied':
      return { message: pre(`đã áp dụng lại sửa đổi (${what}) của nhiệm vụ ${name}`, at), messageEn: pre(`correction re-applied (${whatEn}) to task ${name}`, atEn) };
    case 'in_document':
      return {
        message: pre(`sửa đổi (${what}) của nhiệm vụ ${name} không còn cần: văn bản mới đã ghi như vậy`, at),
        messageEn: pre(`correction (${whatEn}) of task ${name} no longer needed: the new document says so`, atEn),
      };
    case 'task_gone':
      return { message: `sửa đổi (${what}) không còn áp dụng được: văn bản mới không còn nhiệm vụ ${name}`, messageEn: `correction (${whatEn}) no longer applies: the new document has no task ${name}` };
    case 'document_changed':
      return {
        message: pre(`sửa đổi (${what}) của nhiệm vụ ${name} không được áp dụng: văn bản mới đã thay đổi trường này, cần xem lại`, at),
        messageEn: pre(`correction (${whatEn}) of task ${name} not applied: the new document changed this field, check it`, atEn),
      };
  }
}

/**
 * Re-applies corrections to the tasks of a new import. Returns the corrected tasks (each with the index of the new
 * imported task it comes from, or null for an added one) and what became of each correction.
 */
export function applyCorrections(fresh: TaskSpec[], corrections: DraftCorrection[]): { tasks: { task: TaskSpec; origin: number | null }[]; outcomes: CorrectionOutcome[] } {
  const tasks: (TaskSpec | null)[] = fresh.map((t) => ({ ...t }));
  const outcomes: CorrectionOutcome[] = [];
  const outcome = (c: DraftCorrection, status: CorrectionOutcome['status'], lines: [number, number] | null) => outcomes.push({ correction: c, status, lines, ...describe(c, status, lines) });
  // One match per imported task identity, found once for all its corrections.
  const taken = new Set<number>();
  const matched = new Map<string, number>();
  const idKey = (who: { ref: string; title: string }) => `${who.ref}\u0000${who.title}`;
  const correctedTitle = (who: { ref: string; title: string }) => {
    const c = corrections.find((x) => x.kind === 'field' && x.field === 'title' && x.task && idKey(x.task) === idKey(who));
    return c ? String(c.to) : null;
  };
  const matchOf = (who: { ref: string; title: string }) => {
    const k = idKey(who);
    if (!matched.has(k)) {
      const i = findTask(fresh, who, correctedTitle(who), taken);
      if (i >= 0) taken.add(i);
      matched.set(k, i);
    }
    return matched.get(k)!;
  };
  for (const c of corrections) if (c.kind !== 'add' && c.task) matchOf(c.task);
  for (const c of corrections) {
    if (c.kind === 'add' || !c.task) continue;
    const i = matched.get(idKey(c.task)) ?? -1;
    if (i < 0) {
      outcome(c, 'task_gone', null);
      continue;
    }
    const lines = fresh[i].lines ?? null;
    if (c.kind === 'delete') {
      tasks[i] = null;
      outcome(c, 'applied', lines);
      continue;
    }
    const field = c.field!;
    const now = looseFieldId(fresh[i], field);
    const to = looseFieldId(withField(fresh[i], field, c.to), field);
    const from = looseFieldId(withField(fresh[i], field, c.from), field);
    if (now === to) outcome(c, 'in_document', lines);
    else if (now === from) {
      if (tasks[i]) tasks[i] = withField(tasks[i]!, field, c.to);
      outcome(c, 'applied', lines);
    } else outcome(c, 'document_changed', lines);
  }
  // Added tasks go after the task they followed; one the new document now has is not added twice.
  const inserts = new Map<number, TaskSpec[]>();
  for (const c of corrections) {
    if (c.kind !== 'add' || !c.added) continue;
    const present = fresh.findIndex((t) => taskKey(t.title) === taskKey(c.added!.title) || titleOverlap(t.title, c.added!.title) >= 0.85);
    if (present >= 0) {
      outcome(c, 'in_document', fresh[present].lines ?? null);
      continue;
    }
    // At the start when it came first; at the end when the task it followed is gone.
    const after = c.task ? matchOf(c.task) : -1;
    const at = c.task && after < 0 ? fresh.length : after;
    inserts.set(at, [...(inserts.get(at) ?? []), c.added]);
    outcome(c, 'applied', null);
  }
  const result: { task: TaskSpec; origin: number | null }[] = [];
  for (const t of inserts.get(-1) ?? []) result.push({ task: t, origin: null });
  tasks.forEach((t, i) => {
    if (t) result.push({ task: t, origin: i });
    for (const a of inserts.get(i) ?? []) result.push({ task: a, origin: null });
  });
  for (const t of inserts.get(fresh.length) ?? []) result.push({ task: t, origin: null });
  return { tasks: result, outcomes };
}

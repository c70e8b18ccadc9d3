// Administrators: a reorganisation as one operation, written as a form — the effective date, the reason, and a list
// of operations (merge, split, abolish, move, rename, create), each row picking its units from the directory — then
// a preview of what would move (a split consolidation with its shares), open work per unit, chains that change,
// users to re-home; Apply sends the same operations, and only while the form is the one previewed. A refusal is
// shown beside the field of the row it names.
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { api } from '../api';
import { DateInput } from '../components/date-input';
import { ShownErrorView } from '../components/feedback';
import { UnitIdsPicker, UnitPicker } from '../components/unit-picker';
import { describeError, type ScreenLabels, type ShownError } from '../errors';
import { currentLang, REORG, t, tReorg } from '../i18n';
import { useLoad } from '../use-load';
import {
  formSignature,
  formSlots,
  newPart,
  newRow,
  OPERATION_TYPES,
  type OperationRow,
  type OperationType,
  type ReorganisationForm,
  reorganisationBody,
  slotOf,
  stableSlot,
} from './reorganisation-form.util';

interface Answer {
  id: string | null;
  status: string;
  goners: { unitId: string; successorIds: string[] }[];
  openAssignments: { unitId: string; asAssignee: number; asReviewer: number; asExpectedReporter: number }[];
  moves: { total: number; items: { assignmentId: string; action: string; fromUnitId: string; toUnitId: string; shares?: { unitId: string; expected: string[] }[] }[] };
  chains: { total: number; items: { unitId: string; before: string[]; after: string[] }[] };
  usersToRehome: { total: number; items: { username: string; fromUnitId: string; toUnitId: string | null }[] };
}

/** The API's field names, as this form labels them (for the errors no control takes). */
function screenLabels(): ScreenLabels {
  const l = (k: keyof typeof REORG) => tReorg(k);
  return {
    effectiveFrom: l('effectiveFrom'),
    operations: l('operation'),
    unitIds: l('mergeSources'),
    into: l('partInto'),
    unitId: t('unit'),
    parts: l('part'),
    childIds: l('partChildren'),
    successorIds: l('successors'),
    parentId: l('newParent'),
    reportsToId: l('newReportsTo'),
    name: l('newName'),
    shortName: l('newShortName'),
    unit: l('create'),
    id: l('unitId'),
    kind: l('unitKind'),
  };
}

type FieldErrors = Map<string, { field: string; message: string }[]>;

export function AdminReorganisationPage() {
  const [form, setForm] = useState<ReorganisationForm>(() => ({ effectiveFrom: '', reason: '', rows: [newRow('merge')] }));
  const [answer, setAnswer] = useState<Answer | null>(null);
  /** The form a successful preview was made of. */
  const [previewed, setPreviewed] = useState<string | null>(null);
  const [scheduled, setScheduled] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ShownError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>(new Map());
  const [busy, setBusy] = useState(false);
  const { data: kinds } = useLoad(() => api.get<{ items: { kind: string; vi: string; en: string }[] }>('/units/kinds'), []);
  const uid = useId();
  const signature = formSignature(form);
  const previewCurrent = answer?.status === 'preview' && previewed === signature;

  const change = (next: Partial<ReorganisationForm>) => setForm((f) => ({ ...f, ...next }));
  const changeRow = (key: number, patch: Partial<OperationRow>) => setForm((f) => ({ ...f, rows: f.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));

  async function send(dryRun: boolean) {
    setBusy(true);
    setScheduled(null);
    try {
      const a = await api.post<Answer>('/reorganisations', reorganisationBody(form, dryRun));
      setAnswer(a);
      setRefusal(null);
      setFieldErrors(new Map());
      if (dryRun) setPreviewed(signature);
      else {
        setPreviewed(null);
        setScheduled(a.id);
      }
    } catch (err) {
      const shown = describeError(err, currentLang(), screenLabels());
      // Each field error goes beside the control it names (by row and part keys); the others stay at the top.
      const slots = formSlots(form);
      const placed: FieldErrors = new Map();
      const rest: ShownError['fields'] = [];
      for (const f of shown.fields) {
        const slot = slotOf(f.field, slots);
        if (!slot) {
          rest.push(f);
          continue;
        }
        const key = stableSlot(slot, form);
        placed.set(key, [...(placed.get(key) ?? []), { field: f.field, message: f.message }]);
      }
      setFieldErrors(placed);
      setRefusal({ ...shown, detail: shown.detail ?? (placed.size ? tReorg('seeFields') : null), fields: rest });
      if (dryRun) setPreviewed(null);
    } finally {
      setBusy(false);
    }
  }

  /** The marks of a control and the message beside it. */
  const slot = (key: string) => {
    const errs = fieldErrors.get(key);
    const id = `${uid}-${key.replace(/\W+/g, '-')}`;
    return {
      marks: { path: key, invalid: Boolean(errs), describedBy: errs ? id : undefined },
      message: errs ? (
        <span className="error field-error" id={id}>
          {errs.map((e, i) => (
            <span key={i} data-field-error={e.field}>
              {i ? ' ' : ''}
              {e.message}
            </span>
          ))}
        </span>
      ) : null,
    };
  };

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void send(true);
  }

  const date = slot('effectiveFrom');
  const reason = slot('reason');
  return (
    <>
      <h1>{tReorg('title')}</h1>
      <form onSubmit={onSubmit} aria-label={tReorg('form')} className="reorganisation" noValidate>
        <DateInput label={tReorg('effectiveFrom')} name="effectiveFrom" value={form.effectiveFrom || null} onChange={(iso) => change({ effectiveFrom: iso })} />
        {date.message}
        <label>
          {tReorg('reason')}
          <input value={form.reason} data-path="reason" aria-invalid={reason.marks.invalid || undefined} aria-describedby={reason.marks.describedBy} onChange={(e) => change({ reason: e.target.value })} />
        </label>
        {reason.message}
        <h2>{tReorg('operations')}</h2>
        {form.rows.map((row, i) => (
          <OperationRowEditor
            key={row.key}
            row={row}
            n={i + 1}
            kinds={kinds?.items ?? []}
            slot={slot}
            onChange={(patch) => changeRow(row.key, patch)}
            onRemove={form.rows.length > 1 ? () => change({ rows: form.rows.filter((r) => r.key !== row.key) }) : undefined}
          />
        ))}
        <button type="button" className="secondary" onClick={() => change({ rows: [...form.rows, newRow('merge')] })}>
          {tReorg('addOperation')}
        </button>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {tReorg('preview')}
          </button>
          <button type="button" disabled={busy || !previewCurrent} aria-describedby={`${uid}-apply-hint`} onClick={() => void send(false)}>
            {tReorg('apply')}
          </button>
          <span id={`${uid}-apply-hint`} className="muted">
            {previewCurrent ? null : tReorg('applyNeedsPreview')}
          </span>
        </div>
      </form>
      {refusal ? <ShownErrorView shown={refusal} /> : null}
      {previewCurrent ? <p role="status">{tReorg('previewed')}</p> : null}
      {answer?.status === 'preview' && !previewCurrent && !refusal ? <p role="status">{tReorg('stale')}</p> : null}
      {scheduled ? (
        <p role="status">
          {tReorg('scheduled')} <code>{scheduled}</code>
        </p>
      ) : null}
      {answer && (previewCurrent || answer.status !== 'preview') ? <AnswerView answer={answer} /> : null}
    </>
  );
}

type Slot = (key: string) => { marks: { path: string; invalid: boolean; describedBy?: string }; message: ReactNode };

function OperationRowEditor({ row, n, kinds, slot, onChange, onRemove }: { row: OperationRow; n: number; kinds: { kind: string; vi: string; en: string }[]; slot: Slot; onChange: (patch: Partial<OperationRow>) => void; onRemove?: () => void }) {
  const name = `${tReorg('operation')} ${n}`;
  const at = (k: string) => slot(`op${row.key}${k ? `.${k}` : ''}`);
  // A label unique on the page: "Sáp nhập vào đơn vị (thao tác 2)".
  const lbl = (k: keyof typeof REORG) => `${tReorg(k)} (${name.toLowerCase()})`;
  const own = at('');
  const type = at('type');
  const single = (k: string, labelKey: keyof typeof REORG, value: string, set: (v: string) => void) => {
    const s = at(k);
    return (
      <div className="field">
        <label>
          {tReorg(labelKey)}{' '}
          <UnitPicker label={lbl(labelKey)} value={value} onChange={set} placeholder={tReorg('chooseUnit')} {...s.marks} />
        </label>
        {s.message}
      </div>
    );
  };
  const multi = (k: string, labelKey: keyof typeof REORG, value: string[], set: (v: string[]) => void, suffix = '') => {
    const s = at(k);
    return (
      <div className="field">
        <UnitIdsPicker label={`${tReorg(labelKey)}${suffix} (${name.toLowerCase()})`} value={value} onChange={set} {...s.marks} />
        {s.message}
      </div>
    );
  };
  const text = (k: string, labelKey: keyof typeof REORG, value: string, set: (v: string) => void) => {
    const s = at(k);
    return (
      <div className="field">
        <label>
          {tReorg(labelKey)}
          <input aria-label={lbl(labelKey)} value={value} data-path={s.marks.path} aria-invalid={s.marks.invalid || undefined} aria-describedby={s.marks.describedBy} onChange={(e) => set(e.target.value)} />
        </label>
        {s.message}
      </div>
    );
  };
  return (
    <fieldset className="operation" data-path={own.marks.path} aria-describedby={own.marks.describedBy}>
      <legend>{name}</legend>
      <label>
        {tReorg('type')}
        <select aria-label={lbl('type')} value={row.type} data-path={type.marks.path} aria-invalid={type.marks.invalid || undefined} onChange={(e) => onChange({ type: e.target.value as OperationType })}>
          {OPERATION_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {tReorg(ty)}
            </option>
          ))}
        </select>
      </label>
      {type.message}
      {row.type === 'merge' ? (
        <>
          {multi('unitIds', 'mergeSources', row.unitIds, (unitIds) => onChange({ unitIds }))}
          {single('into', 'mergeInto', row.into, (into) => onChange({ into }))}
        </>
      ) : null}
      {row.type === 'split' ? (
        <>
          {single('unitId', 'splitUnit', row.unitId, (unitId) => onChange({ unitId }))}
          {at('parts').message}
          {row.parts.map((p, j) => {
            const setPart = (patch: Partial<typeof p>) => onChange({ parts: row.parts.map((x) => (x.key === p.key ? { ...x, ...patch } : x)) });
            const partName = `${tReorg('part')} ${j + 1}`;
            const into = at(`part${p.key}.into`);
            return (
              <fieldset key={p.key} className="split-part">
                <legend>
                  {partName} ({name.toLowerCase()})
                </legend>
                <div className="field">
                  <label>
                    {tReorg('partInto')}{' '}
                    <UnitPicker label={`${tReorg('partInto')} ${partName.toLowerCase()} (${name.toLowerCase()})`} value={p.into} onChange={(v) => setPart({ into: v })} placeholder={tReorg('chooseUnit')} {...into.marks} />
                  </label>
                  {into.message}
                </div>
                {multi(`part${p.key}.childIds`, 'partChildren', p.childIds, (childIds) => setPart({ childIds }), ` ${partName.toLowerCase()}`)}
                {row.parts.length > 1 ? (
                  <button type="button" className="link" onClick={() => onChange({ parts: row.parts.filter((x) => x.key !== p.key) })}>
                    {tReorg('removePart')} {j + 1} ({name.toLowerCase()})
                  </button>
                ) : null}
              </fieldset>
            );
          })}
          <button type="button" className="secondary" onClick={() => onChange({ parts: [...row.parts, newPart()] })}>
            {tReorg('addPart')} ({name.toLowerCase()})
          </button>
        </>
      ) : null}
      {row.type === 'abolish' ? (
        <>
          {single('unitId', 'abolishUnit', row.unitId, (unitId) => onChange({ unitId }))}
          {multi('successorIds', 'successors', row.successorIds, (successorIds) => onChange({ successorIds }))}
        </>
      ) : null}
      {row.type === 'move' ? (
        <>
          {single('unitId', 'moveUnit', row.unitId, (unitId) => onChange({ unitId }))}
          {single('parentId', 'newParent', row.parentId, (parentId) => onChange({ parentId }))}
          {single('reportsToId', 'newReportsTo', row.reportsToId, (reportsToId) => onChange({ reportsToId }))}
        </>
      ) : null}
      {row.type === 'rename' ? (
        <>
          {single('unitId', 'renameUnit', row.unitId, (unitId) => onChange({ unitId }))}
          {text('name', 'newName', row.name, (v) => onChange({ name: v }))}
          {text('shortName', 'newShortName', row.shortName, (v) => onChange({ shortName: v }))}
        </>
      ) : null}
      {row.type === 'create' ? (
        <>
          {text('unit.id', 'unitId', row.unit.id, (v) => onChange({ unit: { ...row.unit, id: v } }))}
          {text('unit.name', 'unitName', row.unit.name, (v) => onChange({ unit: { ...row.unit, name: v } }))}
          <div className="field">
            <label>
              {tReorg('unitKind')}
              <select aria-label={lbl('unitKind')} value={row.unit.kind} data-path={at('unit.kind').marks.path} aria-invalid={at('unit.kind').marks.invalid || undefined} onChange={(e) => onChange({ unit: { ...row.unit, kind: e.target.value } })}>
                <option value="">{tReorg('chooseKind')}</option>
                {kinds.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {currentLang() === 'vi' ? k.vi : k.en}
                  </option>
                ))}
              </select>
            </label>
            {at('unit.kind').message}
          </div>
          {single('unit.parentId', 'unitParent', row.unit.parentId, (v) => onChange({ unit: { ...row.unit, parentId: v } }))}
        </>
      ) : null}
      {own.message}
      {onRemove ? (
        <button type="button" className="link" onClick={onRemove}>
          {tReorg('removeOperation')} {n}
        </button>
      ) : null}
    </fieldset>
  );
}

function AnswerView({ answer }: { answer: Answer }) {
  return (
    <>
      <h2>{tReorg('goners')}</h2>
      <ul>
        {answer.goners.map((g) => {
          const o = answer.openAssignments.find((x) => x.unitId === g.unitId);
          return (
            <li key={g.unitId}>
              <code>{g.unitId}</code> → {g.successorIds.join(', ') || '—'} ({tReorg('openWork')}: {o ? o.asAssignee + o.asReviewer + o.asExpectedReporter : 0})
            </li>
          );
        })}
      </ul>
      <h2>
        {tReorg('moves')} ({answer.moves.total})
      </h2>
      <ul>
        {answer.moves.items.slice(0, 100).map((m, i) => (
          <li key={i}>
            {m.action === 'merge_into' ? tReorg('merged') : m.action === 'absorb' ? tReorg('absorbed') : tReorg('moved')} {m.fromUnitId} → {m.toUnitId}
            {m.shares?.length ? (
              // A split consolidation: the first successor keeps the assignment, each other one consolidates its part.
              <ul data-testid="split-shares">
                {m.shares.map((sh) => (
                  <li key={sh.unitId}>
                    {tReorg('splitTo')} {sh.unitId}: {currentLang() === 'vi' ? `tổng hợp ${sh.expected.length} đơn vị` : `consolidates ${sh.expected.length} units`} ({sh.expected.join(', ')})
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>
        {tReorg('chains')} ({answer.chains.total})
      </h2>
      <ul>
        {answer.chains.items.slice(0, 100).map((c) => (
          <li key={c.unitId}>
            {c.before.join(' → ')} ⇒ {c.after.join(' → ')}
          </li>
        ))}
      </ul>
      <h2>
        {tReorg('users')} ({answer.usersToRehome.total})
      </h2>
      <ul>
        {answer.usersToRehome.items.slice(0, 100).map((u) => (
          <li key={u.username}>
            {u.username}: {u.fromUnitId} → {u.toUnitId ?? '—'}
          </li>
        ))}
      </ul>
    </>
  );
}

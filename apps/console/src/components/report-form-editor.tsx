// A plan owner gives a task a report form: fields with a label, a type, a unit of measure, required or not, bounds,
// and how each consolidates upward. On a running plan the change is an amendment with a reason (the API audits it and
// keeps older submissions with the form they answered). Refusals name the field (e.g. fields[2].weightField).
import type { ConsolidationRule, FieldType } from '@khflow/contracts';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorView, Loading, NoticeView } from './feedback';
import { useAction, useLoad } from '../use-load';
import { FIELD_TYPES, type ReportField, type ReportFormResponse, RULES, ruleLabel, rw, typeLabel } from './report-types';

const blankField = (n: number): ReportField => ({ key: `chi_tieu_${n}`, label: '', type: 'number', unit: '', required: true, consolidate: 'sum' });

/** The form as the API wants it: empty optional values left out. */
export function formBody(fields: ReportField[]): { fields: Record<string, unknown>[] } {
  return {
    fields: fields.map((f) => {
      const out: Record<string, unknown> = { key: f.key.trim(), label: f.label.trim(), type: f.type, required: !!f.required, consolidate: f.consolidate };
      if (f.unit?.trim()) out.unit = f.unit.trim();
      if (f.min !== null && f.min !== undefined && !Number.isNaN(f.min)) out.min = f.min;
      if (f.max !== null && f.max !== undefined && !Number.isNaN(f.max)) out.max = f.max;
      if (f.integer) out.integer = true;
      if (f.type === 'choice') out.choices = f.choices ?? [];
      if (f.consolidate === 'weighted_average') out.weightField = f.weightField ?? '';
      return out;
    }),
  };
}

export function ReportFormEditor({ taskId, running, proposed, onSaved }: { taskId: string; running: boolean; proposed?: ReportField[]; onSaved?: () => void }) {
  const { data, problem } = useLoad(
    // 404: the task has no form yet (distinct from null, which is "still loading").
    () => api.get<ReportFormResponse>(`/tasks/${taskId}/report-form`).catch((e) => (e instanceof ApiError && e.status === 404 ? ('none' as const) : Promise.reject(e))),
    [taskId],
  );
  const [fields, setFields] = useState<ReportField[] | null>(null);
  const [reason, setReason] = useState('');
  const { notice, act } = useAction(() => onSaved?.());
  if (problem) return <ErrorView problem={problem} />;
  if (!data) return <Loading />;
  const stored = data === 'none' ? null : data;
  const current = fields ?? stored?.form.fields ?? (proposed?.length ? proposed : [blankField(1)]);
  const set = (i: number, patch: Partial<ReportField>) => setFields(current.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const numbers = current.filter((f) => f.type === 'number');
  return (
    <form
      aria-label={rw('reportForm')}
      className="report-form-editor"
      onSubmit={(ev) => {
        ev.preventDefault();
        const form = ev.currentTarget;
        void act(() => api.put(`/tasks/${taskId}/report-form`, { form: formBody(current), ...(running ? { reason } : {}) }), form);
      }}
    >
      <h3>
        {rw('reportForm')}
        {stored ? ` — ${rw('version')} ${stored.version}` : ''}
      </h3>
      {!stored && proposed?.length && !fields ? <p className="muted">{rw('proposed')}</p> : null}
      <div style={{ overflowX: 'auto' }}>
      <table className="field-editor">
        <caption>{rw('fields')}</caption>
        <thead>
          <tr>
            <th scope="col">{rw('key')}</th>
            <th scope="col">{rw('label')}</th>
            <th scope="col">{rw('type')}</th>
            <th scope="col">{rw('unit')}</th>
            <th scope="col">{rw('required')}</th>
            <th scope="col">{rw('min')}</th>
            <th scope="col">{rw('max')}</th>
            <th scope="col">{rw('consolidate')}</th>
            <th scope="col">
              <span className="visually-hidden">{rw('removeField')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {current.map((f, i) => (
            <tr key={i} data-field-row={i}>
              <td>
                <input aria-label={`${rw('key')} ${i + 1}`} data-field={`fields[${i}].key`} value={f.key} onChange={(e) => set(i, { key: e.target.value })} required pattern="[a-z][a-z0-9_]*" size={12} />
              </td>
              <td>
                <input aria-label={`${rw('label')} ${i + 1}`} value={f.label} onChange={(e) => set(i, { label: e.target.value })} required size={28} />
              </td>
              <td>
                <select aria-label={`${rw('type')} ${i + 1}`} value={f.type} onChange={(e) => set(i, { type: e.target.value as FieldType, consolidate: e.target.value === 'yes_no' ? 'count_yes' : e.target.value === 'number' ? 'sum' : e.target.value === 'percent' ? 'max' : 'list' })}>
                  {FIELD_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {typeLabel(t)}
                    </option>
                  ))}
                </select>
                {f.type === 'choice' ? (
                  <input aria-label={`${rw('choices')} ${i + 1}`} value={(f.choices ?? []).join('; ')} onChange={(e) => set(i, { choices: e.target.value.split(';').map((x) => x.trim()).filter(Boolean) })} />
                ) : null}
              </td>
              <td>
                <input aria-label={`${rw('unit')} ${i + 1}`} value={f.unit ?? ''} onChange={(e) => set(i, { unit: e.target.value })} size={10} />
              </td>
              <td>
                <input aria-label={`${rw('required')} ${i + 1}`} type="checkbox" checked={!!f.required} onChange={(e) => set(i, { required: e.target.checked })} />
              </td>
              <td>
                <input aria-label={`${rw('min')} ${i + 1}`} type="number" value={f.min ?? ''} onChange={(e) => set(i, { min: e.target.value === '' ? null : Number(e.target.value) })} style={{ width: '6em' }} />
              </td>
              <td>
                <input aria-label={`${rw('max')} ${i + 1}`} type="number" value={f.max ?? ''} onChange={(e) => set(i, { max: e.target.value === '' ? null : Number(e.target.value) })} style={{ width: '6em' }} />
              </td>
              <td>
                <select aria-label={`${rw('consolidate')} ${i + 1}`} value={f.consolidate} onChange={(e) => set(i, { consolidate: e.target.value as ConsolidationRule })}>
                  {RULES.map((r) => (
                    <option key={r} value={r}>
                      {ruleLabel(r)}
                    </option>
                  ))}
                </select>
                {f.consolidate === 'weighted_average' ? (
                  <select aria-label={`${rw('weightField')} ${i + 1}`} value={f.weightField ?? ''} onChange={(e) => set(i, { weightField: e.target.value })}>
                    <option value="">—</option>
                    {numbers.map((n) => (
                      <option key={n.key} value={n.key}>
                        {n.label || n.key}
                      </option>
                    ))}
                  </select>
                ) : null}
              </td>
              <td>
                <button type="button" className="secondary" aria-label={`${rw('removeField')} ${i + 1}`} onClick={() => setFields(current.filter((_, j) => j !== i))} disabled={current.length === 1}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <button type="button" className="secondary" onClick={() => setFields([...current, blankField(current.length + 1)])}>
        {rw('addField')}
      </button>
      {running ? (
        <label>
          {rw('amendReason')}
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
        </label>
      ) : null}
      <button type="submit">{rw('saveForm')}</button>
      <NoticeView notice={notice} />
    </form>
  );
}

// A unit fills its task's report form once: one control per field (numbers, percentages, yes/no, choices, dates
// typed dd/mm/yyyy, text), sent to POST /assignments/{id}/report. The server validates (a number out of range, a
// percentage above 100, a missing required field → 422 naming the field): the control it names is marked and focused.
import { api } from '../api';
import { DateInput } from './date-input';
import { NoticeView } from './feedback';
import { useAction } from '../use-load';
import { type Figures, type ReportField, rw } from './report-types';

/** The figures of a submitted form, typed as the fields say (blank controls are left out). */
export function figuresOf(fields: ReportField[], data: FormData): Figures {
  const out: Figures = {};
  for (const f of fields) {
    const raw = data.get(f.key);
    if (raw === null || raw === '') continue;
    const s = String(raw).trim();
    if (f.type === 'number' || f.type === 'percent') out[f.key] = s === '' ? null : Number(s.replace(',', '.'));
    else if (f.type === 'yes_no') out[f.key] = s === 'yes' ? true : s === 'no' ? false : null;
    else out[f.key] = s;
  }
  return out;
}

function Control({ f, value }: { f: ReportField; value: unknown }) {
  const label = `${f.label}${f.type === 'percent' ? ' (%)' : f.unit ? ` (${f.unit})` : ''}${f.required ? ' *' : ''}`;
  switch (f.type) {
    case 'number':
    case 'percent':
      return (
        <label>
          {label}
          <input name={f.key} type="number" step={f.integer ? 1 : 'any'} min={f.min ?? (f.type === 'percent' ? 0 : undefined)} max={f.max ?? (f.type === 'percent' ? 100 : undefined)} defaultValue={typeof value === 'number' ? value : ''} inputMode="decimal" />
        </label>
      );
    case 'yes_no':
      return (
        <label>
          {label}
          <select name={f.key} defaultValue={value === true ? 'yes' : value === false ? 'no' : ''}>
            <option value="">—</option>
            <option value="yes">{rw('yes')}</option>
            <option value="no">{rw('no')}</option>
          </select>
        </label>
      );
    case 'choice':
      return (
        <label>
          {label}
          <select name={f.key} defaultValue={typeof value === 'string' ? value : ''}>
            <option value="">—</option>
            {(f.choices ?? []).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      );
    case 'date':
      return <DateInput label={label} name={f.key} value={typeof value === 'string' ? value : null} />;
    default:
      return (
        <label>
          {label}
          <textarea name={f.key} rows={2} defaultValue={typeof value === 'string' ? value : ''} />
        </label>
      );
  }
}

export function ReportFill({ assignmentId, fields, version, initial, onDone, title }: { assignmentId: string; fields: ReportField[]; version: number; initial?: Figures | null; onDone: () => void; title?: string }) {
  // A refusal names a figure by its key (figures.so_hoc_sinh); the reader sees the field's label on the form.
  const { notice, act } = useAction(onDone, Object.fromEntries(fields.map((f) => [f.key, f.label])));
  // Files and tables are entered through the API (they carry attachments and rows); the console shows the rest.
  const shown = fields.filter((f) => f.type !== 'file' && f.type !== 'table');
  return (
    <form
      aria-label={title ?? rw('fill')}
      className="report-fill"
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        const form = ev.currentTarget;
        const data = new FormData(form);
        const comment = String(data.get('__comment') ?? '').trim();
        void act(() => api.post(`/assignments/${assignmentId}/report`, { figures: figuresOf(shown, data), ...(comment ? { comment } : {}), expectedVersion: version }), form);
      }}
    >
      <h2>{title ?? rw('fill')}</h2>
      <div className="report-fields">
        {shown.map((f) => (
          <Control key={f.key} f={f} value={initial?.[f.key]} />
        ))}
      </div>
      <label>
        {rw('comment')}
        <textarea name="__comment" rows={2} />
      </label>
      <button type="submit">{rw('submitFigures')}</button>
      <NoticeView notice={notice} />
    </form>
  );
}

// A unit fills its task's report form once: one control per field (numbers, percentages, yes/no, choices, dates
// typed dd/mm/yyyy, text), a grid for a table field (its typed columns, rows added and removed) and an upload for a
// file field, sent to POST /assignments/{id}/report. The server validates (a number out of range, a percentage above
// 100, a missing required field, a table cell → 422 naming the field): the control it names is marked and focused.
import { useRef, useState } from 'react';
import type { AttachmentRef, ColumnType, FileFigure, TableRow, ValueSpec } from '@khflow/contracts';
import { api } from '../api';
import { DateInput } from './date-input';
import { NoticeView } from './feedback';
import { useAction } from '../use-load';
import { type Figures, type ReportField, rw } from './report-types';

/** The form control's name of a table cell: the figure's path without `figures.` (figures.phong[1].so → phong[1].so). */
const cellName = (fieldKey: string, row: number, column: string) => `${fieldKey}[${row}].${column}`;

/** One typed value from a control, as a field or a column of its type says; undefined when blank. */
function typed(type: ColumnType, raw: FormDataEntryValue | null): number | boolean | string | undefined {
  if (raw === null || typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (s === '') return undefined;
  if (type === 'number' || type === 'percent') return Number(s.replace(',', '.'));
  if (type === 'yes_no') return s === 'yes' ? true : s === 'no' ? false : undefined;
  return s;
}

/** The figures of a submitted form, typed as the fields say (blank controls and blank table rows are left out).
 *  File fields are not read here: their value is an upload (see ReportFill). */
export function figuresOf(fields: ReportField[], data: FormData): Figures {
  const out: Figures = {};
  for (const f of fields) {
    if (f.type === 'file') continue;
    if (f.type === 'table') {
      const rows: TableRow[] = [];
      for (let i = 0; data.has(`${f.key}[${i}]`); i++) {
        const row: TableRow = {};
        let filled = false;
        for (const c of f.columns ?? []) {
          const v = typed(c.type, data.get(cellName(f.key, i, c.key)));
          row[c.key] = v ?? null;
          if (v !== undefined) filled = true;
        }
        if (filled) rows.push(row);
      }
      if (rows.length) out[f.key] = rows;
      continue;
    }
    const v = typed(f.type as ColumnType, data.get(f.key));
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

/** The control of one value (a field or a table cell): the contract's ValueSpec gives its bounds and choices. */
function ValueControl({ type, spec, name, label, path, value, visibleLabel = true }: { type: ColumnType; spec: ValueSpec; name: string; label: string; path: string; value: unknown; visibleLabel?: boolean }) {
  const wrap = (control: React.ReactNode) =>
    visibleLabel ? (
      <label>
        {label}
        {control}
      </label>
    ) : (
      control
    );
  const aria = visibleLabel ? undefined : label;
  switch (type) {
    case 'number':
    case 'percent':
      return wrap(
        <input
          name={name}
          data-field-path={path}
          aria-label={aria}
          type="number"
          step={spec.integer ? 1 : 'any'}
          min={spec.min ?? (type === 'percent' ? 0 : undefined)}
          max={spec.max ?? (type === 'percent' ? 100 : undefined)}
          defaultValue={typeof value === 'number' ? value : ''}
          inputMode="decimal"
        />,
      );
    case 'yes_no':
      return wrap(
        <select name={name} data-field-path={path} aria-label={aria} defaultValue={value === true ? 'yes' : value === false ? 'no' : ''}>
          <option value="">—</option>
          <option value="yes">{rw('yes')}</option>
          <option value="no">{rw('no')}</option>
        </select>,
      );
    case 'choice':
      return wrap(
        <select name={name} data-field-path={path} aria-label={aria} defaultValue={typeof value === 'string' ? value : ''}>
          <option value="">—</option>
          {(spec.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>,
      );
    case 'date':
      return <DateInput label={label} name={name} value={typeof value === 'string' ? value : null} visibleLabel={visibleLabel} />;
    default:
      return wrap(<textarea name={name} data-field-path={path} aria-label={aria} rows={visibleLabel ? 2 : 1} defaultValue={typeof value === 'string' ? value : ''} />);
  }
}

const labelOf = (x: { label: string; type: string; unit?: string | null; required?: boolean }) => `${x.label}${x.type === 'percent' ? ' (%)' : x.unit ? ` (${x.unit})` : ''}${x.required ? ' *' : ''}`;

let nextRowId = 0;

/** A table field: one row of typed cells per entry, rows added and removed; the controls' names carry the row's
 *  current position, so the form reads the rows in the order shown. */
function TableControl({ f, value }: { f: ReportField; value: unknown }) {
  const initial = Array.isArray(value) ? (value as TableRow[]) : [];
  const [rows, setRows] = useState(() => (initial.length ? initial : [{}]).map((r) => ({ id: nextRowId++, values: r as TableRow })));
  const columns = f.columns ?? [];
  return (
    <fieldset className="report-table-field" data-field-path={`figures.${f.key}`} tabIndex={-1}>
      <legend>{labelOf(f)}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">{rw('row')}</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {labelOf(c)}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.id}>
              <td>
                {i + 1}
                <input type="hidden" name={`${f.key}[${i}]`} value="" />
              </td>
              {columns.map((c) => (
                <td key={c.key}>
                  <ValueControl type={c.type} spec={c} name={cellName(f.key, i, c.key)} path={`figures.${cellName(f.key, i, c.key)}`} label={`${f.label} › ${rw('row')} ${i + 1} › ${c.label}`} value={r.values[c.key]} visibleLabel={false} />
                </td>
              ))}
              <td>
                <button type="button" className="secondary" aria-label={`${rw('removeRow')} ${i + 1}`} onClick={() => setRows((xs) => xs.filter((x) => x.id !== r.id))}>
                  {rw('removeRow')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length ? null : <p>{rw('noRows')}</p>}
      <button type="button" className="secondary" onClick={() => setRows((xs) => [...xs, { id: nextRowId++, values: {} }])}>
        {rw('addRow')} ({f.label})
      </button>
    </fieldset>
  );
}

/** A file field: the file is uploaded to the assignment when the form is sent; its figure is the attachment. */
function FileControl({ f, value, onFile }: { f: ReportField; value: unknown; onFile: (file: File | null) => void }) {
  const sent = value && typeof value === 'object' && 'attachmentId' in value ? (value as FileFigure) : null;
  return (
    <label>
      {labelOf(f)}
      <input type="file" name={f.key} data-field-path={`figures.${f.key}`} onChange={(ev) => onFile(ev.currentTarget.files?.[0] ?? null)} />
      {sent ? (
        <small>
          {rw('fileSent')}: {sent.fileName ?? sent.attachmentId} {rw('fileKeep')}
        </small>
      ) : null}
    </label>
  );
}

function Control({ f, value, onFile }: { f: ReportField; value: unknown; onFile: (key: string, file: File | null) => void }) {
  if (f.type === 'table') return <TableControl f={f} value={value} />;
  if (f.type === 'file') return <FileControl f={f} value={value} onFile={(file) => onFile(f.key, file)} />;
  return <ValueControl type={f.type} spec={f} name={f.key} path={`figures.${f.key}`} label={labelOf(f)} value={value} />;
}

/** Uploads the file chosen for each file field (or keeps the one sent before) and answers their figures. */
async function fileFigures(assignmentId: string, fields: ReportField[], chosen: Record<string, File | null>, initial: Figures | null | undefined): Promise<Figures> {
  const out: Figures = {};
  for (const f of fields.filter((x) => x.type === 'file')) {
    const file = chosen[f.key];
    if (file && file.size > 0) {
      const body = new FormData();
      body.append('file', file, file.name);
      out[f.key] = { attachmentId: (await api.post<AttachmentRef>(`/assignments/${assignmentId}/attachments`, body)).id };
      continue;
    }
    const before = initial?.[f.key];
    if (before && typeof before === 'object' && 'attachmentId' in before) out[f.key] = { attachmentId: (before as FileFigure).attachmentId };
  }
  return out;
}

export function ReportFill({ assignmentId, fields, version, initial, onDone, title }: { assignmentId: string; fields: ReportField[]; version: number; initial?: Figures | null; onDone: () => void; title?: string }) {
  // A refusal names a figure by its key (figures.so_hoc_sinh, figures.phong[1].so); the reader sees the labels.
  const labels = Object.fromEntries(fields.flatMap((f) => [...(f.columns ?? []).map((c) => [c.key, c.label]), [f.key, f.label]]));
  const { notice, act } = useAction(onDone, labels);
  // The files chosen for file fields, uploaded when the form is sent.
  const chosen = useRef<Record<string, File | null>>({});
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
        void act(async () => {
          const figures = { ...figuresOf(fields, data), ...(await fileFigures(assignmentId, fields, chosen.current, initial)) };
          return api.post(`/assignments/${assignmentId}/report`, { figures, ...(comment ? { comment } : {}), expectedVersion: version });
        }, form);
      }}
    >
      <h2>{title ?? rw('fill')}</h2>
      <div className="report-fields">
        {fields.map((f) => (
          <Control key={f.key} f={f} value={initial?.[f.key]} onFile={(key, file) => (chosen.current[key] = file)} />
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

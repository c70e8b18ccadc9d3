// A consolidating level (district office, commune, Sở, UBND) sees its subordinates' figures side by side, the totals
// of what has come in (a returned report leaves them), which units are missing, and adds its own figures and comment
// before it reports upward; the table exports as XLSX and the report as an official .docx (Decree 30).
import { useState } from 'react';
import { api, downloadFile } from '../api';
import { ErrorView, Loading, ShownErrorView } from './feedback';
import { describeError, type ShownError } from '../errors';
import { currentLang } from '../i18n';
import { useLoad } from '../use-load';
import { viDateTime } from '../dates';
import { ReportFill } from './report-fill';
import { type ConsolidatedResponse, rowStatusLabel, rw, showValue } from './report-types';

/** The side-by-side table: one row per subordinate, the total of what has come in, then the level's own figures. */
export function ConsolidatedTable({ c }: { c: ConsolidatedResponse }) {
  const fields = c.form.fields;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="report-consolidated" data-testid="report-consolidated">
        <caption>
          {rw('consolidated')} — {rw('reportedOf')} {c.reported.length}/{c.expectedCount}
        </caption>
        <thead>
          <tr>
            <th scope="col">{rw('unitCol')}</th>
            <th scope="col">{rw('status')}</th>
            {fields.map((f) => (
              <th scope="col" key={f.key}>
                {f.label}
                {f.type === 'percent' ? ' (%)' : f.unit ? ` (${f.unit})` : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {c.rows.map((r) => (
            <tr key={r.unitId} className={r.included ? '' : 'excluded'} data-unit={r.unitId}>
              <th scope="row">{r.unitName}</th>
              <td className={`row-status ${r.status}`}>
                {rowStatusLabel(r.status)}
                {r.submittedAt ? ` · ${viDateTime(r.submittedAt)}` : ''}
              </td>
              {fields.map((f) => (
                <td key={f.key} className="num">
                  {r.values ? showValue(f, r.values[f.key]) : '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="report-totals">
            <th scope="row">{rw('total')}</th>
            <td>
              {c.reported.length}/{c.expectedCount}
            </td>
            {fields.map((f) => (
              <td key={f.key} className="num">
                <strong>{showValue(f, c.totals[f.key])}</strong>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ReportConsolidated({ taskId, unitId, canFill, version, onDone }: { taskId: string; unitId: string; canFill: boolean; version: number; onDone: () => void }) {
  const [n, setN] = useState(0);
  const { data: c, error, problem } = useLoad(() => api.get<ConsolidatedResponse>(`/reports/tasks/${taskId}/consolidated?unitId=${encodeURIComponent(unitId)}`), [taskId, unitId, n]);
  const [failed, setFailed] = useState<ShownError | null>(null);
  if (error) return <ErrorView problem={problem} />;
  if (!c) return <Loading />;
  const q = `unitId=${encodeURIComponent(unitId)}&periodKey=${encodeURIComponent(c.periodKey)}`;
  const get = (ext: 'xlsx' | 'docx') =>
    downloadFile(`/reports/tasks/${taskId}/consolidated.${ext}?${q}`, `tong-hop-${c.taskRef}-${unitId}.${ext}`).then(
      () => setFailed(null),
      (err) => setFailed(describeError(err, currentLang())),
    );
  return (
    <section aria-labelledby="report-consolidated-h" className="report-section">
      <h2 id="report-consolidated-h">
        {rw('figures')}: {c.taskRef}. {c.taskTitle}
      </h2>
      <ConsolidatedTable c={c} />
      {c.missing.length ? (
        <p className="missing-units" data-testid="report-missing">
          <strong>{rw('missing')}:</strong> {c.missing.map((m) => m.unitName).join(', ')}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void get('xlsx')}>
          {rw('exportXlsx')}
        </button>
        <button type="button" className="secondary" onClick={() => void get('docx')}>
          {rw('exportDocx')}
        </button>
      </div>
      {failed ? <ShownErrorView shown={failed} /> : null}
      {canFill && c.own ? (
        <ReportFill
          assignmentId={c.own.assignmentId}
          fields={c.form.fields}
          version={version}
          initial={c.own.figures}
          title={rw('ownFigures')}
          onDone={() => {
            setN((x) => x + 1);
            onDone();
          }}
        />
      ) : null}
    </section>
  );
}

import { type ReactNode, useState } from 'react';
import { t } from '../i18n';

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** The value the column sorts by; a column without it does not sort. */
  sort?: (row: T) => string | number | null | undefined;
  className?: (row: T) => string | undefined;
}

/** Server-side paging: the table shows one page of `total` rows and asks for another offset. */
export interface ServerPage {
  total: number;
  offset: number;
  limit: number;
  onPage: (offset: number) => void;
}

type Dir = 'ascending' | 'descending';

export function compareValues(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1; // empty values last, whatever the direction
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'vi', { numeric: true, sensitivity: 'base' });
}

export function sortRows<T>(rows: T[], by: ((row: T) => string | number | null | undefined) | undefined, dir: Dir): T[] {
  if (!by) return rows;
  const sign = dir === 'ascending' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: by(row) }))
    .sort((x, y) => {
      const empty = (v: unknown) => v === null || v === undefined || v === '';
      if (empty(x.v) || empty(y.v)) return compareValues(x.v, y.v) || x.i - y.i;
      return sign * compareValues(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.row);
}

/**
 * A table that sorts by any column with a sort value (click its header; again for the other direction) and pages:
 * by itself over `rows`, or through the API when `server` is given (then sorting orders the page shown).
 */
export function DataTable<T>({
  caption,
  rows,
  columns,
  rowKey,
  rowClass,
  pageSize = 20,
  server,
  initialSort,
  testId,
}: {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowClass?: (row: T) => string | undefined;
  pageSize?: number;
  server?: ServerPage;
  initialSort?: { key: string; dir: Dir };
  testId?: string;
}) {
  const [sort, setSort] = useState<{ key: string; dir: Dir } | null>(initialSort ?? null);
  const [offset, setOffset] = useState(0);
  const column = columns.find((c) => c.key === sort?.key);
  const sorted = sortRows(rows, column?.sort, sort?.dir ?? 'ascending');
  const total = server ? server.total : rows.length;
  const limit = server ? server.limit : pageSize;
  const at = server ? server.offset : Math.min(offset, Math.max(0, Math.floor((rows.length - 1) / pageSize) * pageSize));
  const shown = server ? sorted : sorted.slice(at, at + pageSize);
  const go = (next: number) => (server ? server.onPage(next) : setOffset(next));
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th key={c.key} scope="col" aria-sort={active ? sort!.dir : c.sort ? 'none' : undefined}>
                  {c.sort ? (
                    <button
                      type="button"
                      className="sort"
                      onClick={() => {
                        setSort({ key: c.key, dir: active && sort!.dir === 'ascending' ? 'descending' : 'ascending' });
                        if (!server) setOffset(0);
                      }}
                    >
                      {c.label}
                      <span aria-hidden="true">{active ? (sort!.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 ? (
            <tr>
              <td colSpan={columns.length}>{t('none')}</td>
            </tr>
          ) : null}
          {shown.map((row) => (
            <tr key={rowKey(row)} className={rowClass?.(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.className?.(row)}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager caption={caption} total={total} offset={at} limit={limit} onPage={go} />
    </div>
  );
}

/** Previous / next with "21–40 / 57"; shown only when there is more than one page. */
export function Pager({ caption, total, offset, limit, onPage }: { caption: string; total: number; offset: number; limit: number } & { onPage: (offset: number) => void }) {
  if (total <= limit && offset === 0) return null;
  const from = total ? offset + 1 : 0;
  const to = Math.min(total, offset + limit);
  return (
    <nav className="pager" aria-label={`${caption} — ${t('pageOf')}`}>
      <button type="button" className="secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        ‹ {t('prevPage')}
      </button>
      <span>
        {from}–{to} / {total} {t('rows')}
      </span>
      <button type="button" className="secondary" disabled={to >= total} onClick={() => onPage(offset + limit)}>
        {t('nextPage')} ›
      </button>
    </nav>
  );
}

// Reading and writing a whole directory as CSV or XLSX. Units: one row per version of a unit (columns
// id,name,kind,parent_id,reports_to_id,short_name,aliases,code,valid_from,valid_to,successor_id; only id, name and
// kind are required; aliases separated by ";"). Users: username,display_name,unit_id,roles,email (roles separated by
// ";"). A CSV holds one of the two (told apart by its header); a workbook holds a "units" and/or a "users" sheet.
// Row numbers are the spreadsheet's (the header is row 1) so that an error names the row a person sees.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Role } from '@khflow/contracts';
import type { UnitVersion } from './unit-versions.util';
import { type XlsxBounds, XLSX_BOUNDS, xlsxBoundsProblem } from './xlsx-bounds.util';

export const UNIT_COLUMNS = ['id', 'name', 'kind', 'parent_id', 'reports_to_id', 'short_name', 'aliases', 'code', 'valid_from', 'valid_to', 'successor_id'] as const;
export const USER_COLUMNS = ['username', 'display_name', 'unit_id', 'roles', 'email'] as const;

export interface DirectoryUserRow {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  email: string | null;
}

export interface FileProblem {
  sheet: 'units' | 'users' | 'file';
  row: number | null;
  column: string | null;
  message: string;
}

/** A file that cannot be read at all (wrong format, formulas, merged cells, too many rows): 400/415/413. */
export class DirectoryFileError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    message: string,
    readonly problems: FileProblem[] = [],
  ) {
    super(message);
  }
}

export interface RawSheet {
  sheet: 'units' | 'users';
  header: string[];
  /** Each data row with its spreadsheet row number. */
  rows: { row: number; cells: Record<string, string> }[];
}

export const MAX_ROWS = 250_000;

function sheetKind(header: string[]): 'units' | 'users' | null {
  if (header.includes('username')) return 'users';
  if (header.includes('id') && header.includes('name') && header.includes('kind')) return 'units';
  return null;
}

function normaliseHeader(h: unknown): string {
  return String(h ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function checkHeader(sheet: 'units' | 'users', header: string[]): void {
  const allowed: readonly string[] = sheet === 'units' ? UNIT_COLUMNS : USER_COLUMNS;
  const problems: FileProblem[] = [];
  header.forEach((h, i) => {
    if (!allowed.includes(h)) problems.push({ sheet, row: 1, column: h || `#${i + 1}`, message: `unknown column "${h}"; the columns are ${allowed.join(', ')}` });
  });
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) problems.push({ sheet, row: 1, column: dup, message: `column "${dup}" appears twice` });
  if (problems.length) throw new DirectoryFileError(422, problems.map((p) => p.message).join('; '), problems);
}

/** Our own export writes a leading apostrophe before =, +, - and @ (so spreadsheets do not run it): undo it. */
const unquote = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

export function readDirectoryCsv(content: Buffer): RawSheet[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new DirectoryFileError(422, 'the CSV file is not UTF-8 text (save it as "CSV UTF-8")', [{ sheet: 'file', row: null, column: null, message: 'not UTF-8' }]);
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 64 * 1024, to_line: MAX_ROWS + 2 }) as string[][];
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new DirectoryFileError(422, `malformed CSV${e.lines ? ` at line ${e.lines}` : ''}: ${e.message}`, [{ sheet: 'file', row: e.lines ?? null, column: null, message: e.message }]);
  }
  if (records.length === 0) throw new DirectoryFileError(422, 'the CSV file is empty', [{ sheet: 'file', row: null, column: null, message: 'empty' }]);
  if (records.length > MAX_ROWS + 1) throw new DirectoryFileError(413, `the file has more than ${MAX_ROWS} rows`, [{ sheet: 'file', row: null, column: null, message: `more than ${MAX_ROWS} rows` }]);
  const header = records[0].map(normaliseHeader);
  const sheet = sheetKind(header);
  if (!sheet) throw new DirectoryFileError(422, `the header must hold id,name,kind (units) or username (users); found ${header.join(',')}`, [{ sheet: 'file', row: 1, column: null, message: 'unrecognised header' }]);
  checkHeader(sheet, header);
  const rows = records.slice(1).map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(header.map((h, c) => [h, unquote((cells[c] ?? '').trim())])) }));
  return [{ sheet, header, rows }];
}

export async function readDirectoryXlsx(content: Buffer, bounds: XlsxBounds = XLSX_BOUNDS): Promise<RawSheet[]> {
  // A zip bomb or a workbook of millions of cells is refused before exceljs inflates it into memory.
  const tooBig = xlsxBoundsProblem(content, bounds);
  if (tooBig) throw new DirectoryFileError(tooBig.status, tooBig.message, [{ sheet: 'file', row: null, column: null, message: tooBig.message }]);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch (err) {
    throw new DirectoryFileError(422, `not a readable XLSX workbook: ${(err as Error).message}`, [{ sheet: 'file', row: null, column: null, message: 'unreadable workbook' }]);
  }
  const out: RawSheet[] = [];
  for (const ws of wb.worksheets) {
    const name = ws.name.trim().toLowerCase();
    const merges = (ws.model as { merges?: string[] }).merges ?? [];
    if (ws.rowCount > MAX_ROWS + 1) throw new DirectoryFileError(413, `sheet "${ws.name}" has more than ${MAX_ROWS} rows`, [{ sheet: 'file', row: null, column: null, message: `sheet "${ws.name}" has more than ${MAX_ROWS} rows` }]);
    const headerRow = ws.getRow(1);
    const header: string[] = [];
    headerRow.eachCell({ includeEmpty: true }, (cell, col) => void (header[col - 1] = normaliseHeader(cell.text)));
    const sheet = name === 'units' || name === 'users' ? name : sheetKind(header);
    if (!sheet) continue; // a notes sheet: ignored
    if (merges.length) throw new DirectoryFileError(422, `sheet "${ws.name}" has merged cells (${merges.slice(0, 3).join(', ')}): unmerge them so that every row stands alone`, [{ sheet, row: null, column: null, message: `merged cells ${merges.slice(0, 3).join(', ')}` }]);
    while (header.length && !header[header.length - 1]) header.pop();
    checkHeader(sheet, header);
    const rows: RawSheet['rows'] = [];
    const problems: FileProblem[] = [];
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      if (rowNumber === 1) return;
      const cells: Record<string, string> = {};
      let any = false;
      header.forEach((h, i) => {
        const cell = r.getCell(i + 1);
        if (cell.type === ExcelJS.ValueType.Formula || (cell.value && typeof cell.value === 'object' && ('formula' in cell.value || 'sharedFormula' in cell.value))) {
          problems.push({ sheet, row: rowNumber, column: h, message: `a formula (${cell.formula ?? 'shared'}): paste values only` });
        }
        const v = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : unquote(cell.text.trim());
        cells[h] = v;
        if (v) any = true;
      });
      if (any) rows.push({ row: rowNumber, cells });
    });
    if (problems.length) throw new DirectoryFileError(422, problems.slice(0, 5).map((p) => `${p.sheet} row ${p.row} column ${p.column}: ${p.message}`).join('; '), problems);
    out.push({ sheet, header, rows });
  }
  if (!out.length) throw new DirectoryFileError(422, 'the workbook has no "units" or "users" sheet', [{ sheet: 'file', row: null, column: null, message: 'no units or users sheet' }]);
  return out;
}

/** Reads a CSV or XLSX by its content (XLSX is a zip: it starts with PK). */
export async function readDirectoryFile(content: Buffer, fileName = '', bounds: XlsxBounds = XLSX_BOUNDS): Promise<RawSheet[]> {
  const isZip = content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b;
  if (isZip) return readDirectoryXlsx(content, bounds);
  if (/\.(xls|ods|xlsx)$/i.test(fileName)) throw new DirectoryFileError(415, 'send a CSV (UTF-8) or an XLSX workbook');
  return readDirectoryCsv(content);
}

const csvCell = (v: string) => {
  const s = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function unitCells(u: UnitVersion): string[] {
  return [u.id, u.name, u.kind, u.parentId ?? '', u.reportsToId && u.reportsToId !== u.parentId ? u.reportsToId : '', u.shortName ?? '', (u.aliases ?? []).join(';'), u.code ?? '', u.validFrom ?? '', u.validTo ?? '', u.successorId ?? ''];
}

export function userCells(u: DirectoryUserRow): string[] {
  return [u.username, u.displayName, u.unitId, u.roles.join(';'), u.email ?? ''];
}

export function writeCsv(header: readonly string[], rows: string[][]): Buffer {
  const lines = [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function writeXlsx(units: UnitVersion[], users: DirectoryUserRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const add = (name: string, header: readonly string[], rows: string[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([...header]).font = { bold: true };
    // Text cells only: a value like "=1+1" stays text, never a formula.
    for (const r of rows) ws.addRow(r.map((v) => (/^[=+\-@]/.test(v) ? `'${v}` : v)));
  };
  add('units', UNIT_COLUMNS, units.map(unitCells));
  add('users', USER_COLUMNS, users.map(userCells));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

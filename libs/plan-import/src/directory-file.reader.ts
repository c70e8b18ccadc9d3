// Reads a units file (the directory import format: CSV, XLSX or JSON with the columns
// id,name,kind,parent_id,reports_to_id,short_name,aliases,code,valid_from,valid_to,successor_id; aliases separated by
// ";"; only id, name and kind required) into directory units, for the import CLI's --directory. Bounded: at most
// 200,000 units and 50 MB.
import path from 'node:path';
import type { DirectoryUnit, UnitKind } from '@khflow/contracts';
import { ImportError } from './document-reader';

const MAX_BYTES = 50 * 1024 * 1024;
const MAX_UNITS = 200_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && v !== null && 'text' in v) return String((v as { text: unknown }).text).trim() || null; // exceljs rich text
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  return s ? s : null;
};

function toUnits(rows: Row[], file: string): DirectoryUnit[] {
  if (rows.length > MAX_UNITS) throw new ImportError(`${file}: more than ${MAX_UNITS} units`);
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const get = (k: string) => str(r[k] ?? r[k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())]);
    const id = get('id');
    const name = get('name');
    const kind = get('kind');
    const where = `${file} row ${i + 2}`;
    if (!id || !name || !kind) throw new ImportError(`${where}: id, name and kind are required`);
    if (seen.has(id)) throw new ImportError(`${where}: duplicate id "${id}"`);
    seen.add(id);
    for (const k of ['valid_from', 'valid_to']) {
      const v = get(k);
      if (v && !DATE.test(v)) throw new ImportError(`${where}: ${k} must be YYYY-MM-DD, not "${v}"`);
    }
    const aliasesRaw = r.aliases;
    const aliases = Array.isArray(aliasesRaw) ? aliasesRaw.map(String) : (get('aliases') ?? '').split(';').map((a) => a.trim()).filter(Boolean);
    const parentId = get('parent_id');
    return {
      id,
      name,
      kind: kind as UnitKind,
      parentId,
      reportsToId: get('reports_to_id') ?? parentId,
      shortName: get('short_name'),
      aliases,
      validFrom: get('valid_from'),
      validTo: get('valid_to'),
      successorId: get('successor_id'),
    };
  });
}

/** The units of a directory file (.csv, .xlsx or .json). Throws ImportError naming the file and row. */
export async function readDirectoryFile(buffer: Buffer, fileName: string): Promise<DirectoryUnit[]> {
  if (buffer.length > MAX_BYTES) throw new ImportError(`${fileName}: larger than ${MAX_BYTES / 1024 / 1024} MB`);
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(buffer.toString('utf8'));
    } catch (err) {
      throw new ImportError(`${fileName}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const rows = Array.isArray(data) ? data : (data as { units?: unknown }).units;
    if (!Array.isArray(rows)) throw new ImportError(`${fileName}: expected an array of units or { "units": [...] }`);
    return toUnits(rows as Row[], fileName);
  }
  if (ext === '.csv') {
    const { parse } = await import('csv-parse/sync');
    let rows: Row[];
    try {
      rows = parse(buffer, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Row[];
    } catch (err) {
      throw new ImportError(`${fileName}: not a readable CSV (${err instanceof Error ? err.message : String(err)})`);
    }
    return toUnits(rows, fileName);
  }
  if (ext === '.xlsx') {
    const ExcelJS = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    } catch (err) {
      throw new ImportError(`${fileName}: not a readable XLSX (${err instanceof Error ? err.message : String(err)})`);
    }
    const sheet = wb.worksheets.find((s) => /unit|đơn vị|don vi/i.test(s.name)) ?? wb.worksheets[0];
    if (!sheet) throw new ImportError(`${fileName}: no worksheet`);
    const header: string[] = [];
    sheet.getRow(1).eachCell((c, col) => (header[col] = String(str(c.value) ?? '').toLowerCase()));
    const rows: Row[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const r: Row = {};
      row.eachCell((c, col) => {
        if (header[col]) r[header[col]] = (c.value as { result?: unknown })?.result ?? c.value;
      });
      if (Object.keys(r).length) rows.push(r);
    });
    return toUnits(rows, fileName);
  }
  throw new ImportError(`${fileName}: a directory file is .csv, .xlsx or .json`);
}

import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readDirectoryFile, DirectoryFileError } from './directory-file.codec';
import { XLSX_BOUNDS, xlsxBoundsProblem } from './xlsx-bounds.util';

async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Rewrites the uncompressed size that the central directory (and the local header) declare for every entry. */
function declareSize(buf: Buffer, size: number): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i + 4 <= out.length; i++) {
    if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(size, i + 24);
    else if (out.readUInt32LE(i) === 0x04034b50) out.writeUInt32LE(size, i + 22);
  }
  return out;
}

async function realWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('units');
  ws.addRow(['id', 'name', 'kind']);
  for (let i = 0; i < rows; i++) ws.addRow([`u-${i}`, `Đơn vị ${i}`, 'department']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const sheetXml = (cells: number) => `<worksheet><sheetData><row r="1">${'<c t="inlineStr"><is><t>x</t></is></c>'.repeat(cells)}</row></sheetData></worksheet>`;

describe('xlsxBoundsProblem: a workbook is bounded before it is inflated', () => {
  it('lets an ordinary workbook through', async () => {
    expect(xlsxBoundsProblem(await realWorkbook(50))).toBeNull();
  });

  it.each([
    ['more entries than allowed', async () => zipOf(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`xl/media/f${i}.txt`, 'x']))), { ...XLSX_BOUNDS, maxEntries: 20 }, 413, /holds 32 files \(folders included\); at most 20/],
    ['more bytes once inflated than allowed (declared)', async () => zipOf({ 'xl/worksheets/sheet1.xml': Buffer.alloc(2 * 1024 * 1024, 0x20) }), { ...XLSX_BOUNDS, maxUncompressedBytes: 1024 * 1024 }, 413, /inflates to 2 MiB; at most 1 MiB/],
    ['an entry inflating past the size it declares', async () => declareSize(await zipOf({ 'xl/worksheets/sheet1.xml': Buffer.alloc(4 * 1024 * 1024, 0x20) }), 1000), XLSX_BOUNDS, 413, /zip bomb/],
    ['a declared size of gigabytes', async () => declareSize(await zipOf({ 'xl/worksheets/sheet1.xml': 'x' }), 0xfffffff0), XLSX_BOUNDS, 413, /inflates to \d{4,} MiB; at most 256 MiB/],
    ['more cells than allowed', async () => zipOf({ 'xl/worksheets/sheet1.xml': sheetXml(500) }), { ...XLSX_BOUNDS, maxCells: 400 }, 413, /more than 400 cells/],
    ['a truncated zip', async () => (await zipOf({ 'xl/worksheets/sheet1.xml': sheetXml(5) })).subarray(0, 60), XLSX_BOUNDS, 422, /not a readable XLSX workbook/],
  ])('refuses %s', async (_what, make, bounds, status, message) => {
    const problem = xlsxBoundsProblem(await make(), bounds);
    expect(problem).toEqual({ status, message: expect.stringMatching(message) });
  });

  it('refuses before exceljs reads: the codec answers the status naming the file', async () => {
    const bomb = declareSize(await zipOf({ 'xl/worksheets/sheet1.xml': Buffer.alloc(4 * 1024 * 1024, 0x20) }), 1000);
    const err = await readDirectoryFile(bomb, 'units.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryFileError);
    expect(err).toMatchObject({ status: 413, problems: [{ sheet: 'file', row: null, column: null, message: expect.stringMatching(/zip bomb/) }] });
    const cells = await readDirectoryFile(await realWorkbook(200), 'units.xlsx', { ...XLSX_BOUNDS, maxCells: 100 }).catch((e: unknown) => e);
    expect(cells).toMatchObject({ status: 413, message: expect.stringMatching(/more than 100 cells/) });
  });
});

// An uploaded XLSX is a zip: a few megabytes can inflate to gigabytes (a zip bomb), or to millions of cells that
// exceljs would hold in memory at once. Before exceljs reads it, the central directory is read (entry count and
// declared sizes), then every entry is inflated with a hard output cap — its declared size, so an entry that lies
// about its size is caught too — and the cells of the worksheets are counted. Nothing is kept: this only decides
// whether the file may be read at all.
import zlib from 'node:zlib';

export interface XlsxBounds {
  maxEntries: number;
  maxUncompressedBytes: number;
  maxCells: number;
}

export const XLSX_BOUNDS: XlsxBounds = { maxEntries: 1_000, maxUncompressedBytes: 256 * 1024 * 1024, maxCells: 3_000_000 };

/** Why a workbook may not be read: 413 when it is too big once inflated, 422 when it is not a well-formed zip. */
export interface XlsxBoundsProblem {
  status: 413 | 422;
  message: string;
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

function centralDirectory(buf: Buffer, bounds: XlsxBounds): Entry[] | XlsxBoundsProblem {
  // The end-of-central-directory record sits in the last 22 bytes plus at most a 64 KiB comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { status: 422, message: 'not a readable XLSX workbook: no zip central directory' };
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === ZIP64_MARK || offset === ZIP64_MARK) return { status: 413, message: 'the workbook is a ZIP64 archive: far larger than a directory can be' };
  if (count > bounds.maxEntries) return { status: 413, message: `the workbook holds ${count} files (folders included); at most ${bounds.maxEntries} are read` };
  if (offset + size > eocd) return { status: 422, message: 'not a readable XLSX workbook: damaged zip central directory' };
  const entries: Entry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) return { status: 422, message: 'not a readable XLSX workbook: damaged zip central directory' };
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const entry: Entry = {
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    if (entry.compressedSize === ZIP64_MARK || entry.uncompressedSize === ZIP64_MARK) return { status: 413, message: `"${entry.name}" in the workbook is a ZIP64 entry: far larger than a directory can be` };
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Counts the `<c …>` elements (cells) of a worksheet's XML. */
function countCells(xml: Buffer): number {
  let n = 0;
  for (let i = xml.indexOf('<c', 0, 'latin1'); i >= 0; i = xml.indexOf('<c', i + 2, 'latin1')) {
    const next = xml[i + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) n += 1; // "<c ", "<c>", "<c/"
  }
  return n;
}

/** Null when the workbook stays within the bounds once inflated, else why not. */
export function xlsxBoundsProblem(buf: Buffer, bounds: XlsxBounds = XLSX_BOUNDS): XlsxBoundsProblem | null {
  const entries = centralDirectory(buf, bounds);
  if (!Array.isArray(entries)) return entries;
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const mib = (b: number) => `${Math.round(b / 1024 / 1024)} MiB`;
  if (declared > bounds.maxUncompressedBytes) return { status: 413, message: `the workbook inflates to ${mib(declared)}; at most ${mib(bounds.maxUncompressedBytes)} are read` };
  let cells = 0;
  for (const e of entries) {
    const h = e.localHeaderOffset;
    if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL_SIGNATURE) return { status: 422, message: `not a readable XLSX workbook: damaged zip entry "${e.name}"` };
    const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    let inflated: Buffer;
    if (e.method === 0) inflated = data;
    else if (e.method === 8) {
      try {
        // One byte more than declared: an entry that inflates past its declared size is refused, not read.
        inflated = zlib.inflateRawSync(data, { maxOutputLength: e.uncompressedSize + 1 });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
          return { status: 413, message: `"${e.name}" in the workbook inflates past the size it declares (${e.uncompressedSize} bytes): refused as a zip bomb` };
        return { status: 422, message: `not a readable XLSX workbook: "${e.name}" cannot be inflated` };
      }
    } else return { status: 422, message: `not a readable XLSX workbook: "${e.name}" uses an unsupported compression method (${e.method})` };
    if (inflated.length > e.uncompressedSize) return { status: 413, message: `"${e.name}" in the workbook inflates past the size it declares (${e.uncompressedSize} bytes): refused as a zip bomb` };
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) {
      cells += countCells(inflated);
      if (cells > bounds.maxCells) return { status: 413, message: `the workbook holds more than ${bounds.maxCells} cells` };
    }
  }
  return null;
}

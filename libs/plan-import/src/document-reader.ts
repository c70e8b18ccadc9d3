// Bytes of an uploaded plan → plain text. .txt (UTF-8), .docx (mammoth, after checking the archive's declared
// sizes: a zip bomb is refused before anything is inflated), .pdf (unpdf's text layer; without one, OCR through
// Debian's tesseract-ocr + tesseract-ocr-vie and poppler-utils when they are installed).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isBrokenTextLayer } from './plan-text.parser';

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

type DocType = 'txt' | 'docx' | 'pdf';

function typeOf(fileName: string, contentType?: string): DocType | null {
  const ct = (contentType ?? '').toLowerCase().split(';')[0].trim();
  const ext = path.extname(fileName ?? '').toLowerCase();
  if (ext === '.txt' || ext === '.text' || ct === 'text/plain') return 'txt';
  if (ext === '.docx' || ct === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') return 'docx';
  if (ext === '.pdf' || ct === 'application/pdf') return 'pdf';
  return null;
}

export interface ReadHooks {
  /** OCR starts (pages unknown: 0) and then knows how many pages it reads: OCR takes seconds a page. */
  onOcr?: (pages: number) => void;
}

/** The plain text of an uploaded plan document. Throws ImportError for unsupported or unreadable files. */
export async function readPlanDocument(buffer: Buffer, fileName: string, contentType?: string, hooks: ReadHooks = {}): Promise<string> {
  const type = typeOf(fileName, contentType);
  if (!type) {
    const ext = path.extname(fileName ?? '') || '(none)';
    throw new ImportError(`unsupported document type: ${ext}${contentType ? ` (${contentType})` : ''}: upload .txt, .docx or .pdf`);
  }
  if (type === 'txt') {
    let text = buffer.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.normalize('NFC');
  }
  if (type === 'docx') {
    await checkDocxArchive(buffer, fileName);
    const mammoth = await import('mammoth');
    try {
      // HTML keeps the tables (task appendices, two-column headers) that raw text flattens into loose lines.
      const result = await mammoth.convertToHtml({ buffer });
      return docxHtmlToText(result.value).normalize('NFC');
    } catch (err) {
      throw new ImportError(`could not read the .docx file ${fileName}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let text: string;
  try {
    const { extractText } = await import('unpdf');
    const result = await extractText(new Uint8Array(buffer), { mergePages: true });
    text = String(result.text ?? '');
  } catch (err) {
    throw new ImportError(`could not read the PDF file ${fileName}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // A text layer whose font mapping is broken ("7KӵF KLӋQ"): read the page images instead, or refuse.
  const broken = !!text.trim() && isBrokenTextLayer(text.normalize('NFC'));
  if (broken) {
    const ocr = ocrPdf(buffer, hooks.onOcr);
    if (ocr?.trim()) return `${OCR_MARK}\n${ocr.normalize('NFC')}`;
    throw new ImportError(`the PDF's text layer is garbled (broken font mapping) and OCR is not available (${OCR_INSTALL}): upload the .docx or a clean text · lớp chữ của PDF bị lỗi bảng mã phông`);
  }
  if (!text.trim()) {
    const ocr = ocrPdf(buffer, hooks.onOcr);
    if (ocr === null) throw new ImportError(`the PDF has no text layer (a scanned document?) and OCR is not installed (${OCR_INSTALL}): run OCR first or upload .docx/.txt`);
    if (!ocr.trim()) throw new ImportError('the PDF has no text layer and OCR found no text in it');
    return `${OCR_MARK}\n${ocr.normalize('NFC')}`;
  }
  return text.normalize('NFC');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (t: string) => t.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m)));

/**
 * mammoth's HTML of a .docx → the plan's text as the importer reads it: one line per paragraph, heading or list
 * item, a table row as its cells joined by " | " (a cell's paragraphs joined by spaces), footnote marks dropped.
 * One pass over the tags: linear in the size of the document.
 */
export function docxHtmlToText(html: string): string {
  const lines: string[] = [];
  let line = '';
  let cell = '';
  let cells: string[] | null = null;
  let inCell = false;
  let skip = 0; // inside <sup> (footnote marks)
  const lists: { ordered: boolean; n: number }[] = [];
  const flush = () => {
    const t = line.replace(/[ \t]+/g, ' ').trim();
    // A cell's paragraphs: three spaces apart, so a header cell "SỞ GDĐT … / TRƯỜNG THPT …" keeps its two lines.
    if (inCell) cell = cell ? (t ? `${cell}   ${t}` : cell) : t;
    else if (t) lines.push(t);
    line = '';
  };
  const re = /<(\/?)([a-zA-Z0-9]+)[^>]*>|([^<]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[3] !== undefined) {
      if (!skip) line += decode(m[3]);
      continue;
    }
    const close = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (tag === 'sup') skip += close ? -1 : 1;
    else if (tag === 'br') line += ' ';
    else if (tag === 'p' || /^h[1-6]$/.test(tag)) {
      if (close) flush();
      else if (line.trim()) flush();
    } else if (tag === 'ol' || tag === 'ul') {
      if (close) lists.pop();
      else lists.push({ ordered: tag === 'ol', n: 0 });
    } else if (tag === 'li') {
      if (close) flush();
      else {
        flush();
        const l = lists[lists.length - 1];
        if (l) {
          l.n++;
          line = l.ordered ? (lists.length > 1 ? `${String.fromCharCode(96 + Math.min(l.n, 26))}) ` : `${l.n}. `) : '- ';
        }
      }
    } else if (tag === 'tr') {
      if (!close) cells = [];
      else if (cells) {
        const row = cells.map((c) => c.replace(/\s*\|\s*/g, ' / ')).join(' | ');
        if (row.replace(/[|\s]/g, '')) lines.push(row);
        cells = null;
      }
    } else if (tag === 'td' || tag === 'th') {
      if (!close) {
        inCell = true;
        cell = '';
      } else {
        flush();
        inCell = false;
        cells?.push(cell);
      }
    }
  }
  flush();
  return lines.join('\n');
}

/** The install step for OCR (Debian): the Vietnamese model and the PDF rasteriser. */
export const OCR_INSTALL = 'apt-get install -y tesseract-ocr tesseract-ocr-vie poppler-utils';
/** First line of text that came from OCR: the parser warns that the draft was read by OCR. */
export const OCR_MARK = '[OCR]';

const MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024;
const MAX_DOCX_ENTRIES = 5000;
const MAX_OCR_PAGES = 80;

/** Refuses a .docx whose archive declares too many entries or too many uncompressed bytes (a zip bomb). */
async function checkDocxArchive(buffer: Buffer, fileName: string): Promise<void> {
  const JSZip = (await import('jszip')).default;
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (err) {
    throw new ImportError(`could not read the .docx file ${fileName}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const entries = Object.values(zip.files);
  if (entries.length > MAX_DOCX_ENTRIES) throw new ImportError(`the .docx file ${fileName} holds ${entries.length} entries (at most ${MAX_DOCX_ENTRIES})`);
  const declared = entries.reduce((n, e) => n + Number((e as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0), 0);
  if (declared > MAX_DOCX_UNCOMPRESSED) throw new ImportError(`the .docx file ${fileName} inflates to ${Math.round(declared / 1024 / 1024)} MB (at most ${MAX_DOCX_UNCOMPRESSED / 1024 / 1024} MB)`);
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => {
    try {
      return fs.statSync(path.join(d, cmd)).isFile();
    } catch {
      return false;
    }
  });
}

/** OCR of a PDF without a text layer (pdftoppm → tesseract -l vie), or null when the tools are not installed. */
export function ocrPdf(buffer: Buffer, onPages?: (pages: number) => void): string | null {
  if (!onPath('tesseract') || !onPath('pdftoppm')) return null;
  onPages?.(0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-ocr-'));
  try {
    const pdf = path.join(dir, 'in.pdf');
    fs.writeFileSync(pdf, buffer);
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-l', String(MAX_OCR_PAGES), pdf, path.join(dir, 'p')], { timeout: 120_000, stdio: 'ignore' });
    const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
    onPages?.(pages.length);
    return pages.map((p) => execFileSync('tesseract', [path.join(dir, p), '-', '-l', 'vie', '--psm', '4'], { timeout: 120_000, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })).join('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

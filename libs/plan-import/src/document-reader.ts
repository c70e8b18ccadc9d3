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

/** The plain text of an uploaded plan document. Throws ImportError for unsupported or unreadable files. */
export async function readPlanDocument(buffer: Buffer, fileName: string, contentType?: string): Promise<string> {
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
      const result = await mammoth.extractRawText({ buffer });
      return result.value.normalize('NFC');
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
    const ocr = ocrPdf(buffer);
    if (ocr?.trim()) return `${OCR_MARK}\n${ocr.normalize('NFC')}`;
    throw new ImportError(`the PDF's text layer is garbled (broken font mapping) and OCR is not available (${OCR_INSTALL}): upload the .docx or a clean text · lớp chữ của PDF bị lỗi bảng mã phông`);
  }
  if (!text.trim()) {
    const ocr = ocrPdf(buffer);
    if (ocr === null) throw new ImportError(`the PDF has no text layer (a scanned document?) and OCR is not installed (${OCR_INSTALL}): run OCR first or upload .docx/.txt`);
    if (!ocr.trim()) throw new ImportError('the PDF has no text layer and OCR found no text in it');
    return `${OCR_MARK}\n${ocr.normalize('NFC')}`;
  }
  return text.normalize('NFC');
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
export function ocrPdf(buffer: Buffer): string | null {
  if (!onPath('tesseract') || !onPath('pdftoppm')) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-ocr-'));
  try {
    const pdf = path.join(dir, 'in.pdf');
    fs.writeFileSync(pdf, buffer);
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-l', String(MAX_OCR_PAGES), pdf, path.join(dir, 'p')], { timeout: 120_000, stdio: 'ignore' });
    const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
    return pages.map((p) => execFileSync('tesseract', [path.join(dir, p), '-', '-l', 'vie', '--psm', '4'], { timeout: 120_000, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })).join('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

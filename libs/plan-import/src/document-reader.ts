// Bytes of an uploaded plan → plain text. .txt (UTF-8), .docx (mammoth), .pdf (unpdf, text layer only).
import path from 'node:path';

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
  if (!text.trim()) throw new ImportError('the PDF has no text layer (a scanned document?): run OCR first or upload .docx/.txt');
  return text.normalize('NFC');
}

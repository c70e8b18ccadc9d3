// Runs in a worker thread with its own heap limit: reading and parsing an uploaded document. A document that
// explodes in memory or loops kills this thread, never the API.
import { parentPort } from 'node:worker_threads';
import type { DirectoryUnit } from '@khflow/contracts';
import { ImportError, parsePlanText, readPlanDocument } from '@khflow/plan-import';
import { checkZipExpansion, ZipLimitError } from './zip-limits.util';

export interface ImportJob {
  id: number;
  content: Uint8Array;
  fileName: string;
  units: DirectoryUnit[];
}

export type ImportJobResult =
  | { id: number; ok: true; text: string; draft: unknown }
  | { id: number; ok: false; status: 413 | 422; message: string }
  /** Not an answer: OCR started (pages 0) or knows its pages, so the time limit grows with the pages to read. */
  | { id: number; ocrPages: number };

const isDocx = (name: string, content: Uint8Array) => /\.docx$/i.test(name) || (content[0] === 0x50 && content[1] === 0x4b);

parentPort?.on('message', async (job: ImportJob) => {
  const answer = (r: ImportJobResult) => parentPort!.postMessage(r);
  try {
    const buf = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
    if (isDocx(job.fileName, buf) && /\.docx$/i.test(job.fileName)) checkZipExpansion(buf);
    const text = await readPlanDocument(buf, job.fileName, undefined, { onOcr: (pages) => parentPort!.postMessage({ id: job.id, ocrPages: pages }) });
    answer({ id: job.id, ok: true, text, draft: parsePlanText(text, job.units) });
  } catch (err) {
    if (err instanceof ZipLimitError) answer({ id: job.id, ok: false, status: err.status, message: err.message });
    else if (err instanceof ImportError) answer({ id: job.id, ok: false, status: 422, message: err.message });
    else answer({ id: job.id, ok: false, status: 422, message: `the document could not be read (${err instanceof Error ? err.message : String(err)})` });
  }
});

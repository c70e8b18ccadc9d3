// Document parsing off the API's heap: one worker thread with a memory limit and a time limit per document. An
// upload that exhausts the thread's memory, or takes too long, gets a 413/422 and the thread is replaced; the API
// and everything npm start supervises keep running.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DirectoryUnit, ImportedPlanDraft } from '@khflow/contracts';
import type { ImportJob, ImportJobResult } from './import.worker';

export class DocumentRefused extends Error {
  constructor(
    message: string,
    readonly status: 413 | 422,
  ) {
    super(message);
    this.name = 'DocumentRefused';
  }
}

export interface SandboxLimits {
  heapMb: number;
  timeoutMs: number;
  /** A scan read by OCR gets this much more time per page (tesseract takes seconds a page, more on a busy machine). */
  ocrPageMs?: number;
}

export const IMPORT_LIMITS: SandboxLimits = { heapMb: 256, timeoutMs: 30_000, ocrPageMs: 30_000 };

// The worker runs the TypeScript sources the same way the API process does (ts-node, tsconfig paths).
const TS_EXEC_ARGV = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

export class DocumentSandbox {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(private readonly limits: SandboxLimits = IMPORT_LIMITS) {}

  /** Reads and parses one document (one at a time: parsing is CPU-bound). */
  parse(content: Buffer, fileName: string, units: DirectoryUnit[]): Promise<{ text: string; draft: ImportedPlanDraft }> {
    const run = this.queue.then(() => this.runOne(content, fileName, units));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private spawn(): Worker {
    const w = new Worker(path.join(__dirname, 'import.worker.ts'), {
      execArgv: TS_EXEC_ARGV,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    w.unref();
    return w;
  }

  private runOne(content: Buffer, fileName: string, units: DirectoryUnit[]): Promise<{ text: string; draft: ImportedPlanDraft }> {
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        fn();
      };
      const discard = () => {
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
      };
      const onMessage = (r: ImportJobResult) => {
        if (r.id !== id) return;
        if ('ocrPages' in r) {
          // OCR of a scan: the limit becomes the base time plus the pages to read (at most the reader's 80 pages).
          clearTimeout(timer);
          timer = setTimeout(onTimeout, this.limits.timeoutMs + Math.min(Math.max(r.ocrPages, 1), 80) * (this.limits.ocrPageMs ?? 0));
          return;
        }
        done(() => (r.ok ? resolve({ text: r.text, draft: r.draft as ImportedPlanDraft }) : reject(new DocumentRefused(r.message, r.status))));
      };
      const onError = (err: Error & { code?: string }) => {
        discard();
        done(() =>
          reject(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new DocumentRefused(`the document needs more than ${this.limits.heapMb} MB to read`, 413)
              : new DocumentRefused(`the document could not be read (${err.message})`, 422),
          ),
        );
      };
      const onExit = () => {
        if (this.worker === worker) this.worker = null;
        done(() => reject(new DocumentRefused('the document could not be read (the reader stopped)', 422)));
      };
      const started = Date.now();
      const onTimeout = () => {
        discard();
        done(() => reject(new DocumentRefused(`the document took longer than ${Math.round((Date.now() - started) / 1000)} s to read`, 422)));
      };
      let timer = setTimeout(onTimeout, this.limits.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const job: ImportJob = { id, content: new Uint8Array(content), fileName, units };
      worker.postMessage(job);
    });
  }
}

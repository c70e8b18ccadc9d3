// import: a 70-page plan (about 200,000 characters, made of the sample plans of test/fixtures/plans one after the
// other) parsed into a draft against the demo directory, and the .docx of a sample plan read and parsed. Target:
// under 2 s for the 70-page plan. Baseline: splitting the same text into lines and matching one regular expression
// per line (the least any line-based reader does), so the ratio shows what the outline, units and dates cost.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '@khflow/directory';
import { clearCanonicalCache, importPlan, parsePlanText } from '@khflow/plan-import';
import type { BenchEnv } from '../bench-env';
import { printTable, ratio, summary } from '../bench-stats.util';

const PLANS = path.resolve(__dirname, '../../test/fixtures/plans');
const CHARS_PER_PAGE = 2_900; // an A4 page of a Vietnamese administrative document (13-14 pt Times New Roman)

function seventyPagePlan(pages: number): string {
  const files = fs.readdirSync(PLANS).filter((f) => /^\d{2}_.+\.txt$/.test(f) && !f.startsWith('07_')).sort();
  const parts: string[] = [];
  let size = 0;
  for (let round = 0; size < pages * CHARS_PER_PAGE; round++) {
    for (const f of files) {
      const text = fs.readFileSync(path.join(PLANS, f), 'utf8');
      parts.push(round === 0 && parts.length === 0 ? text : text.replace(/^[\s\S]*?\n(?=I\.\s)/u, ''));
      size += text.length;
      if (size >= pages * CHARS_PER_PAGE) break;
    }
  }
  // One plan: the closing blocks of all but the last part go, so the whole text is one long body.
  return parts.map((p, i) => (i === parts.length - 1 ? p : p.replace(/^(?:Nơi nhận|PHỤ LỤC|Phụ lục).*$/gmu, ''))).join('\n\n');
}

function time(fn: () => unknown, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

export async function importBench(_env: BenchEnv, quick: boolean): Promise<Record<string, unknown>[]> {
  const pages = quick ? 20 : 70;
  const runs = quick ? 3 : 7;
  const text = seventyPagePlan(pages);
  const lineCount = text.split('\n').length;
  parsePlanText(text, DEMO_UNITS); // warm-up (JIT, alias tables)
  // Each sample starts cold: the cache of canonical forms (which a long plan fills as it goes) is emptied first.
  const khflow = summary(
    time(() => {
      clearCanonicalCache();
      parsePlanText(text, DEMO_UNITS);
    }, runs),
  );
  const baseline = summary(time(() => text.split('\n').filter((l) => /^\s*(?:[IVX]+\.|\d+\.|-)/u.test(l)).length, runs));
  const draft = parsePlanText(text, DEMO_UNITS);
  const docxFile = path.join(PLANS, '01_lamdong-ubnd-kh-cchc-2026-2030.docx');
  const docx = fs.readFileSync(docxFile);
  const docxSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await importPlan(docx, docxFile, DEMO_UNITS);
    docxSamples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const rows = [
    { case: `${pages}-page plan (${Math.round(text.length / 1000)}k chars, ${lineCount} lines, ${draft.tasks.length} tasks)`, 'khflow p50 ms': khflow.p50, 'khflow max ms': khflow.p99, 'baseline p50 ms': baseline.p50, ratio: ratio(khflow.p50, baseline.p50), 'target ms': 2000, ok: khflow.p99 < 2000 },
    { case: `.docx of plan 01 (${Math.round(docx.length / 1024)} KiB)`, 'khflow p50 ms': summary(docxSamples).p50, 'khflow max ms': summary(docxSamples).p99 },
  ];
  printTable('plan import', rows);
  return rows;
}

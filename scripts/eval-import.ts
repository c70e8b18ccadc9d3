// `npm run eval:import [-- --verbose] [--only a,b] [--except a,b] [--originals]`: imports the sample plans
// (test/fixtures/plans) and scores them against the hand-written gold annotations (test/import/gold). Prints
// one row per plan and the micro-averaged total. The installation's directory is the demo directory (Hải Phòng):
// plans whose gold says `directory: none` must keep their units as text.
import path from 'node:path';
import { DEMO_UNITS } from '../libs/directory/src/demo-directory';
import { evaluateOriginals, evaluateSamples, explainMisses, formatEvaluationTable, importPlan, parsePlanText } from '../libs/plan-import/src';

const ROOT = path.resolve(__dirname, '..');
const PLANS = process.env.KHFLOW_PLANS_DIR ?? path.resolve(ROOT, 'test/fixtures/plans');
const GOLD = process.env.KHFLOW_GOLD_DIR ?? path.resolve(ROOT, 'test/import/gold');

function listArg(name: string): string[] | null {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1].split(',') : null;
}

async function main(): Promise<number> {
  const verbose = process.argv.includes('--verbose');
  const only = listArg('--only');
  const except = listArg('--except');
  const keep = (name: string) => (!only || only.some((p) => name.startsWith(p))) && !(except ?? []).some((p) => name.startsWith(p));
  const run = evaluateSamples(PLANS, GOLD, (text) => parsePlanText(text, DEMO_UNITS), keep);
  if (verbose) {
    for (const r of run.results) {
      console.log(r.name);
      for (const l of explainMisses(r)) console.log(l);
    }
  }
  console.log(formatEvaluationTable([...run.results.map((r) => ({ name: r.name, evaluation: r.evaluation })), { name: 'TOTAL (micro)', evaluation: run.total }]));
  if (process.argv.includes('--originals')) {
    // The .docx / .pdf beside a plan, read as an upload: scored by titles only, beside its .txt scored the same way.
    const rows = await evaluateOriginals(PLANS, GOLD, (buffer, name) => importPlan(buffer, name, DEMO_UNITS), (text) => parsePlanText(text, DEMO_UNITS));
    console.log('\noriginals (.docx / .pdf) against their .txt, matched by title only');
    console.log(formatEvaluationTable(rows.flatMap((r) => [{ name: `${r.name}`, evaluation: r.original }, { name: `  .txt`, evaluation: r.text }])));
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);

// `npm run eval:import [-- --verbose] [--only a,b] [--except a,b]`: imports the sample plans
// (test/fixtures/plans) and scores them against the hand-written gold annotations (test/import/gold). Prints
// one row per plan and the micro-averaged total. The installation's directory is the demo directory (Hải Phòng):
// plans whose gold says `directory: none` must keep their units as text.
import path from 'node:path';
import { DEMO_UNITS } from '../libs/directory/src/demo-directory';
import { evaluateSamples, explainMisses, formatEvaluationTable, parsePlanText } from '../libs/plan-import/src';

const ROOT = path.resolve(__dirname, '..');
const PLANS = process.env.KHFLOW_PLANS_DIR ?? path.resolve(ROOT, 'test/fixtures/plans');
const GOLD = process.env.KHFLOW_GOLD_DIR ?? path.resolve(ROOT, 'test/import/gold');

function listArg(name: string): string[] | null {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1].split(',') : null;
}

function main(): number {
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
  return 0;
}

process.exit(main());

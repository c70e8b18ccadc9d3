// `npm run eval:import`: imports the sample plans (shared/plans) and scores them against the hand-written gold
// annotations (test/import/gold). Prints one row per plan and the micro-averaged total.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '../libs/directory/src/demo-directory';
import { evaluate, formatEvaluationTable, microAverage, parsePlanText, type Evaluation, type GoldPlan } from '../libs/plan-import/src';

const ROOT = path.resolve(__dirname, '..');
const PLANS = process.env.KHFLOW_PLANS_DIR ?? path.resolve(ROOT, 'test/fixtures/plans');
const GOLD = path.resolve(ROOT, 'test/import/gold');

function main(): number {
  if (!fs.existsSync(PLANS)) {
    console.error(`no plans folder at ${PLANS} (set KHFLOW_PLANS_DIR)`);
    return 1;
  }
  const verbose = process.argv.includes('--verbose');
  const rows: { name: string; evaluation: Omit<Evaluation, 'matches'> }[] = [];
  const evals: Evaluation[] = [];
  for (const goldFile of fs.readdirSync(GOLD).filter((f) => f.endsWith('.gold.json')).sort()) {
    const base = goldFile.replace(/\.gold\.json$/, '');
    const planFile = path.join(PLANS, `${base}.txt`);
    if (!fs.existsSync(planFile)) {
      console.error(`gold ${goldFile} has no plan ${planFile}`);
      return 1;
    }
    const gold = JSON.parse(fs.readFileSync(path.join(GOLD, goldFile), 'utf8')) as GoldPlan;
    const draft = parsePlanText(fs.readFileSync(planFile, 'utf8'), DEMO_UNITS);
    const e = evaluate(draft, gold);
    evals.push(e);
    rows.push({ name: base, evaluation: e });
    if (verbose) {
      const matchedG = new Set(e.matches.map(([g]) => g));
      const matchedD = new Set(e.matches.map(([, d]) => d));
      gold.tasks.forEach((t, i) => matchedG.has(i) || console.log(`  ${base}: missed gold ${t.ref} ${t.title}`));
      draft.tasks.forEach((t, i) => matchedD.has(i) || console.log(`  ${base}: extra draft ${t.ref} ${t.title}`));
    }
  }
  rows.push({ name: 'TOTAL (micro)', evaluation: microAverage(evals) });
  console.log(formatEvaluationTable(rows));
  return 0;
}

process.exit(main());

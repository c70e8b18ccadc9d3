// Imports the three sample plans (shared/plans) and scores the drafts against the hand-written gold annotations
// in test/import/gold. No services are used (the integration project's global setup starts them anyway).
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '@khflow/directory';
import { evaluate, formatEvaluationTable, microAverage, parsePlanText, type Evaluation, type GoldPlan } from '@khflow/plan-import';

const PLANS = path.resolve(__dirname, '../fixtures/plans');
const GOLD = path.resolve(__dirname, 'gold');

describe('plan import evaluation', () => {
  it('reaches the target precision and recall on the sample plans', () => {
    if (!fs.existsSync(PLANS)) throw new Error(`sample plans not found at ${PLANS}`);
    const goldFiles = fs.readdirSync(GOLD).filter((f) => f.endsWith('.gold.json')).sort();
    expect(goldFiles).toHaveLength(3);
    const evals: Evaluation[] = [];
    const rows: { name: string; evaluation: Omit<Evaluation, 'matches'> }[] = [];
    for (const f of goldFiles) {
      const base = f.replace(/\.gold\.json$/, '');
      const planFile = path.join(PLANS, `${base}.txt`);
      if (!fs.existsSync(planFile)) throw new Error(`gold ${f} has no plan ${planFile}`);
      const gold = JSON.parse(fs.readFileSync(path.join(GOLD, f), 'utf8')) as GoldPlan;
      const e = evaluate(parsePlanText(fs.readFileSync(planFile, 'utf8'), DEMO_UNITS), gold);
      evals.push(e);
      rows.push({ name: base, evaluation: e });
    }
    const total = microAverage(evals);
    rows.push({ name: 'TOTAL (micro)', evaluation: total });
    console.log(`plan import evaluation\n${formatEvaluationTable(rows)}`);
    expect(total.tasks.precision).toBeGreaterThanOrEqual(0.9);
    expect(total.tasks.recall).toBeGreaterThanOrEqual(0.9);
    for (const k of ['lead', 'coordinators', 'due'] as const) {
      expect(total[k].precision).toBeGreaterThanOrEqual(0.8);
      expect(total[k].recall).toBeGreaterThanOrEqual(0.8);
    }
  });
});

// Imports every sample plan with gold (test/fixtures/plans, test/import/gold: the development set) and fails
// when the figures fall below the floor set from the measured ones (test/import/EVALUATION.md), so a change
// cannot silently lose ground. No services are used (the integration project's global setup starts them anyway).
import path from 'node:path';
import { DEMO_UNITS } from '@khflow/directory';
import { evaluateSamples, formatEvaluationTable, parsePlanText } from '@khflow/plan-import';

const PLANS = path.resolve(__dirname, '../fixtures/plans');
const GOLD = path.resolve(__dirname, 'gold');

// Floors: a little under the figures measured on the development set (see EVALUATION.md).
const FLOOR = {
  taskPrecision: 0.91,
  taskRecall: 0.93,
  leadExact: 0.86,
  coordinatorsExact: 0.89,
  dueExact: 0.91,
  timeframeExact: 0.85,
  header: 0.93,
};

describe('plan import evaluation', () => {
  it('stays above the floor on the development set, and never resolves units of another province', () => {
    const run = evaluateSamples(PLANS, GOLD, (text) => parsePlanText(text, DEMO_UNITS));
    expect(run.results.length).toBeGreaterThanOrEqual(19);
    console.log(`plan import evaluation\n${formatEvaluationTable([...run.results.map((r) => ({ name: r.name, evaluation: r.evaluation })), { name: 'TOTAL (micro)', evaluation: run.total }])}`);
    const t = run.total;
    expect(t.tasks.precision).toBeGreaterThanOrEqual(FLOOR.taskPrecision);
    expect(t.tasks.recall).toBeGreaterThanOrEqual(FLOOR.taskRecall);
    expect(t.leadExact.share).toBeGreaterThanOrEqual(FLOOR.leadExact);
    expect(t.coordinatorsExact.share).toBeGreaterThanOrEqual(FLOOR.coordinatorsExact);
    expect(t.dueExact.share).toBeGreaterThanOrEqual(FLOOR.dueExact);
    expect(t.timeframeExact.share).toBeGreaterThanOrEqual(FLOOR.timeframeExact);
    expect(t.header.share).toBeGreaterThanOrEqual(FLOOR.header);
    // A plan from another province never resolves to the installation's (Hải Phòng) units.
    expect(t.foreignResolutions).toBe(0);
  });
});

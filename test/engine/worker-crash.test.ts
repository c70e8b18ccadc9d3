// A worker killed (SIGKILL) in the middle of a fan-out and a new one started: every assignment exists exactly once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DirectoryUnit } from '@khflow/contracts';
import { addDays, vnDateOf } from '@khflow/domain';
import { temporalTestConnection, waitFor, workflowBundlePath } from '../support/test-env';
import { actor, assignmentsOf, launchPlan, startEngine, type Engine } from './engine-harness';

jest.setTimeout(600_000);

const DISTRICTS = 6;
const SCHOOLS_PER_DISTRICT = 40;

function province(): DirectoryUnit[] {
  const units: DirectoryUnit[] = [
    { id: 'k-ubnd', name: 'UBND tỉnh K', kind: 'city_committee', parentId: null, reportsToId: null, aliases: [] },
    { id: 'k-sgddt', name: 'Sở GDĐT tỉnh K', kind: 'department', parentId: 'k-ubnd', reportsToId: 'k-ubnd', aliases: [] },
  ];
  for (let d = 1; d <= DISTRICTS; d++) {
    units.push({ id: `k-pgd-${d}`, name: `Phòng GDĐT huyện ${d}`, kind: 'district_office', parentId: 'k-sgddt', reportsToId: 'k-sgddt', aliases: [] });
    for (let s = 1; s <= SCHOOLS_PER_DISTRICT; s++)
      units.push({ id: `k-thcs-${d}-${s}`, name: `Trường THCS ${s} huyện ${d}`, kind: 'school_thcs', parentId: `k-pgd-${d}`, reportsToId: `k-pgd-${d}`, aliases: [] });
  }
  return units;
}

describe('worker crash in the middle of a fan-out', () => {
  let engine: Engine;
  afterAll(async () => engine?.close());

  it('creates every assignment exactly once after a SIGKILL and a restart', async () => {
    engine = await startEngine({ units: province(), users: [] });
    await engine.worker.shutdown(); // the fan-out starts on a worker in another process, which we kill
    const owner = actor('k-sgddt', 'plan_owner');
    const { planId } = await launchPlan(
      engine,
      {
        title: 'Báo cáo tình hình thực hiện',
        issuerUnitId: 'k-sgddt',
        tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ group: { kinds: ['school_thcs'] } }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 30) }, consolidate: true }],
      },
      owner,
    );
    const t = temporalTestConnection();
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: engine.config.databaseUrl!,
        TEMPORAL_ADDRESS: t.address,
        TEMPORAL_NAMESPACE: engine.config.temporalNamespace,
        TEMPORAL_TASK_QUEUE: engine.config.temporalTaskQueue,
        KHFLOW_WORKFLOW_BUNDLE: workflowBundlePath(),
        TS_NODE_TRANSPILE_ONLY: 'true',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    try {
      await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length >= 40, { timeoutMs: 240_000, intervalMs: 100 });
    } finally {
      child.kill('SIGKILL');
    }
    const atKill = (await assignmentsOf(engine.ds, planId)).length;
    await new Promise((r) => child.once('exit', r));
    await engine.restartWorker();
    // Every school, and every district office consolidating its schools; the issuer (the Sở) is the root.
    const total = DISTRICTS * SCHOOLS_PER_DISTRICT + DISTRICTS;
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length >= total, { timeoutMs: 300_000, intervalMs: 500 });
    const all = await assignmentsOf(engine.ds, planId);
    expect(atKill).toBeLessThan(total);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((a) => a.unit_id)).size).toBe(total);
    const created = await engine.ds.query(`SELECT count(*)::int AS n, count(DISTINCT assignment_id)::int AS d FROM audit_log WHERE plan_id = $1 AND action = 'assignment.created'`, [planId]);
    expect(created[0]).toEqual({ n: total, d: total });
    const notified = await engine.ds.query(`SELECT count(*)::int AS n FROM notification WHERE plan_id = $1 AND kind = 'assigned'`, [planId]);
    expect(notified[0].n).toBe(total);
    await engine.client.workflow.getHandle(`plan:${planId}`).terminate('test done');
  });
});

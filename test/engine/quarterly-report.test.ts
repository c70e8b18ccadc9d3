// A quarterly report over three years on the time-skipping test server (io.temporal:temporal-test-server): each
// quarter's assignments appear by themselves, due the 3rd of the next quarter's first month, with reminders,
// overdue status and escalation; the task workflow continues as new so its history stays bounded.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Recurrence } from '@khflow/contracts';
import { dueOfPeriod, isPeriodWithinUntil, periodAt, vnDateOf, addDays } from '@khflow/domain';
import { createTimeSkippingEnv, waitFor } from '../support/test-env';
import { recordFetchedHistories } from '../replay/history-recorder';
import { actor, assignmentsOf, launchPlan, startEngine, type Engine } from './engine-harness';

jest.setTimeout(600_000);

describe('quarterly report over three years (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let engine: Engine;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    engine = await startEngine({
      client: env.client,
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      policy: { reminderOffsetsDays: [7, 3, 1], escalateSupervisorAfterHours: 48, escalateNextLevelAfterHours: 72 },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
  });

  it('creates each quarter by itself for three years and keeps every history short', async () => {
    const launchDate = vnDateOf(await env.currentTimeMs());
    const recurrence: Recurrence = { freq: 'quarterly', due: { monthOffset: 1, day: 3 }, until: addDays(launchDate, 3 * 365) };
    const { planId, taskIds, handle } = await launchPlan(
      engine,
      {
        title: 'Báo cáo định kỳ hàng quý kết quả thực hiện nhiệm vụ PCI',
        issuerUnitId: 't-sgddt',
        tasks: [
          {
            ref: 'IV.4',
            title: 'Báo cáo kết quả thực hiện nhiệm vụ được giao',
            lead: [{ text: 'Các phòng thuộc Sở', group: { kinds: ['department_division'] } }],
            coordinators: [],
            reviewerUnitId: 't-sgddt-khtc',
            timeframe: { kind: 'recurring', text: 'định kỳ hàng quý trước ngày 03 của tháng đầu tiên quý tiếp theo', recurrence },
          },
        ],
      },
      actor('t-sgddt-khtc', 'plan_owner'),
    );

    const expected: { key: string; due: string }[] = [];
    for (let i = 0; ; i++) {
      const p = periodAt(recurrence, launchDate, i);
      if (!isPeriodWithinUntil(recurrence, p)) break;
      expected.push({ key: p.key, due: dueOfPeriod(recurrence, p) });
    }
    expect(expected.length).toBeGreaterThanOrEqual(12);
    const divisions = 4; // KHTC, GDTX&ĐH, Văn phòng, Thanh tra

    // The first quarter exists at launch; the KHTC division approves the GDTX&ĐH report on time.
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length === divisions, { timeoutMs: 60_000 });
    const first = (await assignmentsOf(engine.ds, planId)).find((a) => a.unit_id === 't-sgddt-gdtxdh')!;
    const h = env.client.workflow.getHandle(first.workflow_id);
    // The row is written before its workflow starts (a node records its children's creations first).
    await waitFor(() => h.describe().then(() => true, () => false), { timeoutMs: 30_000 });
    await h.executeUpdate('submit', { args: [{ actor: actor('t-sgddt-gdtxdh', 'officer'), submission: { text: 'Báo cáo quý 1' } }] });
    await h.executeUpdate('approve', { args: [{ actor: actor('t-sgddt-khtc', 'supervisor') }] });

    // Three years pass in seconds: until the last quarter's due date and both escalation graces are behind us.
    const lastDue = Date.parse(`${expected[expected.length - 1].due}T23:59:59+07:00`);
    await env.sleep(lastDue + 6 * 86_400_000 - (await env.currentTimeMs()));
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length === expected.length * divisions, { timeoutMs: 120_000 });

    const all = await assignmentsOf(engine.ds, planId);
    const periods = [...new Set(all.map((a) => a.period_key))].sort();
    expect(periods).toEqual(expected.map((e) => e.key).sort());
    for (const e of expected) expect(all.filter((a) => a.period_key === e.key).every((a) => a.due === e.due)).toBe(true);
    // e.g. Q4 is due the 3rd of January of the next year.
    const q4 = expected.find((e) => e.key.endsWith('-Q4'))!;
    expect(q4.due).toBe(`${Number(q4.key.slice(0, 4)) + 1}-01-03`);

    // Every quarter nobody reported went overdue and escalated to KHTC, then to the Sở.
    await waitFor(async () => {
      const rows = await engine.ds.query(`SELECT count(*)::int AS n FROM assignment WHERE plan_id = $1 AND escalation_level = 2`, [planId]);
      return rows[0].n === all.length - 1;
    }, { timeoutMs: 120_000 });
    const kinds = await engine.ds.query(
      `SELECT kind, recipient_unit_id, count(*)::int AS n FROM notification WHERE plan_id = $1 AND kind IN ('reminder','overdue','escalation') GROUP BY 1, 2 ORDER BY 1, 2`,
      [planId],
    );
    const count = (kind: string, unit?: string) => kinds.filter((k: { kind: string; recipient_unit_id: string }) => k.kind === kind && (!unit || k.recipient_unit_id === unit)).reduce((n: number, k: { n: number }) => n + k.n, 0);
    expect(count('overdue')).toBe(all.length - 1);
    expect(count('escalation', 't-sgddt-khtc')).toBe(all.length - 1);
    expect(count('escalation', 't-sgddt')).toBe(all.length - 1);
    expect(count('reminder')).toBeGreaterThanOrEqual((all.length - 1) * 3);
    const done = all.find((a) => a.id === first.id)!;
    expect(done).toMatchObject({ state: 'approved', on_time: true });

    // The task workflow continued as new: its current run started from an earlier one and its history is short.
    const task = env.client.workflow.getHandle(`task:${planId}:${taskIds[0]}`);
    const history = await task.fetchHistory();
    expect(history.events?.[0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
    expect(history.events!.length).toBeLessThan(400);

    // Cancelling the plan ends every open quarter cleanly.
    await handle.cancel();
    await handle.result().catch(() => undefined);
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).every((a) => a.state === 'approved' || a.state === 'cancelled'), { timeoutMs: 120_000 });
    // The plan and the task's last run, cancelled with its open quarters (KHFLOW_RECORD_HISTORIES=1 writes it for the replay test).
    await recordFetchedHistories('quarterly-cancel', env.client, [
      { name: 'task', workflowId: `task:${planId}:${taskIds[0]}` },
      { name: 'plan', workflowId: `plan:${planId}` },
    ]);
  });
});

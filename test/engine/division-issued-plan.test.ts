// A plan issued by a division for its Sở (Phòng KHTC drafting a Sở report): schools report through their district
// office and the Sở, which consolidates and reports to the issuing division, each level by its own due date;
// a sibling division named by the same plan reports to the issuing division directly.
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { actor, assignmentsOf, launchPlan, startEngine, type Engine } from './engine-harness';

jest.setTimeout(300_000);

describe('a plan issued by a division of the Sở', () => {
  let engine: Engine;
  afterAll(async () => engine?.close());

  it('consolidates up through the district offices and the Sở to the issuing division', async () => {
    engine = await startEngine();
    const due = addDays(vnDateOf(Date.now()), 30);
    const { planId, taskIds } = await launchPlan(
      engine,
      {
        title: 'Báo cáo thống kê đầu năm học',
        issuerUnitId: 't-sgddt-khtc',
        tasks: [
          {
            ref: '1',
            title: 'Báo cáo số liệu thống kê',
            lead: [{ group: { kinds: ['school_thcs', 'school_th'], underUnitId: 't-pgd-a' } }, { unitId: 't-sgddt-gdtxdh' }],
            coordinators: [],
            timeframe: { kind: 'once', due },
            consolidate: true,
            consolidation: { stepDays: 5 },
          },
        ],
      },
      actor('t-sgddt-khtc', 'plan_owner'),
    );
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length === 6, { timeoutMs: 60_000 });
    const rows = await assignmentsOf(engine.ds, planId);
    const by = Object.fromEntries(rows.map((a) => [a.unit_id, a]));
    expect(Object.keys(by).sort()).toEqual(['t-pgd-a', 't-sgddt', 't-sgddt-gdtxdh', 't-th-a2', 't-thcs-a1', 't-thcs-a3']);
    expect(by['t-sgddt']).toMatchObject({ kind: 'consolidation', reviewer_unit_id: 't-sgddt-khtc', due });
    expect(by['t-pgd-a']).toMatchObject({ kind: 'consolidation', reviewer_unit_id: 't-sgddt', due: addDays(due, -5) });
    expect(by['t-thcs-a1']).toMatchObject({ kind: 'lead', reviewer_unit_id: 't-pgd-a', due: addDays(due, -10) });
    expect(by['t-sgddt-gdtxdh']).toMatchObject({ kind: 'lead', reviewer_unit_id: 't-sgddt-khtc', due });
    expect(by['t-sgddt'].consolidation!.expected.sort()).toEqual(['t-pgd-a']);
    await engine.client.workflow.getHandle(`plan:${planId}`).terminate('test done');
    expect(taskIds).toHaveLength(1);
  });
});

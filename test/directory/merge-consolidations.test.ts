// Two district offices that both consolidate a running report merge into a new office (time-skipping server): the
// successor consolidates the task once. The office first in unit order keeps its consolidation (moved to the new
// office); the other's is absorbed into it — its schools and the report it had already received go along, and it
// ends as merged, saying why. A school of the absorbed office that reports after the merge lands in the surviving
// consolidation, and the Sở receives one report from the new office.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEMO_UNITS, DEMO_USERS } from '@khflow/directory';
import { addDays, startOfDayAt, vnDateOf } from '@khflow/domain';
import { recordFetchedHistories } from '../replay/history-recorder';
import { createTimeSkippingEnv, waitFor } from '../support/test-env';
import { type DirectorySystem, startDirectorySystem } from './directory-harness';

jest.setTimeout(600_000);

const LECHAN = ['hp-thcs-lechan-1', 'hp-th-lechan-1'];
const NGOQUYEN = ['hp-thcs-ngoquyen-1', 'hp-th-ngoquyen-1'];
const SCHOOLS = [...LECHAN, ...NGOQUYEN];
const MERGED = 'hp-pgd-lechan-ngoquyen';

type Row = { id: string; workflow_id: string; unit_id: string; reviewer_unit_id: string; kind: string; state: string; consolidation: { expected: string[]; reported: { unitId: string }[] } | null };

describe('merging two consolidating district offices (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let sys: DirectorySystem;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    sys = await startDirectorySystem({ units: DEMO_UNITS, users: DEMO_USERS, client: env.client, connection: env.nativeConnection, namespace: env.namespace ?? 'default', temporalAddress: env.address });
  });
  afterAll(async () => {
    await sys?.close();
    await env?.teardown();
  });

  const rows = (planId: string) =>
    sys.engine.ds.query(`SELECT id, workflow_id, unit_id, reviewer_unit_id, kind, state, consolidation FROM assignment WHERE plan_id = $1 AND kind <> 'coordination' ORDER BY unit_id, created_at`, [planId]) as Promise<Row[]>;
  const open = (list: Row[]) => list.filter((a) => a.state !== 'approved' && a.state !== 'cancelled');
  const reported = (a: Row) => (a.consolidation?.reported ?? []).map((r) => r.unitId).sort();
  const sleepUntil = async (ms: number) => env.sleep(Math.max(ms - (await env.currentTimeMs()), 1));
  const at = (list: Row[], unitId: string, kind?: string) => list.filter((a) => a.unit_id === unitId && (!kind || a.kind === kind));
  const submitAndApprove = async (planId: string, school: string, reviewer: string) => {
    const [mine] = at(await rows(planId), school);
    expect((await sys.call('POST', `/assignments/${mine.id}/submissions`, { token: await sys.login(`officer.${school}`), body: { text: `Báo cáo của ${school}` } })).status).toBe(200);
    expect((await sys.call('POST', `/assignments/${mine.id}/approve`, { token: await sys.login(reviewer) })).status).toBe(200);
  };
  /** A launched plan whose one task the schools report, consolidated: its assignments once all are open. */
  const launch = async (schools: string[], today: string) => {
    const owner = await sys.login('owner.hp-ubnd');
    const created = await sys.call('POST', '/plans', {
      token: owner,
      body: {
        title: 'Báo cáo sơ kết năm học',
        issuerUnitId: 'hp-ubnd',
        tasks: [{ ref: '1', title: 'Báo cáo sơ kết học kỳ I', lead: schools.map((unitId) => ({ unitId })), coordinators: [], consolidate: true, timeframe: { kind: 'once', due: addDays(today, 60) } }],
      },
    });
    expect(created.status).toBe(201);
    const planId: string = created.body.planId ?? created.body.id;
    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: owner })).status).toBe(202);
    // the schools, the two offices' consolidations, the Sở's
    await waitFor(async () => (await rows(planId)).length === schools.length + 3, { timeoutMs: 120_000 });
    return planId;
  };

  it('leaves the successor one consolidation: the union of the reporters, the reports already received, one report upwards', async () => {
    const today = vnDateOf(await env.currentTimeMs());
    const effective = addDays(today, 2);
    const admin = await sys.login('admin');
    const planId = await launch(SCHOOLS, today);
    const before = await rows(planId);
    const [lechan] = at(before, 'hp-pgd-lechan', 'consolidation');
    const [ngoquyen] = at(before, 'hp-pgd-ngoquyen', 'consolidation');
    expect(lechan.consolidation!.expected.sort()).toEqual([...LECHAN].sort());
    expect(ngoquyen.consolidation!.expected.sort()).toEqual([...NGOQUYEN].sort());

    // Before the merge, the Ngô Quyền office receives a school's report.
    await submitAndApprove(planId, 'hp-thcs-ngoquyen-1', 'supervisor.hp-pgd-ngoquyen');
    await waitFor(async () => reported(at(await rows(planId), 'hp-pgd-ngoquyen', 'consolidation')[0]).includes('hp-thcs-ngoquyen-1'), { timeoutMs: 60_000 });

    const request = {
      effectiveFrom: effective,
      reason: 'Hợp nhất Phòng GDĐT Lê Chân và Ngô Quyền (Quyết định 123/QĐ-UBND)',
      operations: [
        { type: 'create', unit: { id: MERGED, name: 'Phòng Giáo dục và Đào tạo Lê Chân – Ngô Quyền', kind: 'district_office', parentId: 'hp-ubnd-lechan', reportsToId: 'hp-sgddt' } },
        { type: 'merge', unitIds: ['hp-pgd-lechan', 'hp-pgd-ngoquyen'], into: MERGED },
      ],
    };
    // The preview names the absorption as a move of its own.
    const preview = await sys.call('POST', '/reorganisations', { token: admin, body: { ...request, dryRun: true } });
    expect(preview.status).toBe(201);
    const previewed = preview.body.moves.items as { assignmentId: string; action: string; fromUnitId: string; toUnitId: string }[];
    expect(previewed.filter((m) => m.action === 'absorb')).toEqual([{ assignmentId: ngoquyen.id, action: 'absorb', fromUnitId: 'hp-pgd-ngoquyen', toUnitId: MERGED, intoAssignmentId: lechan.id }]);
    expect(previewed.find((m) => m.assignmentId === lechan.id)).toMatchObject({ action: 'reassign', toUnitId: MERGED });
    const applied = await sys.call('POST', '/reorganisations', { token: admin, body: request, key: `merge-${planId}` });
    expect(applied.status).toBe(201);

    await sleepUntil(startOfDayAt(effective) + 3_600_000);
    await waitFor(async () => (await sys.call('GET', `/reorganisations/${applied.body.id}`, { token: admin })).body.status === 'applied', { timeoutMs: 120_000 });
    await waitFor(async () => {
      const now = await rows(planId);
      return at(now, 'hp-pgd-ngoquyen', 'consolidation')[0]?.state === 'cancelled' && at(open(now), MERGED, 'consolidation')[0]?.consolidation!.expected.length === SCHOOLS.length;
    }, { timeoutMs: 120_000 });

    // Exactly one open consolidation of the task and period, at the new office, awaiting every school of both.
    const after = await rows(planId);
    const survivors = at(open(after), MERGED, 'consolidation');
    expect(survivors).toHaveLength(1);
    const [survivor] = survivors;
    expect(survivor.id).toBe(lechan.id);
    expect(survivor.consolidation!.expected.sort()).toEqual([...SCHOOLS].sort());
    expect(reported(survivor)).toEqual(['hp-thcs-ngoquyen-1']);
    expect(open(after).filter((a) => a.kind === 'consolidation' && a.unit_id.startsWith('hp-pgd-'))).toHaveLength(1);
    // The Sở awaits the new office once.
    const [so] = at(after, 'hp-sgddt', 'consolidation');
    expect(so.consolidation!.expected).toEqual([MERGED]);
    // The schools still to report answer to the new office (the one already approved keeps its history as it was).
    for (const s of SCHOOLS.filter((x) => x !== 'hp-thcs-ngoquyen-1')) expect({ s, reviewer: at(after, s)[0].reviewer_unit_id }).toEqual({ s, reviewer: MERGED });

    // The absorbed consolidation ended as merged, and its history says into which one and why.
    const history = await sys.call('GET', `/assignments/${ngoquyen.id}/history`, { token: admin });
    expect(history.status).toBe(200);
    const merged = (history.body.entries as { action: string; after?: { state?: string } | null; details?: Record<string, unknown> | null }[]).find((e) => e.action === 'assignment.merged');
    expect(merged).toMatchObject({ after: { state: 'cancelled' }, details: { reorganisationId: applied.body.id, reason: request.reason, intoAssignmentId: lechan.id, handedOver: { reported: ['hp-thcs-ngoquyen-1'] } } });
    const tookOver = (await sys.call('GET', `/assignments/${lechan.id}/history`, { token: admin })).body.entries.find((e: { action: string }) => e.action === 'assignment.consolidation_merged');
    expect(tookOver).toMatchObject({ details: { fromAssignmentId: ngoquyen.id, fromUnitId: 'hp-pgd-ngoquyen', reorganisationId: applied.body.id } });

    // A school of the absorbed office reports after the merge: the surviving consolidation receives it. The
    // offices' staff now belong to the new office (re-homed by the reorganisation).
    await submitAndApprove(planId, 'hp-th-ngoquyen-1', 'supervisor.hp-pgd-lechan');
    await waitFor(async () => reported(at(await rows(planId), MERGED, 'consolidation').find((a) => a.id === lechan.id)!).includes('hp-th-ngoquyen-1'), { timeoutMs: 60_000 });
    for (const s of LECHAN) await submitAndApprove(planId, s, 'supervisor.hp-pgd-lechan');
    await waitFor(async () => reported((await rows(planId)).find((a) => a.id === lechan.id)!).length === SCHOOLS.length, { timeoutMs: 60_000 });

    // The new office sends its complete report; the Sở receives one report, from the new office.
    expect((await sys.call('POST', `/assignments/${lechan.id}/submissions`, { token: await sys.login('officer.hp-pgd-lechan'), body: { text: 'Báo cáo tổng hợp của Phòng' } })).status).toBe(200);
    expect((await sys.call('POST', `/assignments/${lechan.id}/approve`, { token: await sys.login('supervisor.hp-sgddt') })).status).toBe(200);
    await waitFor(async () => reported(at(await rows(planId), 'hp-sgddt', 'consolidation')[0]).length > 0, { timeoutMs: 60_000 });
    const [soAfter] = at(await rows(planId), 'hp-sgddt', 'consolidation');
    expect(soAfter.consolidation!.expected).toEqual([MERGED]);
    expect(reported(soAfter)).toEqual([MERGED]);

    // Histories for the replay test (KHFLOW_RECORD_HISTORIES=1).
    const wf = (unitId: string) => after.find((a) => a.unit_id === unitId)!.workflow_id;
    await recordFetchedHistories('reorganisation-merge-consolidations', env.client, [
      { name: 'reorganisation', workflowId: `reorganisation:${applied.body.id}` },
      { name: 'assignment-absorbed-consolidation', workflowId: ngoquyen.workflow_id },
      { name: 'assignment-surviving-consolidation', workflowId: lechan.workflow_id },
      { name: 'assignment-school-of-absorbed', workflowId: wf('hp-th-ngoquyen-1') },
    ]);
  });

  it('merges an office into one that already consolidates: absorbed into that one, which keeps its own reports too', async () => {
    const today = vnDateOf(await env.currentTimeMs());
    const effective = addDays(today, 2);
    const admin = await sys.login('admin');
    const [kept, gone] = [['hp-thcs-hongbang-1', 'hp-th-hongbang-1'], ['hp-thcs-haian-1', 'hp-th-haian-1']];
    const planId = await launch([...kept, ...gone], today);
    const before = await rows(planId);
    const [hongbang] = at(before, 'hp-pgd-hongbang', 'consolidation');
    const [haian] = at(before, 'hp-pgd-haian', 'consolidation');
    // Each office has received one report before the merge.
    await submitAndApprove(planId, kept[0], 'supervisor.hp-pgd-hongbang');
    await submitAndApprove(planId, gone[0], 'supervisor.hp-pgd-haian');
    await waitFor(async () => {
      const now = await rows(planId);
      return reported(at(now, 'hp-pgd-hongbang', 'consolidation')[0]).length === 1 && reported(at(now, 'hp-pgd-haian', 'consolidation')[0]).length === 1;
    }, { timeoutMs: 60_000 });

    const request = { effectiveFrom: effective, reason: 'Sáp nhập Phòng GDĐT Hải An vào Phòng GDĐT Hồng Bàng', operations: [{ type: 'merge', unitIds: ['hp-pgd-haian'], into: 'hp-pgd-hongbang' }] };
    const applied = await sys.call('POST', '/reorganisations', { token: admin, body: request, key: `merge-${planId}` });
    expect(applied.status).toBe(201);
    await sleepUntil(startOfDayAt(effective) + 3_600_000);
    await waitFor(async () => (await sys.call('GET', `/reorganisations/${applied.body.id}`, { token: admin })).body.status === 'applied', { timeoutMs: 120_000 });
    await waitFor(async () => (await rows(planId)).find((a) => a.id === hongbang.id)!.consolidation!.expected.length === 4, { timeoutMs: 20_000 });

    const after = await rows(planId);
    expect(at(open(after), 'hp-pgd-hongbang', 'consolidation').map((a) => a.id)).toEqual([hongbang.id]);
    expect(after.find((a) => a.id === haian.id)!.state).toBe('cancelled');
    const survivor = after.find((a) => a.id === hongbang.id)!;
    expect(survivor.consolidation!.expected.sort()).toEqual([...kept, ...gone].sort());
    expect(reported(survivor)).toEqual([kept[0], gone[0]].sort());
    expect(at(after, 'hp-sgddt', 'consolidation')[0].consolidation!.expected).toEqual(['hp-pgd-hongbang']);

    // The other school of the office that went reports to the surviving consolidation.
    expect(at(after, gone[1])[0].reviewer_unit_id).toBe('hp-pgd-hongbang');
    await submitAndApprove(planId, gone[1], 'supervisor.hp-pgd-hongbang');
    await waitFor(async () => reported((await rows(planId)).find((a) => a.id === hongbang.id)!).includes(gone[1]), { timeoutMs: 60_000 });
  });
});

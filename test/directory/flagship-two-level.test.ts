// The flagship scenario on the time-skipping test server: the PII plan (a yearly report, consolidated) launched on
// the four-level Hải Phòng; the 2025 reorganisation applied through the API, effective 1 July; the open
// assignments of the abolished district offices move to the communes now responsible for each school; the next
// yearly period fans out school → UBND xã/phường → Sở → UBND; a school's assignment history shows both chains.
//
// The test server's clock starts at the machine's date and only moves forward, so the scenario runs on the same
// calendar shifted to the first 1 July ahead (launched in December, reorganised the next July, next period the
// January after): the reorganisation is the demo's (demoReorganisation2025) with that effective date.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEMO_UNITS, DEMO_USERS, demoReorganisation2025 } from '@khflow/directory';
import { startOfDayAt, vnDateOf } from '@khflow/domain';
import { createTimeSkippingEnv, waitFor } from '../support/test-env';
import { type DirectorySystem, startDirectorySystem } from './directory-harness';

jest.setTimeout(600_000);

const SCHOOLS = ['hp-thcs-lechan-1', 'hp-th-lechan-1', 'hp-mn-lechan-1', 'hp-thcs-ngoquyen-1', 'hp-th-ngoquyen-1', 'hp-mn-ngoquyen-1', 'hp-thpt-tranphu'];

describe('the 2025 two-level reform, lived through by a running plan (time-skipping server)', () => {
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

  const rows = (planId: string, periodKey: string) =>
    sys.engine.ds.query(
      `SELECT id, unit_id, reviewer_unit_id, kind, state, due, consolidation, parent_assignment_id FROM assignment WHERE plan_id = $1 AND period_key = $2 ORDER BY unit_id`,
      [planId, periodKey],
    ) as Promise<{ id: string; unit_id: string; reviewer_unit_id: string; kind: string; state: string; due: string | null; consolidation: { expected: string[] } | null; parent_assignment_id: string | null }[]>;
  const sleepUntil = async (ms: number) => env.sleep(Math.max(ms - (await env.currentTimeMs()), 1));

  it('moves the open work of the district offices to the communes and fans the next year out along the new tree', async () => {
    const t0 = await env.currentTimeMs();
    const start = vnDateOf(t0);
    const year = Number(start.slice(0, 4)) + (start.slice(5) >= '06-01' ? 1 : 0);
    const reform = `${year}-07-01`;
    const owner = await sys.login('owner.hp-ubnd');
    const admin = await sys.login('admin');

    const created = await sys.call('POST', '/plans', {
      token: owner,
      body: {
        title: 'Duy trì và nâng cao Chỉ số Đổi mới sáng tạo cấp địa phương (PII) năm 2024 và những năm tiếp theo',
        issuerUnitId: 'hp-ubnd',
        tasks: [
          {
            ref: 'III.2',
            title: 'Báo cáo kết quả thực hiện Chỉ số PII hằng năm',
            lead: SCHOOLS.map((unitId) => ({ unitId })),
            coordinators: [],
            consolidate: true,
            timeframe: { kind: 'recurring', text: 'trước ngày 15/12 hằng năm', recurrence: { freq: 'yearly', due: { monthOffset: 0, day: 15 } } },
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const planId = created.body.planId ?? created.body.id;
    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: owner })).status).toBe(202);

    // The year before the reform opens on the four-level tree: school → Phòng GDĐT → Sở → UBND.
    const periodBefore = `${year}`; // the year of the reform: opened on 1 January, on the old tree
    await sleepUntil(startOfDayAt(`${periodBefore}-01-01`) + 3_600_000);
    await waitFor(async () => (await rows(planId, periodBefore)).length === SCHOOLS.length + 3, { timeoutMs: 120_000 });
    const open = await rows(planId, periodBefore);
    const at = (list: typeof open, unitId: string) => list.find((a) => a.unit_id === unitId)!;
    expect(at(open, 'hp-thcs-lechan-1').reviewer_unit_id).toBe('hp-pgd-lechan');
    expect(at(open, 'hp-pgd-lechan').kind).toBe('consolidation');
    expect(at(open, 'hp-sgddt').consolidation!.expected.sort()).toEqual(['hp-pgd-lechan', 'hp-pgd-ngoquyen', 'hp-thpt-tranphu']);

    // The reorganisation, applied through the API ahead of its date: it waits for 1 July.
    const request = demoReorganisation2025(reform);
    const communeOf = new Map(request.operations.filter((o) => o.type === 'move').map((o) => [o.unitId, (o as { parentId: string }).parentId]));
    const preview = await sys.call('POST', '/reorganisations', { token: admin, body: { ...request, dryRun: true } });
    expect(preview.status).toBe(201);
    expect(preview.body.openAssignments.find((o: { unitId: string }) => o.unitId === 'hp-pgd-lechan')).toMatchObject({ asAssignee: expect.any(Number), asReviewer: expect.any(Number) });
    expect(preview.body.moves.total).toBeGreaterThanOrEqual(7);
    // The preview says how the district office's consolidation will be split: the shares it will start.
    const splitPreview = (preview.body.moves.items as { fromUnitId: string; shares?: { unitId: string; expected: string[] }[] }[]).find((m) => m.fromUnitId === 'hp-pgd-lechan' && m.shares);
    expect(splitPreview?.shares?.length).toBeGreaterThan(0);
    for (const sh of splitPreview!.shares!) for (const e of sh.expected) expect({ school: e, commune: communeOf.get(e) }).toEqual({ school: e, commune: sh.unitId });
    const applied = await sys.call('POST', '/reorganisations', { token: admin, body: request });
    expect(applied.status).toBe(201);
    expect((await sys.call('GET', `/reorganisations/${applied.body.id}`, { token: admin })).body.status).toBe('scheduled');
    expect(at(await rows(planId, periodBefore), 'hp-thcs-lechan-1').reviewer_unit_id).toBe('hp-pgd-lechan');

    await sleepUntil(startOfDayAt(reform) + 3_600_000);
    await waitFor(async () => (await sys.call('GET', `/reorganisations/${applied.body.id}`, { token: admin })).body.status === 'applied', { timeoutMs: 120_000 });
    await waitFor(async () => (await rows(planId, periodBefore)).every((a) => !a.unit_id.startsWith('hp-pgd-') && !a.reviewer_unit_id.startsWith('hp-pgd-')), { timeoutMs: 120_000 });
    const moved = await rows(planId, periodBefore);
    // Each school's report now goes to the commune responsible for it.
    for (const s of SCHOOLS.filter((x) => !x.includes('thpt'))) expect(at(moved, s).reviewer_unit_id).toBe(communeOf.get(s));
    expect(new Set(SCHOOLS.filter((x) => x.includes('lechan')).map((s) => communeOf.get(s))).size).toBeGreaterThan(1);
    expect(at(moved, 'hp-thpt-tranphu').reviewer_unit_id).toBe('hp-sgddt');
    // A district office's own consolidation is split: each commune consolidates the schools now under it (the
    // first keeps the office's assignment, the others get a share of their own), and the Sở awaits every commune.
    const communes = [...new Set(SCHOOLS.filter((s) => !s.includes('thpt')).map((s) => communeOf.get(s)!))].sort();
    const consolidationOf = (list: typeof moved, unitId: string) => list.filter((a) => a.unit_id === unitId && a.kind === 'consolidation');
    await waitFor(async () => {
      const now = await rows(planId, periodBefore);
      return communes.every((c) => consolidationOf(now, c).length === 1) && at(now, 'hp-sgddt').consolidation!.expected.length === communes.length + 1;
    }, { timeoutMs: 60_000 });
    const split = await rows(planId, periodBefore);
    for (const c of communes) {
      const [mine] = consolidationOf(split, c);
      expect({ commune: c, expected: mine.consolidation!.expected.sort(), reviewer: mine.reviewer_unit_id }).toEqual({ commune: c, expected: SCHOOLS.filter((s) => communeOf.get(s) === c).sort(), reviewer: 'hp-sgddt' });
    }
    expect(at(split, 'hp-sgddt').consolidation!.expected.sort()).toEqual(['hp-thpt-tranphu', ...communes].sort());
    // A school of a share reports to it: its commune approves, and the share (not the office's old assignment) has it.
    const second = communes.find((c) => c.endsWith('lechan-2'))!;
    const shareSchool = SCHOOLS.find((s) => communeOf.get(s) === second)!;
    expect((await sys.call('POST', '/users', { token: admin, body: { username: `supervisor.${second}`, displayName: 'Chủ tịch UBND phường', unitId: second, roles: ['supervisor'], email: null, password: 'test-password' } })).status).toBe(201);
    const officer = await sys.login(`officer.${shareSchool}`);
    expect((await sys.call('POST', `/assignments/${at(split, shareSchool).id}/submissions`, { token: officer, body: { text: 'Báo cáo PII của trường' } })).status).toBe(200);
    expect((await sys.call('POST', `/assignments/${at(split, shareSchool).id}/approve`, { token: await sys.login(`supervisor.${second}`) })).status).toBe(200);
    await waitFor(async () => (consolidationOf(await rows(planId, periodBefore), second)[0].consolidation as { reported?: { unitId: string }[] }).reported?.some((r) => r.unitId === shareSchool) ?? false, { timeoutMs: 60_000 });
    const first = communes.find((c) => c.endsWith('lechan-1'))!;
    expect((consolidationOf(await rows(planId, periodBefore), first)[0].consolidation as { reported?: { unitId: string }[] }).reported ?? []).toEqual([]);

    // The plan owner moves this year's due date: every commune's consolidation follows, the shares split off the
    // office's assignment too (the fan-out node knows only that one), all to the same date.
    const taskId = (await sys.call('GET', `/plans/${planId}`, { token: owner })).body.tasks[0].id;
    const dueBefore = consolidationOf(await rows(planId, periodBefore), first)[0].due;
    const amended = await sys.call('POST', `/plans/${planId}/amendments`, { token: owner, body: { reason: 'Lùi hạn báo cáo PII năm nay', op: { type: 'change_due', taskId, due: `${year}-12-22` } } });
    expect(amended.status).toBe(200);
    const day = (d: unknown) => new Date(d as string).toISOString().slice(0, 10);
    await waitFor(async () => {
      const now = await rows(planId, periodBefore);
      const dues = communes.map((c) => day(consolidationOf(now, c)[0].due));
      return dues.every((d) => d !== day(dueBefore) && d === dues[0]);
    }, { timeoutMs: 60_000 });

    // The next year fans out along the two-level tree: school → UBND xã/phường → Sở → UBND.
    const next = String(year + 1);
    await sleepUntil(startOfDayAt(`${next}-01-01`) + 3_600_000);
    await waitFor(async () => (await rows(planId, next)).length === SCHOOLS.length + communes.length + 1, { timeoutMs: 120_000 });
    const fresh = await rows(planId, next);
    expect(fresh.some((a) => a.unit_id.startsWith('hp-pgd-'))).toBe(false);
    for (const s of SCHOOLS.filter((x) => !x.includes('thpt'))) expect(at(fresh, s).reviewer_unit_id).toBe(communeOf.get(s));
    for (const c of communes) expect(at(fresh, c)).toMatchObject({ kind: 'consolidation', reviewer_unit_id: 'hp-sgddt' });
    expect(at(fresh, 'hp-sgddt')).toMatchObject({ kind: 'consolidation', reviewer_unit_id: 'hp-ubnd' });
    expect(at(fresh, 'hp-sgddt').consolidation!.expected.sort()).toEqual(['hp-thpt-tranphu', ...communes].sort());

    // A school's assignment of the reform year shows both chains: created for the district office, moved to the commune.
    const school = at(moved, 'hp-thcs-lechan-1');
    const history = await sys.call('GET', `/assignments/${school.id}/history`, { token: admin });
    expect(history.status).toBe(200);
    const entries = history.body.entries as { action: string; before?: { reviewerUnitId?: string } | null; after?: { reviewerUnitId?: string } | null; details?: { reason?: string } | null }[];
    const created0 = entries.find((e) => e.action === 'assignment.created')!;
    const reassigned = entries.find((e) => e.action === 'assignment.reassigned')!;
    expect(created0.after?.reviewerUnitId).toBe('hp-pgd-lechan');
    expect(reassigned.after?.reviewerUnitId).toBe(communeOf.get('hp-thcs-lechan-1'));
    expect(reassigned.details?.reason).toBe(request.reason);
    const chain = async (asOf: string) => (await sys.call('GET', `/units/hp-thcs-lechan-1?asOf=${asOf}`, { token: admin })).body.reportingChain.map((u: { id: string }) => u.id);
    expect(await chain(`${year}-06-30`)).toEqual(['hp-thcs-lechan-1', 'hp-pgd-lechan', 'hp-sgddt', 'hp-ubnd']);
    expect(await chain(reform)).toEqual(['hp-thcs-lechan-1', communeOf.get('hp-thcs-lechan-1'), 'hp-sgddt', 'hp-ubnd']);
  });
});

// What the console reads from the API so that no screen shows codes or guesses: the deadline of each plan in the
// list, plans found by the names of the units they concern, the inbox searched by task, plan or unit name (accents
// optional), the coordination request on the coordinating unit's own assignment, the decisions queue saying which
// rows are extension requests, and histories naming who acted (and for whom, when a deputy acted).
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { assignmentIn, inboxIn, type ApiSystem, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

const today = vnDateOf(Date.now());

describe('the API gives the console what its screens show', () => {
  let sys: ApiSystem;
  let planId: string;
  let taskIds: string[];
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u];

  beforeAll(async () => {
    sys = await startApiSystem();
    for (const u of ['owner.hp-sgddt', 'officer.hp-sgddt-gdtxdh', 'officer.hp-sgddt-khtc', 'officer.hp-thcs-lechan-1', 'inspector.hp-sgddt-thanhtra']) tokens[u] = await sys.login(u);
  });
  afterAll(async () => sys?.close());

  const inboxOf = (user: string, query = '') => inboxIn(sys, user, query);
  const assignmentOf = (user: string, taskId: string) => assignmentIn(sys, user, taskId);

  it('lists each plan with its deadline and finds plans by the names of their units', async () => {
    const created = await sys.call('POST', '/plans', {
      token: as('owner.hp-sgddt'),
      body: {
        number: '21/KH-SGDĐT',
        title: 'Kế hoạch kiểm tra công tác văn thư',
        issuerUnitId: 'hp-sgddt',
        tasks: [
          { ref: '1', title: 'Rà soát hồ sơ lưu trữ', lead: [{ unitId: 'hp-sgddt-gdtxdh' }], coordinators: [{ unitId: 'hp-sgddt-khtc' }], timeframe: { kind: 'once', due: addDays(today, 20) } },
          { ref: '2', title: 'Báo cáo số liệu văn thư của trường', lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: addDays(today, 40) } },
          { ref: '3', title: 'Việc không có hạn', lead: [{ unitId: 'hp-sgddt-gdtxdh' }], coordinators: [], timeframe: { kind: 'ongoing' } },
        ],
      },
    });
    expect(created.status).toBe(201);
    planId = created.body.id;
    taskIds = created.body.tasks.map((t: { id: string }) => t.id);
    const listed = (await sys.call('GET', '/plans', { token: as('owner.hp-sgddt') })).body.items.find((p: { id: string }) => p.id === planId);
    expect(listed).toMatchObject({ issuedAt: null, due: addDays(today, 40) }); // the last task's due date, not the issue date

    const school = (await sys.call('GET', '/units/hp-thcs-lechan-1', { token: as('owner.hp-sgddt') })).body.name as string;
    const ids = async (q: string) => (await sys.call('GET', `/plans?q=${encodeURIComponent(q)}`, { token: as('owner.hp-sgddt') })).body.items.map((p: { id: string }) => p.id);
    expect(await ids(school)).toEqual([planId]); // a unit a task names (the draft's targets)
    expect(await ids(school.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').toUpperCase())).toEqual([planId]); // accents and case optional
    expect(await ids('Sở Giáo dục')).toEqual([planId]); // the issuing unit
    expect(await ids('Sở Ngoại vụ không có')).toEqual([]);

    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: as('owner.hp-sgddt') })).status).toBe(202);
    await waitFor(async () => (await sys.call('GET', `/plans/${planId}`, { token: as('owner.hp-sgddt') })).body.status === 'active', { timeoutMs: 60_000 });
    expect(await ids(school)).toEqual([planId]); // launched: the task's targets
  });

  it('searches the inbox by task, plan and unit name, each word, accents optional; a long search is refused naming q', async () => {
    await assignmentOf('officer.hp-thcs-lechan-1', taskIds[1]);
    const titles = async (q: string) => (await inboxOf('officer.hp-thcs-lechan-1', `?q=${encodeURIComponent(q)}`)).assignments.items.map((a: { title: string }) => a.title);
    expect(await titles('so lieu VAN THU')).toEqual(['Báo cáo số liệu văn thư của trường']);
    expect(await titles('kiểm tra công tác')).toEqual(['Báo cáo số liệu văn thư của trường']); // the plan's title
    expect(await titles('Lê Chân số liệu')).toEqual(['Báo cáo số liệu văn thư của trường']); // the unit's name with the task's
    expect(await titles('số liệu 100%')).toEqual([]); // % is a character, not a wildcard
    const long = await sys.call('GET', `/inbox?q=${'a'.repeat(201)}`, { token: as('officer.hp-thcs-lechan-1') });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([{ field: 'q', message: 'must have at most 200 characters' }]);
  });

  it('says which rows of the decisions queue are extension requests', async () => {
    const a = await assignmentOf('officer.hp-thcs-lechan-1', taskIds[1]);
    expect((await sys.call('POST', `/assignments/${a.id}/acknowledge`, { token: as('officer.hp-thcs-lechan-1') })).status).toBe(200);
    const asked = await sys.call('POST', `/assignments/${a.id}/extension-requests`, { token: as('officer.hp-thcs-lechan-1'), body: { requestedDue: addDays(today, 50), reason: 'Chờ số liệu' } });
    expect(asked.status).toBe(200);
    const reviewer = (await sys.call('GET', `/assignments/${a.id}`, { token: as('officer.hp-thcs-lechan-1') })).body.reviewerUnitId as string;
    const supervisor = await sys.login(`supervisor.${reviewer}`);
    let row: { id: string; state: string; pendingExtension: boolean } | undefined;
    await waitFor(async () => {
      row = (await sys.call('GET', '/inbox', { token: supervisor })).body.awaitingDecision.find((x: { id: string }) => x.id === a.id);
      return !!row;
    }, { timeoutMs: 30_000 });
    expect(row).toMatchObject({ state: 'in_progress', pendingExtension: true }); // not a report to review: an extension request
    // The queue is searched like the inbox.
    expect((await sys.call('GET', '/inbox?q=khong-co-viec-nay', { token: supervisor })).body.awaitingDecision).toEqual([]);
    expect((await inboxOf('officer.hp-thcs-lechan-1')).assignments.items.find((x: { id: string }) => x.id === a.id).pendingExtension).toBe(true);
  });

  it('shows a coordinating unit what the lead unit asked it for, and by when', async () => {
    const lead = await assignmentOf('officer.hp-sgddt-gdtxdh', taskIds[0]);
    expect((await sys.call('POST', `/assignments/${lead.id}/acknowledge`, { token: as('officer.hp-sgddt-gdtxdh') })).status).toBe(200);
    const due = addDays(today, 10);
    const coord = await sys.call('POST', `/assignments/${lead.id}/coordination-requests`, { token: as('officer.hp-sgddt-gdtxdh'), body: { unitIds: ['hp-sgddt-khtc'], due, message: 'Đề nghị Phòng KHTC cho ý kiến về kinh phí' } });
    expect(coord.status).toBe(200);
    const sub = await assignmentOf('officer.hp-sgddt-khtc', taskIds[0]);
    const detail = (await sys.call('GET', `/assignments/${sub.id}`, { token: as('officer.hp-sgddt-khtc') })).body;
    expect(detail.kind).toBe('coordination');
    expect(detail.coordinationRequest).toMatchObject({ id: coord.body.requestId, leadUnitId: 'hp-sgddt-gdtxdh', due, message: 'Đề nghị Phòng KHTC cho ý kiến về kinh phí' });
    // The lead's own assignment is not a coordination: it has the list of its requests instead.
    expect((await sys.call('GET', `/assignments/${lead.id}`, { token: as('officer.hp-sgddt-gdtxdh') })).body.coordinationRequest).toBeNull();
  });

  it('names who acted in a history: the person, "system" steps without a name, and a deputy on whose behalf', async () => {
    const lead = await assignmentOf('officer.hp-sgddt-gdtxdh', taskIds[0]);
    const deputy = (await sys.call('GET', '/me', { token: as('officer.hp-sgddt-khtc') })).body;
    const delegator = (await sys.call('GET', '/me', { token: as('officer.hp-sgddt-gdtxdh') })).body;
    const d = await sys.call('POST', '/delegations', { token: as('officer.hp-sgddt-gdtxdh'), body: { deputyUserId: deputy.id, validFrom: today, validTo: addDays(today, 3), reason: 'Nghỉ phép' } });
    expect(d.status).toBe(201);
    const version = (await sys.call('GET', `/assignments/${lead.id}`, { token: as('officer.hp-sgddt-gdtxdh') })).body.version;
    const submitted = await sys.call('POST', `/assignments/${lead.id}/submissions`, { token: as('officer.hp-sgddt-khtc'), headers: { 'x-on-behalf-of': delegator.username }, body: { text: 'Báo cáo thay mặt', expectedVersion: version } });
    expect(submitted.status).toBe(200);
    let entries: { action: string; actorId: string; actorName: string | null; onBehalfOfName: string | null }[] = [];
    await waitFor(async () => {
      entries = (await sys.call('GET', `/assignments/${lead.id}/history`, { token: as('inspector.hp-sgddt-thanhtra') })).body.entries ?? [];
      return entries.some((e) => e.action === 'assignment.submitted');
    }, { timeoutMs: 30_000 });
    expect(entries.find((e) => e.action === 'assignment.submitted')).toMatchObject({ actorId: deputy.id, actorName: deputy.displayName, onBehalfOfName: delegator.displayName });
    expect(entries.find((e) => e.action === 'assignment.acknowledged')).toMatchObject({ actorName: delegator.displayName, onBehalfOfName: null });
    const automatic = entries.find((e) => e.actorId === 'system');
    expect(automatic).toMatchObject({ actorName: null, onBehalfOfName: null });
    // The plan's history names its people too.
    const plan = (await sys.call('GET', `/plans/${planId}/history`, { token: as('inspector.hp-sgddt-thanhtra') })).body.entries;
    const owner = (await sys.call('GET', '/me', { token: as('owner.hp-sgddt') })).body;
    expect(plan.find((e: { action: string }) => e.action === 'plan.drafted')).toMatchObject({ actorName: owner.displayName });
  });
});

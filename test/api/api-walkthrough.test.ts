// One plan walked through every role over HTTP against the running system: the plan owner drafts (bad input gets
// problem details naming the field), launches, amends and closes; officers acknowledge, ask for coordination,
// submit and resubmit with attachments; supervisors return and approve (two at once: one wins, one gets 409);
// consolidation goes up from the schools to the district office; the inspector reads the whole history, changes
// nothing, and the audit chain detects a row edited in the database.
import { createHash } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { assignmentIn, inboxIn, type ApiSystem, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

const today = vnDateOf(Date.now());

const planBody = () => ({
  number: '15/KH-SGDĐT',
  title: 'Kế hoạch triển khai Kết luận 134-KL/TU trong ngành giáo dục',
  issuerUnitId: 'hp-sgddt',
  basis: [{ text: 'Kế hoạch số 193/KH-UBND ngày 19/8/2021 của UBND thành phố', number: '193/KH-UBND', date: '2021-08-19' }],
  tasks: [
    {
      ref: '1',
      title: 'Báo cáo kết quả thực hiện của các trường',
      lead: [{ text: 'Các trường THCS, TH quận Lê Chân', group: { kinds: ['school_thcs', 'school_th'], underUnitId: 'hp-pgd-lechan' } }],
      coordinators: [],
      timeframe: { kind: 'once', text: 'trước ngày …', due: addDays(today, 30) },
      consolidate: true,
    },
    {
      ref: '2',
      title: 'Rà soát tiêu chuẩn chức danh nghề nghiệp',
      content: 'Chủ trì, phối hợp với Phòng KHTC rà soát các văn bản quy định về tiêu chuẩn chức danh nghề nghiệp.',
      lead: [{ unitId: 'hp-sgddt-gdtxdh' }],
      coordinators: [{ unitId: 'hp-sgddt-khtc' }],
      timeframe: { kind: 'once', due: addDays(today, 20) },
    },
  ],
});

describe('the API walked through by every role', () => {
  let sys: ApiSystem;
  let planId: string;
  let taskIds: string[];
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u];

  beforeAll(async () => {
    sys = await startApiSystem();
    for (const u of ['owner.hp-sgddt', 'officer.hp-sgddt-gdtxdh', 'supervisor.hp-sgddt-gdtxdh', 'officer.hp-sgddt-khtc', 'supervisor.hp-sgddt', 'supervisor2.hp-sgddt', 'officer.hp-thcs-lechan-1', 'officer.hp-th-lechan-1', 'supervisor.hp-pgd-lechan', 'officer.hp-pgd-lechan', 'inspector.hp-sgddt-thanhtra', 'officer.hp-thcs-ngoquyen-1', 'officer.hp-snv'])
      tokens[u] = await sys.login(u);
  });
  afterAll(async () => sys?.close());

  const inboxOf = (user: string, query = '') => inboxIn(sys, user, query);
  const assignmentOf = (user: string, taskId: string) => assignmentIn(sys, user, taskId);

  it('authenticates: wrong password 401, a token for /me, no token 401', async () => {
    expect((await sys.call('POST', '/auth/login', { body: { username: 'owner.hp-sgddt', password: 'wrong' } })).status).toBe(401);
    const me = await sys.call('GET', '/me', { token: as('owner.hp-sgddt') });
    expect(me.body).toMatchObject({ username: 'owner.hp-sgddt', unitId: 'hp-sgddt', roles: ['plan_owner'] });
    const none = await sys.call('GET', '/plans');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('rejects bad drafts with problem details naming the field, and loses nothing', async () => {
    const bad = await sys.call('POST', '/plans', { token: as('owner.hp-sgddt'), body: { ...planBody(), colour: 'red', tasks: [{ ...planBody().tasks[0], timeframe: { kind: 'once', due: '2026-02-30' } }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(expect.arrayContaining([{ field: 'colour', message: 'is not an accepted field' }, { field: 'tasks[0].timeframe.due', message: 'must be a date YYYY-MM-DD' }]));
    const unknownUnit = await sys.call('POST', '/plans', { token: as('owner.hp-sgddt'), body: { ...planBody(), tasks: [{ ...planBody().tasks[1], lead: [{ unitId: 'hp-nowhere' }] }] } });
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.errors).toEqual([{ field: 'tasks[0].lead[0].unitId', message: 'unit hp-nowhere does not exist' }]);
    const foreign = await sys.call('POST', '/plans', { token: as('owner.hp-sgddt'), body: { ...planBody(), issuerUnitId: 'hp-ubnd' } });
    expect(foreign.status).toBe(403);
    // A body over the limit is refused before it is read, as problem details.
    const huge = await sys.call('POST', '/plans', { token: as('owner.hp-sgddt'), body: { ...planBody(), description: 'x'.repeat(3 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await sys.call('GET', '/plans', { token: as('owner.hp-sgddt') })).body.total).toBe(0);
  });

  it('drafts and launches the plan; the fan-out reaches the schools, the district office and the lead division', async () => {
    const created = await sys.call('POST', '/plans', { token: as('owner.hp-sgddt'), body: planBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', number: '15/KH-SGDĐT', taskCount: 2 });
    planId = created.body.id;
    taskIds = created.body.tasks.map((t: { id: string }) => t.id);
    const launched = await sys.call('POST', `/plans/${planId}/launch`, { token: as('owner.hp-sgddt') });
    expect(launched.status).toBe(202);
    // The Temporal UI has no login of its own: only administrators are linked to it.
    expect(launched.body.temporalUrl).toBeNull();
    expect(launched.body.workflowId).toBe(`plan:${planId}`);
    await waitFor(async () => (await sys.call('GET', `/plans/${planId}/progress`, { token: as('owner.hp-sgddt') })).body.byUnit?.length === 4, { timeoutMs: 60_000 });
    const plan = await sys.call('GET', `/plans/${planId}`, { token: as('owner.hp-sgddt') });
    expect(plan.body.status).toBe('active');
    // A Sở plan is published down the Sở's tree: its schools read it; another Sở does not see it.
    expect((await sys.call('GET', `/plans/${planId}`, { token: as('officer.hp-thcs-lechan-1') })).status).toBe(200);
    expect((await sys.call('GET', `/plans/${planId}`, { token: as('officer.hp-snv') })).status).toBe(403);
    // Search covers plan and task text.
    expect((await sys.call('GET', `/plans?q=${encodeURIComponent('chức danh nghề nghiệp')}`, { token: as('owner.hp-sgddt') })).body.items.map((p: { id: string }) => p.id)).toEqual([planId]);
    expect((await sys.call('GET', '/plans?q=kh%C3%B4ng-c%C3%B3-%25', { token: as('owner.hp-sgddt') })).body.total).toBe(0);
    expect((await sys.call('GET', '/plans', { token: as('officer.hp-snv') })).body.total).toBe(0);
  });

  it('lets the lead ask for coordination, submit, be returned, resubmit; two supervisors at once: one wins', async () => {
    const lead = await assignmentOf('officer.hp-sgddt-gdtxdh', taskIds[1]);
    const ack = await sys.call('POST', `/assignments/${lead.id}/acknowledge`, { token: as('officer.hp-sgddt-gdtxdh') });
    expect(ack.status).toBe(200);
    expect(ack.body.state).toBe('acknowledged');

    const coord = await sys.call('POST', `/assignments/${lead.id}/coordination-requests`, { token: as('officer.hp-sgddt-gdtxdh'), body: { unitIds: ['hp-sgddt-khtc'], due: addDays(today, 10), message: 'Đề nghị Phòng KHTC cho ý kiến' } });
    expect(coord.status).toBe(200);
    const sub = await assignmentOf('officer.hp-sgddt-khtc', taskIds[1]);
    expect(await sys.call('POST', `/assignments/${sub.id}/submissions`, { token: as('officer.hp-sgddt-khtc'), body: { text: 'Ý kiến của Phòng KHTC' } })).toMatchObject({ status: 200 });
    expect(await sys.call('POST', `/assignments/${sub.id}/approve`, { token: as('supervisor.hp-sgddt-gdtxdh') })).toMatchObject({ status: 200 });

    // An attachment: uploaded, stored with its SHA-256, referenced by the submission, downloadable unchanged.
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('Báo cáo rà soát — số liệu', 'utf8')], { type: 'text/plain' }), 'bao-cao-ra-soat.txt');
    const upHeaders = { authorization: `Bearer ${as('officer.hp-sgddt-gdtxdh')}`, 'idempotency-key': 'upload-1' };
    const up = await fetch(`${sys.api.url}/assignments/${lead.id}/attachments`, { method: 'POST', headers: upHeaders, body: form });
    expect(up.status).toBe(201);
    const att = (await up.json()) as { id: string; sha256: string };
    expect(att.sha256).toBe(createHash('sha256').update(Buffer.from('Báo cáo rà soát — số liệu', 'utf8')).digest('hex'));
    // The same upload retried with its key is the same attachment.
    const retried = await fetch(`${sys.api.url}/assignments/${lead.id}/attachments`, { method: 'POST', headers: upHeaders, body: form });
    expect(((await retried.json()) as { id: string }).id).toBe(att.id);
    const badType = new FormData();
    badType.append('file', new Blob([Buffer.from('MZ')], { type: 'application/x-msdownload' }), 'virus.exe');
    expect((await fetch(`${sys.api.url}/assignments/${lead.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${as('officer.hp-sgddt-gdtxdh')}`, 'idempotency-key': 'upload-2' }, body: badType })).status).toBe(415);

    const s1 = await sys.call('POST', `/assignments/${lead.id}/submissions`, { token: as('officer.hp-sgddt-gdtxdh'), body: { text: 'Báo cáo rà soát lần 1', attachmentIds: [att.id] } });
    expect(s1).toMatchObject({ status: 200, body: { state: 'submitted' } });
    // The officer cannot approve their own work; the supervisor of the reviewer unit returns it with a comment.
    expect((await sys.call('POST', `/assignments/${lead.id}/approve`, { token: as('officer.hp-sgddt-gdtxdh') })).status).toBe(403);
    const ret = await sys.call('POST', `/assignments/${lead.id}/return`, { token: as('supervisor.hp-sgddt'), body: { comment: 'Bổ sung số liệu năm 2025' } });
    expect(ret).toMatchObject({ status: 200, body: { state: 'returned' } });
    // Sent decomposed (NFD, as some keyboards and PDF copies produce), stored composed (NFC).
    const s2 = await sys.call('POST', `/assignments/${lead.id}/submissions`, { token: as('officer.hp-sgddt-gdtxdh'), body: { text: 'Báo cáo rà soát lần 2 (đã bổ sung)'.normalize('NFD'), attachmentIds: [att.id] } });
    expect(s2.body.state).toBe('submitted');

    const [a, b] = await Promise.all([
      sys.call('POST', `/assignments/${lead.id}/approve`, { token: as('supervisor.hp-sgddt'), body: { expectedVersion: s2.body.version } }),
      sys.call('POST', `/assignments/${lead.id}/return`, { token: as('supervisor2.hp-sgddt'), body: { comment: 'Chưa đạt', expectedVersion: s2.body.version } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({ status: 409, title: 'Version conflict' });
    expect(loser.body.current).toMatchObject({ assignmentId: lead.id });
    expect(['approved', 'returned']).toContain(loser.body.current.state);

    const detail = await sys.call('GET', `/assignments/${lead.id}`, { token: as('supervisor.hp-sgddt') });
    expect(detail.body.submissions.map((s: { version: number; text: string }) => [s.version, s.text])).toEqual([[1, 'Báo cáo rà soát lần 1'], [2, 'Báo cáo rà soát lần 2 (đã bổ sung)']]);
    expect(detail.body.submissions[0]).toMatchObject({ decision: 'returned', decisionComment: 'Bổ sung số liệu năm 2025', attachments: [{ id: att.id, sha256: att.sha256 }] });
    expect(detail.body.children).toEqual([expect.objectContaining({ unitId: 'hp-sgddt-khtc', kind: 'coordination', state: 'approved', latestSubmission: expect.objectContaining({ text: 'Ý kiến của Phòng KHTC' }) })]);
    const file = await fetch(`${sys.api.url}/assignments/${lead.id}/attachments/${att.id}`, { headers: { authorization: `Bearer ${as('supervisor.hp-sgddt')}` } });
    expect(Buffer.from(await file.arrayBuffer()).toString('utf8')).toBe('Báo cáo rà soát — số liệu');
  });

  it('lets a school ask for more time; the district office grants it and the due date moves', async () => {
    const school = await assignmentOf('officer.hp-th-lechan-1', taskIds[0]);
    const before = (await sys.call('GET', `/assignments/${school.id}`, { token: as('officer.hp-th-lechan-1') })).body;
    const tooEarly = await sys.call('POST', `/assignments/${school.id}/extension-requests`, { token: as('officer.hp-th-lechan-1'), body: { requestedDue: before.due, reason: 'Thiếu số liệu' } });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body.detail).toMatch(/after the current due date/);
    const newDue = addDays(before.due, 3);
    const asked = await sys.call('POST', `/assignments/${school.id}/extension-requests`, { token: as('officer.hp-th-lechan-1'), body: { requestedDue: newDue, reason: 'Chờ số liệu của tổ chuyên môn' } });
    expect(asked.status).toBe(200);
    // The request waits for the district office's supervisors.
    const waiting = (await sys.call('GET', '/inbox', { token: as('supervisor.hp-pgd-lechan') })).body;
    expect(waiting.awaitingDecision.map((a: { id: string }) => a.id)).toContain(school.id);
    expect(waiting.notifications.some((n: { kind: string; assignmentId: string }) => n.kind === 'extension_request' && n.assignmentId === school.id)).toBe(true);
    const granted = await sys.call('POST', `/assignments/${school.id}/extension-requests/${asked.body.requestId}/decision`, { token: as('supervisor.hp-pgd-lechan'), body: { grant: true, comment: 'Đồng ý' } });
    expect(granted).toMatchObject({ status: 200, body: { due: newDue } });
    const after = (await sys.call('GET', `/assignments/${school.id}`, { token: as('officer.hp-th-lechan-1') })).body;
    expect(after.due).toBe(newDue);
    expect(after.extensionRequests).toEqual([expect.objectContaining({ requestedDue: newDue, status: 'granted', decisionComment: 'Đồng ý' })]);
  });

  it('filters, sorts and pages the inbox, and refuses a bad filter naming it', async () => {
    const officer = as('officer.hp-sgddt-gdtxdh');
    const all = (await sys.call('GET', '/inbox', { token: officer })).body.assignments;
    expect(all.total).toBeGreaterThanOrEqual(1);
    expect((await sys.call('GET', '/inbox?status=approved,returned', { token: officer })).body.assignments.items.every((a: { state: string }) => ['approved', 'returned'].includes(a.state))).toBe(true);
    expect((await sys.call('GET', `/inbox?planId=${planId}&dueAfter=2099-01-01`, { token: officer })).body.assignments.total).toBe(0);
    expect((await sys.call('GET', '/inbox?overdue=true', { token: officer })).body.assignments.total).toBe(0);
    const page = (await sys.call('GET', '/inbox?limit=1&offset=0&sort=-due', { token: as('officer.hp-pgd-lechan') })).body.assignments;
    expect(page).toMatchObject({ limit: 1, offset: 0 });
    expect(page.items.length).toBeLessThanOrEqual(1);
    const bad = await sys.call('GET', '/inbox?status=finished&limit=5000', { token: officer });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('limit');
    expect((await sys.call('GET', '/inbox?status=finished', { token: officer })).body.errors).toEqual([{ field: 'status', message: expect.stringContaining('"finished" is not one of') }]);
  });

  it('shows a unit with its parent, children and reporting chain', async () => {
    const unit = await sys.call('GET', '/units/hp-thcs-lechan-1', { token: as('officer.hp-thcs-lechan-1') });
    expect(unit.body.reportingChain.map((u: { id: string }) => u.id)).toEqual(['hp-thcs-lechan-1', 'hp-pgd-lechan', 'hp-sgddt', 'hp-ubnd']);
    const pgd = await sys.call('GET', '/units/hp-pgd-lechan', { token: as('officer.hp-thcs-lechan-1') });
    expect(pgd.body.children.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining(['hp-thcs-lechan-1', 'hp-th-lechan-1']));
    expect((await sys.call('GET', '/units?kind=district_office', { token: as('officer.hp-thcs-lechan-1') })).body.total).toBe(15);
    expect((await sys.call('GET', '/units/hp-nowhere', { token: as('officer.hp-thcs-lechan-1') })).status).toBe(404);
  });

  it('consolidates the schools’ approved reports at the district office before it can report upward', async () => {
    const pgd = await assignmentOf('officer.hp-pgd-lechan', taskIds[0]);
    const early = await sys.call('POST', `/assignments/${pgd.id}/submissions`, { token: as('officer.hp-pgd-lechan'), body: { text: 'Tổng hợp quận Lê Chân' } });
    // Before its deadline a partial report names the schools still missing; the complete report follows.
    expect(early).toMatchObject({ status: 200, body: { state: 'in_progress' } });
    for (const school of ['officer.hp-thcs-lechan-1', 'officer.hp-th-lechan-1']) {
      const a = await assignmentOf(school, taskIds[0]);
      expect((await sys.call('POST', `/assignments/${a.id}/submissions`, { token: as(school), body: { text: `Báo cáo của ${school}` } })).status).toBe(200);
      // A school in another district cannot see it at all.
      expect((await sys.call('GET', `/assignments/${a.id}`, { token: as('officer.hp-thcs-ngoquyen-1') })).status).toBe(404);
      expect((await sys.call('POST', `/assignments/${a.id}/approve`, { token: as('supervisor.hp-pgd-lechan') })).status).toBe(200);
    }
    await waitFor(async () => (await sys.call('GET', `/assignments/${pgd.id}`, { token: as('officer.hp-pgd-lechan') })).body.consolidation?.reported?.length === 2, { timeoutMs: 30_000 });
    const ok = await sys.call('POST', `/assignments/${pgd.id}/submissions`, { token: as('officer.hp-pgd-lechan'), body: { text: 'Tổng hợp quận Lê Chân' } });
    expect(ok).toMatchObject({ status: 200, body: { state: 'submitted' } });
    const awaiting = await inboxOf('supervisor.hp-sgddt');
    expect(awaiting.awaitingDecision.map((a: { id: string }) => a.id)).toContain(pgd.id);
  });

  it('amends the running plan with a reason, then closes it: every open assignment ends', async () => {
    const bad = await sys.call('POST', `/plans/${planId}/amendments`, { token: as('owner.hp-sgddt'), body: { op: { type: 'change_due', taskId: taskIds[0], due: addDays(today, 40) } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'reason', message: 'is required' }]);
    const amended = await sys.call('POST', `/plans/${planId}/amendments`, { token: as('owner.hp-sgddt'), body: { reason: 'Lùi thời hạn theo đề nghị của các trường', op: { type: 'change_due', taskId: taskIds[0], due: addDays(today, 40) } } });
    expect(amended).toMatchObject({ status: 200, body: { applied: true } });
    expect((await sys.call('POST', `/plans/${planId}/amendments`, { token: as('officer.hp-sgddt-gdtxdh'), body: { reason: 'x', op: { type: 'cancel_task', taskId: taskIds[0] } } })).status).toBe(403);

    const closed = await sys.call('POST', `/plans/${planId}/close`, { token: as('owner.hp-sgddt'), body: { reason: 'Hoàn thành kế hoạch', outcome: 'closed' } });
    expect(closed.status).toBe(202);
    await waitFor(async () => (await sys.call('GET', `/plans/${planId}`, { token: as('owner.hp-sgddt') })).body.status === 'closed', { timeoutMs: 60_000 });
    const progress = (await sys.call('GET', `/plans/${planId}/progress`, { token: as('owner.hp-sgddt') })).body;
    const open = progress.byTask.reduce((n: number, t: { counts: Record<string, number> }) => n + t.counts.in_progress_on_time + t.counts.overdue + t.counts.returned, 0);
    expect(open).toBe(0);
  });

  it('gives the inspector the full history and the verified chain, and nothing to change; tampering is detected', async () => {
    const inspector = as('inspector.hp-sgddt-thanhtra');
    const history = await sys.call('GET', `/plans/${planId}/history`, { token: inspector });
    expect(history.status).toBe(200);
    const actions = history.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.drafted', 'plan.launched', 'assignment.created', 'assignment.submitted', 'assignment.returned', 'assignment.approved', 'plan.amended.due_changed']));
    const seqs = history.body.entries.map((e: { seq: string }) => BigInt(e.seq));
    expect(seqs).toEqual([...seqs].sort((x: bigint, y: bigint) => (x < y ? -1 : 1)));
    const returned = history.body.entries.find((e: { action: string }) => e.action === 'assignment.returned');
    expect(returned).toMatchObject({ actorId: 'u-supervisor.hp-sgddt', actorUnitId: 'hp-sgddt', actorIp: '127.0.0.1' });
    expect(returned.requestId).toBeTruthy();
    expect(history.body.temporalUrl).toBeNull();
    const adminHistory = await sys.call('GET', `/plans/${planId}/history`, { token: await sys.login('admin') });
    expect(adminHistory.body.temporalUrl).toContain('/workflows/');
    // Pages follow the chain: five at a time they add up to the whole history.
    const paged: string[] = [];
    for (let after: string | null = '0'; after !== null; ) {
      const page: any = (await sys.call('GET', `/plans/${planId}/history?limit=5&afterSeq=${after}`, { token: inspector })).body;
      expect(page.entries.length).toBeLessThanOrEqual(5);
      paged.push(...page.entries.map((e: { seq: string }) => e.seq));
      after = page.nextAfterSeq;
    }
    expect(paged).toEqual(history.body.entries.map((e: { seq: string }) => e.seq));
    expect((await sys.call('GET', `/plans/${planId}/history?limit=0`, { token: inspector })).body.errors).toEqual([{ field: 'limit', message: 'must be a whole number from 1 to 10000' }]);
    // The officers of the plan cannot read the plan's full history.
    expect((await sys.call('GET', `/plans/${planId}/history`, { token: as('officer.hp-thcs-lechan-1') })).status).toBe(403);
    // The inspector changes nothing.
    const lead = (await sys.call('GET', `/plans/${planId}/progress`, { token: inspector })).body;
    expect(lead.byTask).toHaveLength(2);
    const anyAssignment = history.body.entries.find((e: { assignmentId: string | null }) => e.assignmentId).assignmentId;
    expect((await sys.call('POST', `/assignments/${anyAssignment}/approve`, { token: inspector })).status).toBe(403);
    expect((await sys.call('POST', `/plans/${planId}/close`, { token: inspector, body: { reason: 'x' } })).status).toBe(403);

    // The dashboard of the Sở's inspectorate covers the Sở and everything under it.
    const dash = (await sys.call('GET', '/dashboard', { token: inspector })).body;
    expect(dash.scopeUnitId).toBe('hp-sgddt');
    expect(Object.values(dash.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    expect(dash.counts.cancelled + dash.counts.done_on_time).toBeGreaterThanOrEqual(4);
    expect(dash.timeline).toHaveLength(30);
    expect(dash.byPlan.map((p: { planId: string }) => p.planId)).toContain(planId);
    // Per-unit rows come a page at a time; one unit a page, the cursors walk the same units as one page of all.
    const unitsOf = async (path: string) => {
      const whole = (await sys.call('GET', `${path}?limit=500`, { token: inspector })).body;
      expect(whole.byUnitNext).toBeNull();
      const paged: unknown[] = [];
      for (let cursor: string | null = '', pages = 0; cursor !== null; pages++) {
        const page: any = (await sys.call('GET', `${path}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: inspector })).body;
        expect(page.byUnit.length).toBeLessThanOrEqual(1);
        paged.push(...page.byUnit);
        cursor = page.byUnitNext;
        expect(pages).toBeLessThan(whole.byUnit.length + 1);
      }
      expect(paged).toEqual(whole.byUnit);
      return whole.byUnit as { unitId: string }[];
    };
    expect((await unitsOf('/dashboard')).length).toBeGreaterThanOrEqual(4);
    expect((await unitsOf(`/plans/${planId}/progress`)).length).toBe(4);

    const verified = await sys.call('GET', '/audit/verify', { token: inspector });
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.checked).toBeGreaterThan(20);

    // Someone with database access edits one entry behind the application's back.
    const pg = new PgClient({ connectionString: sys.engine.config.databaseUrl! });
    await pg.connect();
    try {
      await expect(pg.query(`UPDATE audit_log SET details = '{"forged":true}' WHERE seq = 5`)).rejects.toThrow(/append-only/);
      await pg.query('BEGIN');
      await pg.query('SET LOCAL session_replication_role = replica'); // superuser trick that bypasses the triggers
      await pg.query(`UPDATE audit_log SET actor_id = 'u-someone-else' WHERE seq = 5`);
      await pg.query('COMMIT');
    } finally {
      await pg.end();
    }
    // The default verification is incremental: it starts at the checkpoint the first verification left, after entry 5,
    // so it cannot see that edit (what it guarantees: see AuditCheckpointRepository); the full one finds it.
    const incremental = await sys.call('GET', '/audit/verify', { token: inspector });
    expect(incremental.body).toMatchObject({ ok: true, mode: 'incremental', fromSeq: verified.body.lastSeq, checked: 0 });
    const broken = await sys.call('GET', '/audit/verify?full=true', { token: inspector });
    expect(broken.body).toMatchObject({ ok: false, mode: 'full', brokenAt: { seq: '5', reason: 'hash_mismatch' } });
    expect((await sys.call('GET', '/audit/verify?full=yes', { token: inspector })).status).toBe(400);
  });
});

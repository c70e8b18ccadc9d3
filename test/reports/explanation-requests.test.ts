// Issue 17 over HTTP against the real Temporal dev server and PostgreSQL: a supervisor asks an overdue unit for an
// explanation (yêu cầu giải trình), the unit answers with a reason and a new date; both are audited (history),
// notified (in the app, and so by mail) and shown on the assignment page and the dashboard. And a task with a report
// form refuses the plain submission route (422 naming figures), pointing to the form route.
import { addDays, vnDateOf } from '@khflow/domain';
import { type ApiSystem, startApiSystem } from '../api/api-harness';
import { waitFor } from '../support/test-env';

jest.setTimeout(300_000);

const today = vnDateOf(Date.now());
const SCHOOL = 'hp-thcs-lechan-1';
const OFFICE = 'hp-pgd-lechan';

describe('explanation requests and the plain submission of a task with a report form', () => {
  let sys: ApiSystem;
  let late = '';
  let withForm = '';
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u];

  beforeAll(async () => {
    sys = await startApiSystem();
    for (const u of ['owner.hp-sgddt', `officer.${SCHOOL}`, `supervisor.${SCHOOL}`, `officer.${OFFICE}`, `supervisor.${OFFICE}`]) tokens[u] = await sys.login(u);
    const task = (ref: string, title: string, due: string) => ({ ref, title, lead: [{ unitId: SCHOOL }], coordinators: [], timeframe: { kind: 'once', due }, reviewerUnitId: OFFICE });
    const created = await sys.call('POST', '/plans', {
      token: as('owner.hp-sgddt'),
      body: { title: 'Kế hoạch kiểm tra giải trình', issuerUnitId: 'hp-sgddt', tasks: [task('1', 'Báo cáo tự kiểm tra (đã quá hạn)', addDays(today, -3)), task('2', 'Báo cáo số liệu theo biểu mẫu', addDays(today, 30))] },
    });
    expect(created.status).toBe(201);
    const planId = created.body.planId ?? created.body.id;
    const tasks: { id: string; ref: string }[] = await sys.engine.ds.query('SELECT id, ref FROM task WHERE plan_id = $1', [planId]);
    const formTask = tasks.find((t) => t.ref === '2')!.id;
    const form = { fields: [{ key: 'so_hoc_sinh', label: 'Số học sinh', type: 'number', integer: true, min: 0, required: true, consolidate: 'sum' }] };
    expect((await sys.call('PUT', `/tasks/${formTask}/report-form`, { token: as('owner.hp-sgddt'), body: { form } })).status).toBe(200);
    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: as('owner.hp-sgddt') })).status).toBe(202);
    await waitFor(async () => {
      const rows: { id: string; task_id: string }[] = await sys.engine.ds.query(`SELECT id, task_id FROM assignment WHERE plan_id = $1 AND unit_id = $2`, [planId, SCHOOL]);
      late = rows.find((r) => r.task_id !== formTask)?.id ?? '';
      withForm = rows.find((r) => r.task_id === formTask)?.id ?? '';
      return !!late && !!withForm;
    }, { timeoutMs: 60_000 });
    // The late assignment's workflow has marked it overdue.
    await waitFor(async () => (await sys.engine.ds.query(`SELECT 1 FROM audit_log WHERE assignment_id = $1 AND action = 'assignment.overdue'`, [late])).length > 0, { timeoutMs: 60_000 });
  });
  afterAll(async () => sys?.close());

  const detail = async (user: string) => (await sys.call('GET', `/assignments/${late}`, { token: as(user) })).body;

  it('a supervisor of the reviewer unit asks; the unit answers with a reason and a new date', async () => {
    expect((await detail(`supervisor.${OFFICE}`)).allowedActions).toContain('request_explanation');
    expect((await detail(`officer.${SCHOOL}`)).allowedActions).not.toContain('request_explanation');
    // Who may ask: the permission rule of libs/domain (assignment.decide).
    expect((await sys.call('POST', `/assignments/${late}/explanation-requests`, { token: as(`officer.${SCHOOL}`), body: { message: 'Vì sao?' } })).status).toBe(403);
    expect((await sys.call('POST', `/assignments/${late}/explanation-requests`, { token: as(`officer.${OFFICE}`), body: { message: 'Vì sao?' } })).status).toBe(403);
    const noMessage = await sys.call('POST', `/assignments/${late}/explanation-requests`, { token: as(`supervisor.${OFFICE}`), body: {} });
    expect(noMessage.status).toBe(400);
    expect(noMessage.body.errors.map((e: { field: string }) => e.field)).toContain('message');
    // A task still within its deadline is not asked.
    expect((await sys.call('POST', `/assignments/${withForm}/explanation-requests`, { token: as(`supervisor.${OFFICE}`), body: { message: 'Vì sao?' } })).status).toBe(409);

    const asked = await sys.call('POST', `/assignments/${late}/explanation-requests`, { token: as(`supervisor.${OFFICE}`), body: { message: 'Đề nghị giải trình lý do chậm báo cáo' } });
    expect(asked.status).toBe(200);
    const rid = asked.body.requestId as string;
    expect((await sys.call('POST', `/assignments/${late}/explanation-requests`, { token: as(`supervisor.${OFFICE}`), body: { message: 'Lần hai' } })).status).toBe(409);
    await waitFor(async () => (await detail(`officer.${SCHOOL}`)).explanationRequests?.length === 1, { timeoutMs: 20_000 });
    const pending = await detail(`officer.${SCHOOL}`);
    expect(pending.explanationRequests[0]).toMatchObject({ id: rid, status: 'pending', message: 'Đề nghị giải trình lý do chậm báo cáo', requestedBy: `u-supervisor.${OFFICE}`, reason: null, newDue: null });
    expect(pending.allowedActions).toContain('answer_explanation');

    const answer = (user: string, body: unknown) => sys.call('POST', `/assignments/${late}/explanation-requests/${rid}/answer`, { token: as(user), body });
    expect((await answer(`supervisor.${OFFICE}`, { reason: 'r', newDue: addDays(today, 5) })).status).toBe(403);
    const badDate = await answer(`officer.${SCHOOL}`, { reason: 'r', newDue: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors.map((e: { field: string }) => e.field)).toContain('newDue');
    const past = await answer(`officer.${SCHOOL}`, { reason: 'r', newDue: addDays(today, -1) });
    expect(past.status).toBe(422);
    expect(past.body.detail).toMatch(/newDue/);
    expect((await sys.call('POST', `/assignments/${late}/explanation-requests/nope/answer`, { token: as(`officer.${SCHOOL}`), body: { reason: 'r', newDue: addDays(today, 5) } })).status).toBe(404);
    const ok = await answer(`officer.${SCHOOL}`, { reason: 'Chờ số liệu của tổ chuyên môn', newDue: addDays(today, 5) });
    expect(ok.status).toBe(200);
    await waitFor(async () => (await detail(`officer.${SCHOOL}`)).explanationRequests?.[0]?.status === 'answered', { timeoutMs: 20_000 });
    expect((await detail(`supervisor.${OFFICE}`)).explanationRequests[0]).toMatchObject({ status: 'answered', reason: 'Chờ số liệu của tổ chuyên môn', newDue: addDays(today, 5), answeredBy: `u-officer.${SCHOOL}` });
    // The due date itself moves only by an extension.
    expect((await detail(`officer.${SCHOOL}`)).due).toBe(addDays(today, -3));
  });

  it('both steps are in the audited history, notified to the right readers, and on the dashboard', async () => {
    const history = await sys.call('GET', `/assignments/${late}/history`, { token: as(`supervisor.${OFFICE}`) });
    expect(history.status).toBe(200);
    const entries = history.body.entries.filter((e: { action: string }) => e.action.startsWith('assignment.explanation'));
    expect(entries.map((e: { action: string; actorId: string; actorUnitId: string }) => [e.action, e.actorId, e.actorUnitId])).toEqual([
      ['assignment.explanation_requested', `u-supervisor.${OFFICE}`, OFFICE],
      ['assignment.explanation_answered', `u-officer.${SCHOOL}`, SCHOOL],
    ]);
    expect(JSON.stringify(entries[1])).toContain('Chờ số liệu của tổ chuyên môn');
    expect((await sys.call('GET', '/audit/verify', { token: await sys.login('admin') })).body.ok).toBe(true);

    const notes: { kind: string; recipient_unit_id: string; recipient_role: string | null; message: string }[] = await sys.engine.ds.query(
      `SELECT kind, recipient_unit_id, recipient_role, message FROM notification WHERE assignment_id = $1 AND kind LIKE 'explanation%' ORDER BY created_at`,
      [late],
    );
    expect(notes.map((n) => [n.kind, n.recipient_unit_id, n.recipient_role])).toEqual([
      ['explanation_requested', SCHOOL, null],
      ['explanation_answered', OFFICE, 'supervisor'],
    ]);
    expect(notes[1].message).toContain('Chờ số liệu của tổ chuyên môn');

    const dash = await sys.call('GET', '/dashboard', { token: as(`supervisor.${OFFICE}`) });
    expect(dash.status).toBe(200);
    expect(dash.body.explanations).toEqual(expect.arrayContaining([expect.objectContaining({ assignmentId: late, unitId: SCHOOL, status: 'answered', newDue: addDays(today, 5), due: addDays(today, -3) })]));
    // Outside the scope: another district's supervisor does not see it.
    const other = await sys.call('GET', '/dashboard', { token: await sys.login('supervisor.hp-pgd-ngoquyen') });
    expect(other.body.explanations.some((x: { assignmentId: string }) => x.assignmentId === late)).toBe(false);
  });

  it('a task with a report form refuses the plain submission, naming figures and the form route; the form route takes it', async () => {
    const plain = await sys.call('POST', `/assignments/${withForm}/submissions`, { token: as(`officer.${SCHOOL}`), body: { text: 'Báo cáo không kèm số liệu' } });
    expect(plain.status).toBe(422);
    expect(plain.body.errors).toEqual([expect.objectContaining({ field: 'figures' })]);
    expect(plain.body.detail).toContain(`/assignments/${withForm}/report`);
    // Nothing changed: no submission was recorded.
    expect((await sys.call('GET', `/assignments/${withForm}`, { token: as(`officer.${SCHOOL}`) })).body).toMatchObject({ state: 'assigned', submissions: [] });
    const viaForm = await sys.call('POST', `/assignments/${withForm}/report`, { token: as(`officer.${SCHOOL}`), body: { figures: { so_hoc_sinh: 812 } } });
    expect(viaForm.status).toBe(200);
    expect(viaForm.body.state).toBe('submitted');
  });
});

// Ủy quyền over HTTP: a supervisor names a deputy for a period; with X-On-Behalf-Of the deputy sees the
// supervisor's inbox and decides on their work, audited as the deputy acting on behalf of the supervisor; without
// a delegation holding today (none yet, or revoked) the header is refused.
import { addDays, vnDateOf } from '@khflow/domain';
import { DEMO_UNITS, DEMO_USERS } from '@khflow/directory';
import { waitFor } from '../support/test-env';
import { type DirectorySystem, startDirectorySystem } from './directory-harness';

jest.setTimeout(300_000);

describe('delegation (ủy quyền)', () => {
  let sys: DirectorySystem;
  const today = vnDateOf(Date.now());
  beforeAll(async () => {
    sys = await startDirectorySystem({ units: DEMO_UNITS, users: DEMO_USERS });
  });
  afterAll(async () => sys?.close());

  it('lets the deputy see and act on the work for the period, audited on behalf of the delegator', async () => {
    const owner = await sys.login('owner.hp-sgddt');
    const school = await sys.login('officer.hp-thcs-lechan-1');
    const chief = await sys.login('supervisor.hp-pgd-lechan');
    const deputy = await sys.login('officer.hp-pgd-lechan');
    const created = await sys.call('POST', '/plans', {
      token: owner,
      body: { title: 'Kế hoạch kiểm tra nội bộ', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: 'Báo cáo tự kiểm tra', lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: addDays(today, 30) }, reviewerUnitId: 'hp-pgd-lechan' }] },
    });
    expect(created.status).toBe(201);
    const planId = created.body.planId ?? created.body.id;
    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: owner })).status).toBe(202);
    let id = '';
    await waitFor(async () => {
      const [a] = await sys.engine.ds.query('SELECT id FROM assignment WHERE plan_id = $1', [planId]);
      id = a?.id ?? '';
      return !!id;
    }, { timeoutMs: 60_000 });
    expect((await sys.call('POST', `/assignments/${id}/submissions`, { token: school, body: { text: 'Đã tự kiểm tra' } })).status).toBeLessThan(300);

    const onBehalf = (token: string) => ({ token, headers: { 'x-on-behalf-of': 'supervisor.hp-pgd-lechan' } });
    const call = (method: string, path: string, o: { token: string; headers: Record<string, string> }, body?: unknown) =>
      fetch(`${sys.api.url}${path}`, { method, headers: { authorization: `Bearer ${o.token}`, ...o.headers, ...(body ? { 'content-type': 'application/json', 'idempotency-key': `k-${Math.random()}` } : method === 'POST' ? { 'idempotency-key': `k-${Math.random()}` } : {}) }, body: body ? JSON.stringify(body) : undefined });

    // No delegation yet: the header is refused.
    expect((await call('GET', '/inbox', onBehalf(deputy))).status).toBe(403);
    const d = await sys.call('POST', '/delegations', { token: chief, body: { deputyUserId: 'officer.hp-pgd-lechan', validFrom: today, validTo: addDays(today, 14), reason: 'Đi công tác' } });
    expect(d.status).toBe(201);
    expect((await sys.call('POST', '/delegations', { token: deputy, body: { delegatorUserId: 'u-supervisor.hp-pgd-lechan', deputyUserId: 'officer.hp-pgd-lechan', validFrom: today, validTo: today, reason: 'x' } })).status).toBe(403);

    // The deputy sees the supervisor's decisions to make and approves on their behalf.
    const inbox = (await (await call('GET', '/inbox', onBehalf(deputy))).json()) as { awaitingDecision?: { items?: { id: string }[] } | { id: string }[] };
    expect(JSON.stringify(inbox)).toContain(id);
    expect((await sys.call('POST', `/assignments/${id}/approve`, { token: deputy })).status).toBe(403);
    const approved = await call('POST', `/assignments/${id}/approve`, onBehalf(deputy), { comment: 'Thay mặt trưởng phòng' });
    expect(approved.status).toBe(200);
    await waitFor(async () => (await sys.engine.ds.query(`SELECT 1 FROM audit_log WHERE assignment_id = $1 AND action = 'assignment.approved'`, [id])).length === 1, { timeoutMs: 30_000 });
    const [entry] = await sys.engine.ds.query(`SELECT actor_id, actor_unit_id, details FROM audit_log WHERE assignment_id = $1 AND action = 'assignment.approved'`, [id]);
    expect(entry).toMatchObject({ actor_id: 'u-officer.hp-pgd-lechan', actor_unit_id: 'hp-pgd-lechan', details: { onBehalfOf: 'u-supervisor.hp-pgd-lechan' } });

    // Revoked: the header is refused again.
    expect((await sys.call('POST', `/delegations/${d.body.id}/revoke`, { token: chief })).status).toBe(200);
    expect((await call('GET', '/inbox', onBehalf(deputy))).status).toBe(403);
    const audit = await sys.engine.ds.query(`SELECT action FROM audit_log WHERE entity_type = 'delegation' ORDER BY seq`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['delegation.created', 'delegation.revoked']);
  });

  it('offers a lookup of deputies to anyone, answers delegations with both names, and refuses a second revocation', async () => {
    const chief = await sys.login('supervisor.hp-pgd-kienan');
    const own = await sys.call('GET', '/delegations/candidates', { token: chief });
    expect(own.status).toBe(200);
    // Without a name: the people of the caller's own unit, never the caller, nothing but who and where.
    expect(own.body.items.map((u: { username: string }) => u.username)).toEqual(['officer.hp-pgd-kienan']);
    expect(own.body.items[0]).toEqual({ id: 'u-officer.hp-pgd-kienan', username: 'officer.hp-pgd-kienan', displayName: expect.any(String), unitId: 'hp-pgd-kienan', unitName: expect.stringMatching(/Kiến An/) });
    // By part of a name or username, across the directory; % and _ are text, not patterns.
    const found = await sys.call('GET', `/delegations/candidates?q=${encodeURIComponent('lechan-1')}`, { token: chief });
    expect(found.body.items.map((u: { username: string }) => u.username)).toContain('officer.hp-thcs-lechan-1');
    expect(found.body.items.every((u: { username: string }) => u.username.includes('lechan-1'))).toBe(true);
    expect((await sys.call('GET', '/delegations/candidates?q=%25', { token: chief })).body.items).toEqual([]);
    const tooLong = await sys.call('GET', `/delegations/candidates?q=${'a'.repeat(201)}`, { token: chief });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ field: 'q', message: 'must have at most 200 characters' }]);

    const backwards = await sys.call('POST', '/delegations', { token: chief, body: { deputyUserId: 'officer.hp-pgd-kienan', validFrom: addDays(today, 3), validTo: today, reason: 'Nghỉ phép' } });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([{ field: 'validTo', message: 'must not be before validFrom' }]);
    const d = await sys.call('POST', '/delegations', { token: chief, body: { deputyUserId: 'officer.hp-pgd-kienan', validFrom: today, validTo: addDays(today, 3), reason: 'Nghỉ phép' } });
    expect(d.status).toBe(201);
    const names = { delegatorUsername: 'supervisor.hp-pgd-kienan', delegatorName: expect.stringMatching(/^Lãnh đạo/), deputyUsername: 'officer.hp-pgd-kienan', deputyName: own.body.items[0].displayName };
    expect(d.body).toMatchObject({ ...names, validFrom: today, validTo: addDays(today, 3), revokedAt: null });
    const received = await sys.call('GET', '/delegations', { token: await sys.login('officer.hp-pgd-kienan') });
    expect(received.body.items).toEqual([expect.objectContaining({ id: d.body.id, ...names })]);

    expect((await sys.call('POST', `/delegations/${d.body.id}/revoke`, { token: chief })).body.revokedAt).toEqual(expect.any(String));
    const again = await sys.call('POST', `/delegations/${d.body.id}/revoke`, { token: chief });
    expect(again.status).toBe(409);
    const audit = await sys.engine.ds.query(`SELECT action FROM audit_log WHERE entity_type = 'delegation' AND entity_id = $1 ORDER BY seq`, [d.body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['delegation.created', 'delegation.revoked']);
  });
});

// Deny by default, checked as a table: every route × role × unit relation, each expectation written by hand from
// the rules (not computed by the code under test). A cell "passes" authorization when the answer is anything but
// 401/403/404; actions use an impossible expectedVersion (or a draft plan, or an unknown task) so an allowed call
// is refused later by the workflow (409/422) and nothing changes (allowed drafts and comments are created). No unexpected allow, no unexpected deny.
import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '@khflow/contracts';
import { addDays, authorize, buildOrgIndex, type OrgIndex, type PermissionAction, type PermissionResource, vnDateOf } from '@khflow/domain';
import { loadUnits } from '@khflow/persistence';
import { waitFor } from '../support/test-env';
import { type ApiSystem, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

const ACTORS = {
  ownOfficer: 'officer.hp-thcs-lechan-1',
  ownSupervisor: 'supervisor.hp-thcs-lechan-1',
  otherSchool: 'officer.hp-thcs-ngoquyen-1',
  reviewerOfficer: 'officer.hp-pgd-lechan',
  reviewerSupervisor: 'supervisor.hp-pgd-lechan',
  otherDistrictSupervisor: 'supervisor.hp-pgd-ngoquyen',
  inspector: 'inspector.hp-sgddt-thanhtra',
  issuerOwner: 'owner.hp-sgddt',
  cityOwner: 'owner.hp-ubnd',
  admin: 'admin',
  otherDepartment: 'officer.hp-snv',
} as const;
type Who = keyof typeof ACTORS;
const ALL = Object.keys(ACTORS) as Who[];

const READ_ASSIGNMENT: Who[] = ['ownOfficer', 'ownSupervisor', 'reviewerOfficer', 'reviewerSupervisor', 'inspector', 'issuerOwner', 'cityOwner', 'admin'];
const ACT: Who[] = ['ownOfficer', 'ownSupervisor'];
const DECIDE: Who[] = ['reviewerSupervisor'];
// A plan: its issuer, the units it names and those above them, the city above the issuer, inspectors, admins.
const READ_PLAN: Who[] = ['ownOfficer', 'ownSupervisor', 'reviewerOfficer', 'reviewerSupervisor', 'inspector', 'issuerOwner', 'cityOwner', 'admin'];
// Administrators administer and read; only the issuer's plan owners act on its plans.
const MANAGE: Who[] = ['issuerOwner'];

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: (ids: Ids) => string;
  body?: unknown;
  allowed: Who[];
}
interface Ids {
  assignment: string;
  plan: string;
  draft: string;
}

const V = { expectedVersion: 999 };
const ROUTES: Route[] = [
  { name: 'read an assignment', method: 'GET', path: (i) => `/assignments/${i.assignment}`, allowed: READ_ASSIGNMENT },
  { name: 'read its history', method: 'GET', path: (i) => `/assignments/${i.assignment}/history`, allowed: READ_ASSIGNMENT },
  { name: 'acknowledge', method: 'POST', path: (i) => `/assignments/${i.assignment}/acknowledge`, body: V, allowed: ACT },
  { name: 'submit', method: 'POST', path: (i) => `/assignments/${i.assignment}/submissions`, body: { text: 'x', ...V }, allowed: ACT },
  { name: 'request an extension', method: 'POST', path: (i) => `/assignments/${i.assignment}/extension-requests`, body: { requestedDue: addDays(vnDateOf(Date.now()), 60), reason: 'x', ...V }, allowed: ACT },
  { name: 'request coordination', method: 'POST', path: (i) => `/assignments/${i.assignment}/coordination-requests`, body: { unitIds: ['hp-th-lechan-1'], message: 'x', ...V }, allowed: ACT },
  { name: 'approve', method: 'POST', path: (i) => `/assignments/${i.assignment}/approve`, body: V, allowed: DECIDE },
  { name: 'return', method: 'POST', path: (i) => `/assignments/${i.assignment}/return`, body: { comment: 'x', ...V }, allowed: DECIDE },
  { name: 'decide an extension', method: 'POST', path: (i) => `/assignments/${i.assignment}/extension-requests/${randomUUID()}/decision`, body: { grant: true, ...V }, allowed: DECIDE },
  { name: 'comment', method: 'POST', path: (i) => `/assignments/${i.assignment}/comments`, body: { text: 'Ý kiến' }, allowed: [...ACT, ...DECIDE] },
  { name: 'read the plan', method: 'GET', path: (i) => `/plans/${i.plan}`, allowed: READ_PLAN },
  { name: 'read its progress', method: 'GET', path: (i) => `/plans/${i.plan}/progress`, allowed: READ_PLAN },
  { name: 'launch', method: 'POST', path: (i) => `/plans/${i.plan}/launch`, allowed: MANAGE },
  { name: 'amend', method: 'POST', path: (i) => `/plans/${i.plan}/amendments`, body: { reason: 'x', op: { type: 'cancel_task', taskId: randomUUID() } }, allowed: MANAGE },
  { name: 'close', method: 'POST', path: (i) => `/plans/${i.draft}/close`, body: { reason: 'x' }, allowed: MANAGE },
  {
    name: 'correct a draft',
    method: 'PUT',
    path: (i) => `/plans/${i.draft}`,
    body: { title: 'Kế hoạch nháp (sửa)', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'ongoing' } }] },
    allowed: MANAGE,
  },
  { name: 'read the plan history', method: 'GET', path: (i) => `/plans/${i.plan}/history`, allowed: ['inspector', 'issuerOwner', 'admin'] },
  { name: 'verify the audit chain', method: 'GET', path: () => '/audit/verify', allowed: ['inspector', 'admin'] },
  { name: 'list users', method: 'GET', path: () => '/users', allowed: ['admin'] },
  {
    name: 'draft a plan for the Sở',
    method: 'POST',
    path: () => '/plans',
    body: { title: 'Kế hoạch nháp', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: 'x', lead: [{ unitId: 'hp-sgddt-khtc' }], coordinators: [], timeframe: { kind: 'ongoing' } }] },
    allowed: MANAGE,
  },
];

describe('authorization table: route × role × unit relation', () => {
  let sys: ApiSystem;
  let ids: Ids;
  const tokens = {} as Record<Who, string>;

  beforeAll(async () => {
    sys = await startApiSystem();
    for (const w of ALL) tokens[w] = await sys.login(ACTORS[w]);
    const owner = tokens.issuerOwner;
    const spec = (title: string) => ({
      title,
      issuerUnitId: 'hp-sgddt',
      tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 30) } }],
    });
    const plan = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch A') })).body.id;
    const draft = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch nháp') })).body.id;
    expect((await sys.call('POST', `/plans/${plan}/launch`, { token: owner })).status).toBe(202);
    let assignment = '';
    await waitFor(async () => {
      assignment = (await sys.call('GET', '/inbox', { token: tokens.ownOfficer })).body.assignments.items[0]?.id;
      return !!assignment && (await sys.call('GET', `/plans/${plan}`, { token: owner })).body.status === 'active';
    }, { timeoutMs: 60_000 });
    ids = { assignment, plan, draft };
  });
  afterAll(async () => sys?.close());

  it('allows exactly the expected cells', async () => {
    const mismatches: string[] = [];
    for (const route of ROUTES) {
      for (const who of ALL) {
        const r = await sys.call(route.method, route.path(ids), { token: tokens[who], body: route.body });
        const passed = ![401, 403, 404].includes(r.status);
        const expected = route.allowed.includes(who);
        if (r.status >= 500) mismatches.push(`${route.name} × ${who}: ${r.status} ${JSON.stringify(r.body)}`);
        else if (passed !== expected) mismatches.push(`${route.name} × ${who}: expected ${expected ? 'allow' : 'deny'}, got ${r.status} ${r.body?.detail ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  // The same matrix, wider (drafts, the plan list, progress, attachments, histories), with each expectation computed
  // from the domain's permission rule (libs/domain, the one home of who may do what) applied to the resource as
  // stored, and the role each route requires. The API must agree with the rule in every cell.
  it('agrees with the domain permission rule on every route × role × unit relation', async () => {
    const index: OrgIndex = buildOrgIndex(await loadUnits(sys.engine.ds.manager));
    const users: { username: string; id: string; unit_id: string; roles: Role[] }[] = await sys.engine.ds.query('SELECT username, id, unit_id, roles FROM app_user WHERE username = ANY($1)', [Object.values(ACTORS)]);
    const actorOf = (who: Who): Actor => {
      const u = users.find((x) => x.username === ACTORS[who])!;
      return { userId: u.id, unitId: u.unit_id, roles: u.roles };
    };
    const admin = await sys.login('admin');
    const a = (await sys.call('GET', `/assignments/${ids.assignment}`, { token: admin })).body;
    const plan = (await sys.call('GET', `/plans/${ids.plan}`, { token: admin })).body;
    const [targets] = await sys.engine.ds.query('SELECT array_agg(DISTINCT tt.unit_id) AS ids FROM task t JOIN task_target tt ON tt.task_id = t.id WHERE t.plan_id = $1', [ids.plan]);
    const attachment = (await (async () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('Số liệu', 'utf8')], { type: 'text/plain' }), 'so-lieu.txt');
      const res = await fetch(`${sys.api.url}/assignments/${ids.assignment}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens.ownOfficer}`, 'idempotency-key': randomUUID() }, body: form });
      return res.json();
    })()) as { id: string };
    const asg: PermissionResource = { unitId: a.unitId, reviewerUnitId: a.reviewerUnitId, issuerUnitId: plan.issuerUnitId };
    const launched: PermissionResource = { issuerUnitId: plan.issuerUnitId, targetUnitIds: targets.ids ?? [] };
    const draft: PermissionResource = { issuerUnitId: plan.issuerUnitId, targetUnitIds: [], draft: true };
    const can = (who: Who, action: PermissionAction, r: PermissionResource) => authorize(index, actorOf(who), action, r).allow;
    const hasRole = (who: Who, ...roles: Role[]) => roles.some((r) => actorOf(who).roles.includes(r));
    const readA = (w: Who) => can(w, 'assignment.read', asg);
    const rule: { name: string; method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown; expect: (w: Who) => boolean; visibleIn?: (body: any) => boolean }[] = [
      { name: 'read an assignment', method: 'GET', path: `/assignments/${ids.assignment}`, expect: readA },
      { name: 'its history', method: 'GET', path: `/assignments/${ids.assignment}/history`, expect: readA },
      { name: 'download its attachment', method: 'GET', path: `/assignments/${ids.assignment}/attachments/${attachment.id}`, expect: readA },
      { name: 'acknowledge', method: 'POST', path: `/assignments/${ids.assignment}/acknowledge`, body: V, expect: (w) => readA(w) && can(w, 'assignment.act', asg) },
      { name: 'submit', method: 'POST', path: `/assignments/${ids.assignment}/submissions`, body: { text: 'x', ...V }, expect: (w) => readA(w) && can(w, 'assignment.act', asg) },
      { name: 'approve', method: 'POST', path: `/assignments/${ids.assignment}/approve`, body: V, expect: (w) => readA(w) && can(w, 'assignment.decide', asg) },
      { name: 'return', method: 'POST', path: `/assignments/${ids.assignment}/return`, body: { comment: 'x', ...V }, expect: (w) => readA(w) && can(w, 'assignment.decide', asg) },
      { name: 'comment', method: 'POST', path: `/assignments/${ids.assignment}/comments`, body: { text: 'Ý kiến' }, expect: (w) => readA(w) && (can(w, 'assignment.act', asg) || can(w, 'assignment.decide', asg)) },
      { name: 'read the launched plan', method: 'GET', path: `/plans/${ids.plan}`, expect: (w) => can(w, 'plan.read', launched) },
      { name: 'its progress', method: 'GET', path: `/plans/${ids.plan}/progress`, expect: (w) => can(w, 'plan.read', launched) },
      { name: 'its history (export)', method: 'GET', path: `/plans/${ids.plan}/history`, expect: (w) => can(w, 'plan.read', launched) && (can(w, 'audit.read', launched) || can(w, 'plan.manage', launched)) },
      { name: 'see it in the plan list', method: 'GET', path: '/plans?status=active&limit=200', expect: (w) => can(w, 'plan.read', launched), visibleIn: (b) => b.items.some((p: { id: string }) => p.id === ids.plan) },
      { name: 'read the draft', method: 'GET', path: `/plans/${ids.draft}`, expect: (w) => can(w, 'plan.read', draft) },
      { name: 'see the draft in the plan list', method: 'GET', path: '/plans?status=draft&limit=200', expect: (w) => can(w, 'plan.read', draft), visibleIn: (b) => b.items.some((p: { id: string }) => p.id === ids.draft) },
      { name: 'amend the plan', method: 'POST', path: `/plans/${ids.plan}/amendments`, body: { reason: 'x', op: { type: 'cancel_task', taskId: randomUUID() } }, expect: (w) => hasRole(w, 'plan_owner', 'admin') && can(w, 'plan.read', launched) && can(w, 'plan.manage', launched) },
      { name: 'close the draft', method: 'POST', path: `/plans/${ids.draft}/close`, body: { reason: 'x' }, expect: (w) => hasRole(w, 'plan_owner', 'admin') && can(w, 'plan.read', draft) && can(w, 'plan.manage', draft) },
      { name: 'verify the audit chain', method: 'GET', path: '/audit/verify', expect: (w) => hasRole(w, 'inspector', 'admin') },
      { name: 'list users', method: 'GET', path: '/users', expect: (w) => can(w, 'directory.manage', {}) },
    ];
    const mismatches: string[] = [];
    for (const route of rule) {
      for (const who of ALL) {
        const r = await sys.call(route.method, route.path, { token: tokens[who], body: route.body });
        const passed = route.visibleIn ? r.status === 200 && route.visibleIn(r.body) : ![401, 403, 404].includes(r.status);
        const expected = route.expect(who);
        if (r.status >= 500) mismatches.push(`${route.name} × ${who}: ${r.status} ${JSON.stringify(r.body)}`);
        else if (passed !== expected) mismatches.push(`${route.name} × ${who}: the rule says ${expected ? 'allow' : 'deny'}, the API answered ${r.status} ${r.body?.detail ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
    // The rule is not vacuous here: each route has callers on both sides.
    for (const route of rule.filter((x) => !['verify the audit chain', 'list users'].includes(x.name))) {
      const allowed = ALL.filter(route.expect);
      expect({ route: route.name, someAllowed: allowed.length > 0, someDenied: allowed.length < ALL.length }).toEqual({ route: route.name, someAllowed: true, someDenied: true });
    }
  });

  it('denies every documented route without a token, except the public ones', async () => {
    const doc = (await sys.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const PUBLIC = new Set(['GET /health/live', 'GET /health/ready', 'POST /auth/login']);
    const seen: string[] = [];
    for (const [p, methods] of Object.entries(doc.paths)) {
      for (const m of Object.keys(methods)) {
        const route = `${m.toUpperCase()} ${p}`;
        const path = p.replace(/\{[^}]+\}/g, () => randomUUID());
        const r = await sys.call(m.toUpperCase(), path, { body: m === 'post' ? {} : undefined, key: null });
        seen.push(route);
        if (PUBLIC.has(route)) expect(r.status).not.toBe(401);
        else if (r.status !== 401) throw new Error(`${route} answered ${r.status} without a token`);
      }
    }
    expect(seen.length).toBeGreaterThan(20);
  });
});

// Hostile and broken input over HTTP, on a running system (issue 13): each case was a 500, an accepted poison or an
// accepted forgery before. Every refusal is a 4xx problem details naming the field, and nothing changes.
import { createHash, randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { DEFAULT_JWT_SECRET } from '@khflow/config';
import { addDays, vnDateOf } from '@khflow/domain';
import { canonicalJson } from '@khflow/persistence';
import { startApi } from '../../apps/api/src/main';
import { signJwt } from '../../apps/api/src/auth/jwt.util';
import { waitFor } from '../support/test-env';
import { type ApiSystem, PASSWORD, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

const due = () => addDays(vnDateOf(Date.now()), 30);
const spec = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  issuerUnitId: 'hp-sgddt',
  tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: due() }, ...extra }],
});

/** A one-entry ZIP archive whose entry inflates to `size` bytes of spaces (a zip bomb when size is large). */
function bombDocx(size: number): Buffer {
  const name = Buffer.from('word/document.xml');
  const body = deflateRawSync(Buffer.alloc(size, 0x20), { level: 9 });
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + body.length, 16);
  return Buffer.concat([local, name, body, central, name, end]);
}

describe('hostile input', () => {
  let sys: ApiSystem;
  let owner: string;
  let officer: string;
  beforeAll(async () => {
    sys = await startApiSystem();
    owner = await sys.login('owner.hp-sgddt');
    officer = await sys.login('officer.hp-thcs-lechan-1');
  });
  afterAll(async () => sys?.close());

  const raw = async (method: string, path: string, init: { token?: string; body?: string | FormData | Uint8Array; type?: string; key?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.type) headers['content-type'] = init.type;
    if (method !== 'GET') headers['idempotency-key'] = init.key ?? randomUUID();
    const res = await fetch(`${sys.api.url}${path}`, { method, headers, body: init.body as never });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };

  describe('defect 8: bad input is a 4xx naming the field, never a 500', () => {
    const dashes = '-'.repeat(36);
    it.each<[string, () => Promise<{ status: number; body: any }>, number, string | null]>([
      ['an empty planId', () => sys.call('GET', '/dashboard?planId=', { token: officer }), 400, 'planId'],
      ['an empty planId in the inbox', () => sys.call('GET', '/inbox?planId=', { token: officer }), 400, 'planId'],
      ['a plan id of 36 dashes', () => sys.call('GET', `/plans/${dashes}`, { token: officer }), 404, null],
      ['an assignment id of 36 dashes', () => sys.call('GET', `/assignments/${dashes}`, { token: officer }), 404, null],
      ['a planId filter of 36 dashes', () => sys.call('GET', `/dashboard?planId=${dashes}`, { token: officer }), 400, 'planId'],
      ['a made-up dashboard cursor', () => sys.call('GET', '/dashboard?cursor=bm90LWEtY3Vyc29y', { token: officer }), 400, 'cursor'],
      ['a dashboard cursor that is not base64url', () => sys.call('GET', '/dashboard?cursor=a%2Bb%2Fc', { token: officer }), 400, 'cursor'],
      ['a dashboard page of 501 units', () => sys.call('GET', '/dashboard?limit=501', { token: officer }), 400, 'limit'],
      ['a dashboard page of no units', () => sys.call('GET', '/dashboard?limit=0', { token: officer }), 400, 'limit'],
      ['a damaged progress cursor', () => sys.call('GET', `/plans/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/progress?cursor=dTE6`, { token: officer }), 400, 'cursor'],
      ['a repeated query parameter', () => sys.call('GET', '/inbox?status=assigned&status=submitted', { token: officer }), 400, 'status'],
      ['a repeated paging parameter', () => sys.call('GET', '/plans?limit=1&limit=2', { token: officer }), 400, 'limit'],
      ['an impossible date', () => sys.call('GET', '/inbox?dueBefore=2026-13-45', { token: officer }), 400, 'dueBefore'],
      ['NUL in a query parameter', () => sys.call('GET', '/plans?q=a%00b', { token: officer }), 400, 'q'],
      ['NUL in the login username', () => sys.call('POST', '/auth/login', { body: { username: 'admin\u0000', password: PASSWORD } }), 400, 'username'],
      ['a field named toString', () => sys.call('POST', '/plans', { token: owner, body: { ...spec('Kế hoạch'), toString: 'x' } }), 400, 'toString'],
      ['a field named __proto__ in a task', () => raw('POST', '/plans', { token: owner, type: 'application/json', body: JSON.stringify(spec('Kế hoạch')).replace('"ref"', '"__proto__":{"x":1},"ref"') }), 400, 'tasks[0].__proto__'],
      ['NUL in a field name', () => sys.call('POST', '/plans', { token: owner, body: { ...spec('Kế hoạch'), 'ti\u0000tle': 'x' } }), 400, 'ti\\u0000tle'],
      ['deeply nested JSON', () => raw('POST', '/plans', { token: owner, type: 'application/json', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }), 400, null],
      ['broken JSON', () => raw('POST', '/plans', { token: owner, type: 'application/json', body: '{"title": ' }), 400, null],
    ])('%s', async (_name, send, status, field) => {
      const r = await send();
      expect({ status: r.status, type: typeof r.body }).toEqual({ status, type: 'object' });
      if (field) expect(r.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('a truncated multipart body', async () => {
      const boundary = 'khflowboundary';
      const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nKẾ HOẠCH`);
      const r = await raw('POST', '/plans/import', { token: owner, type: `multipart/form-data; boundary=${boundary}`, body: body });
      expect(r.status).toBe(400);
      expect(r.body.errors[0].field).toBe('file');
    });
  });

  describe('defect 2: text that would poison a workflow is refused at the edge', () => {
    const id = randomUUID();
    it.each<[string, string, unknown, string]>([
      ['NUL in a comment', `/assignments/${id}/comments`, { text: 'a\u0000b' }, 'text'],
      ['a lone surrogate in a submission', `/assignments/${id}/submissions`, { text: 'báo cáo \ud800' }, 'text'],
      ['a bidi override in a coordination message', `/assignments/${id}/coordination-requests`, { unitIds: ['hp-th-lechan-1'], message: 'xin \u202Eý kiến' }, 'message'],
      ['NUL in an extension reason', `/assignments/${id}/extension-requests`, { requestedDue: due(), reason: '\u0000' }, 'reason'],
      ['NUL in an amendment reason', `/plans/${id}/amendments`, { reason: 'x\u0000', op: { type: 'cancel_task', taskId: randomUUID() } }, 'reason'],
      ['a zero-width-only plan title', '/plans', spec('\u200B\u200C\u2060'), 'title'],
      ['a zero-width-only task title', '/plans', { ...spec('Kế hoạch'), tasks: [{ ...spec('x').tasks[0], title: '\uFEFF ' }] }, 'tasks[0].title'],
      ['a bidi override in a task title', '/plans', { ...spec('Kế hoạch'), tasks: [{ ...spec('x').tasks[0], title: 'Báo cáo \u202Efdp.exe' }] }, 'tasks[0].title'],
    ])('%s', async (_name, path, body, field) => {
      const r = await sys.call('POST', path, { token: path.startsWith('/plans') ? owner : officer, body });
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('defect 3: the client never chooses the id of a new task', () => {
    it('POST /plans with a task id, and amendments adding a task with an id, are refused', async () => {
      const victim = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch nạn nhân') })).body;
      const victimTask = victim.tasks[0].id;
      const r = await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch kẻ tấn công', { id: victimTask }) });
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain('tasks[0].id');
      const add = await sys.call('POST', `/plans/${victim.id}/amendments`, { token: owner, body: { reason: 'x', op: { type: 'add_task', task: { ...spec('x', { id: victimTask }).tasks[0] } } } });
      expect(add.status).toBe(400);
      expect(add.body.errors.map((e: { field: string }) => e.field)).toContain('op.task.id');
    });

    it('PUT /plans/{id} keeps only ids of its own tasks', async () => {
      const victim = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch nạn nhân') })).body;
      const mine = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch của tôi') })).body;
      const r = await sys.call('PUT', `/plans/${mine.id}`, { token: owner, body: spec('Kế hoạch của tôi', { id: victim.tasks[0].id }) });
      expect(r.status).toBe(422);
      expect(r.body.errors[0].field).toBe('tasks[0].id');
      const kept = await sys.call('PUT', `/plans/${mine.id}`, { token: owner, body: spec('Kế hoạch của tôi (sửa)', { id: mine.tasks[0].id }) });
      expect(kept.status).toBe(200);
      expect(kept.body.tasks.map((t: { id: string }) => t.id)).toEqual([mine.tasks[0].id]);
      expect((await sys.call('GET', `/plans/${victim.id}`, { token: owner })).body.tasks.map((t: { id: string }) => t.id)).toEqual([victim.tasks[0].id]);
    });
  });

  describe('defect 4: forged tokens and exposed demo credentials', () => {
    it('refuses to start beyond loopback with the default secret or with the demo users, unless a demo is meant', async () => {
      const base = { ...sys.engine.config, apiPort: 0, logLevel: 'error' as const };
      await expect(startApi({ ...base, apiHost: '0.0.0.0', jwtSecret: DEFAULT_JWT_SECRET })).rejects.toThrow(/JWT_SECRET: the public default secret is refused/);
      await expect(startApi({ ...base, apiHost: '127.0.0.1', nodeEnv: 'production', jwtSecret: 'p'.repeat(40) })).rejects.toThrow(/demo users .* are active/);
      const demo = await startApi({ ...base, apiHost: '0.0.0.0', jwtSecret: DEFAULT_JWT_SECRET, demoMode: true });
      await demo.close();
    });

    it('refuses a correctly signed token that claims a longer life than JWT_TTL_SECONDS', async () => {
      const [admin] = await sys.engine.ds.query("SELECT id FROM app_user WHERE username = 'admin'");
      const now = Math.floor(Date.now() / 1000);
      const forged = signJwt({ sub: admin.id, iat: now, exp: now + 10 * 365 * 86400 }, sys.engine.config.jwtSecret);
      expect((await sys.call('GET', '/users', { token: forged })).status).toBe(401);
      const fair = signJwt({ sub: admin.id, iat: now, exp: now + 60 }, sys.engine.config.jwtSecret);
      expect((await sys.call('GET', '/users', { token: fair })).status).toBe(200);
    });
  });

  describe('defect 5: throttling that clients cannot dodge, shared by replicas', () => {
    it('ignores X-Forwarded-For from an untrusted client, counts per username across replicas, and says when to retry', async () => {
      const base = { ...sys.engine.config, apiHost: '127.0.0.1', apiPort: 0, logLevel: 'error' as const, loginRateLimitPerMinute: 3 };
      const [a, b] = [await startApi(base), await startApi(base)];
      try {
        const attempt = (url: string, i: number, username = 'officer.hp-snv') =>
          fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` }, body: JSON.stringify({ username, password: `guess-${i}` }) });
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await attempt(i % 2 ? b.url : a.url, i)).status);
        expect(statuses).toEqual([401, 401, 401, 429]);
        const limited = await attempt(a.url, 9);
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        // Spraying: one address over many usernames, each tried once, is throttled too (at most 5 × the limit per
        // minute from one address, whatever the usernames; this file's other logins count in that window too).
        const sprayed: number[] = [];
        for (let i = 0; i < 16 && !sprayed.includes(429); i++) sprayed.push((await attempt(i % 2 ? b.url : a.url, i, `nobody-${i}-${randomUUID()}`)).status);
        expect(sprayed[sprayed.length - 1]).toBe(429);
        expect(sprayed.slice(0, -1).every((s) => s === 401)).toBe(true);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('records the connection address in the audit, not a forged one', async () => {
      const r = await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch có địa chỉ'), headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect(r.status).toBe(201);
      const [entry] = await sys.engine.ds.query('SELECT actor_ip FROM audit_log WHERE plan_id = $1 ORDER BY seq LIMIT 1', [r.body.id]);
      expect(entry.actor_ip).not.toBe('198.51.100.7');
    });
  });

  describe('defect 7 (the API part): a dependency down is a quick 503 naming it, with Retry-After', () => {
    it('answers readiness and actions with 503 while Temporal does not answer', async () => {
      // An API whose Temporal address answers nothing (a closed port), on the live database.
      const cut = await startApi({ ...sys.engine.config, apiHost: '127.0.0.1', apiPort: 0, logLevel: 'error', temporalAddress: '127.0.0.1:9' });
      try {
        const ready = await fetch(`${cut.url}/health/ready`);
        const body = (await ready.json()) as any;
        expect(ready.status).toBe(503);
        expect(Number(ready.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(body).toMatchObject({ status: 503, failing: ['temporal'], checks: { postgres: 'up' } });
        const login = await fetch(`${cut.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'owner.hp-sgddt', password: PASSWORD }) });
        const token = ((await login.json()) as any).accessToken;
        const draft = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch khi Temporal ngừng') })).body;
        const launch = await fetch(`${cut.url}/plans/${draft.id}/launch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() } });
        expect(launch.status).toBe(503);
        expect(((await launch.json()) as any).dependency).toBe('temporal');
        expect(Number(launch.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await cut.close();
      }
    });
  });

  describe('defect 9: scope', () => {
    it('shows a draft only to its owner unit and inspectors of its scope; admins do not act on plans', async () => {
      const draft = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch nháp bí mật') })).body;
      const named = await sys.login('officer.hp-thcs-lechan-1');
      const inspector = await sys.login('inspector.hp-sgddt-thanhtra');
      const admin = await sys.login('admin');
      expect((await sys.call('GET', `/plans/${draft.id}`, { token: named })).status).toBe(403);
      expect((await sys.call('GET', '/plans?status=draft', { token: named })).body.items.map((p: { id: string }) => p.id)).not.toContain(draft.id);
      expect((await sys.call('GET', `/plans/${draft.id}`, { token: inspector })).status).toBe(200);
      expect((await sys.call('GET', `/plans/${draft.id}`, { token: admin })).status).toBe(200);
      expect((await sys.call('POST', '/plans', { token: admin, body: spec('Kế hoạch của quản trị') })).status).toBe(403);
      expect((await sys.call('POST', `/plans/${draft.id}/launch`, { token: admin })).status).toBe(403);
    });

    it('a launched plan: units outside it and outside its chain do not read it; coordination goes to units the task names; Temporal links for admins', async () => {
      const plan = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch phạm vi', { coordinators: [{ unitId: 'hp-th-lechan-1' }] }) })).body;
      expect((await sys.call('POST', `/plans/${plan.id}/launch`, { token: owner })).status).toBe(202);
      let assignment = '';
      await waitFor(async () => {
        const items = (await sys.call('GET', `/inbox?planId=${plan.id}`, { token: officer })).body.assignments.items;
        assignment = items[0]?.id;
        return !!assignment;
      }, { timeoutMs: 60_000 });
      const outsider = await sys.login('officer.hp-thcs-ngoquyen-1');
      expect((await sys.call('GET', `/plans/${plan.id}`, { token: outsider })).status).toBe(403);
      expect((await sys.call('GET', `/plans/${plan.id}/progress`, { token: outsider })).status).toBe(403);
      expect((await sys.call('GET', `/plans/${plan.id}`, { token: await sys.login('officer.hp-pgd-lechan') })).status).toBe(200);
      const far = await sys.call('POST', `/assignments/${assignment}/coordination-requests`, { token: officer, body: { unitIds: ['hp-ubnd'], message: 'Đề nghị phối hợp' } });
      expect(far.status).toBe(422);
      expect(far.body.errors[0].field).toBe('unitIds');
      const near = await sys.call('POST', `/assignments/${assignment}/coordination-requests`, { token: officer, body: { unitIds: ['hp-th-lechan-1'], message: 'Đề nghị phối hợp' } });
      expect(near.status).toBe(200);
      expect((await sys.call('GET', `/assignments/${assignment}`, { token: officer })).body.temporalUrl).toBeNull();
      expect((await sys.call('GET', `/assignments/${assignment}`, { token: await sys.login('admin') })).body.temporalUrl).toMatch(/^http/);
    });
  });

  describe('defect 10 and defect 1: idempotency after a crash, expiry, empty and exploding imports', () => {
    it('takes over a key whose API process died, without waiting minutes', async () => {
      const key = randomUUID();
      const body = spec('Kế hoạch sau sự cố');
      const [u] = await sys.engine.ds.query("SELECT id FROM app_user WHERE username = 'owner.hp-sgddt'");
      // What a process that died mid-request leaves behind: a claimed key, no answer, no renewed lease.
      await sys.engine.ds.query(`INSERT INTO idempotency_record (user_id, key, method, path, body_hash, created_at) VALUES ($1, $2, 'POST', '/plans', $3, now() - interval '20 seconds')`, [
        u.id,
        key,
        createHash('sha256').update(canonicalJson(body)).digest('hex'),
      ]);
      const r = await sys.call('POST', '/plans', { token: owner, body, key });
      expect(r.status).toBe(201);
    });

    it('forgets answers after their retention', async () => {
      const [u] = await sys.engine.ds.query("SELECT id FROM app_user WHERE username = 'owner.hp-sgddt'");
      const key = randomUUID();
      await sys.engine.ds.query(`INSERT INTO idempotency_record (user_id, key, method, path, body_hash, status_code, response, created_at) VALUES ($1, $2, 'POST', '/plans', 'x', 201, '{}', now() - interval '2 days')`, [u.id, key]);
      const other = await startApi({ ...sys.engine.config, apiHost: '127.0.0.1', apiPort: 0, logLevel: 'error' });
      try {
        await waitFor(async () => (await sys.engine.ds.query('SELECT 1 FROM idempotency_record WHERE key = $1', [key])).length === 0, { timeoutMs: 10_000 });
      } finally {
        await other.close();
      }
    });

    const upload = async (name: string, content: Buffer, type: string) => {
      const form = new FormData();
      form.append('file', new Blob([content], { type }), name);
      return raw('POST', '/plans/import', { token: owner, body: form });
    };

    it('refuses an empty document instead of drafting an empty plan', async () => {
      const r = await upload('rong.txt', Buffer.alloc(0), 'text/plain');
      expect(r.status).toBe(422);
      expect(r.body.errors[0].field).toBe('file');
      const blank = await upload('trang.txt', Buffer.from('   \n\n  '), 'text/plain');
      expect(blank.status).toBe(422);
    });

    it('refuses a zip bomb with 413 and keeps serving', async () => {
      const bomb = bombDocx(200 * 1024 * 1024);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const r = await upload('ke-hoach.docx', bomb, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(r.status).toBe(413);
      expect(r.body.errors[0].field).toBe('file');
      expect((await fetch(`${sys.api.url}/health/live`)).status).toBe(200);
    });
  });
});

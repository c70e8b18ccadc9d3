// Idempotency keys over HTTP: the same key and body returns the first answer and applies the action once; the same
// key with another body is 422; an action without a key is 400 naming the header.
import { createHash } from 'node:crypto';
import { addDays, vnDateOf } from '@khflow/domain';
import { canonicalJson } from '@khflow/persistence';
import { waitFor } from '../support/test-env';
import { type ApiSystem, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

describe('idempotent actions', () => {
  let sys: ApiSystem;
  let assignmentId: string;
  let officer: string;

  beforeAll(async () => {
    sys = await startApiSystem();
    const owner = await sys.login('owner.hp-sgddt');
    officer = await sys.login('officer.hp-sgddt-gdtxdh');
    const plan = await sys.call('POST', '/plans', {
      token: owner,
      key: 'draft-1',
      body: { title: 'Kế hoạch thử nghiệm', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: 'Rà soát', lead: [{ unitId: 'hp-sgddt-gdtxdh' }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 10) } }] },
    });
    // The same draft sent again with its key is the same plan, not a second one.
    const replay = await sys.call('POST', '/plans', {
      token: owner,
      key: 'draft-1',
      body: { title: 'Kế hoạch thử nghiệm', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: 'Rà soát', lead: [{ unitId: 'hp-sgddt-gdtxdh' }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 10) } }] },
    });
    expect(replay).toMatchObject({ status: 201, body: { id: plan.body.id } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await sys.call('GET', '/plans', { token: owner })).body.total).toBe(1);
    await sys.call('POST', `/plans/${plan.body.id}/launch`, { token: owner });
    await waitFor(async () => {
      assignmentId = (await sys.call('GET', '/inbox', { token: officer })).body.assignments.items[0]?.id;
      return !!assignmentId;
    }, { timeoutMs: 60_000 });
  });
  afterAll(async () => sys?.close());

  it('applies a submission sent twice with one key once, and answers both the same', async () => {
    const body = { text: 'Báo cáo kết quả rà soát' };
    const first = await sys.call('POST', `/assignments/${assignmentId}/submissions`, { token: officer, body, key: 'submit-1' });
    const second = await sys.call('POST', `/assignments/${assignmentId}/submissions`, { token: officer, body, key: 'submit-1' });
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 200, body: first.body });
    const detail = await sys.call('GET', `/assignments/${assignmentId}`, { token: officer });
    expect(detail.body.submissions).toHaveLength(1);
    const history = await sys.call('GET', `/assignments/${assignmentId}/history`, { token: officer });
    expect(history.body.entries.filter((e: { action: string }) => e.action === 'assignment.submitted')).toHaveLength(1);
  });

  it('refuses a key reused with another body (422) and an action without a key (400)', async () => {
    const reused = await sys.call('POST', `/assignments/${assignmentId}/submissions`, { token: officer, body: { text: 'Một nội dung khác' }, key: 'submit-1' });
    expect(reused.status).toBe(422);
    expect(reused.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'was already used with a different request' }]);
    const missing = await sys.call('POST', `/assignments/${assignmentId}/comments`, { token: officer, body: { text: 'x' }, key: null });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'is required' }]);
  });

  it('records a comment sent twice with one key once', async () => {
    for (let i = 0; i < 2; i++) expect((await sys.call('POST', `/assignments/${assignmentId}/comments`, { token: officer, body: { text: 'Đã bổ sung phụ lục' }, key: 'comment-1' })).status).toBe(202);
    await waitFor(async () => (await sys.call('GET', `/assignments/${assignmentId}`, { token: officer })).body.comments.length >= 1, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await sys.call('GET', `/assignments/${assignmentId}`, { token: officer })).body.comments).toHaveLength(1);
  });

  it('answers 409 while a request with the key is in flight, and takes over one abandoned by a crashed API', async () => {
    const body = { text: 'Bình luận sau sự cố' };
    const path = `/assignments/${assignmentId}/comments`;
    const hash = createHash('sha256').update(canonicalJson(body)).digest('hex');
    // What a request in progress leaves: a claimed key and a lease its API process keeps renewing; a process that
    // died stops renewing, and a retry takes the key over as soon as the lease has run out.
    const placeholder = (key: string, lease: string) =>
      sys.engine.ds.query(`INSERT INTO idempotency_record (user_id, key, method, path, body_hash, lease_until) VALUES ('u-officer.hp-sgddt-gdtxdh', $1, 'POST', $2, $3, now() + $4::interval)`, [key, path, hash, lease]);
    await placeholder('in-flight-1', '10 seconds');
    const inFlight = await sys.call('POST', path, { token: officer, body, key: 'in-flight-1' });
    expect(inFlight.status).toBe(409);
    expect(Number(inFlight.headers.get('retry-after'))).toBeGreaterThan(0);
    await placeholder('abandoned-1', '-1 second');
    expect((await sys.call('POST', path, { token: officer, body, key: 'abandoned-1' })).status).toBe(202);
    expect((await sys.call('POST', path, { token: officer, body, key: 'abandoned-1' })).headers.get('idempotent-replayed')).toBe('true');
  });
});

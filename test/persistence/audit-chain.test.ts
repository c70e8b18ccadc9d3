// The hash-chained audit log under concurrency, on the real PostgreSQL: many events recorded at once each land once,
// with their read-model writes, in one gap-free chain that verifies; the same event recorded twice at once lands once.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, verifyAuditChain, withAuditEntry } from '@khflow/persistence';
import { createTestDatabase } from '../support/test-env';

describe('audit chain', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { poolSize: 20 }).initialize();
    await ds.query('CREATE TABLE effect (event_key text NOT NULL)');
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const record = (eventKey: string) =>
    ds.transaction((m) =>
      withAuditEntry(m, { eventKey, occurredAt: new Date(), actor: { userId: 'u-test', unitId: 'hp-sgddt' }, action: 'test.event', entityType: 'test', entityId: eventKey, details: { n: eventKey } }, async () => {
        await m.query('INSERT INTO effect (event_key) VALUES ($1)', [eventKey]);
      }),
    );

  it('records 200 concurrent events once each in one chain that verifies', async () => {
    const keys = Array.from({ length: 200 }, () => `ev-${randomUUID()}`);
    const results = await Promise.all(keys.map(record));
    expect(results.every(Boolean)).toBe(true);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM effect');
    expect(n).toBe(200);
    const v = await verifyAuditChain(ds);
    expect(v).toMatchObject({ ok: true, checked: 200 });
  });

  it('applies the same event sent five times at once exactly once', async () => {
    const key = `ev-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => record(key)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM effect WHERE event_key = $1', [key]);
    expect(n).toBe(1);
    expect((await verifyAuditChain(ds)).ok).toBe(true);
  });
});

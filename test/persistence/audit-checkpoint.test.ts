// Incremental verification of the audit chain from checkpoints, on the real PostgreSQL: it recomputes only the entries
// after the newest checkpoint; an entry altered before a checkpoint is found by the full verification; an altered
// checkpointed entry, or a chain recomputed consistently after a checkpoint, is found by both.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { AUDIT_COLUMNS, AuditCheckpointRepository, auditEntryOfRow, auditHash, createDataSource, withAuditEntry } from '@khflow/persistence';
import { createTestDatabase } from '../support/test-env';

describe('audit checkpoints', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let checkpoints: AuditCheckpointRepository;
  let n = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { poolSize: 4 }).initialize();
    checkpoints = new AuditCheckpointRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const record = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const key = `ev-${++n}`;
      await ds.transaction((m) => withAuditEntry(m, { eventKey: key, occurredAt: new Date(), actor: { userId: 'u-test', unitId: null as never }, action: 'test.event', entityType: 'test', entityId: key, details: { n } }, async () => undefined));
    }
  };
  /** Behind the application's back: the superuser trick that bypasses the append-only triggers. */
  const tamper = async (sqls: [string, unknown[]][]) => {
    const pg = new PgClient({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query('BEGIN');
      await pg.query('SET LOCAL session_replication_role = replica');
      for (const [sql, params] of sqls) await pg.query(sql, params);
      await pg.query('COMMIT');
    } finally {
      await pg.end();
    }
  };

  it('verifies only what was appended since the newest checkpoint', async () => {
    await record(300);
    expect(await checkpoints.verify('incremental')).toMatchObject({ ok: true, mode: 'incremental', fromSeq: null, checked: 300, lastSeq: '300' });
    await record(100);
    expect(await checkpoints.verify('incremental')).toMatchObject({ ok: true, fromSeq: '300', checked: 100, lastSeq: '400' });
    expect(await checkpoints.verify('incremental')).toMatchObject({ ok: true, fromSeq: '400', checked: 0, lastSeq: '400' });
    expect(await checkpoints.verify('full')).toMatchObject({ ok: true, mode: 'full', fromSeq: null, checked: 400, lastSeq: '400' });
    // Checkpoints are append-only like the chain.
    await expect(ds.query(`UPDATE audit_checkpoint SET hash = 'x'`)).rejects.toThrow(/append-only/);
  });

  it('leaves an entry altered before the checkpoint to the full verification (API and CLI), which finds it', async () => {
    await tamper([[`UPDATE audit_log SET details = '{"n":-1}' WHERE seq = 50`, []]]);
    await record(10);
    // Incremental: entries 401–410 chain from the checkpoint at 400, which still holds.
    expect(await checkpoints.verify('incremental')).toMatchObject({ ok: true, fromSeq: '400', checked: 10 });
    expect(await checkpoints.verify('full')).toMatchObject({ ok: false, mode: 'full', brokenAt: { seq: '50', reason: 'hash_mismatch' } });
    // The same from the command line (`npm run audit:verify -- --full`): exit 1 and the break as JSON.
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/verify-audit.ts', ...args], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, DATABASE_URL: db.url, TS_NODE_TRANSPILE_ONLY: 'true' },
        encoding: 'utf8',
      });
    const full = cli(['--full']);
    expect({ status: full.status, out: JSON.parse(full.stdout) }).toMatchObject({ status: 1, out: { ok: false, mode: 'full', brokenAt: { seq: '50' } } });
    const incremental = cli([]);
    expect({ status: incremental.status, out: JSON.parse(incremental.stdout) }).toMatchObject({ status: 0, out: { ok: true, mode: 'incremental' } });
    await tamper([[`UPDATE audit_log SET details = '{"n":50}' WHERE seq = 50`, []]]);
    expect(await checkpoints.verify('full')).toMatchObject({ ok: true, checked: 410 });
  });

  it('finds an altered checkpointed entry, and a chain recomputed consistently after a checkpoint', async () => {
    const cp = (await checkpoints.latest())!;
    await tamper([[`UPDATE audit_log SET actor_id = 'u-forger' WHERE seq = $1`, [cp.seq]]]);
    expect(await checkpoints.verify('incremental')).toMatchObject({ ok: false, brokenAt: { seq: cp.seq, reason: 'checkpoint_mismatch' } });
    expect(await checkpoints.verify('full')).toMatchObject({ ok: false, brokenAt: { seq: cp.seq, reason: 'hash_mismatch' } });

    // The forger recomputes every hash from entry 350 on, so the chain alone looks intact.
    const rows = (await ds.query(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq >= 349 ORDER BY seq`)).map(auditEntryOfRow);
    const updates: [string, unknown[]][] = [[`UPDATE audit_log SET details = '{"n":"forged"}' WHERE seq = 350`, []]];
    let prev = rows[0].hash;
    for (const r of rows.slice(1)) {
      const { prevHash: _p, hash: _h, ...fields } = r;
      const hash = auditHash(prev, { ...fields, actorId: r.seq === cp.seq ? 'u-forger' : fields.actorId, details: r.seq === '350' ? { n: 'forged' } : fields.details });
      updates.push([`UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3`, [prev, hash, r.seq]]);
      prev = hash;
    }
    await tamper(updates);
    expect(await checkpoints.verify('full')).toMatchObject({ ok: false, brokenAt: { seq: '400', reason: 'checkpoint_mismatch' } });
    expect(await checkpoints.verify('incremental')).toMatchObject({ ok: false, brokenAt: { seq: cp.seq, reason: 'checkpoint_mismatch' } });
  });
});

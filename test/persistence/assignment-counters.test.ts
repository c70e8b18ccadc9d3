// The counters behind the dashboard, plan progress and inbox counts stay exact through every kind of write to the
// assignment rows (inserts, upserts, state changes, due-date changes, reorganisation moves, deletes, many rows in one
// statement, concurrent transactions), and the statuses read from them agree with a full recount at instants before,
// on and after the due dates (overdue is judged at read time).
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor, TaskSpec } from '@khflow/contracts';
import { createDataSource, insertDraftPlan, upsertUnits } from '@khflow/persistence';
import { createTestDatabase } from '../support/test-env';
import { counterMismatches, statusesAt } from '../support/counters-recount';

const owner: Actor = { userId: 'u-owner', unitId: 'c-sgd', roles: ['plan_owner'] };
const task = (ref: string): TaskSpec => ({ ref, title: `Nhiệm vụ ${ref}`, lead: [{ unitId: 'c-s1' }], coordinators: [], timeframe: { kind: 'once', due: '2026-06-15' } });
const NOWS = ['2026-06-10T09:00:00+07:00', '2026-06-15T23:59:59.999+07:00', '2026-06-16T00:00:00+07:00', '2026-07-01T12:00:00+07:00'].map((d) => Date.parse(d));

describe('assignment counters (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let plans: { planId: string; taskIds: string[] }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { poolSize: 8 }).initialize();
    await ds.transaction(async (m) => {
      await upsertUnits(m, [
        { id: 'c-sgd', name: 'Sở', kind: 'department', parentId: null, reportsToId: null, aliases: [] },
        ...[1, 2, 3, 4].map((i) => ({ id: `c-s${i}`, name: `Trường ${i}`, kind: 'school_thpt' as const, parentId: 'c-sgd', reportsToId: 'c-sgd', aliases: [] })),
      ]);
      plans = [
        await insertDraftPlan(m, { title: 'Kế hoạch A', issuerUnitId: 'c-sgd', tasks: [task('1'), task('2')] }, owner),
        await insertDraftPlan(m, { title: 'Kế hoạch B', issuerUnitId: 'c-sgd', tasks: [task('1')] }, owner),
      ];
    });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const insert = (rows: { plan: number; task: number; unit: string; kind?: string; state?: string; due?: string | null; submittedAt?: string | null }[]) =>
    ds.query(
      `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, reviewer_unit_id, title, state, due, submitted_at)
       SELECT id, 'wf-' || id, plan_id, task_id, 'once', unit_id, kind, 'c-sgd', 'T', state, due, submitted_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::date[], $8::timestamptz[])
              AS x(id, plan_id, task_id, unit_id, kind, state, due, submitted_at)
       RETURNING id`,
      [
        rows.map(() => randomUUID()),
        rows.map((r) => plans[r.plan].planId),
        rows.map((r) => plans[r.plan].taskIds[r.task]),
        rows.map((r) => r.unit),
        rows.map((r) => r.kind ?? 'lead'),
        rows.map((r) => r.state ?? 'assigned'),
        rows.map((r) => (r.due === undefined ? '2026-06-15' : r.due)),
        rows.map((r) => r.submittedAt ?? null),
      ],
    ) as Promise<{ id: string }[]>;

  it('agree with a full recount after every kind of write, at instants around the due dates', async () => {
    const check = async (step: string) => expect({ step, mismatches: await counterMismatches(ds, NOWS) }).toEqual({ step, mismatches: [] });
    await check('empty');

    // Many rows in one statement, every state, with and without a due date, some coordination.
    const states = ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned', 'approved', 'cancelled'];
    const rows = await insert(
      states.flatMap((state, i) => [
        { plan: 0, task: i % 2, unit: `c-s${(i % 4) + 1}`, state, submittedAt: state === 'submitted' || state === 'approved' ? '2026-06-14T10:00:00+07:00' : null },
        { plan: 0, task: 1, unit: `c-s${((i + 1) % 4) + 1}`, state, submittedAt: state === 'submitted' || state === 'approved' ? '2026-06-16T08:00:00+07:00' : null },
        { plan: 1, task: 0, unit: 'c-s1', state, due: null },
        { plan: 1, task: 0, unit: 'c-s2', kind: 'coordination', state, due: '2026-06-12' },
        { plan: 1, task: 0, unit: 'c-sgd', kind: 'consolidation', state, due: '2026-06-20' },
      ]),
    );
    await check('bulk insert');

    const [a, b, c, d] = rows.map((r) => r.id);
    // A lifecycle, one statement at a time (as the projections write it).
    for (const set of [`state = 'acknowledged'`, `state = 'in_progress'`, `state = 'submitted', submitted_at = '2026-06-16T01:00:00+07:00'`, `state = 'returned'`, `state = 'submitted', submitted_at = '2026-06-15T20:00:00+07:00'`, `state = 'approved'`]) {
      await ds.query(`UPDATE assignment SET ${set}, version = version + 1 WHERE id = $1`, [a]);
    }
    await check('lifecycle');
    // An update that changes no key column, an extension (due moves), a reorganisation move (unit changes), closing
    // as not reported, and a row removed.
    await ds.query(`UPDATE assignment SET version = version + 1, updated_at = now()`);
    await ds.query(`UPDATE assignment SET due = '2026-06-30' WHERE id = $1`, [b]);
    await ds.query(`UPDATE assignment SET unit_id = 'c-s4' WHERE unit_id = 'c-s3'`);
    await ds.query(`UPDATE assignment SET state = 'cancelled', not_reported = true WHERE id = $1`, [c]);
    await ds.query(`DELETE FROM assignment WHERE id = $1`, [d]);
    await check('moves, extension, close, delete');

    // An upsert that inserts one row and updates another in the same statement (both triggers fire).
    const fresh = randomUUID();
    await ds.query(
      `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, reviewer_unit_id, title, state, due)
       VALUES ($1::uuid, 'wf-' || $1::text, $3, $4, 'once', 'c-s2', 'lead', 'c-sgd', 'T', 'assigned', '2026-06-15'),
              ($2, 'wf-x', $3, $4, 'once', 'c-s2', 'lead', 'c-sgd', 'T', 'assigned', '2026-06-15')
       ON CONFLICT (id) DO UPDATE SET state = 'in_progress', due = '2026-06-09'`,
      [fresh, b, plans[0].planId, plans[0].taskIds[0]],
    );
    await check('upsert');

    expect(await statusesAt(ds, NOWS[3])).toEqual(['cancelled', 'done_late', 'done_on_time', 'in_progress_on_time', 'not_reported_at_close', 'overdue', 'returned']);
  });

  // A projection transaction changes at most one assignment's key (one statement: the trigger upserts its counter
  // rows in key order); reorganisations and closings change many rows in one statement. Two statements that both
  // change keys in one transaction could deadlock with another such transaction; PostgreSQL then aborts one
  // (40P01), which the activities retry (isPermanentDataError: only classes 22 and 23 are final).
  it('stay exact under concurrent transactions on the same counter rows (no lost update, no deadlock)', async () => {
    const rows = await insert(Array.from({ length: 64 }, (_, i) => ({ plan: 0, task: 0, unit: `c-s${(i % 4) + 1}` })));
    const steps = [`state = 'acknowledged'`, `state = 'submitted', submitted_at = now()`, `state = 'approved'`];
    const units = ['c-s1', 'c-s2', 'c-s3', 'c-s4'];
    await Promise.all([
      ...rows.map(async ({ id }) => {
        for (const set of steps) {
          await ds.transaction(async (m) => {
            await m.query(`UPDATE assignment SET ${set}, version = version + 1 WHERE id = $1`, [id]);
            // The parent's consolidation bookkeeping: no key changes, no counter touched.
            await m.query(`UPDATE assignment SET updated_at = now() WHERE plan_id = $1 AND kind = 'consolidation' AND unit_id = 'c-sgd' AND due = '2026-06-20' AND state = 'assigned'`, [plans[1].planId]);
          });
        }
      }),
      // Meanwhile whole units change due dates in one statement each (an amendment), on the same counter rows.
      ...units.map((u, i) => ds.query(`UPDATE assignment SET due = due + ${i + 1} WHERE unit_id = $1 AND plan_id = $2 AND id = ANY($3)`, [u, plans[0].planId, rows.map((r) => r.id)])),
    ]);
    expect(await counterMismatches(ds, NOWS)).toEqual([]);
  });
});

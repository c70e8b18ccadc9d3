// The counters behind the dashboard, plan progress and inbox counts stay exact through every kind of write to the
// assignment rows (inserts, upserts, state changes, due-date changes, reorganisation moves, deletes, many rows in one
// statement, concurrent transactions) and to the org tree (units moving to other parents, new units taking over
// subtrees, reporting links apart from parents, a cycle), and the statuses read from them agree with a full recount
// at instants before, on and after the due dates (overdue is judged at read time).
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor, DirectoryUnit, TaskSpec } from '@khflow/contracts';
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

  // Random sequences (seeded: a failure names its seed and step) of the writes the system makes — projections
  // inserting and moving assignments through their states, reorganisations reassigning them to other units, the
  // directory moving units (upsertUnits: versions, then org_unit's current columns in one statement) — checked
  // against the recount after every batch; one batch runs moves while projection transactions are in flight.
  it('roll-ups along the tree agree with a full recount through random writes, reassignments and unit moves', async () => {
    const seed = 20261203;
    let x = seed;
    const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 1 | x) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
    const unit = (id: string, up: string, reportsTo: string | null = up): DirectoryUnit => ({ id, name: id, kind: id.includes('-d') ? 'district_office' : 'school_thcs', parentId: up, reportsToId: reportsTo, aliases: [] });
    // The Sở, districts under it, schools under the districts (and the four flat schools of the test above).
    const tree = new Map<string, DirectoryUnit>();
    for (const d of ['r-d1', 'r-d2']) tree.set(d, unit(d, 'c-sgd'));
    for (let i = 1; i <= 6; i++) tree.set(`r-s${i}`, unit(`r-s${i}`, i <= 3 ? 'r-d1' : 'r-d2'));
    await ds.transaction((m) => upsertUnits(m, [...tree.values()]));
    const holders = () => [...tree.keys(), 'c-s1', 'c-s2', 'c-sgd'];
    const states = ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned', 'approved', 'cancelled'];
    const dues = ['2026-06-09', '2026-06-15', '2026-06-20', null];
    const ids: string[] = [];
    const moveUnits = async (n: number) => {
      // Schools to another district (parent and reporting link, or the reporting link alone), districts under
      // another district or back under the Sở, now and then a new district taking some schools over.
      const moved: DirectoryUnit[] = [];
      for (let i = 0; i < n; i++) {
        const districts = [...tree.values()].filter((u) => u.kind === 'district_office').map((u) => u.id);
        const r = rnd();
        if (r < 0.15) {
          const d = `r-d${tree.size + 1}`;
          tree.set(d, unit(d, pick(['c-sgd', ...districts])));
          moved.push(tree.get(d)!);
          for (const s of [...tree.values()].filter((u) => u.kind !== 'district_office' && rnd() < 0.3)) moved.push(tree.set(s.id, unit(s.id, d)).get(s.id)!);
        } else if (r < 0.4) {
          const d = pick(districts);
          const up = pick(['c-sgd', ...districts.filter((o) => o !== d)]);
          moved.push(tree.set(d, unit(d, up)).get(d)!);
        } else {
          const s = pick([...tree.values()].filter((u) => u.kind !== 'district_office'));
          moved.push(tree.set(s.id, rnd() < 0.5 ? unit(s.id, pick(districts)) : unit(s.id, s.parentId!, pick(districts))).get(s.id)!);
        }
      }
      // One version per unit: each moved unit as the tree now has it.
      await ds.transaction((m) => upsertUnits(m, [...new Set(moved.map((u) => u.id))].map((id) => tree.get(id)!)));
    };
    const writes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = rnd();
        if (r < 0.3 || ids.length < 5) {
          const rows = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
            const state = pick(states);
            return { plan: pick([0, 1]), task: 0, unit: pick(holders()), kind: pick(['lead', 'lead', 'consolidation', 'coordination']), state, due: pick(dues), submittedAt: state === 'submitted' || state === 'approved' ? pick(['2026-06-14T10:00:00+07:00', '2026-06-21T10:00:00+07:00']) : null };
          });
          ids.push(...(await insert(rows)).map((row) => row.id));
        } else if (r < 0.6) {
          await ds.query(`UPDATE assignment SET state = $2, submitted_at = CASE WHEN $2 IN ('submitted','approved') THEN coalesce(submitted_at, now()) END, version = version + 1 WHERE id = $1`, [pick(ids), pick(states)]);
        } else if (r < 0.8) {
          // A reorganisation's reassignment: several rows to one unit in one statement.
          await ds.query(`UPDATE assignment SET unit_id = $2 WHERE id = ANY($1)`, [[pick(ids), pick(ids), pick(ids)], pick(holders())]);
        } else if (r < 0.9) {
          await ds.query(`UPDATE assignment SET due = $2 WHERE id = $1`, [pick(ids), pick(dues)]);
        } else {
          const gone = ids.splice(Math.floor(rnd() * ids.length), 1);
          await ds.query(`DELETE FROM assignment WHERE id = ANY($1)`, [gone]);
        }
      }
    };
    const check = async (step: string) => expect({ seed, step, mismatches: await counterMismatches(ds, [NOWS[0], NOWS[3]]) }).toEqual({ seed, step, mismatches: [] });
    await writes(40);
    for (let batch = 0; batch < 8; batch++) {
      await writes(12);
      await moveUnits(2 + Math.floor(rnd() * 3));
      await writes(4);
      await check(`batch ${batch}`);
    }
    // A cycle (two districts reporting to each other) and its repair: chains are cut where they meet themselves.
    const [d1, d2] = ['r-d1', 'r-d2'];
    await ds.transaction((m) => upsertUnits(m, [tree.set(d1, unit(d1, 'c-sgd', d2)).get(d1)!, tree.set(d2, unit(d2, 'c-sgd', d1)).get(d2)!]));
    await writes(6);
    await check('cycle');
    await ds.transaction((m) => upsertUnits(m, [tree.set(d1, unit(d1, 'c-sgd')).get(d1)!, tree.set(d2, unit(d2, d1)).get(d2)!]));
    await check('cycle repaired');
    // Moves while projections commit: each move waits for the transactions in flight and holds new ones back.
    await Promise.all([
      ...ids.slice(0, 24).map((id, i) => ds.transaction((m) => m.query(`UPDATE assignment SET state = $2, version = version + 1 WHERE id = $1`, [id, states[i % states.length]]))),
      // (one directory writer at a time, as the administration routes are: two writing one unit's versions collide)
      moveUnits(2).then(() => moveUnits(1)),
      insert([{ plan: 0, task: 0, unit: 'r-s1' }, { plan: 1, task: 0, unit: 'r-s4' }]),
      ds.query(`UPDATE assignment SET unit_id = 'r-s2' WHERE id = ANY($1)`, [ids.slice(24, 30)]),
    ]);
    await check('concurrent');
    // The per-unit lists were read two units a page above; the scope of the Sở holds the whole tree.
    const [{ n }] = await ds.query(`SELECT count(DISTINCT unit_id)::int AS n FROM assignment WHERE unit_id LIKE 'r-%'`);
    expect(n).toBeGreaterThan(3);
  });

  // The two interleavings a move can meet, forced: a projection in flight when the move starts (the move must wait
  // and then move the projection's count too), and a move in flight when a projection starts (the projection must
  // wait and then add to the new chain). Without the trigger's locks both leave a count on the old ancestors.
  it('a unit move and a projection in flight at the same time leave exact roll-ups in either order', async () => {
    const at = (id: string, up: string): DirectoryUnit => ({ id, name: id, kind: id.includes('-d') ? 'district_office' : 'school_thcs', parentId: up, reportsToId: up, aliases: [] });
    await ds.transaction((m) => upsertUnits(m, [at('x-d1', 'c-sgd'), at('x-d2', 'c-sgd'), at('x-s1', 'x-d1')]));
    const [{ id }] = await insert([{ plan: 0, task: 0, unit: 'x-s1' }]);
    const pause = () => new Promise((r) => setTimeout(r, 400));
    const scopeOf = async (u: string) => Number((await ds.query(`SELECT coalesce(sum(n), 0) AS n FROM assignment_scope_count WHERE scope_unit_id = $1 AND plan_id = $2`, [u, plans[0].planId]))[0].n);

    // A projection holds its transaction open; the move of the school's district office starts meanwhile.
    const projection = ds.createQueryRunner();
    await projection.connect();
    await projection.startTransaction();
    await projection.query(`UPDATE assignment SET state = 'in_progress' WHERE id = $1`, [id]);
    await projection.query(`INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, reviewer_unit_id, title, state, due)
      VALUES (gen_random_uuid(), 'wf-x', $1, $2, 'once', 'x-s1', 'lead', 'c-sgd', 'T', 'assigned', '2026-06-15')`, [plans[0].planId, plans[0].taskIds[0]]);
    const move = ds.transaction((m) => upsertUnits(m, [at('x-s1', 'x-d2')]));
    await pause();
    await projection.commitTransaction();
    await move;
    expect([await scopeOf('x-d1'), await scopeOf('x-d2')]).toEqual([0, 2]);

    // A move holds its transaction open; a projection of the moved school starts meanwhile.
    const mover = ds.createQueryRunner();
    await mover.connect();
    await mover.startTransaction();
    await upsertUnits(mover.manager, [at('x-s1', 'x-d1')]);
    const write = insert([{ plan: 0, task: 0, unit: 'x-s1' }]);
    await pause();
    await mover.commitTransaction();
    await write;
    await Promise.all([projection.release(), mover.release()]);
    expect([await scopeOf('x-d1'), await scopeOf('x-d2')]).toEqual([3, 0]);
    expect(await counterMismatches(ds, [NOWS[0]])).toEqual([]);
  });
});

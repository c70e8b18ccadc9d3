// The worker builds a task's fan-out tree once for all its nodes (FanOutTreeCache, keyed by the fingerprints of the
// directory and of the task's targets), on the real PostgreSQL: a node asking again gets the same children without
// a rebuild, and any change of the directory or of the targets — a school moved to another office, a target
// added or deactivated — is seen by the very next node that asks.
import type { DataSource } from 'typeorm';
import { generateProvince } from '@khflow/directory';
import { createDataSource, directoryFingerprint, insertDraftPlan, PlanRepository, upsertUnits } from '@khflow/persistence';
import { PlanActivity } from '../../apps/worker/src/activities/plan.activity';
import { createTestDatabase } from '../support/test-env';

describe('fan-out tree built once per task while directory and targets stay', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let taskId: string;
  let planId: string;
  const directory = generateProvince({ districts: 2, schoolsPerDistrict: 3, thptSchools: 0, prefix: 'fc' });
  const schools = directory.units.filter((u) => u.kind.startsWith('school_'));
  const onDate = '2026-12-01';

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { poolSize: 4 }).initialize();
    await ds.transaction((m) => upsertUnits(m, directory.units, onDate));
    const owner = { userId: 'u-owner', unitId: 'fc-sgddt', roles: ['plan_owner' as const] };
    ({ planId, taskIds: [taskId] } = await ds.transaction((m) =>
      insertDraftPlan(m, { title: 'Kế hoạch', issuerUnitId: 'fc-sgddt', tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ unitId: schools[0].id }], coordinators: [], timeframe: { kind: 'once', due: '2026-12-31' }, consolidate: true }] }, owner),
    ));
    await ds.query('INSERT INTO task_target (task_id, unit_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [taskId, schools.map((s) => s.id)]);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const children = async (activity: PlanActivity, unitId: string) =>
    (await activity.nodeChildren({ planId, taskId, unitId, rootUnitId: 'fc-sgddt', consolidate: true, onDate })).map((c) => c.unitId).sort();
  /** Counts the directory loads the activity makes (the expensive part the cache saves). */
  const counting = () => {
    const activity = new PlanActivity(ds);
    let loads = 0;
    const query = ds.manager.query.bind(ds.manager);
    jest.spyOn(ds.manager, 'query').mockImplementation(((sql: string, params?: unknown[]) => {
      if (/FROM org_unit_version\s+ORDER BY unit_id/.test(sql)) loads += 1;
      return query(sql, params);
    }) as never);
    return { activity, loads: () => loads };
  };
  afterEach(() => jest.restoreAllMocks());

  it('answers every node of the task from one build', async () => {
    const { activity, loads } = counting();
    expect(await children(activity, 'fc-sgddt')).toEqual(['fc-pgd-1', 'fc-pgd-2']);
    expect(await children(activity, 'fc-pgd-1')).toEqual(schools.filter((s) => s.reportsToId === 'fc-pgd-1').map((s) => s.id).sort());
    expect(await children(activity, 'fc-pgd-2')).toEqual(schools.filter((s) => s.reportsToId === 'fc-pgd-2').map((s) => s.id).sort());
    expect(loads()).toBe(1);
  });

  it('sees a school moved to another office at the next ask (the directory fingerprint changed)', async () => {
    const { activity, loads } = counting();
    const moved = schools.find((s) => s.reportsToId === 'fc-pgd-1')!;
    const before = await children(activity, 'fc-pgd-2');
    const fp = await directoryFingerprint(ds.manager);
    await ds.transaction((m) => upsertUnits(m, [{ ...moved, reportsToId: 'fc-pgd-2', parentId: 'fc-pgd-2' }], onDate));
    expect(await directoryFingerprint(ds.manager)).not.toBe(fp);
    expect(await children(activity, 'fc-pgd-2')).toEqual([...before, moved.id].sort());
    expect(await children(activity, 'fc-pgd-1')).not.toContain(moved.id);
    expect(loads()).toBe(2);
  });

  it('sees a target deactivated, then added again, at the next ask (the targets fingerprint changed)', async () => {
    const { activity } = counting();
    const repo = new PlanRepository(ds.manager);
    const gone = schools.find((s) => s.reportsToId === 'fc-pgd-2')!.id;
    expect(await children(activity, 'fc-pgd-2')).toContain(gone);
    const fp = await repo.targetsFingerprint(taskId);
    await ds.query('UPDATE task_target SET active = false WHERE task_id = $1 AND unit_id = $2', [taskId, gone]);
    expect(await repo.targetsFingerprint(taskId)).not.toBe(fp);
    expect(await children(activity, 'fc-pgd-2')).not.toContain(gone);
    await ds.query('UPDATE task_target SET active = true WHERE task_id = $1 AND unit_id = $2', [taskId, gone]);
    expect(await children(activity, 'fc-pgd-2')).toContain(gone);
  });
});

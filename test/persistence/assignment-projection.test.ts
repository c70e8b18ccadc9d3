// The worker's projections on the real PostgreSQL: the read-model row keeps the newest version (an older event
// arriving late never overwrites it), an event PostgreSQL refuses for good fails once, non-retryably, and is
// recorded; task activities never read, adopt or change another plan's task.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { type Actor, type AssignmentEvent, SYSTEM_ACTOR, stableUuid, type TaskSpec } from '@khflow/contracts';
import { createDataSource, insertDraftPlan, upsertUnits } from '@khflow/persistence';
import { AssignmentProjectionActivity, PlanActivity } from '../../apps/worker/src/activities';
import { createTestDatabase } from '../support/test-env';

const owner: Actor = { userId: 'u-owner', unitId: 'p-sgd', roles: ['plan_owner'] };
const task = (ref: string): TaskSpec => ({ ref, title: `Nhiệm vụ ${ref}`, lead: [{ unitId: 'p-school' }], coordinators: [], timeframe: { kind: 'once', due: '2099-12-31' } });

describe('worker projections and task scoping (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let projection: AssignmentProjectionActivity;
  let plans: PlanActivity;
  const env = new MockActivityEnvironment();
  let planA: { planId: string; taskIds: string[] };
  let planB: { planId: string; taskIds: string[] };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { poolSize: 5 }).initialize();
    await ds.transaction(async (m) => {
      await upsertUnits(m, [
        { id: 'p-sgd', name: 'Sở', kind: 'department', parentId: null, reportsToId: null, aliases: [] },
        { id: 'p-school', name: 'Trường', kind: 'school_thpt', parentId: 'p-sgd', reportsToId: 'p-sgd', aliases: [] },
      ]);
      planA = await insertDraftPlan(m, { title: 'Kế hoạch A', issuerUnitId: 'p-sgd', tasks: [task('1')] }, owner);
      planB = await insertDraftPlan(m, { title: 'Kế hoạch B', issuerUnitId: 'p-sgd', tasks: [task('1')] }, owner);
    });
    projection = new AssignmentProjectionActivity(ds);
    plans = new PlanActivity(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const assignmentId = '00000000-0000-4000-8000-00000000a001';
  const wf = 'asg:test:projection';
  const ev = (seq: number, action: string, patch: AssignmentEvent['patch'], extra: Partial<AssignmentEvent> = {}): AssignmentEvent => ({
    eventKey: `${wf}#${seq}:${action}`,
    assignmentId,
    workflowId: wf,
    planId: planA.planId,
    action,
    actor: SYSTEM_ACTOR,
    occurredAt: new Date().toISOString(),
    patch,
    ...extra,
  });
  const row = async () => (await ds.query('SELECT state, version, not_reported FROM assignment WHERE id = $1', [assignmentId]))[0];

  it('keeps the newest version when an older event arrives after a newer one', async () => {
    await env.run(() =>
      projection.recordAssignmentEvent(
        ev(1, 'assignment.created', { state: 'assigned', version: 1 }, {
          create: { planId: planA.planId, taskId: planA.taskIds[0], periodKey: 'once', unitId: 'p-school', kind: 'lead', parentAssignmentId: null, reviewerUnitId: 'p-sgd', title: 'T', due: '2099-12-31', consolidation: null },
          notifications: [{ unitId: 'p-school', role: 'officer', kind: 'assigned', params: { title: 'T', due: '2099-12-31' } }],
        }),
      ),
    );
    await env.run(() => projection.recordAssignmentEvent(ev(3, 'assignment.submitted', { state: 'submitted', version: 3 })));
    await env.run(() => projection.recordAssignmentEvent(ev(2, 'assignment.acknowledged', { state: 'acknowledged', version: 2 })));
    expect(await row()).toMatchObject({ state: 'submitted', version: 3 });
    // The late event still happened: it is in the audit trail.
    const audit = await ds.query(`SELECT action FROM audit_log WHERE assignment_id = $1 ORDER BY seq`, [assignmentId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['assignment.created', 'assignment.submitted', 'assignment.acknowledged']);
    // Notifications keep their kind and parameters, and a Vietnamese rendering.
    const [n] = await ds.query(`SELECT kind, params, message FROM notification WHERE assignment_id = $1`, [assignmentId]);
    expect(n).toEqual({ kind: 'assigned', params: { title: 'T', due: '2099-12-31' }, message: 'Nhiệm vụ mới: T, hạn 31/12/2099' });
  });

  it('refuses text PostgreSQL cannot store once, non-retryably, and records why', async () => {
    const bad = ev(4, 'assignment.commented', { state: 'submitted', version: 3 }, { comment: { id: '00000000-0000-4000-8000-00000000c0de', text: 'nul\u0000byte' } });
    const err = await env.run(() => projection.recordAssignmentEvent(bad)).catch((e) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'ProjectionRejected', nonRetryable: true });
    const [f] = await ds.query(`SELECT action, error_code FROM projection_failure WHERE event_key = $1`, [bad.eventKey]);
    expect(f.action).toBe('assignment.commented');
    expect(f.error_code).toMatch(/^22/);
    expect(await row()).toMatchObject({ state: 'submitted', version: 3 });
    expect((await ds.query(`SELECT 1 FROM audit_log WHERE event_key = $1`, [bad.eventKey])).length).toBe(0);
  });

  it('records a batch of creations in one go, idempotently, and names the one it refuses while keeping the others', async () => {
    const ids = ['00000000-0000-4000-8000-00000000d001', '00000000-0000-4000-8000-00000000d002', '00000000-0000-4000-8000-00000000d003'];
    const creation = (id: string, i: number, title = `Báo cáo ${i}`): AssignmentEvent => ({
      eventKey: `asg:test:batch-${i}#1:assignment.created`,
      assignmentId: id,
      workflowId: `asg:test:batch-${i}`,
      planId: planB.planId,
      action: 'assignment.created',
      actor: SYSTEM_ACTOR,
      occurredAt: new Date().toISOString(),
      patch: { state: 'assigned', version: 1 },
      create: { planId: planB.planId, taskId: planB.taskIds[0], periodKey: `p${i}`, unitId: 'p-school', kind: 'lead', parentAssignmentId: null, reviewerUnitId: 'p-sgd', title, due: '2099-12-31', consolidation: null },
      notifications: [{ unitId: 'p-school', role: 'officer', kind: 'assigned', params: { title, due: '2099-12-31' } }],
    });
    const batch = ids.slice(0, 2).map((id, i) => creation(id, i));
    expect(await env.run(() => projection.recordAssignmentEvents(batch))).toEqual({ rejected: [] });
    // A retried batch (worker crash after commit) writes nothing twice.
    expect(await env.run(() => projection.recordAssignmentEvents(batch))).toEqual({ rejected: [] });
    const counts = async (id: string) => ({
      rows: (await ds.query('SELECT 1 FROM assignment WHERE id = $1', [id])).length,
      audit: (await ds.query(`SELECT 1 FROM audit_log WHERE assignment_id = $1 AND action = 'assignment.created'`, [id])).length,
      notes: (await ds.query(`SELECT 1 FROM notification WHERE assignment_id = $1 AND kind = 'assigned'`, [id])).length,
    });
    for (const id of ids.slice(0, 2)) expect(await counts(id)).toEqual({ rows: 1, audit: 1, notes: 1 });
    // One creation PostgreSQL cannot store: the batch is rolled back and replayed one by one.
    const bad = creation(ids[2], 2, 'nul\u0000byte');
    const good = creation('00000000-0000-4000-8000-00000000d004', 3);
    expect(await env.run(() => projection.recordAssignmentEvents([bad, good]))).toEqual({ rejected: [bad.eventKey] });
    expect(await counts(ids[2])).toEqual({ rows: 0, audit: 0, notes: 0 });
    expect(await counts(good.assignmentId)).toEqual({ rows: 1, audit: 1, notes: 1 });
    const [f] = await ds.query(`SELECT action FROM projection_failure WHERE event_key = $1`, [bad.eventKey]);
    expect(f.action).toBe('assignment.created');
  });

  it('records sibling batches at the same time without a deadlock, each creation once', async () => {
    // Sixteen schools under one Sở (their roll-up counter rows spread over every shard of the Sở's), and four
    // batches of the same task in four orders at once, beside single events: every batch must commit as it is.
    const schools = Array.from({ length: 16 }, (_, i) => `p-batch-school-${i}`);
    await ds.transaction((m) => upsertUnits(m, schools.map((id) => ({ id, name: id, kind: 'school_thpt', parentId: 'p-sgd', reportsToId: 'p-sgd', aliases: [] }))));
    const creation = (b: number, unitId: string): AssignmentEvent => {
      const workflowId = `asg:test:siblings-${b}-${unitId}`;
      return {
        eventKey: `${workflowId}#1:assignment.created`,
        assignmentId: stableUuid(workflowId),
        workflowId,
        planId: planB.planId,
        action: 'assignment.created',
        actor: SYSTEM_ACTOR,
        occurredAt: new Date().toISOString(),
        patch: { state: 'assigned', version: 1 },
        create: { planId: planB.planId, taskId: planB.taskIds[0], periodKey: `siblings-${b}`, unitId, kind: 'lead', parentAssignmentId: null, reviewerUnitId: 'p-sgd', title: `Báo cáo ${b}`, due: '2099-12-31', consolidation: null },
      };
    };
    const orders = [schools, [...schools].reverse(), schools.filter((_, i) => i % 2).concat(schools.filter((_, i) => !(i % 2))), [...schools.slice(8), ...schools.slice(0, 8)]];
    const batches = orders.map((order, b) => order.map((u) => creation(b, u)));
    const singles = schools.map((u) => creation(9, u));
    const results = await Promise.allSettled([...batches.map((batch) => env.run(() => projection.recordAssignmentEvents(batch))), ...singles.map((e) => env.run(() => projection.recordAssignmentEvent(e)))]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM assignment WHERE plan_id = $1 AND period_key LIKE 'siblings-%'`, [planB.planId]);
    expect(n).toBe(16 * 5);
  });

  it('records a cancelled assignment as not reported, and tells the unit why it ended', async () => {
    await ds.query(`UPDATE task SET status = 'cancelled' WHERE id = $1`, [planA.taskIds[0]]);
    await ds.query(`UPDATE plan SET status = 'active' WHERE id = $1`, [planA.planId]);
    await env.run(() =>
      projection.recordAssignmentEvent(
        ev(5, 'assignment.cancelled', { state: 'cancelled', version: 4, notReported: true }, { notifications: [{ unitId: 'p-school', role: null, kind: 'cancelled', params: { title: 'T', notReported: true } }] }),
      ),
    );
    expect(await row()).toMatchObject({ state: 'cancelled', version: 4, not_reported: true });
    const [n] = await ds.query(`SELECT params, message FROM notification WHERE event_key = $1`, [`${wf}#5:assignment.cancelled`]);
    expect(n.params).toMatchObject({ reason: 'task_cancelled', notReported: true });
    expect(n.message).toBe('Nhiệm vụ đã bị hủy: T — chưa báo cáo');
  });

  it('counts a report approved after the level above closed as reported late there', async () => {
    const parent = '00000000-0000-4000-8000-00000000b001';
    const child = '00000000-0000-4000-8000-00000000b002';
    const create = (id: string, wfId: string, unitId: string, kind: 'lead' | 'consolidation', consolidation: { expected: string[]; reported: [] } | null): AssignmentEvent => ({
      eventKey: `${wfId}#1:assignment.created`, assignmentId: id, workflowId: wfId, planId: planA.planId, action: 'assignment.created', actor: SYSTEM_ACTOR, occurredAt: new Date().toISOString(),
      patch: { state: 'assigned', version: 1 },
      create: { planId: planA.planId, taskId: planA.taskIds[0], periodKey: 'once', unitId, kind, parentAssignmentId: null, reviewerUnitId: 'p-sgd', title: 'T', due: '2099-12-31', consolidation },
    });
    await env.run(() => projection.recordAssignmentEvent(create(parent, 'asg:parent', 'p-sgd', 'consolidation', { expected: ['p-school'], reported: [] })));
    await env.run(() => projection.recordAssignmentEvent({ ...create(parent, 'asg:parent', 'p-sgd', 'consolidation', null), eventKey: 'asg:parent#2:assignment.approved', action: 'assignment.approved', create: undefined, patch: { state: 'approved', version: 2 } }));
    await env.run(() => projection.recordAssignmentEvent(create(child, 'asg:child', 'p-school', 'lead', null)));
    const approvedAt = new Date().toISOString();
    const approve = { ...create(child, 'asg:child', 'p-school', 'lead', null), eventKey: 'asg:child#2:assignment.approved', action: 'assignment.approved', create: undefined, patch: { state: 'approved' as const, version: 2, unitId: 'p-school', approvedAt, onTime: false }, details: { reportsTo: parent } };
    await env.run(() => projection.recordAssignmentEvent(approve));
    const [p] = await ds.query('SELECT consolidation FROM assignment WHERE id = $1', [parent]);
    expect(p.consolidation.reported).toEqual([{ unitId: 'p-school', assignmentId: child, approvedAt, onTime: false, afterClose: true }]);
  });

  it('never adopts or changes another plan’s task through a task id', async () => {
    const base = { actor: owner, reason: 'x', occurredAt: new Date().toISOString() };
    const victim = planA.taskIds[0];
    // add_task with the id of plan A's task, sent to plan B: refused, nothing of plan A changes.
    const adopt = await env.run(() => plans.addTask({ ...base, eventKey: 'k-adopt', planId: planB.planId, task: { ...task('9'), id: victim } })).catch((e) => e);
    expect(adopt).toMatchObject({ type: 'TaskNotInPlan', nonRetryable: true });
    for (const call of [
      () => plans.updateTask({ ...base, eventKey: 'k-cancel', planId: planB.planId, taskId: victim, status: 'cancelled' }),
      () => plans.updateTask({ ...base, eventKey: 'k-due', planId: planB.planId, taskId: victim, due: '2000-01-01' }),
      () => plans.changeTaskTargets({ ...base, eventKey: 'k-units', planId: planB.planId, taskId: victim, add: ['p-sgd'], remove: [] }),
      () => plans.resolveTaskTargets({ planId: planB.planId, taskId: victim, onDate: '2026-01-01' }),
      () => plans.nodeChildren({ planId: planB.planId, taskId: victim, unitId: 'p-sgd', rootUnitId: 'p-sgd', consolidate: false }),
    ]) {
      expect(await env.run(call).catch((e) => e)).toMatchObject({ type: 'TaskNotInPlan', nonRetryable: true });
    }
    const [t] = await ds.query(`SELECT plan_id, timeframe->>'due' AS due FROM task WHERE id = $1`, [victim]);
    expect(t).toEqual({ plan_id: planA.planId, due: '2099-12-31' });
    expect((await ds.query(`SELECT 1 FROM task_target WHERE task_id = $1`, [victim])).length).toBe(0);
    expect((await ds.query(`SELECT 1 FROM audit_log WHERE event_key LIKE 'k-%'`)).length).toBe(0);
  });
});

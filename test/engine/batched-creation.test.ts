// Issue 20's first fan-out lever on the real Temporal server and PostgreSQL: a node records the creations of its
// own assignment and its targeted leaves in one activity, before it starts them; the children start from that
// creation and record nothing until someone acts. Every row, audit entry and "assigned" notice exists once.
import { type ActionResult, type PlanSpec, acknowledgeUpdate } from '@khflow/contracts';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { actor, assignmentsOf, launchPlan, startEngine, type Engine } from './engine-harness';
import { SCHOOLS } from './fixtures/engine-directory.fixture';

jest.setTimeout(300_000);

const today = vnDateOf(Date.now());
const owner = actor('t-ubnd', 'plan_owner', 'owner.t-ubnd');
const spec = (): PlanSpec => ({
  title: 'Báo cáo số liệu trường học',
  issuerUnitId: 't-ubnd',
  tasks: [
    {
      ref: '1',
      title: 'Báo cáo số liệu',
      lead: [{ text: 'Các trường', group: { kinds: ['school_thcs', 'school_th', 'school_mn', 'school_thpt'] } }],
      coordinators: [],
      timeframe: { kind: 'once', due: addDays(today, 30) },
      consolidate: true,
    },
  ],
});

/** The activity types a workflow scheduled through the server, in order. */
async function scheduled(engine: Engine, workflowId: string): Promise<string[]> {
  const h = await engine.client.workflow.getHandle(workflowId).fetchHistory();
  return (h.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
}

/** The local activities a workflow ran, in order (their markers name them). */
async function ranLocally(engine: Engine, workflowId: string): Promise<string[]> {
  const h = await engine.client.workflow.getHandle(workflowId).fetchHistory();
  return (h.events ?? []).flatMap((e) => {
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName !== 'core_local_activity') return [];
    const data = m.details?.data?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type] : [];
  });
}

describe('fan-out records its children in batches', () => {
  let engine: Engine;
  let planId: string;
  let taskId: string;

  beforeAll(async () => {
    engine = await startEngine();
    const launched = await launchPlan(engine, spec(), owner);
    planId = launched.planId;
    taskId = launched.taskIds[0];
    // Five schools, their two district offices and the THPT's Sở: every one in the read model, then every workflow
    // started (the rows come first: the node writes them before it starts the children).
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length === SCHOOLS.length + 4, { timeoutMs: 60_000 });
    const ids = (await assignmentsOf(engine.ds, planId)).map((a) => a.workflow_id as string);
    await waitFor(async () => (await Promise.all(ids.map((id) => engine.client.workflow.getHandle(id).describe().then(() => true, () => false)))).every(Boolean), { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('writes each assignment, its audit entry and its notice exactly once', async () => {
    const all = await assignmentsOf(engine.ds, planId);
    expect(new Set(all.map((a) => a.unit_id)).size).toBe(all.length);
    expect(all.map((a) => a.unit_id)).toEqual(expect.arrayContaining(SCHOOLS));
    const audit = await engine.ds.query(`SELECT assignment_id, count(*)::int AS n FROM audit_log WHERE plan_id = $1 AND action = 'assignment.created' GROUP BY assignment_id`, [planId]);
    expect(audit).toHaveLength(all.length);
    expect(audit.every((r: { n: number }) => r.n === 1)).toBe(true);
    const notes = await engine.ds.query(`SELECT count(*)::int AS n FROM notification WHERE plan_id = $1 AND kind = 'assigned'`, [planId]);
    expect(notes[0].n).toBe(all.length);
  });

  it('uses one batch per node and no creation activity in the children', async () => {
    const district = `node:${planId}:${taskId}:once:t-pgd-a`;
    expect(await scheduled(engine, district)).toEqual(['nodeChildren', 'recordAssignmentEvents']);
    const school = (await assignmentsOf(engine.ds, planId)).find((a) => a.unit_id === 't-thcs-a1')!;
    expect(await scheduled(engine, school.workflow_id)).toEqual([]);
  });

  it('lets a child so created act as before: the next event follows the recorded version', async () => {
    const school = (await assignmentsOf(engine.ds, planId)).find((a) => a.unit_id === 't-thcs-a1')!;
    const r = await engine.client.workflow.getHandle(school.workflow_id).executeUpdate<ActionResult, [unknown]>(acknowledgeUpdate.name, { args: [{ actor: actor('t-thcs-a1', 'officer') }], updateId: 'batched-ack' });
    expect(r).toMatchObject({ state: 'acknowledged', version: 2 });
    // Issue 20: the projection runs as a local activity, so nothing goes through the server's activity queue.
    expect(await scheduled(engine, school.workflow_id)).toEqual([]);
    expect(await ranLocally(engine, school.workflow_id)).toEqual(['workingCalendar', 'recordAssignmentEvent']);
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).find((a) => a.unit_id === 't-thcs-a1')!.version === 2, { timeoutMs: 30_000 });
  });
});

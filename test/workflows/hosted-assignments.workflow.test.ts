// Issue 20 prototype: one workflow hosting several assignments as state (workflows/assignment/
// hosted-assignments.workflow.ts), with stubbed activities on the time-skipping test server: creations in one batch,
// one hosted assignment acted on while the others stay as they were, refusals by the validator, one timer over every
// hosted deadline, and a forced continue-as-new that carries every model.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deadlineAt, vnDateOf, addDays, type AssignmentCommand } from '@khflow/domain';
import { hostedActUpdate, hostedRollOverUpdate, hostedStateQuery, type HostedAssignmentsInput } from '../../workflows/assignment/hosted-messages';
import { createTimeSkippingEnv, waitFor } from '../support/test-env';
import { actor, assignmentInput, startStubEngine, type StubEngine } from './stub-engine';

jest.setTimeout(300_000);

const officer = (unitId: string) => actor(unitId, 'officer');
const supervisor = actor('office', 'supervisor');
const NO_ESCALATION = { reminderOffsetsDays: [], escalateSupervisorAfterHours: 10_000, escalateNextLevelAfterHours: 10_000 };

describe('hosted assignments workflow (stubbed activities, time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let engine: StubEngine;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    engine = await startStubEngine(env);
  });
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
  });

  let hosts = 0;
  /** A host of `units.length` assignments (one per unit), started and waited for until its creations are recorded. */
  async function startHost(units: string[], over: (i: number) => Partial<ReturnType<typeof assignmentInput>> = () => ({})) {
    const hostId = `host:test:${Date.now().toString(36)}-${++hosts}`;
    const assignments = units.map((unitId, i) => {
      const { workflowId, ...input } = assignmentInput({ unitId, ...over(i) });
      return { workflowId, input };
    });
    const handle = await engine.client.workflow.start('hostedAssignmentsWorkflow', { workflowId: hostId, taskQueue: engine.taskQueue, args: [{ hostId, assignments } satisfies HostedAssignmentsInput] });
    const ids = new Set(assignments.map((a) => a.input.assignmentId));
    await waitFor(() => engine.batches.some((b) => b.some((e) => ids.has(e.assignmentId))), { timeoutMs: 30_000 });
    return { handle, assignments, ids: assignments.map((a) => a.input.assignmentId) };
  }
  const act = (h: WorkflowHandle, assignmentId: string, command: AssignmentCommand) => h.executeUpdate(hostedActUpdate, { args: [{ assignmentId, command }] });
  const actionsOf = (assignmentId: string) => engine.calls.filter((e) => e.assignmentId === assignmentId).map((e) => e.action);
  const refusalOf = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
  };

  it('records every creation in one batch call and acts on one hosted assignment without touching the others', async () => {
    const { handle, ids } = await startHost(['school-a', 'school-b', 'school-c', 'school-d']);
    const mine = engine.batches.filter((b) => b.some((e) => ids.includes(e.assignmentId)));
    expect(mine).toHaveLength(1);
    expect(mine[0].map((e) => [e.assignmentId, e.action])).toEqual(ids.map((id) => [id, 'assignment.created']));

    const [a, ...others] = ids;
    expect(await act(handle, a, { type: 'acknowledge', input: { actor: officer('school-a') } })).toMatchObject({ assignmentId: a, state: 'acknowledged', version: 2 });
    expect(await act(handle, a, { type: 'submit', input: { actor: officer('school-a'), submission: { text: 'Báo cáo' } } })).toMatchObject({ state: 'submitted', version: 3 });
    expect(await act(handle, a, { type: 'approve', input: { actor: supervisor } })).toMatchObject({ state: 'approved', version: 4 });

    const s = await handle.query(hostedStateQuery);
    expect(s.versions[a]).toEqual({ state: 'approved', version: 4 });
    for (const id of others) expect(s.versions[id]).toEqual({ state: 'assigned', version: 1 });
    expect(s.byState).toEqual({ approved: 1, assigned: 3 });
    expect(actionsOf(a)).toEqual(['assignment.created', 'assignment.acknowledged', 'assignment.submitted', 'assignment.approved']);
    for (const id of others) expect(actionsOf(id)).toEqual(['assignment.created']);
    expect(engine.rows.get(a)).toMatchObject({ state: 'approved', version: 4 });
  });

  it('refuses in the validator a command the decider refuses, an unknown assignment and a command a host does not run, changing nothing', async () => {
    const { handle, ids } = await startHost(['school-e', 'school-f']);
    const calls = engine.calls.length;
    expect((await refusalOf(act(handle, ids[0], { type: 'approve', input: { actor: supervisor } }))).type).toBe('InvalidTransition');
    expect((await refusalOf(act(handle, ids[0], { type: 'acknowledge', input: { actor: officer('school-f') } }))).type).toBe('Forbidden');
    expect((await refusalOf(act(handle, '00000000-0000-4000-8000-00000000dead', { type: 'acknowledge', input: { actor: officer('school-e') } }))).type).toBe('NotFound');
    expect((await refusalOf(act(handle, ids[0], { type: 'cancel', reason: 'cancelled' }))).type).toBe('Invalid');
    const s = await handle.query(hostedStateQuery);
    expect(s.versions).toEqual({ [ids[0]]: { state: 'assigned', version: 1 }, [ids[1]]: { state: 'assigned', version: 1 } });
    expect(engine.calls.length).toBe(calls);
  });

  it('keeps one timer over every hosted deadline: the earliest due date fires alone', async () => {
    const today = vnDateOf(await env.currentTimeMs());
    const dues = [addDays(today, 5), addDays(today, 40)];
    const { ids } = await startHost(['school-g', 'school-h'], (i) => ({ due: dues[i], policy: NO_ESCALATION }));
    await env.sleep(deadlineAt(dues[0]) + 3600_000 - (await env.currentTimeMs()));
    await waitFor(() => actionsOf(ids[0]).includes('assignment.overdue'), { timeoutMs: 60_000 });
    const overdueAt = Date.parse(engine.calls.find((e) => e.assignmentId === ids[0] && e.action === 'assignment.overdue')!.occurredAt);
    expect(overdueAt).toBeGreaterThanOrEqual(deadlineAt(dues[0]));
    expect(overdueAt).toBeLessThan(deadlineAt(dues[0]) + 3600_000);
    expect(actionsOf(ids[1])).toEqual(['assignment.created']);
  });

  it('carries every model over a forced continue-as-new, without recording the creations again', async () => {
    const units = Array.from({ length: 6 }, (_, i) => `school-r${i}`);
    const { handle, ids } = await startHost(units);
    await act(handle, ids[0], { type: 'acknowledge', input: { actor: officer(units[0]) } });
    await act(handle, ids[1], { type: 'acknowledge', input: { actor: officer(units[1]) } });
    await act(handle, ids[1], { type: 'submit', input: { actor: officer(units[1]), submission: { text: 'Báo cáo' } } });
    const before = await handle.query(hostedStateQuery);
    const batches = engine.batches.length;

    const rolled = await handle.executeUpdate(hostedRollOverUpdate);
    expect(rolled.runId).toBe(before.runId);
    expect(rolled.carriedBytes).toBeGreaterThan(0);
    let after = before;
    await waitFor(async () => (after = await handle.query(hostedStateQuery).catch(() => before)).runId !== before.runId, { timeoutMs: 30_000 });
    expect(after.versions).toEqual(before.versions);
    expect(after.assignments).toBe(6);
    expect(engine.batches.length).toBe(batches);
    const old = await engine.client.workflow.getHandle(handle.workflowId, before.runId).fetchHistory();
    expect(old.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

    // The new run goes on from the carried state: versions continue, the decider still knows what was done.
    expect(await act(handle, ids[1], { type: 'approve', input: { actor: supervisor } })).toMatchObject({ state: 'approved', version: 4 });
    expect((await refusalOf(act(handle, ids[0], { type: 'acknowledge', input: { actor: officer(units[0]) } }))).type).toBe('InvalidTransition');
    expect(actionsOf(ids[1])).toEqual(['assignment.created', 'assignment.acknowledged', 'assignment.submitted', 'assignment.approved']);
  });
});

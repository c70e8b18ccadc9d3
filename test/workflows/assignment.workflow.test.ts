// The assignment workflow with stubbed activities on the real Temporal dev server: every command, the regression
// tests of a signal in the first activation and of overlapping updates, partial consolidation, deadlines,
// cancellation, and projections the read model refuses for good.
import { ApplicationFailure } from '@temporalio/activity';
import {
  acknowledgeUpdate,
  approveUpdate,
  changeDueSignal,
  commentSignal,
  decideExtensionUpdate,
  reassignSignal,
  requestCoordinationUpdate,
  requestExtensionUpdate,
  returnUpdate,
  subordinateReportedSignal,
  submitUpdate,
} from '@khflow/contracts';
import { MAX_COORDINATION_UNITS as MAX_UNIT_IDS_PER_REQUEST } from '@khflow/contracts';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { actor, assignmentDriver, assignmentInput, eventsOf, startStubEngine, type StubEngine } from './stub-engine';

jest.setTimeout(120_000);

const officer = actor('school', 'officer');
const supervisor = actor('office', 'supervisor');
const today = vnDateOf(Date.now());

describe('assignment workflow (stubbed activities, real Temporal server)', () => {
  let engine: StubEngine;
  beforeAll(async () => {
    engine = await startStubEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const { start, act, state, actions, refusalOf } = assignmentDriver(() => engine);

  it('takes a signal delivered in its first activation (signal-with-start) after recording its creation', async () => {
    const input = assignmentInput();
    await engine.client.workflow.signalWithStart('assignmentWorkflow', {
      workflowId: input.workflowId,
      taskQueue: engine.taskQueue,
      args: [input],
      signal: commentSignal,
      signalArgs: [{ actor: officer, commentId: '00000000-0000-4000-8000-0000000c0001', text: 'Đã nhận nhiệm vụ' }],
    });
    await engine.client.workflow.getHandle(input.workflowId).signal(changeDueSignal, { actor: supervisor, due: '2099-11-30', reason: 'Lùi hạn' });
    await waitFor(() => actions(input.workflowId).includes('assignment.due_changed'), { timeoutMs: 20_000 });
    expect(actions(input.workflowId)).toEqual(['assignment.created', 'assignment.commented', 'assignment.due_changed']);
    expect(await state(input.workflowId)).toMatchObject({ state: 'assigned', due: '2099-11-30', version: 2 });
  });

  it('serialises overlapping updates: each answers with the version it produced, and the read model ends at the newest', async () => {
    const { input } = await start();
    engine.delays.set('assignment.acknowledged', 1500);
    try {
      const ack = act(input.workflowId, acknowledgeUpdate, { actor: officer });
      // The submit arrives while the acknowledgement's projection is still running.
      await waitFor(() => actions(input.workflowId).includes('assignment.acknowledged'), { timeoutMs: 20_000, intervalMs: 20 });
      const submit = act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'Báo cáo' } });
      const [a, s] = await Promise.all([ack, submit]);
      expect(a).toMatchObject({ state: 'acknowledged', version: 2 });
      expect(s).toMatchObject({ state: 'submitted', version: 3 });
      const done = engine.completed.filter((e) => e.workflowId === input.workflowId).map((e) => [e.action, e.patch.version]);
      expect(done).toEqual([
        ['assignment.created', 1],
        ['assignment.acknowledged', 2],
        ['assignment.submitted', 3],
      ]);
      expect(engine.rows.get(input.assignmentId)).toMatchObject({ state: 'submitted', version: 3 });
    } finally {
      engine.delays.clear();
    }
  });

  it('runs the lifecycle: acknowledge, submit, return, resubmit, approve, and ends approved', async () => {
    const { input, handle } = await start();
    expect(await act(input.workflowId, acknowledgeUpdate, { actor: officer })).toMatchObject({ state: 'acknowledged', version: 2 });
    expect(await act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'Lần 1' } })).toMatchObject({ state: 'submitted', version: 3 });
    expect(await act(input.workflowId, returnUpdate, { actor: supervisor, comment: 'Bổ sung' })).toMatchObject({ state: 'returned', version: 4 });
    expect(await act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'Lần 2' } })).toMatchObject({ state: 'submitted', version: 5 });
    expect(await act(input.workflowId, approveUpdate, { actor: supervisor, comment: 'Đạt' })).toMatchObject({ state: 'approved', version: 6 });
    expect(await handle.result()).toMatchObject({ state: 'approved', onTime: true });
    const evs = eventsOf(engine, input.workflowId);
    expect(evs.map((e) => e.action)).toEqual(['assignment.created', 'assignment.acknowledged', 'assignment.submitted', 'assignment.returned', 'assignment.resubmitted', 'assignment.approved']);
    expect(evs.map((e) => e.eventKey)).toEqual(evs.map((e, i) => `${input.workflowId}#${i + 1}:${e.action}`));
    expect(evs[4].submission).toMatchObject({ version: 2, text: 'Lần 2' });
    // Notifications are a kind plus parameters, never sentences.
    expect(evs[3].notifications).toEqual([{ unitId: 'school', role: 'officer', kind: 'returned', params: { title: 'Báo cáo', periodKey: 'once', comment: 'Bổ sung' } }]);
  });

  it('refuses with a reason and changes nothing: wrong unit, wrong role, stale version, wrong state, empty text', async () => {
    const { input } = await start();
    expect((await refusalOf(act(input.workflowId, acknowledgeUpdate, { actor: actor('other', 'officer') }))).type).toBe('Forbidden');
    expect((await refusalOf(act(input.workflowId, approveUpdate, { actor: actor('office', 'officer') }))).type).toBe('InvalidTransition');
    expect((await refusalOf(act(input.workflowId, acknowledgeUpdate, { actor: officer, expectedVersion: 7 }))).type).toBe('VersionConflict');
    expect((await refusalOf(act(input.workflowId, submitUpdate, { actor: officer, submission: { text: '  ' } }))).type).toBe('Invalid');
    await act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'x' } });
    expect((await refusalOf(act(input.workflowId, approveUpdate, { actor: actor('office', 'officer') }))).type).toBe('Forbidden');
    expect((await refusalOf(act(input.workflowId, approveUpdate, { actor: actor('school', 'supervisor') }))).type).toBe('Forbidden');
    expect(await state(input.workflowId)).toMatchObject({ state: 'submitted', version: 2 });
    expect(actions(input.workflowId)).toEqual(['assignment.created', 'assignment.submitted']);
  });

  it('asks coordinating units for input (children start and are recorded), with the shared unit-id limit', async () => {
    const { input } = await start();
    const tooMany = Array.from({ length: MAX_UNIT_IDS_PER_REQUEST + 1 }, (_, i) => `u${i}`);
    expect((await refusalOf(act(input.workflowId, requestCoordinationUpdate, { actor: officer, requestId: 'c0', unitIds: tooMany, due: null, message: 'x' }))).message).toMatch(`at most ${MAX_UNIT_IDS_PER_REQUEST}`);
    const r = await act(input.workflowId, requestCoordinationUpdate, { actor: officer, requestId: 'c1', unitIds: ['helper'], due: '2099-06-01', message: 'Cho ý kiến' });
    expect(r).toMatchObject({ state: 'assigned', version: 2 });
    const s = await state(input.workflowId);
    expect(s.coordination).toHaveLength(1);
    const childId = s.coordination[0].childAssignmentIds[0];
    await waitFor(() => engine.calls.some((e) => e.assignmentId === childId && e.action === 'assignment.created'), { timeoutMs: 20_000 });
    const child = engine.calls.find((e) => e.assignmentId === childId)!;
    expect(child.create).toMatchObject({ kind: 'coordination', unitId: 'helper', reviewerUnitId: 'school', parentAssignmentId: input.assignmentId, due: '2099-06-01' });
    expect((await refusalOf(act(input.workflowId, requestCoordinationUpdate, { actor: officer, requestId: 'c1', unitIds: ['helper2'], due: null, message: 'x' }))).type).toBe('Duplicate');
  });

  it('requests and grants an extension, and takes comments, reassignment and a due change by signal', async () => {
    const { input } = await start();
    await act(input.workflowId, acknowledgeUpdate, { actor: officer });
    expect(await act(input.workflowId, requestExtensionUpdate, { actor: officer, requestId: 'x1', requestedDue: '2100-01-31', reason: 'Chờ số liệu' })).toMatchObject({ state: 'in_progress', version: 3 });
    expect((await refusalOf(act(input.workflowId, requestExtensionUpdate, { actor: officer, requestId: 'x2', requestedDue: '2100-02-28', reason: 'again' }))).message).toMatch(/already pending/);
    expect(await act(input.workflowId, decideExtensionUpdate, { actor: supervisor, requestId: 'x1', grant: true })).toMatchObject({ due: '2100-01-31', version: 4 });
    const h = engine.client.workflow.getHandle(input.workflowId);
    await h.signal(commentSignal, { actor: supervisor, commentId: '00000000-0000-4000-8000-0000000c0002', text: 'Lưu ý' });
    await h.signal(reassignSignal, { actor: supervisor, fromUnitId: 'school', toUnitId: 'school-2', reason: 'Sáp nhập' });
    await h.signal(changeDueSignal, { actor: supervisor, due: '2100-03-31', reason: 'Lùi hạn' });
    await waitFor(() => actions(input.workflowId).includes('assignment.due_changed'), { timeoutMs: 20_000 });
    expect(actions(input.workflowId).slice(-5)).toEqual(['assignment.extension_requested', 'assignment.extension_granted', 'assignment.commented', 'assignment.reassigned', 'assignment.due_changed']);
    expect(await state(input.workflowId)).toMatchObject({ unitId: 'school-2', due: '2100-03-31', version: 6 });
    // The old unit can no longer act; the successor can.
    expect((await refusalOf(act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'x' } }))).type).toBe('Forbidden');
    await act(input.workflowId, submitUpdate, { actor: actor('school-2', 'officer'), submission: { text: 'x' } });
  });

  it('consolidates: a partial report names the missing units before the deadline, then the complete report follows', async () => {
    const { input } = await start({ kind: 'consolidation', unitId: 'office', reviewerUnitId: 'dept', expectedSubordinates: ['s1', 's2'], due: addDays(today, 20) });
    const off = actor('office', 'officer');
    const partial = await act(input.workflowId, submitUpdate, { actor: off, submission: { text: 'Tổng hợp (chưa đủ)' } });
    expect(partial).toMatchObject({ state: 'in_progress', version: 2 });
    const p = eventsOf(engine, input.workflowId).at(-1)!;
    expect(p.action).toBe('assignment.partial_reported');
    expect(p.submission).toMatchObject({ version: 1, consolidation: { missingAtDeadline: ['s1', 's2'] } });
    expect(p.notifications).toEqual([{ unitId: 'dept', role: 'supervisor', kind: 'partial_report', params: expect.objectContaining({ units: ['s1', 's2'] }) }]);
    const h = engine.client.workflow.getHandle(input.workflowId);
    for (const unitId of ['s1', 's2'])
      await h.signal(subordinateReportedSignal, { unitId, assignmentId: `a-${unitId}`, approvedAt: new Date().toISOString(), onTime: true });
    await waitFor(() => actions(input.workflowId).filter((a) => a === 'assignment.subordinate_reported').length === 2, { timeoutMs: 20_000 });
    expect(eventsOf(engine, input.workflowId).at(-1)!.notifications).toEqual([{ unitId: 'office', role: 'officer', kind: 'reports_complete', params: expect.anything() }]);
    const complete = await act(input.workflowId, submitUpdate, { actor: off, submission: { text: 'Tổng hợp đầy đủ' } });
    expect(complete).toMatchObject({ state: 'submitted', version: 5 });
    const c = eventsOf(engine, input.workflowId).at(-1)!;
    expect(c.action).toBe('assignment.submitted');
    expect(c.submission).toMatchObject({ version: 2, consolidation: { missingAtDeadline: null } });
  });

  it('marks past-due work overdue, escalates twice, and on cancellation records it as not reported and tells the unit', async () => {
    const { input, handle } = await start({ due: addDays(today, -2) });
    await waitFor(() => actions(input.workflowId).filter((a) => a === 'assignment.escalated').length === 2, { timeoutMs: 20_000 });
    const evs = eventsOf(engine, input.workflowId);
    expect(evs.map((e) => e.action)).toEqual(['assignment.created', 'assignment.overdue', 'assignment.escalated', 'assignment.escalated']);
    expect(evs.flatMap((e) => e.notifications ?? []).map((n) => [n.kind, n.unitId])).toEqual([
      ['assigned', 'school'],
      ['overdue', 'school'],
      ['escalation', 'reviewer'],
      ['escalation', 'above'],
    ]);
    await handle.cancel();
    expect(await handle.result()).toMatchObject({ state: 'cancelled' });
    const last = eventsOf(engine, input.workflowId).at(-1)!;
    expect(last).toMatchObject({ action: 'assignment.cancelled', patch: { state: 'cancelled', notReported: true } });
    expect(last.notifications).toEqual([{ unitId: 'school', role: null, kind: 'cancelled', params: expect.objectContaining({ notReported: true }) }]);
  });

  it('does not retry a projection the read model refuses for good: the update fails fast, state is kept, later signals still apply', async () => {
    const { input } = await start();
    engine.reject = (e) =>
      JSON.stringify(e).includes('\\u0000') ? ApplicationFailure.create({ type: 'ProjectionRejected', message: 'invalid byte sequence for encoding "UTF8": 0x00', nonRetryable: true }) : null;
    try {
      const cause = await refusalOf(act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'bad\u0000text' } }));
      expect(cause.type).toBe('ProjectionRejected');
      expect(await state(input.workflowId)).toMatchObject({ state: 'assigned', version: 1, submissionVersion: 0 });
      const h = engine.client.workflow.getHandle(input.workflowId);
      await h.signal(commentSignal, { actor: officer, commentId: '00000000-0000-4000-8000-0000000c0003', text: 'nul\u0000' });
      await h.signal(commentSignal, { actor: officer, commentId: '00000000-0000-4000-8000-0000000c0004', text: 'bình thường' });
      await waitFor(() => engine.completed.some((e) => e.comment?.text === 'bình thường'), { timeoutMs: 20_000 });
      // And the next update works on the state the read model holds.
      expect(await act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'ok' } })).toMatchObject({ state: 'submitted', version: 2 });
    } finally {
      engine.reject = () => null;
    }
  });
});

// A plan modelled on the sample UBND plan 193/KH-UBND (Kết luận 134-KL/TU): a consolidated report up the chain
// school → district office → Sở → UBND, a Sở task with a coordinating Sở, overdue and escalation, amendments,
// a reorganisation and closing — against the real Temporal dev server and PostgreSQL.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  type ActionResult,
  type PlanSpec,
  acknowledgeUpdate,
  amendPlanUpdate,
  approveUpdate,
  closePlanUpdate,
  requestCoordinationUpdate,
  returnUpdate,
  submitUpdate,
} from '@khflow/contracts';
import { addDays, vnDateOf } from '@khflow/domain';
import { verifyAuditChain } from '@khflow/persistence';
import { waitFor } from '../support/test-env';
import { counterMismatches, statusesAt } from '../support/counters-recount';
import { recordHistories } from '../replay/history-recorder';
import { actor, assignmentsOf, launchPlan, startEngine, type Engine } from './engine-harness';
import { SCHOOLS } from './fixtures/engine-directory.fixture';

jest.setTimeout(300_000);

const today = vnDateOf(Date.now());
const owner = actor('t-ubnd', 'plan_owner', 'owner.t-ubnd');

function planSpec(): PlanSpec {
  return {
    number: '193/KH-UBND',
    title: 'Triển khai thực hiện Kết luận số 134-KL/TU',
    issuerUnitId: 't-ubnd',
    issuedAt: '2021-08-19',
    place: 'Hải Phòng',
    basis: [{ text: 'Kết luận số 134-KL/TU ngày 04/5/2021', number: '134-KL/TU', date: '2021-05-04' }],
    tasks: [
      {
        ref: 'III.14',
        title: 'Báo cáo kết quả thực hiện Kế hoạch',
        lead: [{ text: 'Các cơ sở GDĐT', group: { kinds: ['school_thcs', 'school_th', 'school_mn', 'school_thpt'] } }],
        coordinators: [],
        timeframe: { kind: 'once', due: addDays(today, 30), text: 'trước ngày 30/11' },
        consolidate: true,
        consolidation: { stepDays: 5 },
      },
      {
        ref: 'III.1',
        title: 'Rà soát tiêu chuẩn chức danh nghề nghiệp',
        lead: [{ text: 'Phòng GDTX&ĐH', unitId: 't-sgddt-gdtxdh' }],
        coordinators: [{ text: 'Sở KHCN', unitId: 't-sokhcn' }],
        // Already past due: overdue and both escalations fire at once (grace 0 h in this test's policy).
        timeframe: { kind: 'once', due: addDays(today, -1), text: 'trước ngày hôm qua' },
      },
    ],
  };
}

describe('plan lifecycle on the real Temporal server and PostgreSQL', () => {
  let engine: Engine;
  let planId: string;
  let taskIds: string[];

  beforeAll(async () => {
    engine = await startEngine();
    ({ planId, taskIds } = await launchPlan(engine, planSpec(), owner));
  });
  afterAll(async () => {
    await engine?.close();
  });

  const handleOf = (workflowId: string) => engine.client.workflow.getHandle(workflowId);
  const find = async (unitId: string, taskId: string, kind?: string) => {
    const all = await assignmentsOf(engine.ds, planId);
    const a = all.find((x) => x.unit_id === unitId && x.task_id === taskId && (!kind || x.kind === kind));
    if (!a) throw new Error(`no assignment for ${unitId}`);
    return a;
  };
  const act = <T>(workflowId: string, def: { name: string }, args: T, updateId?: string) =>
    handleOf(workflowId).executeUpdate<ActionResult, [T]>(def.name, { args: [args], updateId });

  it('fans out along the reporting tree: schools, district offices and the Sở consolidate, the lead unit works alone', async () => {
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length === 10, { timeoutMs: 60_000 });
    const all = await assignmentsOf(engine.ds, planId);
    const report = all.filter((a) => a.task_id === taskIds[0]);
    expect(report.map((a) => a.unit_id).sort()).toEqual([...SCHOOLS, 't-pgd-a', 't-pgd-b', 't-sgddt', 't-thpt-1'].sort());
    const byUnit = Object.fromEntries(report.map((a) => [a.unit_id, a]));
    // Each level by its own due date: Sở at the task's due, district offices and the THPT 5 days earlier, schools 10.
    expect(byUnit['t-sgddt']).toMatchObject({ kind: 'consolidation', reviewer_unit_id: 't-ubnd', due: addDays(today, 30) });
    expect(byUnit['t-pgd-a']).toMatchObject({ kind: 'consolidation', reviewer_unit_id: 't-sgddt', due: addDays(today, 25) });
    expect(byUnit['t-thpt-1']).toMatchObject({ kind: 'lead', reviewer_unit_id: 't-sgddt', due: addDays(today, 25) });
    expect(byUnit['t-thcs-a1']).toMatchObject({ kind: 'lead', reviewer_unit_id: 't-pgd-a', due: addDays(today, 20), state: 'assigned' });
    expect(byUnit['t-sgddt'].consolidation!.expected.sort()).toEqual(['t-pgd-a', 't-pgd-b', 't-thpt-1']);
    const lead = all.find((a) => a.task_id === taskIds[1])!;
    expect(lead).toMatchObject({ unit_id: 't-sgddt-gdtxdh', kind: 'lead', reviewer_unit_id: 't-sgddt' });
    const assigned = await engine.ds.query(`SELECT count(*)::int AS n FROM notification WHERE plan_id = $1 AND kind = 'assigned'`, [planId]);
    expect(assigned[0].n).toBe(10);
  });

  it('marks past-due work overdue and escalates to the supervisor, then to the next level', async () => {
    const lead = await find('t-sgddt-gdtxdh', taskIds[1]);
    await waitFor(async () => (await find('t-sgddt-gdtxdh', taskIds[1])).escalation_level === 2, { timeoutMs: 30_000 });
    const notes = await engine.ds.query(
      `SELECT kind, recipient_unit_id, recipient_role FROM notification WHERE assignment_id = $1 AND kind IN ('overdue','escalation') ORDER BY created_at`,
      [lead.id],
    );
    expect(notes).toEqual([
      { kind: 'overdue', recipient_unit_id: 't-sgddt-gdtxdh', recipient_role: null },
      { kind: 'escalation', recipient_unit_id: 't-sgddt', recipient_role: 'supervisor' },
      { kind: 'escalation', recipient_unit_id: 't-ubnd', recipient_role: 'supervisor' },
    ]);
    // Reminders 7/3/1 days before a due date already past are stale and not sent.
    const reminders = await engine.ds.query(`SELECT count(*)::int AS n FROM notification WHERE assignment_id = $1 AND kind = 'reminder'`, [lead.id]);
    expect(reminders[0].n).toBe(0);
  });

  it('applies the same action sent twice with one idempotency key once', async () => {
    const lead = await find('t-sgddt-gdtxdh', taskIds[1]);
    const officer = actor('t-sgddt-gdtxdh', 'officer');
    const first = await act(lead.workflow_id, acknowledgeUpdate, { actor: officer }, 'key-ack-1');
    const second = await act(lead.workflow_id, acknowledgeUpdate, { actor: officer }, 'key-ack-1');
    expect(second).toEqual(first);
    const audit = await engine.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE assignment_id = $1 AND action = 'assignment.acknowledged'`, [lead.id]);
    expect(audit[0].n).toBe(1);
    // A different key for the same action is a new action, which the state machine rejects with a reason.
    await expect(act(lead.workflow_id, acknowledgeUpdate, { actor: officer }, 'key-ack-2')).rejects.toThrow(WorkflowUpdateFailedError);
  });

  it('lets the lead ask a coordinating unit for input, then submit, be returned, resubmit and be approved', async () => {
    const lead = await find('t-sgddt-gdtxdh', taskIds[1]);
    const officer = actor('t-sgddt-gdtxdh', 'officer');
    await act(lead.workflow_id, requestCoordinationUpdate, { actor: officer, requestId: 'coord-1', unitIds: ['t-sokhcn'], due: addDays(today, 5), message: 'Đề nghị Sở KHCN cho ý kiến' });
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).some((a) => a.kind === 'coordination'), { timeoutMs: 30_000 });
    const coord = await find('t-sokhcn', taskIds[1], 'coordination');
    expect(coord).toMatchObject({ parent_assignment_id: lead.id, reviewer_unit_id: 't-sgddt-gdtxdh', due: addDays(today, 5) });

    const khcn = actor('t-sokhcn', 'officer');
    await act(coord.workflow_id, submitUpdate, { actor: khcn, submission: { text: 'Ý kiến của Sở KHCN' } });
    await act(coord.workflow_id, approveUpdate, { actor: actor('t-sgddt-gdtxdh', 'supervisor') });
    await waitFor(async () => (await engine.ds.query(`SELECT 1 FROM notification WHERE assignment_id = $1 AND kind = 'coordination_answered'`, [lead.id])).length === 1, { timeoutMs: 30_000 });

    await act(lead.workflow_id, submitUpdate, { actor: officer, submission: { text: 'Báo cáo rà soát lần 1', attachments: [{ id: '00000000-0000-4000-8000-000000000001', fileName: 'bao-cao.pdf', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) }] } });
    const sgd = actor('t-sgddt', 'supervisor');
    // An officer cannot approve; a supervisor of another unit cannot either.
    await expect(act(lead.workflow_id, approveUpdate, { actor: actor('t-sgddt', 'officer') })).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(act(lead.workflow_id, approveUpdate, { actor: actor('t-ubnd', 'supervisor') })).rejects.toThrow(WorkflowUpdateFailedError);
    await act(lead.workflow_id, returnUpdate, { actor: sgd, comment: 'Bổ sung số liệu' });
    await act(lead.workflow_id, submitUpdate, { actor: officer, submission: { text: 'Báo cáo rà soát lần 2' } });
    const current = await find('t-sgddt-gdtxdh', taskIds[1]);
    // Two supervisors decide at once on the same version: one wins, the other gets a version conflict.
    const results = await Promise.allSettled([
      act(lead.workflow_id, approveUpdate, { actor: sgd, expectedVersion: current.version }),
      act(lead.workflow_id, returnUpdate, { actor: actor('t-sgddt', 'supervisor', 'supervisor2.t-sgddt'), comment: 'x', expectedVersion: current.version }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as WorkflowUpdateFailedError).cause?.message).toMatch(/expected version|already/);

    const subs = await engine.ds.query(`SELECT version, text, decision, decision_comment, attachments FROM submission WHERE assignment_id = $1 ORDER BY version`, [lead.id]);
    expect(subs.map((s: { version: number; decision: string }) => [s.version, s.decision])).toEqual([[1, 'returned'], [2, results[0].status === 'fulfilled' ? 'approved' : 'returned']]);
    expect(subs[0].decision_comment).toBe('Bổ sung số liệu');
    expect(subs[0].attachments[0].sha256).toBe('a'.repeat(64));
    // Whichever decision won the race, the lead ends approved (late: it was past due), as the counters test expects.
    if (results[0].status !== 'fulfilled') {
      await act(lead.workflow_id, submitUpdate, { actor: officer, submission: { text: 'Báo cáo rà soát lần 3' } });
      await act(lead.workflow_id, approveUpdate, { actor: sgd });
    }
    expect((await find('t-sgddt-gdtxdh', taskIds[1])).state).toBe('approved');
  });

  it('consolidates up three levels: each level waits for its subordinates, then reports upward', async () => {
    const task = taskIds[0];
    const pgdA = await find('t-pgd-a', task);
    // Before its deadline, the district office may send a partial report naming the schools still missing; it stays
    // in progress and sends the complete report once they have reported.
    const early = await act(pgdA.workflow_id, submitUpdate, { actor: actor('t-pgd-a', 'officer'), submission: { text: 'Tổng hợp quận A (chưa đủ)' } });
    expect(early).toMatchObject({ state: 'in_progress' });
    const [partial] = await engine.ds.query(`SELECT version, consolidation, decision FROM submission WHERE assignment_id = $1`, [pgdA.id]);
    expect(partial).toMatchObject({ version: 1, decision: null });
    expect(partial.consolidation.missingAtDeadline.sort()).toEqual(['t-th-a2', 't-thcs-a1', 't-thcs-a3']);
    const [note] = await engine.ds.query(`SELECT recipient_unit_id, params FROM notification WHERE assignment_id = $1 AND kind = 'partial_report'`, [pgdA.id]);
    expect(note).toMatchObject({ recipient_unit_id: 't-sgddt', params: { units: ['t-th-a2', 't-thcs-a1', 't-thcs-a3'] } });

    for (const school of SCHOOLS) {
      const a = await find(school, task);
      await act(a.workflow_id, acknowledgeUpdate, { actor: actor(school, 'officer') });
      await act(a.workflow_id, submitUpdate, { actor: actor(school, 'officer'), submission: { text: `Báo cáo của ${school}` } });
      await act(a.workflow_id, approveUpdate, { actor: actor(a.reviewer_unit_id, 'supervisor') });
    }
    const thpt = await find('t-thpt-1', task);
    await act(thpt.workflow_id, submitUpdate, { actor: actor('t-thpt-1', 'officer'), submission: { text: 'Báo cáo THPT' } });
    await act(thpt.workflow_id, approveUpdate, { actor: actor('t-sgddt', 'supervisor') });

    for (const office of ['t-pgd-a', 't-pgd-b']) {
      await waitFor(async () => {
        const a = await find(office, task);
        return a.consolidation!.reported.length === a.consolidation!.expected.length;
      }, { timeoutMs: 30_000 });
      const a = await find(office, task);
      await act(a.workflow_id, submitUpdate, { actor: actor(office, 'officer'), submission: { text: `Tổng hợp ${office}` } });
      await act(a.workflow_id, approveUpdate, { actor: actor('t-sgddt', 'supervisor') });
    }
    await waitFor(async () => (await find('t-sgddt', task)).consolidation!.reported.length === 3, { timeoutMs: 30_000 });
    const sgd = await find('t-sgddt', task);
    await act(sgd.workflow_id, submitUpdate, { actor: actor('t-sgddt', 'officer'), submission: { text: 'Sở GDĐT tổng hợp báo cáo UBND' } });
    await act(sgd.workflow_id, approveUpdate, { actor: actor('t-ubnd', 'supervisor') });
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).filter((a) => a.task_id === task).every((a) => a.state === 'approved'), { timeoutMs: 30_000 });
    const final = await engine.ds.query(`SELECT consolidation FROM submission WHERE assignment_id = $1`, [sgd.id]);
    expect(final[0].consolidation.reported.map((r: { unitId: string }) => r.unitId).sort()).toEqual(['t-pgd-a', 't-pgd-b', 't-thpt-1']);
    await waitFor(async () => (await engine.ds.query(`SELECT status FROM task WHERE id = $1`, [task]))[0].status === 'done', { timeoutMs: 30_000 });
  });

  it('takes amendments while running and records who made them and why', async () => {
    const plan = handleOf(`plan:${planId}`);
    const newTaskId = '11111111-1111-4111-8111-111111111111';
    await plan.executeUpdate(amendPlanUpdate, {
      args: [{ actor: owner, reason: 'Bổ sung nhiệm vụ theo chỉ đạo', amendmentId: 'am-1', op: { type: 'add_task', task: { id: newTaskId, ref: 'III.15', title: 'Kiểm tra việc thực hiện', lead: [{ unitId: 't-pgd-a' }, { unitId: 't-pgd-b' }], coordinators: [], timeframe: { kind: 'once', due: addDays(today, 40) } } } }],
      updateId: 'am-1',
    });
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).filter((a) => a.task_id === newTaskId).length === 2, { timeoutMs: 30_000 });

    await plan.executeUpdate(amendPlanUpdate, { args: [{ actor: owner, reason: 'Lùi thời hạn', amendmentId: 'am-2', op: { type: 'change_due', taskId: newTaskId, due: addDays(today, 45) } }] });
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).filter((a) => a.task_id === newTaskId).every((a) => a.due === addDays(today, 45)), { timeoutMs: 30_000 });

    await plan.executeUpdate(amendPlanUpdate, { args: [{ actor: owner, reason: 'Thêm trường THPT', amendmentId: 'am-3', op: { type: 'add_units', taskId: newTaskId, unitIds: ['t-thpt-1'] } }] });
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).filter((a) => a.task_id === newTaskId).length === 3, { timeoutMs: 30_000 });

    await plan.executeUpdate(amendPlanUpdate, { args: [{ actor: owner, reason: 'Huyện B không thuộc phạm vi', amendmentId: 'am-4', op: { type: 'remove_units', taskId: newTaskId, unitIds: ['t-pgd-b'] } }] });
    await waitFor(async () => (await find('t-pgd-b', newTaskId)).state === 'cancelled', { timeoutMs: 30_000 });

    // An invalid amendment is rejected with a reason and changes nothing.
    await expect(plan.executeUpdate(amendPlanUpdate, { args: [{ actor: owner, reason: 'x', amendmentId: 'am-5', op: { type: 'change_due', taskId: newTaskId, due: '2024-13-45' } }] })).rejects.toThrow(WorkflowUpdateFailedError);

    const history = await engine.ds.query(
      `SELECT action, actor_id, details->>'reason' AS reason FROM audit_log WHERE plan_id = $1 AND action LIKE 'plan.amended.%' ORDER BY seq`,
      [planId],
    );
    expect(history).toEqual([
      { action: 'plan.amended.task_added', actor_id: owner.userId, reason: 'Bổ sung nhiệm vụ theo chỉ đạo' },
      { action: 'plan.amended.due_changed', actor_id: owner.userId, reason: 'Lùi thời hạn' },
      { action: 'plan.amended.units_added', actor_id: owner.userId, reason: 'Thêm trường THPT' },
      { action: 'plan.amended.units_removed', actor_id: owner.userId, reason: 'Huyện B không thuộc phạm vi' },
    ]);
  });

  it('moves open assignments of a merged unit to its successor', async () => {
    const newTaskId = '11111111-1111-4111-8111-111111111111';
    const before = await find('t-pgd-a', newTaskId);
    const run = await engine.client.workflow.execute('reorganisationWorkflow', {
      workflowId: 'reorg:t-pgd-a:t-pgd-b',
      taskQueue: engine.config.temporalTaskQueue,
      args: [{ unitId: 't-pgd-a', successorId: 't-pgd-b', effectiveDate: today, actor: actor('t-ubnd', 'admin', 'admin'), reason: 'Sáp nhập quận A vào huyện B' }],
    });
    expect(run.moved).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).find((a) => a.id === before.id)!.unit_id === 't-pgd-b', { timeoutMs: 30_000 });
    const moved = await engine.ds.query(`SELECT details FROM audit_log WHERE assignment_id = $1 AND action = 'assignment.reassigned'`, [before.id]);
    expect(moved[0].details).toMatchObject({ fromUnitId: 't-pgd-a', toUnitId: 't-pgd-b', reason: 'Sáp nhập quận A vào huyện B' });
  });

  // The counters behind the dashboard and plan progress, kept by triggers in each projection's transaction, agree
  // with a full recount of the rows this run wrote — now, at the end of the added task's (amended) due day and after it.
  const countersAgree = async () => {
    const nows = [Date.now(), Date.parse(`${addDays(today, 45)}T23:59:59.999+07:00`), Date.parse(`${addDays(today, 46)}T00:00:00+07:00`)];
    expect(await counterMismatches(engine.ds, nows)).toEqual([]);
  };

  it('keeps the counters equal to a full recount while running (overdue, in progress, returned or done, units moved)', async () => {
    await countersAgree();
    expect(await statusesAt(engine.ds, Date.now())).toEqual(expect.arrayContaining(['cancelled', 'done_late', 'done_on_time', 'in_progress_on_time']));
    // The open work of the added task turns overdue once its due day has passed, with no write at all.
    expect(await statusesAt(engine.ds, Date.parse(`${addDays(today, 46)}T00:00:00+07:00`))).toContain('overdue');
  });

  it('closing the plan ends every open assignment cleanly, and the audit chain verifies', async () => {
    const plan = handleOf(`plan:${planId}`);
    await plan.executeUpdate(closePlanUpdate, { args: [{ actor: owner, reason: 'Kết thúc kế hoạch', outcome: 'closed' }] });
    expect(await plan.result()).toEqual({ status: 'closed' });
    const all = await assignmentsOf(engine.ds, planId);
    expect(all.every((a) => a.state === 'approved' || a.state === 'cancelled')).toBe(true);
    expect(all.some((a) => a.state === 'cancelled')).toBe(true);
    const [p] = await engine.ds.query('SELECT status, closed_at FROM plan WHERE id = $1', [planId]);
    expect(p.status).toBe('closed');
    expect(p.closed_at).not.toBeNull();
    // Units lose no visibility at close: each open assignment's unit is told why its work ended, and work past its
    // deadline without a report stays counted as not reported (not as a plain cancellation).
    const ended = await engine.ds.query(
      `SELECT a.unit_id, a.not_reported, n.params FROM assignment a JOIN notification n ON n.assignment_id = a.id AND n.kind = 'cancelled' WHERE a.plan_id = $1 ORDER BY a.unit_id`,
      [planId],
    );
    expect(ended.length).toBe(all.filter((a) => a.state === 'cancelled').length);
    // t-pgd-b holds several ended assignments (its own, and district A's merged into it): the removed one says so.
    expect(ended.filter((e: { unit_id: string }) => e.unit_id === 't-pgd-b').map((e: { params: { reason: string } }) => e.params.reason)).toContain('unit_removed');
    expect(ended.filter((e: { params: { reason: string } }) => e.params.reason === 'plan_closed').length).toBeGreaterThan(0);
    for (const e of ended) expect(e.params.notReported).toBe(e.not_reported);
    const v = await verifyAuditChain(engine.ds);
    expect(v.ok).toBe(true);
    expect(v.checked).toBeGreaterThan(50);
    const all2 = await assignmentsOf(engine.ds, planId);
    const pick = (unitId: string, taskId: string) => all2.find((a) => a.unit_id === unitId && a.task_id === taskId)!.workflow_id;
    await recordHistories('plan-lifecycle', [
      { name: 'plan', workflowId: `plan:${planId}` },
      { name: 'task-consolidated', workflowId: `task:${planId}:${taskIds[0]}` },
      { name: 'node-sgddt', workflowId: `node:${planId}:${taskIds[0]}:once:t-sgddt` },
      { name: 'assignment-lead-returned-approved', workflowId: pick('t-sgddt-gdtxdh', taskIds[1]) },
      { name: 'assignment-consolidation', workflowId: pick('t-sgddt', taskIds[0]) },
      { name: 'assignment-coordination', workflowId: pick('t-sokhcn', taskIds[1]) },
    ]);
  });

  it('keeps the counters equal to a full recount after closing (cancelled, not reported at close, done)', async () => {
    await countersAgree();
    expect(await statusesAt(engine.ds, Date.now())).toEqual(expect.arrayContaining(['cancelled', 'done_on_time']));
  });
});

// Amending a recurring task (weekly here): a new due rule reaches the open period and the periods to come; a date
// moves the open period's due date; launching work already past due, or for units nobody can act for, warns the
// plan owner. On the real Temporal dev server and PostgreSQL.
import type { PlanSpec, Recurrence } from '@khflow/contracts';
import { amendPlanUpdate } from '@khflow/contracts';
import { addDays, dueOfPeriod, periodContaining, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { actor, assignmentsOf, launchPlan, startEngine, type Engine } from './engine-harness';
import { ENGINE_USERS } from './fixtures/engine-directory.fixture';

jest.setTimeout(300_000);

const owner = actor('t-sgddt', 'plan_owner', 'owner.t-sgddt');
const today = vnDateOf(Date.now());
const weekly: Recurrence = { freq: 'weekly', due: { monthOffset: 1, day: 5 } }; // Friday of the next week

describe('amending a weekly recurring task, and launch warnings', () => {
  let engine: Engine;
  let planId: string;
  let taskIds: string[];
  beforeAll(async () => {
    // Nobody works for Sở KHCN in this directory.
    engine = await startEngine({ users: ENGINE_USERS.filter((u) => u.unitId !== 't-sokhcn') });
    const spec: PlanSpec = {
      title: 'Báo cáo tuần',
      issuerUnitId: 't-sgddt',
      tasks: [
        { ref: '1', title: 'Báo cáo tình hình hằng tuần', lead: [{ unitId: 't-sgddt-gdtxdh' }], coordinators: [], timeframe: { kind: 'recurring', text: 'hằng tuần', recurrence: weekly } },
        { ref: '2', title: 'Góp ý dự thảo', lead: [{ unitId: 't-sokhcn' }], coordinators: [], timeframe: { kind: 'once', due: addDays(today, -1) } },
      ],
    };
    ({ planId, taskIds } = await launchPlan(engine, spec, owner));
  });
  afterAll(async () => {
    await engine?.close();
  });

  const weeklyAssignment = async () => (await assignmentsOf(engine.ds, planId)).find((a) => a.task_id === taskIds[0]);

  it('starts the current week with its due date by the weekly rule', async () => {
    await waitFor(async () => !!(await weeklyAssignment()), { timeoutMs: 60_000 });
    const week = periodContaining('weekly', today);
    expect(await weeklyAssignment()).toMatchObject({ period_key: week.key, due: dueOfPeriod(weekly, week), unit_id: 't-sgddt-gdtxdh' });
  });

  it('warns the plan owner about a past due date and units nobody can act for', async () => {
    await waitFor(async () => (await engine.ds.query(`SELECT 1 FROM audit_log WHERE plan_id = $1 AND action = 'task.launch_warnings'`, [planId])).length === 1, { timeoutMs: 60_000 });
    const [w] = await engine.ds.query(`SELECT entity_id, details FROM audit_log WHERE plan_id = $1 AND action = 'task.launch_warnings'`, [planId]);
    expect(w.entity_id).toBe(taskIds[1]);
    expect(w.details.warnings).toEqual([
      { code: 'due_in_past', taskId: taskIds[1], ref: '2', due: addDays(today, -1) },
      { code: 'units_without_actors', taskId: taskIds[1], ref: '2', unitIds: ['t-sokhcn'] },
    ]);
    const notes = await engine.ds.query(`SELECT recipient_unit_id, recipient_role, params->>'warning' AS warning FROM notification WHERE plan_id = $1 AND kind = 'launch_warning' ORDER BY 3`, [planId]);
    expect(notes).toEqual([
      { recipient_unit_id: 't-sgddt', recipient_role: 'plan_owner', warning: 'due_in_past' },
      { recipient_unit_id: 't-sgddt', recipient_role: 'plan_owner', warning: 'units_without_actors' },
    ]);
  });

  it('takes a new due rule for the open week and the weeks to come, then a date for the open week', async () => {
    const plan = engine.client.workflow.getHandle(`plan:${planId}`);
    const sunday: Recurrence = { freq: 'weekly', due: { monthOffset: 1, day: 7 } };
    await plan.executeUpdate(amendPlanUpdate, { args: [{ actor: owner, reason: 'Báo cáo vào Chủ nhật', amendmentId: 'r-1', op: { type: 'change_due', taskId: taskIds[0], due: null, recurrence: sunday } }] });
    const week = periodContaining('weekly', today);
    await waitFor(async () => (await weeklyAssignment())!.due === dueOfPeriod(sunday, week), { timeoutMs: 30_000 });
    const [t] = await engine.ds.query(`SELECT timeframe FROM task WHERE id = $1`, [taskIds[0]]);
    expect(t.timeframe.recurrence).toEqual(sunday);
    // A date alone moves the open week's due date (no longer refused for a recurring task).
    const date = addDays(today, 3);
    await plan.executeUpdate(amendPlanUpdate, { args: [{ actor: owner, reason: 'Lùi hạn tuần này', amendmentId: 'r-2', op: { type: 'change_due', taskId: taskIds[0], due: date } }] });
    await waitFor(async () => (await weeklyAssignment())!.due === date, { timeoutMs: 30_000 });
    // A rule that makes no sense is refused with the field named, and changes nothing.
    await expect(
      plan.executeUpdate(amendPlanUpdate, { args: [{ actor: owner, reason: 'x', amendmentId: 'r-3', op: { type: 'change_due', taskId: taskIds[0], due: null, recurrence: { freq: 'weekly', due: { monthOffset: 0, day: 9 } } } }] }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/recurrence\.due\.day must be an integer from 1 to 7/) } });
    const actions = await engine.ds.query(`SELECT action, details->>'reason' AS reason FROM audit_log WHERE plan_id = $1 AND action LIKE 'plan.amended.%' ORDER BY seq`, [planId]);
    expect(actions).toEqual([
      { action: 'plan.amended.due_rule_changed', reason: 'Báo cáo vào Chủ nhật' },
      { action: 'plan.amended.due_changed', reason: 'Lùi hạn tuần này' },
    ]);
    await plan.terminate('test done');
  });
});

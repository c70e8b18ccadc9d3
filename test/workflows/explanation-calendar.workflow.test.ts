// Issue 17 in the assignment workflow (stubbed activities, real Temporal dev server): explanation requests
// (yêu cầu giải trình) as Updates with validators, and deadlines that follow the working-day calendar the
// workingCalendar activity gives the run.
import { answerExplanationUpdate, requestExplanationUpdate, submitUpdate } from '@khflow/contracts';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { actor, assignmentDriver, eventsOf, startStubEngine, type StubEngine } from './stub-engine';

jest.setTimeout(120_000);

const officer = actor('school', 'officer');
const supervisor = actor('office', 'supervisor');
const today = vnDateOf(Date.now());

describe('assignment workflow: explanation requests and the working-day calendar', () => {
  let engine: StubEngine;
  beforeAll(async () => {
    engine = await startStubEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const { start, act, state, actions, refusalOf } = assignmentDriver(() => engine);

  it('a supervisor asks an overdue unit for an explanation; the unit answers with a reason and a new date; both recorded and notified', async () => {
    const { input } = await start({ due: addDays(today, -2) });
    await waitFor(() => actions(input.workflowId).includes('assignment.overdue'), { timeoutMs: 20_000 });
    // Refused in the validator, nothing recorded: the wrong role, an empty message.
    expect((await refusalOf(act(input.workflowId, requestExplanationUpdate, { actor: officer, requestId: 'e1', message: 'Vì sao chậm?' }))).type).toBe('Forbidden');
    expect((await refusalOf(act(input.workflowId, requestExplanationUpdate, { actor: supervisor, requestId: 'e1', message: ' ' }))).type).toBe('Invalid');
    const asked = await act(input.workflowId, requestExplanationUpdate, { actor: supervisor, requestId: 'e1', message: 'Đề nghị giải trình lý do chậm' });
    expect(asked.state).toBe('assigned');
    expect((await refusalOf(act(input.workflowId, requestExplanationUpdate, { actor: supervisor, requestId: 'e2', message: 'Lần nữa' }))).type).toBe('InvalidTransition');
    expect((await refusalOf(act(input.workflowId, answerExplanationUpdate, { actor: officer, requestId: 'e1', reason: 'r', newDue: addDays(today, -1) }))).type).toBe('Invalid');
    const answered = await act(input.workflowId, answerExplanationUpdate, { actor: officer, requestId: 'e1', reason: 'Chờ số liệu của các trường', newDue: addDays(today, 5) });
    expect(answered.version).toBe(asked.version + 1);
    expect((await state(input.workflowId)).explanations).toEqual([
      expect.objectContaining({ id: 'e1', status: 'answered', message: 'Đề nghị giải trình lý do chậm', reason: 'Chờ số liệu của các trường', newDue: addDays(today, 5), requestedByUnitId: 'office' }),
    ]);
    const evs = eventsOf(engine, input.workflowId).filter((e) => e.action.startsWith('assignment.explanation'));
    expect(evs.map((e) => [e.action, e.explanation?.status, e.notifications?.map((n) => [n.kind, n.unitId, n.role])])).toEqual([
      ['assignment.explanation_requested', 'pending', [['explanation_requested', 'school', null]]],
      ['assignment.explanation_answered', 'answered', [['explanation_answered', 'office', 'supervisor']]],
    ]);
    // The unit still reports afterwards, as any late work.
    expect(await act(input.workflowId, submitUpdate, { actor: officer, submission: { text: 'Báo cáo' } })).toMatchObject({ state: 'submitted' });
  });

  it('work within its deadline cannot be asked for an explanation', async () => {
    const { input } = await start();
    expect((await refusalOf(act(input.workflowId, requestExplanationUpdate, { actor: supervisor, requestId: 'e1', message: 'm' }))).type).toBe('InvalidTransition');
    expect(actions(input.workflowId)).toEqual(['assignment.created']);
  });

  it('deadlines follow the calendar: a due date on a run of holidays moves to the next working day, so nothing is overdue yet', async () => {
    // Without a calendar a due date two days ago is overdue at once (previous test file); with these days off it moves on.
    const days: StubEngine['calendar']['days'] = {};
    for (let i = -3; i <= 3; i++) days[addDays(today, i)] = { date: addDays(today, i), kind: 'holiday', name: 'Tết' };
    const { input } = await start({ due: addDays(today, -2) }, { weekendDays: [], days });
    const control = await start({ due: addDays(today, -2) });
    await waitFor(() => actions(control.input.workflowId).includes('assignment.overdue'), { timeoutMs: 20_000 });
    // The control run has long been marked overdue; the calendar run has recorded nothing but its creation.
    await waitFor(() => actions(control.input.workflowId).filter((a) => a === 'assignment.escalated').length === 2, { timeoutMs: 20_000 });
    expect(actions(input.workflowId)).toEqual(['assignment.created']);
    expect(await state(input.workflowId)).toMatchObject({ overdueNotified: false, escalationLevel: 0, due: addDays(today, -2) });
  });
});

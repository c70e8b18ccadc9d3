// Workflow tests with stubbed activities: the real workflow bundle on the real Temporal dev server (started by the
// Jest global setup), with the activities replaced by an in-memory recorder. The stub's "read model" applies each
// projection in the order the activities complete, unconditionally, like the projection did before it was
// versioned: a test that overlaps projections sees the workflow's ordering, not the database's guard.
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type ActionResult, type Actor, type AssignmentEvent, type AssignmentSnapshot, assignmentStateQuery, type AssignmentRowPatch, type AssignmentWorkflowInput, type DeadlinePolicy, type EngineActivities, type Role, stableUuid, type WorkingCalendarData } from '@khflow/contracts';
import { temporalTestConnection, uniqueTaskQueue, waitFor, workflowBundlePath } from '../support/test-env';

export const actor = (unitId: string, role: Role): Actor => ({ userId: `u-${role}.${unitId}`, unitId, roles: [role] });

export interface StubEngine {
  client: Client;
  taskQueue: string;
  /** Every projection, in the order the activity was called. */
  calls: AssignmentEvent[];
  /** Projections in the order they completed. */
  completed: AssignmentEvent[];
  /** Each recordAssignmentEvents call's events (a host's or a node's batch of creations); each event is also in calls. */
  batches: AssignmentEvent[][];
  /** The stub read model: assignment id -> last written row. */
  rows: Map<string, AssignmentRowPatch>;
  /** Per-action hooks: delay (ms) or a failure to throw. */
  delays: Map<string, number>;
  reject: (e: AssignmentEvent) => Error | null;
  escalation: { supervisorUnitId: string; nextLevelUnitId: string | null };
  /** What the workingCalendar activity answers (issue 17): calendar days only unless a test sets one. */
  calendar: WorkingCalendarData;
  /** Per workflow id, when a test gives one workflow its own calendar. */
  calendars: Map<string, WorkingCalendarData>;
  close(): Promise<void>;
}

const unused = (name: string) => async () => {
  throw ApplicationFailure.nonRetryable(`${name} is not used by assignment workflow tests`);
};

/** On the dev server of the Jest setup, or on a time-skipping environment a test made (its connections, not closed here). */
export async function startStubEngine(env?: TestWorkflowEnvironment): Promise<StubEngine> {
  const t = env ? null : temporalTestConnection();
  const taskQueue = uniqueTaskQueue('wf');
  const native = env ? env.nativeConnection : await NativeConnection.connect({ address: t!.address });
  const connection = env ? null : await Connection.connect({ address: t!.address });
  const client = env ? env.client : new Client({ connection: connection!, namespace: t!.namespace });
  const engine: StubEngine = {
    client,
    taskQueue,
    calls: [],
    completed: [],
    batches: [],
    rows: new Map(),
    delays: new Map(),
    reject: () => null,
    escalation: { supervisorUnitId: 'reviewer', nextLevelUnitId: 'above' },
    calendar: { weekendDays: [], days: {} },
    calendars: new Map(),
    close: async () => undefined,
  };
  const activities: EngineActivities = {
    launchPlan: unused('launchPlan'),
    recordPlanEvent: unused('recordPlanEvent'),
    addTask: unused('addTask'),
    updateTask: unused('updateTask'),
    resolveTaskTargets: unused('resolveTaskTargets'),
    changeTaskTargets: unused('changeTaskTargets'),
    nodeChildren: unused('nodeChildren'),
    scheduleUnitMerge: unused('scheduleUnitMerge'),
    prepareReorganisationMoves: unused('prepareReorganisationMoves'),
    reorganisationMovesPage: unused('reorganisationMovesPage'),
    recordAssignmentMerged: unused('recordAssignmentMerged'),
    completeReorganisation: unused('completeReorganisation'),
    escalationTargets: async () => engine.escalation,
    workingCalendar: async () => engine.calendars.get(Context.current().info.workflowExecution?.workflowId ?? "") ?? engine.calendar,
    async recordAssignmentEvents(events) {
      engine.batches.push(events);
      const rejected: string[] = [];
      for (const e of events) {
        engine.calls.push(e);
        if (engine.reject(e)) rejected.push(e.eventKey);
        else {
          engine.rows.set(e.assignmentId, { ...(engine.rows.get(e.assignmentId) ?? {}), ...e.patch });
          engine.completed.push(e);
        }
      }
      return { rejected };
    },
    async recordAssignmentEvent(e) {
      engine.calls.push(e);
      const failure = engine.reject(e);
      if (failure) throw failure;
      const delay = engine.delays.get(e.action);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      engine.rows.set(e.assignmentId, { ...(engine.rows.get(e.assignmentId) ?? {}), ...e.patch });
      engine.completed.push(e);
    },
  };
  const worker = await Worker.create({ connection: native, namespace: env ? (env.namespace ?? 'default') : t!.namespace, taskQueue, workflowBundle: { codePath: workflowBundlePath() }, activities });
  const running = worker.run();
  engine.close = async () => {
    worker.shutdown();
    await running.catch(() => undefined);
    if (env) return;
    await native.close();
    await connection!.close();
  };
  return engine;
}

export const POLICY: DeadlinePolicy = { reminderOffsetsDays: [7, 3, 1], escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0 };

let n = 0;
/** Input of a fresh assignment with a unique workflow id. */
export function assignmentInput(over: Partial<AssignmentWorkflowInput> = {}): AssignmentWorkflowInput & { workflowId: string } {
  n += 1;
  const workflowId = `asg:test-plan:${Date.now().toString(36)}-${n}:once:school`;
  return {
    workflowId,
    assignmentId: stableUuid(workflowId),
    planId: '00000000-0000-4000-8000-00000000aaaa',
    taskId: '00000000-0000-4000-8000-00000000bbbb',
    periodKey: 'once',
    unitId: 'school',
    kind: 'lead',
    reviewerUnitId: 'office',
    due: '2099-12-31',
    policy: POLICY,
    title: 'Báo cáo',
    ...over,
  };
}

export function eventsOf(engine: StubEngine, workflowId: string): AssignmentEvent[] {
  return engine.calls.filter((c) => c.workflowId === workflowId);
}

/**
 * What the assignment workflow suites do to a run: start it (with the calendar its workingCalendar activity gives,
 * if any) and wait for its creation, act by Update, read its state and recorded actions, take a refusal apart. The
 * engine is read at each call: suites start it in beforeAll.
 */
export function assignmentDriver(engineOf: () => StubEngine) {
  const start = async (over: Parameters<typeof assignmentInput>[0] = {}, calendar?: StubEngine['calendar']) => {
    const engine = engineOf();
    const input = assignmentInput(over);
    if (calendar) engine.calendars.set(input.workflowId, calendar);
    const handle = await engine.client.workflow.start('assignmentWorkflow', { workflowId: input.workflowId, taskQueue: engine.taskQueue, args: [input] });
    await waitFor(() => eventsOf(engine, input.workflowId).some((e) => e.action === 'assignment.created'), { timeoutMs: 20_000 });
    return { input, handle };
  };
  const act = <T>(workflowId: string, def: { name: string }, args: T) => engineOf().client.workflow.getHandle(workflowId).executeUpdate<ActionResult, [T]>(def.name, { args: [args] });
  const state = (workflowId: string) => engineOf().client.workflow.getHandle(workflowId).query<AssignmentSnapshot>(assignmentStateQuery.name);
  const actions = (workflowId: string) => eventsOf(engineOf(), workflowId).map((e) => e.action);
  const refusalOf = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
  };
  return { start, act, state, actions, refusalOf };
}

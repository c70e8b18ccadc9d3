// A launched plan: starts one workflow per task, takes amendments while it runs, and ends every open assignment
// when it is closed or cancelled.
import {
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';

/** A cancelled plan asks each open task to cancel once (where it starts them). */
export const TASKS_CANCELLED_ONCE_PATCH = 'plan-tasks-cancelled-once';
import {
  type AmendmentInput,
  type ClosePlanInput,
  type PlanWorkflowInput,
  type TaskLaunchInfo,
  SYSTEM_ACTOR,
  amendPlanUpdate,
  closePlanUpdate,
  planStatusQuery,
  workflowIds,
  MAX_AMENDMENT_UNITS,
} from '@khflow/contracts';
import { isValidDate, recurrenceProblem } from '@khflow/domain';
import { engineActivities } from './activities.proxy';
import { taskChangeDueSignal, taskChangeRuleSignal, taskUnitsChangedSignal } from './task-messages';
import { taskWorkflow } from './task.workflow';

interface TaskRun {
  info: TaskLaunchInfo;
  workflowId: string;
  closed: boolean;
  cancelled: boolean;
}

export async function planWorkflow(input: PlanWorkflowInput): Promise<{ status: 'closed' | 'cancelled' }> {
  const acts = engineActivities();
  const wfId = workflowInfo().workflowId;
  let seq = 0;
  const key = (name: string) => `${wfId}#${++seq}:${name}`;
  const now = () => new Date().toISOString();
  const tasks = new Map<string, TaskRun>();
  let closing: ClosePlanInput | null = null;
  let launched: Awaited<ReturnType<typeof acts.launchPlan>> | null = null;

  const invalid = (message: string): never => {
    throw ApplicationFailure.create({ type: 'Invalid', message, nonRetryable: true });
  };

  async function startTask(info: TaskLaunchInfo) {
    const workflowId = workflowIds.task(input.planId, info.taskId);
    const run: TaskRun = { info, workflowId, closed: false, cancelled: false };
    tasks.set(info.taskId, run);
    const h = await startChild(taskWorkflow, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      // finish() cancels each open task explicitly; left to the SDK too, a cancelled plan asked twice, which the
      // server may refuse ("cancellation already requested"), failing the plan's workflow task.
      ...(patched(TASKS_CANCELLED_ONCE_PATCH) ? { cancellationType: ChildWorkflowCancellationType.ABANDON } : {}),
      args: [
        {
          planId: input.planId,
          taskId: info.taskId,
          issuerUnitId: launched!.issuerUnitId,
          timeframe: info.timeframe,
          consolidate: info.consolidate,
          stepDays: info.stepDays,
          policy: info.reminderOffsetsDays ? { ...input.policy, reminderOffsetsDays: info.reminderOffsetsDays } : input.policy,
          title: info.title,
          reminderOffsetsDays: info.reminderOffsetsDays,
          launchDate: launched!.launchDate,
        },
      ],
    });
    h.result().then(
      () => void (run.closed = true),
      () => void (run.closed = true),
    );
  }

  const openTask = (taskId: string) => {
    const t = tasks.get(taskId);
    if (!t) invalid(`task ${taskId} is not part of this plan`);
    if (t!.closed || t!.cancelled) invalid(`task ${taskId} is already finished`);
    return t!;
  };

  setHandler(
    amendPlanUpdate,
    async (a: AmendmentInput) => {
      const base = { planId: input.planId, actor: a.actor, reason: a.reason, occurredAt: now() };
      const op = a.op;
      switch (op.type) {
        case 'add_task': {
          const info = await acts.addTask({ ...base, eventKey: key(`amend:${a.amendmentId}`), task: op.task });
          await startTask(info);
          break;
        }
        case 'cancel_task': {
          const t = openTask(op.taskId);
          t.cancelled = true;
          await acts.updateTask({ ...base, eventKey: key(`amend:${a.amendmentId}`), taskId: op.taskId, status: 'cancelled' });
          await getExternalWorkflowHandle(t.workflowId).cancel();
          break;
        }
        case 'change_due': {
          const t = openTask(op.taskId);
          if (op.recurrence && t.info.timeframe.kind === 'recurring') {
            // A new due rule for the periods to come (and the open one, when the frequency stays).
            const timeframe = { ...t.info.timeframe, recurrence: op.recurrence };
            await acts.updateTask({ ...base, eventKey: key(`amend:${a.amendmentId}`), taskId: op.taskId, timeframe });
            t.info = { ...t.info, timeframe };
            await getExternalWorkflowHandle(t.workflowId).signal(taskChangeRuleSignal, { recurrence: op.recurrence, actor: a.actor, reason: a.reason });
            break;
          }
          await acts.updateTask({ ...base, eventKey: key(`amend:${a.amendmentId}`), taskId: op.taskId, due: op.due });
          await getExternalWorkflowHandle(t.workflowId).signal(taskChangeDueSignal, { due: op.due, actor: a.actor, reason: a.reason });
          break;
        }
        case 'add_units':
        case 'remove_units': {
          const t = openTask(op.taskId);
          const add = op.type === 'add_units' ? op.unitIds : [];
          const remove = op.type === 'remove_units' ? op.unitIds : [];
          await acts.changeTaskTargets({ ...base, eventKey: key(`amend:${a.amendmentId}`), taskId: op.taskId, add, remove });
          await getExternalWorkflowHandle(t.workflowId).signal(taskUnitsChangedSignal, { added: add, removed: remove, actor: a.actor, reason: a.reason });
          break;
        }
      }
      return { applied: true as const, amendmentId: a.amendmentId };
    },
    {
      validator: (a) => {
        if (!launched) invalid('the plan is still launching');
        if (closing) invalid('the plan is being closed');
        if (!a.reason?.trim()) invalid('reason is required for an amendment');
        const op = a.op;
        switch (op?.type) {
          case 'add_task':
            if (!op.task?.id || tasks.has(op.task.id)) invalid('task.id must be new');
            if (!op.task.title?.trim() || !op.task.ref?.trim()) invalid('task.ref and task.title are required');
            if (op.task.timeframe?.due && !isValidDate(op.task.timeframe.due)) invalid('task.timeframe.due must be a date YYYY-MM-DD');
            break;
          case 'cancel_task':
            openTask(op.taskId);
            break;
          case 'change_due': {
            const recurring = openTask(op.taskId).info.timeframe.kind === 'recurring';
            if (op.recurrence != null) {
              if (!recurring) invalid('recurrence: only a recurring task has a due rule (send due for this task)');
              const problem = recurrenceProblem(op.recurrence);
              if (problem) invalid(`${problem.field} ${problem.message}`);
            } else if (recurring) {
              if (op.due === null || !isValidDate(op.due)) invalid('due must be a date YYYY-MM-DD (the open period’s new due date), or send recurrence to change the due rule');
            } else if (op.due !== null && !isValidDate(op.due)) invalid('due must be a date YYYY-MM-DD or null');
            break;
          }
          case 'add_units':
          case 'remove_units':
            openTask(op.taskId);
            if (!Array.isArray(op.unitIds) || op.unitIds.length === 0) invalid('unitIds must name at least one unit');
            if (op.unitIds.length > MAX_AMENDMENT_UNITS) invalid(`unitIds may name at most ${MAX_AMENDMENT_UNITS} units`);
            break;
          default:
            invalid('op.type must be one of add_task, cancel_task, change_due, add_units, remove_units');
        }
      },
    },
  );

  setHandler(
    closePlanUpdate,
    async (c: ClosePlanInput) => {
      closing = c;
      await acts.recordPlanEvent({ eventKey: key('close_requested'), planId: input.planId, actor: c.actor, action: `plan.${c.outcome === 'closed' ? 'close' : 'cancel'}_requested`, occurredAt: now(), details: { reason: c.reason } });
      return { status: c.outcome };
    },
    {
      validator: (c) => {
        if (closing) invalid(`the plan is already being ${closing.outcome === 'closed' ? 'closed' : 'cancelled'}`);
        if (c.outcome !== 'closed' && c.outcome !== 'cancelled') invalid('outcome must be closed or cancelled');
        if (!c.reason?.trim()) invalid('reason is required');
      },
    },
  );

  setHandler(planStatusQuery, () => ({ status: closing ? `closing:${closing.outcome}` : launched ? 'active' : 'launching', taskIds: [...tasks.keys()] }));

  async function finish(outcome: 'closed' | 'cancelled', actor = SYSTEM_ACTOR, reason = '') {
    await CancellationScope.nonCancellable(async () => {
      for (const t of tasks.values()) if (!t.closed) await getExternalWorkflowHandle(t.workflowId).cancel().catch(() => undefined);
      await condition(() => [...tasks.values()].every((t) => t.closed), '30 minutes');
      await acts.recordPlanEvent({ eventKey: `${wfId}:finished`, planId: input.planId, actor, action: `plan.${outcome}`, occurredAt: now(), status: outcome, details: { reason } });
    });
  }

  try {
    launched = await acts.launchPlan({ planId: input.planId, actor: input.launchedBy, workflowId: wfId, eventKey: `${wfId}:launched` });
    for (const info of launched.tasks) if (info.status === 'active') await startTask(info);
    // A plan stays open after its tasks are done, until its owner closes it (plans are amended while they run).
    await condition(() => closing !== null);
    const c = closing as ClosePlanInput | null;
    await finish(c!.outcome, c!.actor, c!.reason);
    return { status: c!.outcome };
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await finish('cancelled', SYSTEM_ACTOR, 'workflow cancelled');
    return { status: 'cancelled' };
  }
}

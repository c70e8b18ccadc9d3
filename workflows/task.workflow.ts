// One task of a launched plan: creates its periods (one for a task due once or ongoing; one per month, quarter
// or year for a recurring report, by itself, for years) and routes amendments to the open periods' trees.
import {
  CancellationScope,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type Recurrence,
  type TaskWorkflowInput,
  SYSTEM_ACTOR,
  nodeAddUnitsSignal,
  nodeChangeDueSignal,
  nodeRemoveUnitsSignal,
  workflowIds,
} from '@khflow/contracts';
import { dueOfPeriod, isPeriodWithinUntil, nextPeriodIndexAfter, periodAt, startOfDayAt } from '@khflow/domain';
import { engineActivities } from './activities.proxy';
import { nodeWorkflow } from './node.workflow';
import { periodDoneSignal, taskChangeDueSignal, taskChangeRuleSignal, taskUnitsChangedSignal } from './task-messages';
import { workflowNow } from './workflow-clock';

export interface TaskWorkflowArgs extends TaskWorkflowInput {
  title: string;
  reminderOffsetsDays: number[] | null;
  launchDate: string;
  /** Set after the first run: targets are resolved once. */
  targetsResolved?: boolean;
}

/** Periods started per run before continuing as new keep the history short for plans that run for years. */
const PERIODS_PER_RUN = 4;
/** A cancelled task asks each open period's tree to cancel once (see startPeriod). */
export const ROOTS_CANCELLED_ONCE_PATCH = 'task-roots-cancelled-once';

export async function taskWorkflow(input: TaskWorkflowArgs): Promise<{ periods: number }> {
  const acts = engineActivities();
  const wfId = workflowInfo().workflowId;
  const open = new Set<string>(input.openPeriodKeys ?? []);
  let due = input.timeframe.due ?? null;
  const work: (() => Promise<void>)[] = [];
  const rootId = (periodKey: string) => workflowIds.node(input.planId, input.taskId, periodKey, input.issuerUnitId);
  /** The due rule of a recurring task; an amendment replaces it for the periods that have not started. */
  let rec: Recurrence | null = input.timeframe.kind === 'recurring' ? (input.timeframe.recurrence ?? null) : null;
  let index = input.nextPeriodIndex ?? 0;

  setHandler(periodDoneSignal, ({ periodKey }) => void open.delete(periodKey));
  setHandler(taskChangeDueSignal, (c) => {
    due = c.due;
    work.push(async () => {
      for (const p of open) await getExternalWorkflowHandle(rootId(p)).signal(nodeChangeDueSignal, c).catch(() => undefined);
    });
  });
  setHandler(taskChangeRuleSignal, (c) => {
    const before = rec;
    if (!before) return;
    rec = c.recurrence;
    const last = index > 0 ? periodAt(before, input.launchDate, index - 1) : null;
    index = nextPeriodIndexAfter(rec, input.launchDate, last);
    const keep = rec;
    work.push(async () => {
      // Open periods follow the new due offsets when the frequency stays; with a new frequency they finish under the
      // rule they started with, and the new rule starts with the next period.
      if (keep.freq !== before.freq) return;
      for (const p of open) {
        const period = startedPeriod(before, p);
        if (period) await getExternalWorkflowHandle(rootId(p)).signal(nodeChangeDueSignal, { due: dueOfPeriod(keep, period), actor: c.actor, reason: c.reason }).catch(() => undefined);
      }
    });
  });
  /** A period started under `r` (among the first `index` of it), by key. */
  const startedPeriod = (r: Recurrence, key: string) => {
    for (let i = 0; i < index + 1; i++) {
      const p = periodAt(r, input.launchDate, i);
      if (p.key === key) return p;
    }
    return null;
  };
  setHandler(taskUnitsChangedSignal, (c) => {
    work.push(async () => {
      for (const p of open) {
        const h = getExternalWorkflowHandle(rootId(p));
        if (c.added.length) await h.signal(nodeAddUnitsSignal, { unitIds: c.added, actor: c.actor, reason: c.reason }).catch(() => undefined);
        if (c.removed.length) await h.signal(nodeRemoveUnitsSignal, { unitIds: c.removed, actor: c.actor, reason: c.reason }).catch(() => undefined);
      }
    });
  });

  async function startPeriod(periodKey: string, periodDue: string | null) {
    open.add(periodKey);
    // Abandoned so the period's tree outlives this run's continue-as-new; it reports back with periodDone and is
    // cancelled explicitly when the task is.
    await startChild(nodeWorkflow, {
      workflowId: rootId(periodKey),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // The explicit cancel below is the only one: left to the SDK too, a root started in this run was asked to
      // cancel twice, which the server may refuse ("cancellation already requested"), failing every workflow task.
      ...(patched(ROOTS_CANCELLED_ONCE_PATCH) ? { cancellationType: ChildWorkflowCancellationType.ABANDON } : {}),
      args: [
        {
          planId: input.planId,
          taskId: input.taskId,
          periodKey,
          unitId: input.issuerUnitId,
          due: periodDue,
          depthFromTop: -1,
          consolidate: input.consolidate,
          stepDays: input.stepDays,
          policy: input.policy,
          isTarget: false,
          isRoot: true,
          rootUnitId: input.issuerUnitId,
          reviewerUnitId: null,
          parentNodeId: null,
          parentAssignmentWorkflowId: null,
          taskWorkflowId: wfId,
          title: input.title,
          reminderOffsetsDays: input.reminderOffsetsDays,
        },
      ],
    }).catch((err) => {
      if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    });
  }

  async function drain() {
    while (work.length) await work.shift()!();
  }

  try {
    if (!input.targetsResolved) await acts.resolveTaskTargets({ planId: input.planId, taskId: input.taskId, onDate: input.launchDate });
    const tf = input.timeframe;
    if (tf.kind !== 'recurring' || !rec) {
      if (!input.openPeriodKeys?.length && (input.nextPeriodIndex ?? 0) === 0) await startPeriod(tf.kind === 'ongoing' ? 'ongoing' : 'once', tf.kind === 'ongoing' ? null : due);
      for (;;) {
        await condition(() => work.length > 0 || open.size === 0);
        if (!work.length) break;
        await drain();
      }
    } else {
      let startedThisRun = 0;
      for (;;) {
        const r = rec!;
        const period = periodAt(r, input.launchDate, index);
        if (!isPeriodWithinUntil(r, period)) break;
        // Each period's assignments appear when the period begins (the first one at launch). Waiting is redone from the
        // top after any message: an amended rule changes which period comes next and when.
        const startsAt = startOfDayAt(period.start);
        if (workflowNow() < startsAt) {
          await condition(() => work.length > 0, startsAt - workflowNow());
          await drain();
          continue;
        }
        await startPeriod(period.key, dueOfPeriod(r, period));
        index += 1;
        startedThisRun += 1;
        await drain();
        if (startedThisRun >= PERIODS_PER_RUN || workflowInfo().continueAsNewSuggested) {
          await continueAsNew<typeof taskWorkflow>({ ...input, timeframe: { ...input.timeframe, recurrence: rec }, targetsResolved: true, nextPeriodIndex: index, openPeriodKeys: [...open] });
        }
      }
      for (;;) {
        await condition(() => work.length > 0 || open.size === 0);
        if (!work.length) break;
        await drain();
      }
    }
    await acts.updateTask({ eventKey: `${wfId}:done`, planId: input.planId, taskId: input.taskId, actor: SYSTEM_ACTOR, reason: 'all periods finished', occurredAt: new Date().toISOString(), status: 'done' });
    return { periods: input.nextPeriodIndex ?? 1 };
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(async () => {
      for (const p of open) await getExternalWorkflowHandle(rootId(p)).cancel().catch(() => undefined);
      // Let the trees record their cancellations before the task reports itself finished.
      await condition(() => open.size === 0, '10 minutes');
    });
    return { periods: input.nextPeriodIndex ?? 0 };
  }
}


// One unit on the path from the issuer to the units a task names, for one period. It starts its own assignment
// (when the unit is named, or consolidates for the level above) and its subordinates' workflows: fan-out follows
// the reporting tree, so no workflow has more children than one unit has direct reports.
import {
  CancellationScope,
  ParentClosePolicy,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type AssignmentOutcome,
  type NodeChild,
  type NodeWorkflowInput,
  changeDueSignal,
  nodeAddUnitsSignal,
  nodeChangeDueSignal,
  nodeRemoveUnitsSignal,
  workflowIds,
} from '@khflow/contracts';
import { addDays } from '@khflow/domain';
import { engineActivities } from './activities.proxy';
import { assignmentWorkflow } from './assignment/assignment.workflow';
import { assignmentIdOf } from './ids';
import { periodDoneSignal } from './task-messages';

export interface NodeOutcome {
  unitId: string;
  assignments: number;
  approved: number;
  cancelled: number;
}

interface StartedChild {
  unitId: string;
  workflowId: string;
  type: 'node' | 'assignment';
  closed: boolean;
}

export async function nodeWorkflow(input: NodeWorkflowInput): Promise<NodeOutcome> {
  const acts = engineActivities();
  const wfId = workflowInfo().workflowId;
  let due = input.due;
  const outcome: NodeOutcome = { unitId: input.unitId, assignments: 0, approved: 0, cancelled: 0 };
  const started = new Map<string, StartedChild>(); // by unit id
  let ownAssignment: StartedChild | null = null;
  const work: (() => Promise<void>)[] = [];

  /** A level's due date: when consolidating, each level below the top reports stepDays earlier. */
  const dueAtDepth = (depth: number) => (due && input.consolidate ? addDays(due, -Math.max(depth, 0) * input.stepDays) : due);
  const consolidating = () => input.consolidate && !input.isRoot;
  const ownWfId = workflowIds.assignment(input.planId, input.taskId, input.periodKey, input.unitId, 'lead');

  function track(child: StartedChild, result: Promise<unknown>) {
    started.set(child.unitId, child);
    result.then(
      (r) => {
        child.closed = true;
        if (child.type === 'assignment') tally(r as AssignmentOutcome);
        else {
          const n = r as NodeOutcome;
          outcome.assignments += n.assignments;
          outcome.approved += n.approved;
          outcome.cancelled += n.cancelled;
        }
      },
      () => {
        child.closed = true;
      },
    );
  }
  function tally(r: AssignmentOutcome) {
    outcome.assignments += 1;
    if (r.state === 'approved') outcome.approved += 1;
    else outcome.cancelled += 1;
  }

  async function startChildren(children: NodeChild[]) {
    const depth = input.depthFromTop + 1;
    await Promise.all(
      children
        .filter((c) => !started.has(c.unitId))
        .map(async (c) => {
          const reviewerUnitId = c.reviewerUnitId ?? input.unitId;
          const parentAssignmentWorkflowId = consolidating() ? ownWfId : null;
          if (c.hasTargetsBelow) {
            const id = workflowIds.node(input.planId, input.taskId, input.periodKey, c.unitId);
            const h = await startChild(nodeWorkflow, {
              workflowId: id,
              parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
              args: [
                {
                  ...input,
                  unitId: c.unitId,
                  due,
                  depthFromTop: depth,
                  isTarget: c.isTarget,
                  isRoot: false,
                  reviewerUnitId,
                  parentNodeId: wfId,
                  parentAssignmentWorkflowId,
                  taskWorkflowId: null,
                },
              ],
            });
            track({ unitId: c.unitId, workflowId: id, type: 'node', closed: false }, h.result());
          } else if (c.isTarget) {
            const id = workflowIds.assignment(input.planId, input.taskId, input.periodKey, c.unitId, 'lead');
            const h = await startChild(assignmentWorkflow, {
              workflowId: id,
              parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
              args: [
                {
                  assignmentId: assignmentIdOf(id),
                  planId: input.planId,
                  taskId: input.taskId,
                  periodKey: input.periodKey,
                  unitId: c.unitId,
                  kind: 'lead',
                  reviewerUnitId,
                  due: dueAtDepth(depth),
                  policy: input.policy,
                  parentAssignmentWorkflowId,
                  nodeWorkflowId: wfId,
                  title: input.title,
                },
              ],
            });
            track({ unitId: c.unitId, workflowId: id, type: 'assignment', closed: false }, h.result());
          }
        }),
    );
  }

  async function startOwnAssignment(children: NodeChild[]) {
    if (input.isRoot || (!input.isTarget && !consolidating())) return;
    const kind = consolidating() && children.length > 0 ? 'consolidation' : 'lead';
    const h = await startChild(assignmentWorkflow, {
      workflowId: ownWfId,
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      args: [
        {
          assignmentId: assignmentIdOf(ownWfId),
          planId: input.planId,
          taskId: input.taskId,
          periodKey: input.periodKey,
          unitId: input.unitId,
          kind,
          reviewerUnitId: input.reviewerUnitId ?? input.rootUnitId,
          due: dueAtDepth(input.depthFromTop),
          policy: input.policy,
          parentAssignmentWorkflowId: input.parentAssignmentWorkflowId,
          nodeWorkflowId: wfId,
          expectedSubordinates: kind === 'consolidation' ? children.map((c) => c.unitId) : [],
          title: input.title,
        },
      ],
    });
    ownAssignment = { unitId: input.unitId, workflowId: ownWfId, type: 'assignment', closed: false };
    const own = ownAssignment;
    h.result().then(
      (r) => {
        own.closed = true;
        tally(r);
      },
      () => {
        own.closed = true;
      },
    );
  }

  const fetchChildren = () =>
    acts.nodeChildren({ planId: input.planId, taskId: input.taskId, unitId: input.unitId, rootUnitId: input.rootUnitId, consolidate: input.consolidate });

  // ---- amendments travel down the tree ----
  setHandler(nodeChangeDueSignal, (c) => {
    due = c.due;
    work.push(async () => {
      for (const child of started.values()) {
        if (child.closed) continue;
        const h = getExternalWorkflowHandle(child.workflowId);
        const depth = input.depthFromTop + 1;
        await (child.type === 'node'
          ? h.signal(nodeChangeDueSignal, c)
          : h.signal(changeDueSignal, { ...c, due: dueAtDepth(depth) })
        ).catch(() => undefined);
      }
      if (ownAssignment && !ownAssignment.closed)
        await getExternalWorkflowHandle(ownAssignment.workflowId)
          .signal(changeDueSignal, { ...c, due: dueAtDepth(input.depthFromTop) })
          .catch(() => undefined);
    });
  });
  setHandler(nodeAddUnitsSignal, (a) => {
    work.push(async () => {
      const children = await fetchChildren();
      await startChildren(children);
      for (const child of started.values())
        if (child.type === 'node' && !child.closed) await getExternalWorkflowHandle(child.workflowId).signal(nodeAddUnitsSignal, a).catch(() => undefined);
    });
  });
  setHandler(nodeRemoveUnitsSignal, (r) => {
    work.push(async () => {
      const keep = new Set((await fetchChildren()).map((c) => c.unitId));
      for (const child of started.values()) {
        if (child.closed) continue;
        const h = getExternalWorkflowHandle(child.workflowId);
        if (!keep.has(child.unitId)) await h.cancel().catch(() => undefined);
        else if (child.type === 'node') await h.signal(nodeRemoveUnitsSignal, r).catch(() => undefined);
      }
    });
  });

  const allClosed = () => [...started.values()].every((c) => c.closed) && (!ownAssignment || ownAssignment.closed);
  try {
    const children = await fetchChildren();
    await startOwnAssignment(children);
    await startChildren(children);
    for (;;) {
      await condition(() => work.length > 0 || allClosed());
      if (work.length) {
        await work.shift()!();
        continue;
      }
      break;
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Children were started with REQUEST_CANCEL: they receive the cancellation and record it themselves. Wait
    // (bounded) so that the node closes after them.
    await CancellationScope.nonCancellable(() => condition(allClosed, '10 minutes'));
  }
  if (input.isRoot && input.taskWorkflowId) {
    await CancellationScope.nonCancellable(() =>
      getExternalWorkflowHandle(input.taskWorkflowId!).signal(periodDoneSignal, { periodKey: input.periodKey, outcome }).catch(() => undefined),
    );
  }
  return outcome;
}

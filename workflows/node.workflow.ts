// One unit on the path from the issuer to the units a task names, for one period. It starts its own assignment
// (when the unit is named, or consolidates for the level above) and its subordinates' workflows: fan-out follows
// the reporting tree, so no workflow has more children than one unit has direct reports.
import {
  CancellationScope,
  ParentClosePolicy,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type AssignmentOutcome,
  type AssignmentWorkflowInput,
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
import { assignmentCreation } from './assignment/assignment-creation';
import { assignmentWorkflow } from './assignment/assignment.workflow';
import { assignmentIdOf } from './ids';
import { periodDoneSignal } from './task-messages';
import { workflowNow } from './workflow-clock';

/** Issue 20: a node records its children's creations in batches (see prerecord). */
export const BATCHED_CREATION_PATCH = 'fan-out-batched-creation';
/** Creations per transaction: bounds the activity's payload (about 1 KB each) and the time the audit lock is held. */
const CREATION_BATCH = 200;

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

  interface PlannedChild {
    unitId: string;
    workflowId: string;
    type: 'node' | 'assignment';
    node?: NodeWorkflowInput;
    assignment?: AssignmentWorkflowInput;
  }

  /** What each new child is: a node for a unit with targets below it, an assignment for a targeted leaf. */
  function planChildren(children: NodeChild[]): PlannedChild[] {
    const depth = input.depthFromTop + 1;
    const out: PlannedChild[] = [];
    for (const c of children) {
      if (started.has(c.unitId)) continue;
      const reviewerUnitId = c.reviewerUnitId ?? input.unitId;
      const parentAssignmentWorkflowId = consolidating() ? ownWfId : null;
      if (c.hasTargetsBelow) {
        const node: NodeWorkflowInput = {
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
        };
        out.push({ unitId: c.unitId, workflowId: workflowIds.node(input.planId, input.taskId, input.periodKey, c.unitId), type: 'node', node });
      } else if (c.isTarget) {
        const id = workflowIds.assignment(input.planId, input.taskId, input.periodKey, c.unitId, 'lead');
        const assignment: AssignmentWorkflowInput = {
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
        };
        out.push({ unitId: c.unitId, workflowId: id, type: 'assignment', assignment });
      }
    }
    return out;
  }

  function ownAssignmentInput(children: NodeChild[]): AssignmentWorkflowInput | null {
    if (input.isRoot || (!input.isTarget && !consolidating())) return null;
    const kind = consolidating() && children.length > 0 ? 'consolidation' : 'lead';
    return {
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
    };
  }

  /**
   * Issue 20: the creations of this level's assignments (its own and its targeted leaves') go into the read model
   * in one transaction per batch, before the children start, instead of one activity per child. A child started
   * with `recordedAt` does not record its creation again. Histories of before take the old path (no marker).
   */
  async function prerecord(batch: { workflowId: string; input: AssignmentWorkflowInput }[]): Promise<void> {
    if (!batch.length || !patched(BATCHED_CREATION_PATCH)) return;
    const at = new Date(workflowNow()).toISOString();
    for (let i = 0; i < batch.length; i += CREATION_BATCH) {
      const part = batch.slice(i, i + CREATION_BATCH);
      const records = part.map((c) => assignmentCreation(c.input, c.workflowId, at).record);
      const { rejected } = await acts.recordAssignmentEvents(records);
      const refused = new Set(rejected);
      part.forEach((c, k) => {
        // A creation the read model refused is recorded (and fails) in the child, as it always was.
        if (!refused.has(records[k].eventKey)) c.input.recordedAt = at;
      });
    }
  }

  async function fanOut(children: NodeChild[], withOwn: boolean) {
    const own = withOwn ? ownAssignmentInput(children) : null;
    const planned = planChildren(children);
    await prerecord([...(own ? [{ workflowId: ownWfId, input: own }] : []), ...planned.filter((p) => p.assignment).map((p) => ({ workflowId: p.workflowId, input: p.assignment! }))]);
    if (own) await startOwnAssignment(own);
    await startChildren(planned);
  }

  async function startChildren(planned: PlannedChild[]) {
    await Promise.all(
      planned.map(async (p) => {
        if (p.node) {
          const h = await startChild(nodeWorkflow, { workflowId: p.workflowId, parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, args: [p.node] });
          track({ unitId: p.unitId, workflowId: p.workflowId, type: 'node', closed: false }, h.result());
        } else if (p.assignment) {
          const h = await startChild(assignmentWorkflow, { workflowId: p.workflowId, parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, args: [p.assignment] });
          track({ unitId: p.unitId, workflowId: p.workflowId, type: 'assignment', closed: false }, h.result());
        }
      }),
    );
  }

  async function startOwnAssignment(args: AssignmentWorkflowInput) {
    const h = await startChild(assignmentWorkflow, { workflowId: ownWfId, parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, args: [args] });
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
      await fanOut(children, false);
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
    await fanOut(children, true);
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

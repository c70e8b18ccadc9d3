// A reorganisation taking effect: it waits for its date (a change effective in the future waits), decides once
// where each open assignment of the units that go moves (an activity stores the moves, so a retry or a replay
// never decides twice), then moves them page by page with the assignment's `reassign` signal (which records why in
// the assignment's history) or closes an assignment that would duplicate the successor's. Long lists continue as
// new between pages so the history stays bounded, for tens of thousands of schools.
import { continueAsNew, getExternalWorkflowHandle, patched, sleep, workflowInfo } from '@temporalio/workflow';
import { type Actor, type ReorganisationMove, absorbConsolidationSignal, reassignSignal } from '@khflow/contracts';
import { startOfDayAt } from '@khflow/domain';
import { engineActivities } from './activities.proxy';
import { workflowNow } from './workflow-clock';

export interface ReorganisationInput {
  /** Set by POST /reorganisations. */
  reorganisationId?: string;
  effectiveFrom?: string;
  actor: Actor;
  reason: string;
  /** The older form (one merge, started from the Temporal CLI). */
  unitId?: string;
  successorId?: string;
  effectiveDate?: string;
  /** Carried across continue-as-new. */
  progress?: { offset: number; total: number };
}

const PAGE = 200;
/** Moves that split a district office's consolidation among its communes carry the split (see ReassignInput). */
const SPLIT_CONSOLIDATION_PATCH = 'reorganisation-split-consolidation';
const PAGES_PER_RUN = 10;
/** Moves that absorb a consolidation into the successor's (see ABSORB_CONSOLIDATION_PATCH of the assignment). */
const ABSORB_CONSOLIDATION_PATCH = 'reorganisation-absorb-consolidation';

export async function reorganisationWorkflow(input: ReorganisationInput): Promise<{ moved: number }> {
  const acts = engineActivities();
  const id = input.reorganisationId ?? `merge:${input.unitId}:${input.successorId}:${input.effectiveDate}`;
  let progress = input.progress;
  if (!progress) {
    if (!input.reorganisationId) {
      await acts.scheduleUnitMerge({ reorganisationId: id, unitId: input.unitId!, successorId: input.successorId!, effectiveDate: input.effectiveDate!, actor: input.actor, reason: input.reason });
    }
    const at = startOfDayAt(input.effectiveFrom ?? input.effectiveDate!);
    if (workflowNow() < at) await sleep(at - workflowNow());
    const { total } = await acts.prepareReorganisationMoves({ reorganisationId: id });
    progress = { offset: 0, total };
  }
  for (let pages = 0; progress.offset < progress.total; pages++) {
    if (pages >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) await continueAsNew<typeof reorganisationWorkflow>({ ...input, reorganisationId: id, progress });
    const page: ReorganisationMove[] = await acts.reorganisationMovesPage({ reorganisationId: id, offset: progress.offset, limit: PAGE });
    if (!page.length) break;
    // Absorptions come after every other move of the page (the planner lists them last): the reporters of an
    // absorbed consolidation already report to the surviving one when it hands over.
    const absorbs = page.some((mv) => mv.action === 'absorb') && patched(ABSORB_CONSOLIDATION_PATCH) ? page.filter((mv) => mv.action === 'absorb') : [];
    await Promise.all(
      page.filter((mv) => !absorbs.includes(mv)).map(async (move: ReorganisationMove) => {
        const h = getExternalWorkflowHandle(move.workflowId);
        if (move.action === 'merge_into') {
          await acts.recordAssignmentMerged({ reorganisationId: id, move, actor: input.actor, reason: input.reason, occurredAt: new Date(workflowNow()).toISOString() });
          await h.cancel().catch(() => undefined); // closed meanwhile: nothing left to close
        } else {
          const split = move.shares || move.toUnitIds || move.reportToWorkflowId ? patched(SPLIT_CONSOLIDATION_PATCH) : false;
          const extra = split ? { shares: move.shares, toUnitIds: move.toUnitIds, reportToWorkflowId: move.reportToWorkflowId } : {};
          await h.signal(reassignSignal, { actor: input.actor, fromUnitId: move.fromUnitId, toUnitId: move.toUnitId, reason: input.reason, ...extra }).catch(() => undefined);
        }
      }),
    );
    await Promise.all(
      absorbs.map((move) =>
        getExternalWorkflowHandle(move.workflowId)
          .signal(absorbConsolidationSignal, { actor: input.actor, reorganisationId: id, reason: input.reason, fromUnitId: move.fromUnitId, toUnitId: move.toUnitId, intoWorkflowId: move.intoWorkflowId!, intoAssignmentId: move.intoAssignmentId!, ...(move.shares ? { shares: move.shares } : {}) })
          .catch(() => undefined), // closed meanwhile: nothing left to hand over
      ),
    );
    progress = { offset: page[page.length - 1].seq + 1, total: progress.total };
  }
  await acts.completeReorganisation({ reorganisationId: id, actor: input.actor, moved: progress.total, occurredAt: new Date(workflowNow()).toISOString() });
  return { moved: progress.total };
}

// Where the open work of the units that go moves, decided once when a reorganisation takes effect. Each open
// assignment that names a unit that goes moves once per role it holds there: as assignee to the unit's successor;
// as reviewer to the successor the assignee now reports to (a school of an abolished district office goes to the
// commune now responsible for it), else the first successor; as an expected reporter of a consolidation, to the
// successor that took that unit's own assignment. When the successor already holds the same work (same task,
// period and kind), the moved assignment would only duplicate it: it is closed as merged into that one instead.
//
// A consolidation of a unit split among several successors (a district office abolished into communes) is split
// too: each successor consolidates the reporters now under it. The first successor keeps the assignment with the
// reporters that answer to it (and those answering to none of the successors); every other successor that has
// reporters gets a share — its own consolidation of the same task and period, started by the assignment — and
// each of those reporters sends its report to that share. The consolidation above then awaits every successor
// that got a part. A report already received stays where it was received.
//
// A successor consolidates a task and period once. When the consolidation of a unit that goes would reach a
// successor that already consolidates it (its own, or one another unit's consolidation moved to it in this
// reorganisation), it is absorbed: it hands its reporters and received reports over to that one and ends as
// merged, and its reporters report there. A share for such a successor goes into its consolidation instead of
// starting a second one. Absorptions come last, after every reporter already points at the surviving one.
import { type ConsolidationShare, type ReorganisationMove, stableUuid, workflowIds } from '@khflow/contracts';

export interface OpenWork {
  id: string;
  workflowId: string;
  planId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  reviewerUnitId: string;
  kind: 'lead' | 'coordination' | 'consolidation';
  expected: string[];
}

/** A move as stored (the contract's, numbered when stored). */
export type WorkMove = Omit<ReorganisationMove, 'seq'>;

/** The unit that ends up with a unit's work (successor of a successor that also goes …), or null. */
export function finalSuccessor(goners: ReadonlyMap<string, readonly string[]>, unitId: string): string | null {
  const seen = new Set<string>();
  let id: string | undefined = unitId;
  while (id && goners.has(id) && !seen.has(id)) {
    seen.add(id);
    id = goners.get(id)![0];
  }
  return id && !goners.has(id) ? id : null;
}

export function planWorkMoves(
  open: readonly OpenWork[],
  goners: ReadonlyMap<string, readonly string[]>,
  /** Whom a unit reports to once the reorganisation is in effect. */
  reportsToAfter: (unitId: string) => string | null,
): { moves: WorkMove[]; stranded: { assignmentId: string; unitId: string }[] } {
  const moves: WorkMove[] = [];
  const absorbs: WorkMove[] = [];
  const stranded: { assignmentId: string; unitId: string }[] = [];
  const key = (unitId: string, a: OpenWork) => `${unitId}|${a.taskId}|${a.periodKey}|${a.kind}`;
  // Work each successor holds once the reorganisation is in effect: its own (not work that moves away), then the
  // work moved to it (consolidations in the pass below, other work as it moves).
  const held = new Map<string, { id: string; workflowId: string }>();
  for (const a of open) if (!goners.has(a.unitId)) held.set(key(a.unitId, a), { id: a.id, workflowId: a.workflowId });
  // In unit order, so that the same reorganisation always keeps the same one of two duplicates.
  const ordered = [...open].sort((x, y) => x.unitId.localeCompare(y.unitId) || x.workflowId.localeCompare(y.workflowId));
  // Consolidations of the units that go: the one each is absorbed into, the shares of those split, where each
  // reporter now reports, and whom the level above awaits instead of the unit that went.
  const period = (unitId: string, a: OpenWork) => `${unitId}|${a.planId}|${a.taskId}|${a.periodKey}`;
  const absorbInto = new Map<string, { id: string; workflowId: string }>();
  const sharesOf = new Map<string, ConsolidationShare[]>();
  const reportTo = new Map<string, string>();
  const awaitedFrom = new Map<string, string[]>();
  for (const a of ordered) {
    const successors = goners.get(a.unitId);
    if (a.kind !== 'consolidation' || !successors) continue;
    const first = finalSuccessor(goners, a.unitId);
    if (!first) continue;
    const survivor = held.get(key(first, a));
    if (survivor) absorbInto.set(a.id, survivor);
    else held.set(key(first, a), { id: a.id, workflowId: a.workflowId });
    const parts = new Map<string, string[]>();
    if (successors.length > 1) {
      for (const e of a.expected) {
        const up = reportsToAfter(e);
        const to: string = up && up !== first && successors.includes(up) && !goners.has(up) ? up : first;
        if (to !== first) parts.set(to, [...(parts.get(to) ?? []), e]);
      }
    }
    const shares = [...parts].map(([unitId, expected]): ConsolidationShare => {
      const there = held.get(key(unitId, a));
      if (there) return { unitId, workflowId: there.workflowId, expected, existing: true };
      const workflowId = workflowIds.assignment(a.planId, a.taskId, a.periodKey, unitId, 'consolidation');
      held.set(key(unitId, a), { id: stableUuid(workflowId), workflowId });
      return { unitId, workflowId, expected };
    });
    if (shares.length) {
      sharesOf.set(a.id, shares);
      for (const sh of shares) for (const e of sh.expected) reportTo.set(period(e, a), sh.workflowId);
      awaitedFrom.set(period(a.unitId, a), [...new Set([first, ...shares.map((sh) => sh.unitId)])]);
    }
    if (survivor) for (const e of a.expected) if (!reportTo.has(period(e, a))) reportTo.set(period(e, a), survivor.workflowId);
  }
  for (const a of ordered) {
    let assignee = a.unitId;
    let absorbed = false;
    if (goners.has(a.unitId)) {
      const to = finalSuccessor(goners, a.unitId);
      if (!to) {
        stranded.push({ assignmentId: a.id, unitId: a.unitId });
        continue;
      }
      const shares = sharesOf.get(a.id);
      const survivor = absorbInto.get(a.id);
      const into = a.kind !== 'consolidation' ? held.get(key(to, a)) : undefined;
      if (into) {
        moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'merge_into', fromUnitId: a.unitId, toUnitId: to, intoAssignmentId: into.id });
        continue;
      }
      if (survivor) {
        absorbs.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'absorb', fromUnitId: a.unitId, toUnitId: to, intoAssignmentId: survivor.id, intoWorkflowId: survivor.workflowId, ...(shares ? { shares } : {}) });
        absorbed = true;
      } else {
        moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'reassign', fromUnitId: a.unitId, toUnitId: to, intoAssignmentId: null, ...(shares ? { shares } : {}) });
        if (a.kind !== 'consolidation') held.set(key(to, a), { id: a.id, workflowId: a.workflowId });
      }
      assignee = to;
    }
    // An absorbed consolidation ends: only its expected reporters move (it hands them over as they are then).
    if (!absorbed && goners.has(a.reviewerUnitId) && a.reviewerUnitId !== a.unitId) {
      const successors = goners.get(a.reviewerUnitId)!;
      const up = reportsToAfter(assignee);
      const to = a.kind !== 'coordination' && up && successors.includes(up) && !goners.has(up) ? up : finalSuccessor(goners, a.reviewerUnitId);
      const share = a.kind !== 'coordination' ? reportTo.get(period(a.unitId, a)) : undefined;
      if (to) moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'reassign', fromUnitId: a.reviewerUnitId, toUnitId: to, intoAssignmentId: null, ...(share ? { reportToWorkflowId: share } : {}) });
      else stranded.push({ assignmentId: a.id, unitId: a.reviewerUnitId });
    }
    for (const e of a.expected) {
      if (!goners.has(e) || e === a.unitId || e === a.reviewerUnitId) continue;
      const to = finalSuccessor(goners, e);
      const all = awaitedFrom.get(period(e, a));
      if (to) moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'reassign', fromUnitId: e, toUnitId: to, intoAssignmentId: null, ...(all ? { toUnitIds: all } : {}) });
    }
  }
  return { moves: [...moves, ...absorbs], stranded };
}

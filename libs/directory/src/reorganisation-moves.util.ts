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
import { type ConsolidationShare, type ReorganisationMove, workflowIds } from '@khflow/contracts';

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
  const stranded: { assignmentId: string; unitId: string }[] = [];
  const key = (unitId: string, a: OpenWork) => `${unitId}|${a.taskId}|${a.periodKey}|${a.kind}`;
  // Work the successors already hold and keep (their own, not work that moves away).
  const held = new Map<string, string>();
  for (const a of open) if (!goners.has(a.unitId) && a.kind !== 'consolidation') held.set(key(a.unitId, a), a.id);
  // In unit order, so that the same reorganisation always keeps the same one of two duplicates.
  const ordered = [...open].sort((x, y) => x.unitId.localeCompare(y.unitId) || x.workflowId.localeCompare(y.workflowId));
  // Consolidations split among several successors: the shares, where each reporter now reports, and whom the
  // level above awaits instead of the unit that went.
  const period = (unitId: string, a: OpenWork) => `${unitId}|${a.planId}|${a.taskId}|${a.periodKey}`;
  const sharesOf = new Map<string, ConsolidationShare[]>();
  const reportTo = new Map<string, string>();
  const awaitedFrom = new Map<string, string[]>();
  for (const a of ordered) {
    const successors = goners.get(a.unitId);
    if (a.kind !== 'consolidation' || !successors || successors.length < 2) continue;
    const first = finalSuccessor(goners, a.unitId);
    if (!first) continue;
    const parts = new Map<string, string[]>();
    for (const e of a.expected) {
      const up = reportsToAfter(e);
      const to: string = up && up !== first && successors.includes(up) && !goners.has(up) ? up : first;
      if (to !== first) parts.set(to, [...(parts.get(to) ?? []), e]);
    }
    if (!parts.size) continue;
    const shares = [...parts].map(([unitId, expected]) => ({ unitId, workflowId: workflowIds.assignment(a.planId, a.taskId, a.periodKey, unitId, 'consolidation'), expected }));
    sharesOf.set(a.id, shares);
    for (const sh of shares) for (const e of sh.expected) reportTo.set(period(e, a), sh.workflowId);
    awaitedFrom.set(period(a.unitId, a), [first, ...shares.map((sh) => sh.unitId)]);
  }
  for (const a of ordered) {
    let assignee = a.unitId;
    if (goners.has(a.unitId)) {
      const to = finalSuccessor(goners, a.unitId);
      if (!to) {
        stranded.push({ assignmentId: a.id, unitId: a.unitId });
        continue;
      }
      const into = a.kind !== 'consolidation' ? held.get(key(to, a)) : undefined;
      if (into) {
        moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'merge_into', fromUnitId: a.unitId, toUnitId: to, intoAssignmentId: into });
        continue;
      }
      const shares = sharesOf.get(a.id);
      moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'reassign', fromUnitId: a.unitId, toUnitId: to, intoAssignmentId: null, ...(shares ? { shares } : {}) });
      if (a.kind !== 'consolidation') held.set(key(to, a), a.id);
      assignee = to;
    }
    if (goners.has(a.reviewerUnitId) && a.reviewerUnitId !== a.unitId) {
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
  return { moves, stranded };
}

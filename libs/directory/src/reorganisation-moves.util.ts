// Where the open work of the units that go moves, decided once when a reorganisation takes effect. Each open
// assignment that names a unit that goes moves once per role it holds there: as assignee to the unit's successor;
// as reviewer to the successor the assignee now reports to (a school of an abolished district office goes to the
// commune now responsible for it), else the first successor; as an expected reporter of a consolidation, to the
// successor that took that unit's own assignment. When the successor already holds the same work (same task,
// period and kind), the moved assignment would only duplicate it: it is closed as merged into that one instead.

export interface OpenWork {
  id: string;
  workflowId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  reviewerUnitId: string;
  kind: 'lead' | 'coordination' | 'consolidation';
  expected: string[];
}

export interface WorkMove {
  assignmentId: string;
  workflowId: string;
  action: 'reassign' | 'merge_into';
  fromUnitId: string;
  toUnitId: string;
  intoAssignmentId: string | null;
}

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
      moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'reassign', fromUnitId: a.unitId, toUnitId: to, intoAssignmentId: null });
      if (a.kind !== 'consolidation') held.set(key(to, a), a.id);
      assignee = to;
    }
    if (goners.has(a.reviewerUnitId) && a.reviewerUnitId !== a.unitId) {
      const successors = goners.get(a.reviewerUnitId)!;
      const up = reportsToAfter(assignee);
      const to = a.kind !== 'coordination' && up && successors.includes(up) && !goners.has(up) ? up : finalSuccessor(goners, a.reviewerUnitId);
      if (to) moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'reassign', fromUnitId: a.reviewerUnitId, toUnitId: to, intoAssignmentId: null });
      else stranded.push({ assignmentId: a.id, unitId: a.reviewerUnitId });
    }
    for (const e of a.expected) {
      if (!goners.has(e) || e === a.unitId || e === a.reviewerUnitId) continue;
      const to = finalSuccessor(goners, e);
      if (to) moves.push({ assignmentId: a.id, workflowId: a.workflowId, action: 'reassign', fromUnitId: e, toUnitId: to, intoAssignmentId: null });
    }
  }
  return { moves, stranded };
}

import type { DirectoryUnit, NodeChild, TargetSpec } from '@khflow/contracts';

export interface OrgIndex {
  byId: Map<string, DirectoryUnit>;
  /** Units that report to a unit (reportsToId, falling back to parentId). */
  reports: Map<string, string[]>;
}

export const upOf = (u: DirectoryUnit | undefined): string | null => (u ? (u.reportsToId ?? u.parentId ?? null) : null);

export function buildOrgIndex(units: DirectoryUnit[]): OrgIndex {
  const byId = new Map(units.map((u) => [u.id, u]));
  const reports = new Map<string, string[]>();
  for (const u of units) {
    const up = upOf(u);
    if (!up) continue;
    const list = reports.get(up);
    if (list) list.push(u.id);
    else reports.set(up, [u.id]);
  }
  return { byId, reports };
}

/** The unit, the unit it reports to, … up to the top (cycles are cut). */
export function reportingChain(index: OrgIndex, unitId: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let id: string | null = unitId;
  while (id && !seen.has(id) && index.byId.has(id)) {
    seen.add(id);
    chain.push(id);
    id = upOf(index.byId.get(id));
  }
  return chain;
}

export function isActiveOn(u: DirectoryUnit, date: string): boolean {
  return (!u.validFrom || u.validFrom <= date) && (!u.validTo || date < u.validTo);
}

/** Follows successor links of merged units to the unit that holds their work on a date. */
export function currentSuccessor(index: OrgIndex, unitId: string, date: string): string {
  const seen = new Set<string>();
  let id = unitId;
  for (;;) {
    const u = index.byId.get(id);
    if (!u || isActiveOn(u, date) || !u.successorId || seen.has(id)) return id;
    seen.add(id);
    id = u.successorId;
  }
}

/** Every unit below the root in the reporting tree (root excluded). */
export function reportingSubtree(index: OrgIndex, rootId: string, depth: 'children' | 'descendants' = 'descendants'): string[] {
  const out: string[] = [];
  const seen = new Set<string>([rootId]);
  let frontier = [rootId];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier)
      for (const c of index.reports.get(id) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        out.push(c);
        next.push(c);
      }
    if (depth === 'children') break;
    frontier = next;
  }
  return out;
}

/** The unit ids a target names: a unit, or a group expanded through the directory (active units only). */
export function expandTarget(index: OrgIndex, target: TargetSpec, issuerUnitId: string, onDate: string): string[] {
  if (target.unitId) return index.byId.has(target.unitId) ? [currentSuccessor(index, target.unitId, onDate)] : [];
  if (!target.group) return [];
  const g = target.group;
  const kinds = g.kinds?.length ? new Set(g.kinds) : null;
  const ids = reportingSubtree(index, g.underUnitId ?? issuerUnitId, g.depth ?? 'descendants').filter((id) => {
    const u = index.byId.get(id)!;
    return (!kinds || kinds.has(u.kind)) && isActiveOn(u, onDate);
  });
  return [...new Set(ids)].sort();
}

/** The body a division or leadership sits in (Phòng KHTC → its Sở), or null for a unit that is a body itself. */
export function bodyOfDivision(index: OrgIndex, unitId: string): string | null {
  const u = index.byId.get(unitId);
  return u && /_(division|leadership)$/.test(u.kind) && u.parentId ? u.parentId : null;
}

/**
 * The reporting path from a unit up to the fan-out root, root included. When the root is a division issuing for its
 * body (Phòng KHTC drafting a Sở plan) and the unit reports up to that body, the path runs through the body, which
 * consolidates and reports to the issuing division; sibling divisions report to it directly. Any other unit
 * outside the root's tree (another Sở coordinating) hangs directly under the root.
 */
function pathToRoot(index: OrgIndex, unitId: string, rootUnitId: string): string[] {
  const chain = reportingChain(index, unitId);
  const at = chain.indexOf(rootUnitId);
  if (at >= 0) return chain.slice(0, at + 1);
  const body = bodyOfDivision(index, rootUnitId);
  const bodyAt = body ? chain.indexOf(body) : -1;
  if (bodyAt >= 0 && bodyOfDivision(index, unitId) !== body) return [...chain.slice(0, bodyAt + 1), rootUnitId];
  return [unitId, rootUnitId];
}

/** The fan-out tree: the reporting tree rooted at the issuer, pruned to the paths that lead to targets. */
export function buildFanOutTree(index: OrgIndex, rootUnitId: string, targetIds: string[]): Map<string, NodeChild[]> {
  const targets = new Set(targetIds.filter((t) => t !== rootUnitId));
  const parentOf = new Map<string, string>();
  for (const t of targets) {
    const path = pathToRoot(index, t, rootUnitId);
    for (let i = 0; i < path.length - 1; i++) {
      if (parentOf.has(path[i])) break; // the rest of the path is known
      parentOf.set(path[i], path[i + 1]);
    }
  }
  const children = new Map<string, NodeChild[]>();
  const hasBelow = new Set(parentOf.values());
  for (const [child, parent] of parentOf) {
    const list = children.get(parent) ?? [];
    list.push({ unitId: child, isTarget: targets.has(child), hasTargetsBelow: hasBelow.has(child) });
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.unitId.localeCompare(b.unitId));
  return children;
}

export function fanOutChildren(index: OrgIndex, nodeUnitId: string, rootUnitId: string, targetIds: string[]): NodeChild[] {
  return buildFanOutTree(index, rootUnitId, targetIds).get(nodeUnitId) ?? [];
}

/** The units from a unit up to (excluding) the root: the levels that consolidate its report. */
export function consolidationPath(index: OrgIndex, unitId: string, rootUnitId: string): string[] {
  if (unitId === rootUnitId) return [];
  return pathToRoot(index, unitId, rootUnitId).slice(0, -1);
}

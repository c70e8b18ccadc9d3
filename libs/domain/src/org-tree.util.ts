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

/**
 * The fan-out tree: the reporting tree rooted at the issuer, pruned to the paths that lead to targets. A target
 * whose chain never reaches the root (another Sở coordinating a Sở plan) hangs directly under the root.
 */
export function buildFanOutTree(index: OrgIndex, rootUnitId: string, targetIds: string[]): Map<string, NodeChild[]> {
  const targets = new Set(targetIds.filter((t) => t !== rootUnitId));
  const parentOf = new Map<string, string>();
  for (const t of targets) {
    const chain = reportingChain(index, t);
    const rootAt = chain.indexOf(rootUnitId);
    const path = rootAt >= 0 ? chain.slice(0, rootAt + 1) : [t, rootUnitId];
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
  const chain = reportingChain(index, unitId);
  const at = chain.indexOf(rootUnitId);
  return at >= 0 ? chain.slice(0, at) : [unitId];
}

// A reorganisation as one operation on the directory: units created, merged, split, abolished, moved, renamed, all
// effective on one date. Pure: it takes the units' versions and answers the versions after it, or the problems
// (each naming its operation). Where the open work of each unit that goes will move is decided when the
// reorganisation takes effect (the workflow), from the tree this produces.
import type { DirectoryUnit } from '@khflow/contracts';
import { isKnownKind } from './unit-kinds';
import { changeFrom, coversDate, endFrom, findCycle, groupVersions, versionOn, type UnitVersion, type VersionPatch } from './unit-versions.util';

export type ReorganisationOperation =
  | { type: 'create'; unit: { id: string; name: string; kind: string; parentId?: string | null; reportsToId?: string | null; shortName?: string | null; aliases?: string[]; code?: string | null } }
  | { type: 'merge'; unitIds: string[]; into: string }
  | { type: 'split'; unitId: string; parts: { into: string; childIds: string[] }[] }
  | { type: 'abolish'; unitId: string; successorIds: string[] }
  | { type: 'move'; unitId: string; parentId?: string | null; reportsToId?: string | null }
  | { type: 'rename'; unitId: string; name: string; shortName?: string | null; aliases?: string[] };

export interface ReorganisationRequest {
  effectiveFrom: string;
  reason: string;
  operations: ReorganisationOperation[];
}

export interface ReorganisationPlan {
  /** The new versions of every unit the reorganisation touches (whole history of each). */
  changed: Map<string, UnitVersion[]>;
  /** Units that end on the effective date, with the units that take their work (the first one by default). */
  goners: Map<string, string[]>;
  created: string[];
  problems: { field: string; message: string }[];
}

export function planReorganisation(rows: readonly UnitVersion[], req: ReorganisationRequest): ReorganisationPlan {
  const E = req.effectiveFrom;
  const versions = groupVersions(rows);
  const changed = new Map<string, UnitVersion[]>();
  const goners = new Map<string, string[]>();
  const created: string[] = [];
  const problems: ReorganisationPlan['problems'] = [];
  const explicitlyMoved = new Set<string>();
  const cur = (id: string) => changed.get(id) ?? versions.get(id) ?? [];
  const on = (id: string) => versionOn(cur(id), E);
  const set = (id: string, vs: UnitVersion[]) => void changed.set(id, vs);
  const activeOrProblem = (id: string, field: string): boolean => {
    if (!cur(id).length) return void problems.push({ field, message: `unit "${id}" does not exist` }), false;
    if (goners.has(id)) return void problems.push({ field, message: `unit "${id}" already goes in this reorganisation` }), false;
    if (!on(id)) return void problems.push({ field, message: `unit "${id}" is not in effect on ${E}` }), false;
    return true;
  };
  const patch = (id: string, p: VersionPatch, field: string) => {
    const next = changeFrom(cur(id), E, p);
    if (!next) problems.push({ field, message: `unit "${id}" does not exist on or after ${E}` });
    else set(id, next);
  };
  const end = (id: string, successors: string[], field: string) => {
    const next = endFrom(cur(id), E, successors[0] ?? null);
    if (!next) return void problems.push({ field, message: `unit "${id}" is not in effect on ${E}` });
    set(id, next);
    goners.set(id, successors);
  };

  req.operations.forEach((op, i) => {
    const f = (name: string) => `operations[${i}].${name}`;
    switch (op.type) {
      case 'create': {
        const u = op.unit;
        if (cur(u.id).some((v) => (v.validTo ?? '9999-12-31') > E)) return void problems.push({ field: f('unit.id'), message: `unit "${u.id}" already exists on or after ${E}` });
        if (!isKnownKind(u.kind)) return void problems.push({ field: f('unit.kind'), message: `unknown kind "${u.kind}"` });
        const v: DirectoryUnit = { id: u.id, name: u.name, kind: u.kind, parentId: u.parentId ?? null, reportsToId: u.reportsToId ?? u.parentId ?? null, shortName: u.shortName ?? null, aliases: u.aliases ?? [], code: u.code ?? null, validFrom: E, validTo: null, successorId: null };
        set(u.id, [...cur(u.id), v]);
        created.push(u.id);
        return;
      }
      case 'merge':
        if (!activeOrProblem(op.into, f('into'))) return;
        op.unitIds.forEach((id, j) => {
          if (id === op.into) return void problems.push({ field: f(`unitIds[${j}]`), message: 'a unit cannot merge into itself' });
          if (activeOrProblem(id, f(`unitIds[${j}]`))) end(id, [op.into], f(`unitIds[${j}]`));
        });
        return;
      case 'split': {
        if (!activeOrProblem(op.unitId, f('unitId'))) return;
        op.parts.forEach((p, j) => {
          if (!activeOrProblem(p.into, f(`parts[${j}].into`))) return;
          p.childIds.forEach((c, k) => {
            if (!activeOrProblem(c, f(`parts[${j}].childIds[${k}]`))) return;
            patch(c, { parentId: p.into, reportsToId: p.into }, f(`parts[${j}].childIds[${k}]`));
            explicitlyMoved.add(c);
          });
        });
        end(op.unitId, op.parts.map((p) => p.into), f('unitId'));
        return;
      }
      case 'abolish':
        if (!activeOrProblem(op.unitId, f('unitId'))) return;
        op.successorIds.forEach((s, j) => void activeOrProblem(s, f(`successorIds[${j}]`)));
        end(op.unitId, op.successorIds, f('unitId'));
        return;
      case 'move': {
        if (!activeOrProblem(op.unitId, f('unitId'))) return;
        const p: VersionPatch = {};
        if (op.parentId !== undefined) {
          if (op.parentId && !activeOrProblem(op.parentId, f('parentId'))) return;
          p.parentId = op.parentId;
        }
        if (op.reportsToId !== undefined) {
          if (op.reportsToId && !activeOrProblem(op.reportsToId, f('reportsToId'))) return;
          p.reportsToId = op.reportsToId;
        } else if (op.parentId !== undefined) p.reportsToId = op.parentId;
        patch(op.unitId, p, f('unitId'));
        explicitlyMoved.add(op.unitId);
        return;
      }
      case 'rename': {
        if (!activeOrProblem(op.unitId, f('unitId'))) return;
        const p: VersionPatch = { name: op.name };
        if (op.shortName !== undefined) p.shortName = op.shortName;
        // The old name stays an alias: plans written before the change still name the unit by it.
        const old = on(op.unitId)!;
        p.aliases = [...new Set([...(op.aliases ?? old.aliases ?? []), old.name])];
        patch(op.unitId, p, f('unitId'));
        return;
      }
    }
  });

  // Units under a unit that goes, and not moved explicitly, follow its (first) successor.
  if (goners.size) {
    for (const [id, vs] of [...versions.entries(), ...changed.entries()]) {
      if (goners.has(id) || explicitlyMoved.has(id)) continue;
      const v = versionOn(changed.get(id) ?? vs, E);
      if (!v) continue;
      const p: VersionPatch = {};
      const up = v.reportsToId ?? v.parentId;
      if (v.parentId && goners.has(v.parentId)) p.parentId = goners.get(v.parentId)![0] ?? null;
      if (up && goners.has(up)) p.reportsToId = goners.get(up)![0] ?? null;
      if (Object.keys(p).length) set(id, changeFrom(changed.get(id) ?? vs, E, p)!);
    }
  }

  if (!problems.length) {
    const after = [...new Map([...versions, ...changed]).values()].flat().filter((v) => coversDate(v, E));
    const activeIds = new Set(after.map((v) => v.id));
    for (const v of after) {
      for (const ref of [v.parentId, v.reportsToId]) if (ref && !activeIds.has(ref) && changed.has(v.id)) problems.push({ field: 'operations', message: `unit "${v.id}" would sit under "${ref}", which is not in effect on ${E}` });
    }
    for (const field of ['parentId', 'reportsToId'] as const) {
      const cycle = findCycle(after, field);
      if (cycle) problems.push({ field: 'operations', message: `the ${field === 'parentId' ? 'organisation' : 'reporting'} tree would have a cycle ${[...cycle, cycle[0]].join(' → ')}` });
    }
  }
  return { changed, goners, created, problems };
}

/** The reporting chain of a unit on a date (cycles cut). */
export function chainOn(byId: Map<string, UnitVersion>, unitId: string): string[] {
  const chain: string[] = [];
  let id: string | null = unitId;
  while (id && byId.has(id) && !chain.includes(id)) {
    chain.push(id);
    const u: UnitVersion = byId.get(id)!;
    id = u.reportsToId ?? u.parentId ?? null;
  }
  return chain;
}

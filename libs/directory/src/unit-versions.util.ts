// Units with effective dates. Every row of the directory is one version of a unit: the unit's name, kind, parent,
// reporting line … from `validFrom` (inclusive, null = always) until `validTo` (exclusive, null = still). A unit
// that moves on 1 July 2025 has two rows with the same id; a unit abolished that day has its last row end there
// and names its successor. The tree as of a date takes, for every unit, the version in effect on that date.
import type { DirectoryUnit } from '@khflow/contracts';

export type UnitVersion = DirectoryUnit;

const MIN = '0000-01-01';
const MAX = '9999-12-31';
const from = (v: UnitVersion) => v.validFrom ?? MIN;
const to = (v: UnitVersion) => v.validTo ?? MAX;

export const coversDate = (v: UnitVersion, date: string) => from(v) <= date && date < to(v);

/** The versions of each unit, in date order. */
export function groupVersions(rows: readonly UnitVersion[]): Map<string, UnitVersion[]> {
  const by = new Map<string, UnitVersion[]>();
  for (const r of rows) {
    const list = by.get(r.id);
    if (list) list.push(r);
    else by.set(r.id, [r]);
  }
  for (const list of by.values()) list.sort((a, b) => from(a).localeCompare(from(b)));
  return by;
}

/** The version in effect on a date, or null when the unit does not exist that day. */
export function versionOn(versions: readonly UnitVersion[], date: string): UnitVersion | null {
  return versions.find((v) => coversDate(v, date)) ?? null;
}

/**
 * The version that stands for the unit on a date: the one in effect, else the last one before (an abolished unit,
 * with its successor), else the first one (a unit that does not exist yet).
 */
export function nearestVersion(versions: readonly UnitVersion[], date: string): UnitVersion {
  const on = versionOn(versions, date);
  if (on) return on;
  const before = versions.filter((v) => to(v) <= date);
  return before.length ? before[before.length - 1] : versions[0];
}

/**
 * The directory as of a date. `active`: only the units in effect that day (the tree an administrator sees);
 * `all`: every unit once, in its nearest version (what permission checks and successor links need: work of an
 * abolished unit still names it). Each unit's validFrom/validTo are those of the version returned.
 */
export function unitsAsOf(rows: readonly UnitVersion[], date: string, mode: 'active' | 'all' = 'active'): UnitVersion[] {
  const out: UnitVersion[] = [];
  for (const versions of groupVersions(rows).values()) {
    const v = mode === 'active' ? versionOn(versions, date) : nearestVersion(versions, date);
    if (v) out.push(v);
  }
  return out;
}

/** The earliest date from which a unit exists, and the date it ends (null = open). */
export function lifetimeOf(versions: readonly UnitVersion[]): { validFrom: string | null; validTo: string | null } {
  return { validFrom: versions[0]?.validFrom ?? null, validTo: versions[versions.length - 1]?.validTo ?? null };
}

export type VersionPatch = Partial<Pick<UnitVersion, 'name' | 'shortName' | 'kind' | 'parentId' | 'reportsToId' | 'aliases' | 'code'>>;

/**
 * From `date` on, the unit has these attributes: the version in effect on `date` is split there and every version
 * from then on takes the patch. Null when the unit does not exist on or after `date`.
 */
export function changeFrom(versions: readonly UnitVersion[], date: string, patch: VersionPatch): UnitVersion[] | null {
  if (!versions.some((v) => to(v) > date)) return null;
  const out: UnitVersion[] = [];
  for (const v of versions) {
    if (to(v) <= date) out.push(v);
    else if (from(v) >= date) out.push({ ...v, ...patch });
    else out.push({ ...v, validTo: date, successorId: null }, { ...v, ...patch, validFrom: date });
  }
  return out;
}

/** The unit ends on `date` (exclusive), its work going to `successorId`. Null when it does not exist on `date`. */
export function endFrom(versions: readonly UnitVersion[], date: string, successorId: string | null): UnitVersion[] | null {
  if (!versions.some((v) => coversDate(v, date))) return null;
  const kept = versions.filter((v) => from(v) < date).map((v) => (to(v) > date ? { ...v, validTo: date } : v));
  kept[kept.length - 1] = { ...kept[kept.length - 1], successorId };
  return kept;
}

/** The dates on which the tree may change: every version boundary (and a date before them all). */
export function boundaryDates(rows: readonly UnitVersion[]): string[] {
  const dates = new Set<string>([MIN]);
  for (const r of rows) {
    if (r.validFrom) dates.add(r.validFrom);
    if (r.validTo) dates.add(r.validTo);
  }
  return [...dates].sort();
}

/** For units in effect on one date: the first unit found on a cycle of `field` links, or null. */
export function findCycle(units: readonly UnitVersion[], field: 'parentId' | 'reportsToId'): string[] | null {
  const byId = new Map(units.map((u) => [u.id, u]));
  const link = (u: UnitVersion) => (field === 'reportsToId' ? (u.reportsToId ?? u.parentId) : u.parentId) ?? null;
  const done = new Set<string>();
  for (const start of units) {
    if (done.has(start.id)) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    let id: string | null = start.id;
    while (id && byId.has(id) && !done.has(id)) {
      if (onPath.has(id)) return path.slice(path.indexOf(id));
      onPath.add(id);
      path.push(id);
      id = link(byId.get(id)!);
    }
    for (const p of path) done.add(p);
  }
  return null;
}

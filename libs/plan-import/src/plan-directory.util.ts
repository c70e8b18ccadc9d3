// Which units a plan may be resolved against: the installation's directory as of the plan's date, and none of
// it when the plan comes from another province (a Bắc Ninh plan imported where the directory is Hải Phòng keeps its
// units as text). Pure.
import type { DirectoryUnit } from '@khflow/contracts';
import { canon } from './unit-resolver.util';

/** The units valid on `date` (YYYY-MM-DD; validTo exclusive); every unit when the date is unknown. */
export function directoryAsOf(units: DirectoryUnit[], date: string | null): DirectoryUnit[] {
  if (!date) return units;
  const valid = units.filter((u) => (!u.validFrom || u.validFrom <= date) && (!u.validTo || date < u.validTo));
  return valid.length ? valid : units;
}

const PLACE_IN_NAME = /(?:^|\s)(?:tinh|tp|thanh pho|huyen|quan|thi xa|xa|phuong)\s+((?:[a-z]+\s?){1,4})$/;

/**
 * Places a plan names in its header: the place of the date line ("Bắc Ninh, ngày …") and the province of the
 * issuing body ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "SỞ GDĐT TỈNH ĐỒNG THÁP"), canonical (no diacritics, lower case).
 */
export function planPlaces(place: string | null, headerTexts: string[]): string[] {
  const out = new Set<string>();
  if (place) {
    const p = canon(place).replace(/^(?:tp|thanh pho|tinh)\s+/, '').trim();
    if (p.length >= 3) out.add(p);
  }
  for (const t of headerTexts) {
    const c = canon(t);
    for (const m of c.matchAll(/(?:^|\s)(?:tinh|thanh pho|tp)\s+((?:(?!(?:cong hoa|doc lap|so|ngay)\b)[a-z]+\s?){1,3})/g)) {
      const name = m[1].trim();
      if (name.length >= 3 && !/^(?:ubnd|uy ban)/.test(name)) out.add(name);
    }
  }
  return [...out];
}

/** The places a directory covers: every word group a unit's name ends with after tỉnh/thành phố/huyện/xã … */
function directoryPlaces(units: DirectoryUnit[]): Set<string> {
  const out = new Set<string>();
  for (const u of units) {
    for (const n of [u.name, u.shortName ?? '', ...(u.aliases ?? [])]) {
      const c = canon(n);
      const m = PLACE_IN_NAME.exec(c);
      if (m) out.add(m[1].trim());
      for (const mm of c.matchAll(/(?:tinh|tp|thanh pho|huyen|quan)\s+((?:[a-z]+\s?){1,3})/g)) out.add(mm[1].trim());
    }
  }
  return out;
}

const placesCache = new WeakMap<DirectoryUnit[], string[]>();

/**
 * True when the plan names places and none of them is covered by the directory: the plan comes from another
 * province and its units must not be mapped onto the directory's.
 */
export function isForeignPlan(places: string[], units: DirectoryUnit[]): boolean {
  if (!places.length || !units.length) return false;
  let known = placesCache.get(units);
  if (!known) {
    known = [...directoryPlaces(units)];
    placesCache.set(units, known);
  }
  const names = units.map((u) => canon(u.name));
  const covered = (p: string) => known.some((k) => k === p || k.startsWith(`${p} `) || p.startsWith(`${k} `) || k === p.split(' ').slice(0, 2).join(' ')) || names.some((n) => n.endsWith(` ${p}`));
  return !places.some(covered);
}

/**
 * The units a plan's names are resolved against when the directory holds several provinces: a tree whose top unit
 * names a place ("Ủy ban nhân dân thành phố Hải Phòng") that is not one of the plan's is left out, so that a Lâm Đồng
 * plan's "Sở Giáo dục và Đào tạo" is Lâm Đồng's Sở and never Hải Phòng's. Trees whose top names no place (shared
 * agencies) stay; when no tree names one of the plan's places, nothing is left out.
 */
export function unitsOfPlanProvince(units: DirectoryUnit[], places: string[]): DirectoryUnit[] {
  if (!places.length || !units.length) return units;
  const byId = new Map(units.map((u) => [u.id, u]));
  const topOf = new Map<string, DirectoryUnit>();
  const top = (u: DirectoryUnit): DirectoryUnit => {
    const known = topOf.get(u.id);
    if (known) return known;
    const seen = new Set<string>();
    let cur = u;
    while (cur.parentId && byId.has(cur.parentId) && !seen.has(cur.id)) {
      seen.add(cur.id);
      cur = byId.get(cur.parentId)!;
    }
    topOf.set(u.id, cur);
    return cur;
  };
  const verdict = new Map<string, 'plan' | 'other' | 'none'>();
  const of = (t: DirectoryUnit) => {
    let v = verdict.get(t.id);
    if (!v) {
      // The place a top unit's name ends with ("… thành phố Hải Phòng"); "Các cơ quan báo chí" names none.
      const named = [t.name, t.shortName ?? ''].map((n) => PLACE_IN_NAME.exec(canon(n))?.[1].trim()).filter((x): x is string => !!x);
      v = !named.length ? 'none' : places.some((p) => named.some((k) => k === p || k.startsWith(`${p} `) || p.startsWith(`${k} `))) ? 'plan' : 'other';
      verdict.set(t.id, v);
    }
    return v;
  };
  const tops = [...new Set(units.map(top))];
  if (!tops.some((t) => of(t) === 'plan') || !tops.some((t) => of(t) === 'other')) return units;
  return units.filter((u) => of(top(u)) !== 'other');
}

// Unit ids (hp-th-kienan-1) are shown by their names. Names come from the directory API, one unit at a time and
// remembered for the session, so this works for a directory of any size; pages that already list units feed it.
import { useSyncExternalStore } from 'react';
import type { UnitView } from '@khflow/contracts';
import { api } from './api';
import { currentLang } from './i18n';

const names = new Map<string, string>();
const asked = new Set<string>();
const listeners = new Set<() => void>();
let version = 0;

function changed() {
  version += 1;
  for (const l of listeners) l();
}

export function rememberUnits(units: Pick<UnitView, 'id' | 'name'>[]): void {
  let any = false;
  for (const u of units) {
    if (names.get(u.id) !== u.name) {
      names.set(u.id, u.name);
      any = true;
    }
  }
  if (any) changed();
}

/** Clears what was learnt (tests; a new login may see another directory version). */
export function forgetUnits(): void {
  names.clear();
  asked.clear();
  changed();
}

/** The actor of automatic steps (deadlines, reminders, consolidation). */
export const SYSTEM_ID = 'system';

/** The name of a unit if known; otherwise the id for now, and the name is fetched (once) for the next render. */
export function unitName(id: string | null | undefined): string {
  if (!id) return '—';
  if (id === SYSTEM_ID) return currentLang() === 'vi' ? 'Hệ thống' : 'System';
  const known = names.get(id);
  if (known) return known;
  if (!asked.has(id) && /^[\w.-]{1,120}$/.test(id)) {
    asked.add(id);
    api.get<UnitView>(`/units/${encodeURIComponent(id)}`).then(
      (u) => rememberUnits([u]),
      () => undefined, // not a unit (or not visible): the id stays as it was written
    );
  }
  return id;
}

export const isKnownUnit = (id: string) => names.has(id);

/** Re-renders the caller when more unit names become known; returns the lookup. */
export function useUnitNames(): (id: string | null | undefined) => string {
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => version,
  );
  return unitName;
}

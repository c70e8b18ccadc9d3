// Checks a whole imported directory before anything is written: every problem names its sheet, row and column,
// and one problem rejects the whole file (all or nothing).
import { ROLES, type Role } from '@khflow/contracts';
import type { DirectoryUserRow, FileProblem, RawSheet } from './directory-file.codec';
import { isKnownKind, UNIT_KINDS } from './unit-kinds';
import { boundaryDates, coversDate, findCycle, groupVersions, type UnitVersion } from './unit-versions.util';

export const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$/;

/** YYYY-MM-DD, or the Vietnamese d/m/yyyy; null when empty; undefined when not a date. */
export function parseDateCell(s: string): string | null | undefined {
  if (!s) return null;
  let y: number, m: number, d: number;
  let mm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (mm) [y, m, d] = [Number(mm[1]), Number(mm[2]), Number(mm[3])];
  else if ((mm = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) [d, m, y] = [Number(mm[1]), Number(mm[2]), Number(mm[3])];
  else return undefined;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : undefined;
}

export interface ParsedDirectory {
  units: { row: number; unit: UnitVersion }[];
  users: { row: number; user: DirectoryUserRow }[];
  problems: FileProblem[];
}

export interface ExistingDirectory {
  /** Units already in the installation (each in its versions), for references from the file. */
  units: readonly UnitVersion[];
}

export function parseDirectorySheets(sheets: RawSheet[], existing: ExistingDirectory): ParsedDirectory {
  const problems: FileProblem[] = [];
  const units: ParsedDirectory['units'] = [];
  const users: ParsedDirectory['users'] = [];
  for (const s of sheets) {
    for (const { row, cells } of s.rows) {
      const bad = (column: string, message: string) => void problems.push({ sheet: s.sheet, row, column, message });
      if (s.sheet === 'units') {
        const id = cells.id ?? '';
        if (!id) bad('id', 'is required');
        else if (!UNIT_ID.test(id)) bad('id', `"${id}" must be letters, digits, ".", "_" or "-" (at most 100)`);
        if (!cells.name) bad('name', 'is required');
        if (!cells.kind) bad('kind', 'is required');
        else if (!isKnownKind(cells.kind)) bad('kind', `unknown kind "${cells.kind}"; the kinds are ${UNIT_KINDS.map((k) => k.kind).join(', ')}`);
        const validFrom = parseDateCell(cells.valid_from ?? '');
        const validTo = parseDateCell(cells.valid_to ?? '');
        if (validFrom === undefined) bad('valid_from', `"${cells.valid_from}" is not a date (YYYY-MM-DD or d/m/yyyy)`);
        if (validTo === undefined) bad('valid_to', `"${cells.valid_to}" is not a date (YYYY-MM-DD or d/m/yyyy)`);
        if (validFrom && validTo && validFrom >= validTo) bad('valid_to', `must be after valid_from ${validFrom}`);
        for (const [col, v] of [['name', cells.name], ['short_name', cells.short_name]] as const) if (v && v.length > 500) bad(col, 'must have at most 500 characters');
        units.push({
          row,
          unit: {
            id,
            name: (cells.name ?? '').normalize('NFC'),
            kind: cells.kind ?? '',
            parentId: cells.parent_id || null,
            reportsToId: cells.reports_to_id || cells.parent_id || null,
            shortName: cells.short_name ? cells.short_name.normalize('NFC') : null,
            aliases: (cells.aliases ?? '').split(';').map((a) => a.trim().normalize('NFC')).filter(Boolean),
            code: cells.code || null,
            validFrom: validFrom ?? null,
            validTo: validTo ?? null,
            successorId: cells.successor_id || null,
          },
        });
      } else {
        const username = cells.username ?? '';
        if (!username) bad('username', 'is required');
        else if (!USERNAME.test(username)) bad('username', `"${username}" must be letters, digits, ".", "_", "@" or "-"`);
        if (!cells.display_name) bad('display_name', 'is required');
        if (!cells.unit_id) bad('unit_id', 'is required');
        const roles = (cells.roles ?? '').split(';').map((r) => r.trim()).filter(Boolean);
        if (!roles.length) bad('roles', `at least one of ${ROLES.join(', ')}`);
        for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) bad('roles', `unknown role "${r}"; the roles are ${ROLES.join(', ')}`);
        if (cells.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(cells.email)) bad('email', `"${cells.email}" is not an e-mail address`);
        users.push({ row, user: { username, displayName: (cells.display_name ?? '').normalize('NFC'), unitId: cells.unit_id ?? '', roles: roles as Role[], email: cells.email || null } });
      }
    }
  }
  problems.push(...checkUnits(units, existing), ...checkUsers(users, units, existing));
  return { units, users, problems };
}

function checkUnits(rows: ParsedDirectory['units'], existing: ExistingDirectory): FileProblem[] {
  const problems: FileProblem[] = [];
  const bad = (row: number, column: string, message: string) => void problems.push({ sheet: 'units', row, column, message });
  const rowOf = new Map<UnitVersion, number>(rows.map((r) => [r.unit, r.row]));
  const fileIds = new Set(rows.map((r) => r.unit.id));
  // The same id twice is a second version of the unit only when their dates do not overlap.
  for (const versions of groupVersions(rows.map((r) => r.unit)).values()) {
    for (let i = 1; i < versions.length; i++) {
      const a = versions[i - 1];
      const b = versions[i];
      if (!a.validTo || (b.validFrom ?? '0000-01-01') < a.validTo)
        bad(rowOf.get(b)!, 'id', `duplicate id "${b.id}" (also row ${rowOf.get(a)}): a second row for a unit must start on or after the first one's valid_to`);
    }
  }
  // Units of the installation that the file does not list stay as they are and may be referenced.
  const kept = existing.units.filter((u) => !fileIds.has(u.id));
  const known = new Set([...fileIds, ...kept.map((u) => u.id)]);
  for (const { row, unit } of rows) {
    for (const [col, ref] of [['parent_id', unit.parentId], ['reports_to_id', unit.reportsToId !== unit.parentId ? unit.reportsToId : null], ['successor_id', unit.successorId]] as const) {
      if (!ref) continue;
      if (ref === unit.id) bad(row, col, `a unit cannot name itself`);
      else if (!known.has(ref)) bad(row, col, `unit "${ref}" is neither in the file nor in the directory (missing parent)`);
    }
  }
  if (problems.length) return problems;
  // No cycle on any date the tree can change.
  const all = [...rows.map((r) => r.unit), ...kept];
  for (const date of boundaryDates(all)) {
    const on = all.filter((u) => coversDate(u, date));
    for (const field of ['parentId', 'reportsToId'] as const) {
      const cycle = findCycle(on, field);
      if (!cycle) continue;
      const inFile = on.find((u) => cycle.includes(u.id) && rowOf.has(u));
      bad(inFile ? rowOf.get(inFile)! : 0, field === 'parentId' ? 'parent_id' : 'reports_to_id', `cycle ${[...cycle, cycle[0]].join(' → ')}${date === '0000-01-01' ? '' : ` on ${date}`}`);
      return problems;
    }
  }
  return problems;
}

function checkUsers(rows: ParsedDirectory['users'], units: ParsedDirectory['units'], existing: ExistingDirectory): FileProblem[] {
  const problems: FileProblem[] = [];
  const known = new Set([...units.map((u) => u.unit.id), ...existing.units.map((u) => u.id)]);
  const seen = new Map<string, number>();
  for (const { row, user } of rows) {
    if (user.unitId && !known.has(user.unitId)) problems.push({ sheet: 'users', row, column: 'unit_id', message: `unit "${user.unitId}" is neither in the file nor in the directory` });
    const first = seen.get(user.username);
    if (first) problems.push({ sheet: 'users', row, column: 'username', message: `duplicate username "${user.username}" (also row ${first})` });
    else seen.set(user.username, row);
  }
  return problems;
}

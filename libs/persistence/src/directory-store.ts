import type { EntityManager } from 'typeorm';
import type { DirectoryUnit, DirectoryUser, Role } from '@khflow/contracts';
import { vnDateOf } from '@khflow/domain';
import { hashPassword } from './password-hash.util';

// The directory is stored as versions of units (org_unit_version, one row per period in which a unit had given
// attributes); org_unit is the identity other tables reference and holds, for old readers, the version in effect
// today. Rows passed in and out are DirectoryUnit values whose validFrom/validTo bound the version.

const today = () => vnDateOf(Date.now());

/**
 * Replaces the whole history of the units named in `rows` (each id may appear several times, one row per version)
 * and refreshes their current columns. Parents may come after children (constraints are deferred).
 */
export async function upsertUnits(manager: EntityManager, rows: DirectoryUnit[], asOf = today()): Promise<void> {
  const first = new Map<string, DirectoryUnit>();
  for (const r of rows) if (!first.has(r.id)) first.set(r.id, r);
  const ids = [...first.keys()];
  const identities = [...first.values()];
  // Identity rows first: versions and references point at them.
  for (let i = 0; i < identities.length; i += 2000) {
    const batch = identities.slice(i, i + 2000);
    await manager.query(
      `INSERT INTO org_unit (id, name, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (id) DO NOTHING`,
      [batch.map((u) => u.id), batch.map((u) => u.name.normalize('NFC')), batch.map((u) => u.kind)],
    );
  }
  for (let i = 0; i < ids.length; i += 5000) await manager.query('DELETE FROM org_unit_version WHERE unit_id = ANY($1)', [ids.slice(i, i + 5000)]);
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await manager.query(
      `INSERT INTO org_unit_version (unit_id, name, short_name, kind, code, parent_id, reports_to_id, aliases, valid_from, valid_to, successor_id)
       SELECT id, name, short_name, kind, code, parent_id, reports_to_id, ARRAY(SELECT jsonb_array_elements_text(aliases_json::jsonb)), valid_from, valid_to, successor_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[], $11::text[])
           AS u(id, name, short_name, kind, code, parent_id, reports_to_id, aliases_json, valid_from, valid_to, successor_id)`,
      [
        batch.map((u) => u.id),
        batch.map((u) => u.name.normalize('NFC')),
        batch.map((u) => u.shortName?.normalize('NFC') ?? null),
        batch.map((u) => u.kind),
        batch.map((u) => u.code ?? null),
        batch.map((u) => u.parentId),
        batch.map((u) => u.reportsToId ?? u.parentId),
        batch.map((u) => JSON.stringify((u.aliases ?? []).map((a) => a.normalize('NFC')))),
        batch.map((u) => u.validFrom ?? null),
        batch.map((u) => u.validTo ?? null),
        batch.map((u) => u.successorId ?? null),
      ],
    );
  }
  await refreshCurrentUnits(manager, asOf, ids);
}

/**
 * Copies into org_unit the version of each unit that stands for it on `asOf` (in effect, else the last before,
 * else the first), with the unit's whole lifetime and last successor. Only rows that differ are written.
 */
export async function refreshCurrentUnits(manager: EntityManager, asOf = today(), ids: string[] | null = null): Promise<number> {
  const res = await manager.query(
    `WITH pick AS (
       SELECT DISTINCT ON (v.unit_id) v.*
         FROM org_unit_version v ${ids ? 'WHERE v.unit_id = ANY($2)' : ''}
        ORDER BY v.unit_id, (coalesce(v.valid_from, '-infinity'::date) <= $1::date) DESC,
                 CASE WHEN coalesce(v.valid_from, '-infinity'::date) <= $1::date THEN coalesce(v.valid_from, '-infinity'::date) END DESC,
                 v.valid_from ASC
     ), life AS (
       SELECT unit_id, CASE WHEN bool_or(valid_from IS NULL) THEN NULL ELSE min(valid_from) END AS valid_from,
              CASE WHEN bool_or(valid_to IS NULL) THEN NULL ELSE max(valid_to) END AS valid_to,
              (array_agg(successor_id ORDER BY valid_from DESC NULLS LAST))[1] AS successor_id
         FROM org_unit_version ${ids ? 'WHERE unit_id = ANY($2)' : ''} GROUP BY unit_id
     )
     UPDATE org_unit o SET name = p.name, short_name = p.short_name, kind = p.kind, code = p.code, parent_id = p.parent_id,
            reports_to_id = p.reports_to_id, aliases = p.aliases, valid_from = l.valid_from, valid_to = l.valid_to,
            successor_id = l.successor_id, updated_at = now()
       FROM pick p JOIN life l ON l.unit_id = p.unit_id
      WHERE o.id = p.unit_id AND (o.name, o.short_name, o.kind, o.code, o.parent_id, o.reports_to_id, o.aliases, o.valid_from, o.valid_to, o.successor_id)
            IS DISTINCT FROM (p.name, p.short_name, p.kind, p.code, p.parent_id, p.reports_to_id, p.aliases, l.valid_from, l.valid_to, l.successor_id)`,
    ids ? [asOf, ids] : [asOf],
  );
  return Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
}

const VERSION_COLUMNS = `unit_id AS id, name, short_name, kind, code, parent_id, reports_to_id, aliases,
  to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, successor_id`;

function toUnit(r: Record<string, unknown>): DirectoryUnit {
  return {
    id: r.id as string,
    name: r.name as string,
    shortName: (r.short_name as string) ?? null,
    kind: r.kind as string,
    code: (r.code as string) ?? null,
    parentId: (r.parent_id as string) ?? null,
    reportsToId: (r.reports_to_id as string) ?? null,
    aliases: (r.aliases as string[]) ?? [],
    validFrom: (r.valid_from as string) ?? null,
    validTo: (r.valid_to as string) ?? null,
    successorId: (r.successor_id as string) ?? null,
  };
}

/** Every version of the named units (all units when ids is null), in unit and date order. */
export async function loadUnitVersions(manager: EntityManager, ids: string[] | null = null): Promise<DirectoryUnit[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${VERSION_COLUMNS} FROM org_unit_version ${ids ? 'WHERE unit_id = ANY($1)' : ''} ORDER BY unit_id, valid_from NULLS FIRST`,
    ids ? [ids] : [],
  );
  return rows.map(toUnit);
}

/**
 * The directory as of a date (default today in Asia/Ho_Chi_Minh). `all` (default): every unit once, in the
 * version that stands for it that day — abolished units keep their last version and successor, so work that names
 * them still resolves; `active`: only the units in effect that day (the tree). validFrom/validTo bound the version.
 */
/**
 * A value that changes with every write to the directory's versions: their number and the newest transaction that
 * wrote one (xmin). A cache of the tree built from loadUnits is still that tree while this is unchanged; read it
 * before loading, so that a write committed in between makes the next read differ.
 */
export async function directoryFingerprint(manager: EntityManager): Promise<string> {
  const [r]: { f: string }[] = await manager.query(`SELECT count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text AS f FROM org_unit_version`);
  return r.f;
}

export async function loadUnits(manager: EntityManager, asOf = today(), mode: 'all' | 'active' = 'all'): Promise<DirectoryUnit[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    mode === 'active'
      ? `SELECT ${VERSION_COLUMNS} FROM org_unit_version
          WHERE coalesce(valid_from, '-infinity'::date) <= $1::date AND $1::date < coalesce(valid_to, 'infinity'::date)`
      : `SELECT DISTINCT ON (unit_id) ${VERSION_COLUMNS} FROM org_unit_version
          ORDER BY unit_id, (coalesce(valid_from, '-infinity'::date) <= $1::date) DESC,
                   CASE WHEN coalesce(valid_from, '-infinity'::date) <= $1::date THEN coalesce(valid_from, '-infinity'::date) END DESC,
                   valid_from ASC`,
    [asOf],
  );
  return rows.map(toUnit);
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  password?: string;
  email?: string | null;
}

export const userIdOf = (username: string) => `u-${username}`;

/** Inserts users that do not exist yet (an existing user's password is never overwritten). */
export async function insertUsers(manager: EntityManager, users: NewUser[], defaultPassword: string | null): Promise<number> {
  const existing = new Set<string>(
    (await manager.query('SELECT username FROM app_user WHERE username = ANY($1)', [users.map((u) => u.username)])).map(
      (r: { username: string }) => r.username,
    ),
  );
  const fresh = users.filter((u) => !existing.has(u.username));
  // One hash for the shared demo password keeps seeding thousands of generated users fast; each real user's
  // password is hashed with its own salt when it is set.
  const shared = defaultPassword ? await hashPassword(defaultPassword) : null;
  for (let i = 0; i < fresh.length; i += 1000) {
    const batch = fresh.slice(i, i + 1000);
    const hashes = await Promise.all(batch.map((u) => (u.password ? hashPassword(u.password) : Promise.resolve(shared))));
    await manager.query(
      `INSERT INTO app_user (id, username, display_name, unit_id, roles, password_hash, email)
       SELECT id, username, display_name, unit_id, ARRAY(SELECT jsonb_array_elements_text(roles::jsonb)), password_hash, email
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS u(id, username, display_name, unit_id, roles, password_hash, email)
       ON CONFLICT (username) DO NOTHING`,
      [
        batch.map((u) => userIdOf(u.username)),
        batch.map((u) => u.username),
        batch.map((u) => u.displayName.normalize('NFC')),
        batch.map((u) => u.unitId),
        batch.map((u) => JSON.stringify(u.roles)),
        hashes,
        batch.map((u) => u.email ?? null),
      ],
    );
  }
  return fresh.length;
}

export function toDirectoryUser(row: { id: string; username: string; display_name: string; unit_id: string; roles: Role[] }): DirectoryUser {
  return { id: row.id, username: row.username, displayName: row.display_name, unitId: row.unit_id, roles: row.roles };
}

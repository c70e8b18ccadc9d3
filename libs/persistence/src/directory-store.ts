import type { EntityManager } from 'typeorm';
import type { DirectoryUnit, DirectoryUser, Role } from '@khflow/contracts';
import { hashPassword } from './password-hash.util';

/** Upserts units in one statement per batch; parents may come after children (constraints are deferred). */
export async function upsertUnits(manager: EntityManager, units: DirectoryUnit[]): Promise<void> {
  for (let i = 0; i < units.length; i += 1000) {
    const batch = units.slice(i, i + 1000);
    await manager.query(
      `INSERT INTO org_unit (id, name, short_name, kind, parent_id, reports_to_id, aliases, valid_from, valid_to, successor_id)
       SELECT id, name, short_name, kind, parent_id, reports_to_id, ARRAY(SELECT jsonb_array_elements_text(aliases_json::jsonb)),
              valid_from, valid_to, successor_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::date[], $10::text[])
           AS u(id, name, short_name, kind, parent_id, reports_to_id, aliases_json, valid_from, valid_to, successor_id)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, kind = EXCLUDED.kind,
         parent_id = EXCLUDED.parent_id, reports_to_id = EXCLUDED.reports_to_id, aliases = EXCLUDED.aliases,
         valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, successor_id = EXCLUDED.successor_id, updated_at = now()`,
      [
        batch.map((u) => u.id),
        batch.map((u) => u.name.normalize('NFC')),
        batch.map((u) => u.shortName ?? null),
        batch.map((u) => u.kind),
        batch.map((u) => u.parentId),
        batch.map((u) => u.reportsToId ?? u.parentId),
        batch.map((u) => JSON.stringify((u.aliases ?? []).map((a) => a.normalize('NFC')))),
        batch.map((u) => u.validFrom ?? null),
        batch.map((u) => u.validTo ?? null),
        batch.map((u) => u.successorId ?? null),
      ],
    );
  }
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  password?: string;
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
      `INSERT INTO app_user (id, username, display_name, unit_id, roles, password_hash)
       SELECT id, username, display_name, unit_id, ARRAY(SELECT jsonb_array_elements_text(roles::jsonb)), password_hash
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           AS u(id, username, display_name, unit_id, roles, password_hash)
       ON CONFLICT (username) DO NOTHING`,
      [
        batch.map((u) => userIdOf(u.username)),
        batch.map((u) => u.username),
        batch.map((u) => u.displayName.normalize('NFC')),
        batch.map((u) => u.unitId),
        batch.map((u) => JSON.stringify(u.roles)),
        hashes,
      ],
    );
  }
  return fresh.length;
}

export function toDirectoryUser(row: { id: string; username: string; display_name: string; unit_id: string; roles: Role[] }): DirectoryUser {
  return { id: row.id, username: row.username, displayName: row.display_name, unitId: row.unit_id, roles: row.roles };
}

export async function loadUnits(manager: EntityManager): Promise<DirectoryUnit[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT id, name, short_name, kind, parent_id, reports_to_id, aliases, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
            to_char(valid_to, 'YYYY-MM-DD') AS valid_to, successor_id FROM org_unit`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    shortName: (r.short_name as string) ?? null,
    kind: r.kind as string,
    parentId: (r.parent_id as string) ?? null,
    reportsToId: (r.reports_to_id as string) ?? null,
    aliases: (r.aliases as string[]) ?? [],
    validFrom: (r.valid_from as string) ?? null,
    validTo: (r.valid_to as string) ?? null,
    successorId: (r.successor_id as string) ?? null,
  }));
}

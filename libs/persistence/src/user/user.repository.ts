import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@khflow/contracts';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
}

export interface LoginUserRow extends UserRow {
  passwordHash: string | null;
  unitName: string;
}

const toUser = (u: Record<string, unknown>): UserRow => ({ id: u.id as string, username: u.username as string, displayName: u.display_name as string, unitId: u.unit_id as string, roles: u.roles as Role[] });

/** The directory's users as the API reads them: sign-in, token checks, the admin's user list. */
export class UserRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async findForLogin(username: string): Promise<LoginUserRow | null> {
    const [u] = await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.unit_id, u.roles, u.password_hash, o.name AS unit_name
         FROM app_user u JOIN org_unit o ON o.id = u.unit_id WHERE u.username = $1 AND u.active`,
      [username],
    );
    return u ? { ...toUser(u), passwordHash: u.password_hash, unitName: u.unit_name } : null;
  }

  async findActiveById(id: string): Promise<UserRow | null> {
    const [u] = await this.db.query('SELECT id, username, display_name, unit_id, roles FROM app_user WHERE id = $1 AND active', [id]);
    return u ? toUser(u) : null;
  }

  async findActiveByUsername(username: string): Promise<UserRow | null> {
    const [u] = await this.db.query('SELECT id, username, display_name, unit_id, roles FROM app_user WHERE username = $1 AND active', [username]);
    return u ? toUser(u) : null;
  }

  async unitName(unitId: string): Promise<string | null> {
    const [unit] = await this.db.query('SELECT name FROM org_unit WHERE id = $1', [unitId]);
    return unit?.name ?? null;
  }

  /** One page of users (optionally of one unit), by username, with the total. */
  async list(q: { unitId?: string; limit: number; offset: number }): Promise<{ items: (UserRow & { active: boolean })[]; total: number }> {
    const rows = await this.db.query(
      `SELECT id, username, display_name, unit_id, roles, active, count(*) OVER () AS total FROM app_user
        WHERE ($3::text IS NULL OR unit_id = $3) ORDER BY username LIMIT $1 OFFSET $2`,
      [q.limit, q.offset, q.unitId ?? null],
    );
    return { items: rows.map((r: Record<string, unknown>) => ({ ...toUser(r), active: r.active as boolean })), total: rows.length ? Number(rows[0].total) : 0 };
  }

  /** Active users among these usernames, with their password hashes (the start-up check for demo accounts). */
  async activeWithHashes(usernames: string[]): Promise<{ username: string; passwordHash: string | null }[]> {
    const rows = await this.db.query('SELECT username, password_hash FROM app_user WHERE active AND username = ANY($1::text[]) ORDER BY username', [usernames]);
    return rows.map((r: Record<string, unknown>) => ({ username: r.username as string, passwordHash: r.password_hash as string | null }));
  }

  /** A few active users with a password (the start-up check for the demo password). */
  async sampleWithHashes(limit: number): Promise<{ username: string; passwordHash: string }[]> {
    const rows = await this.db.query('SELECT username, password_hash FROM app_user WHERE active AND password_hash IS NOT NULL ORDER BY username LIMIT $1', [limit]);
    return rows.map((r: Record<string, unknown>) => ({ username: r.username as string, passwordHash: r.password_hash as string }));
  }
}

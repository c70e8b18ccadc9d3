import type { ReorganisationMove } from '@khflow/contracts';
// SQL of the directory's administration: users, revoked tokens, reorganisations and their moves, delegations.
// Unit versions are written by upsertUnits (directory-store.ts).
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Role } from '@khflow/contracts';
import { hashPassword } from '../password-hash.util';

export interface DirectoryUserRow {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  email: string | null;
  active: boolean;
}

const USER_SELECT = 'SELECT id, username, display_name, unit_id, roles, email, active FROM app_user';
const toUser = (r: { id: string; username: string; display_name: string; unit_id: string; roles: Role[]; email: string | null; active: boolean }): DirectoryUserRow => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  unitId: r.unit_id,
  roles: r.roles,
  email: r.email ?? null,
  active: r.active,
});

export async function findUser(m: EntityManager, idOrUsername: string, forUpdate = false): Promise<DirectoryUserRow | null> {
  const [r] = await m.query(`${USER_SELECT} WHERE id = $1 OR username = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [idOrUsername]);
  return r ? toUser(r) : null;
}

export async function listUsers(m: EntityManager, q: { unitId?: string; q?: string; limit: number; offset: number }): Promise<{ items: DirectoryUserRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [q.limit, q.offset];
  if (q.unitId) where.push(`unit_id = $${params.push(q.unitId)}`);
  if (q.q) where.push(`(username ILIKE $${params.push(`%${q.q}%`)} OR display_name ILIKE $${params.length})`);
  const rows = await m.query(`${USER_SELECT.replace('active FROM', 'active, count(*) OVER () AS total FROM')} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY username LIMIT $1 OFFSET $2`, params);
  return { items: rows.map(toUser), total: rows.length ? Number(rows[0].total) : 0 };
}

export async function allUsers(m: EntityManager): Promise<DirectoryUserRow[]> {
  return (await m.query(`${USER_SELECT} WHERE active ORDER BY username`)).map(toUser);
}

export async function updateUser(m: EntityManager, id: string, patch: Partial<Pick<DirectoryUserRow, 'displayName' | 'unitId' | 'roles' | 'email' | 'active'>>): Promise<void> {
  const cols: Record<string, string> = { displayName: 'display_name', unitId: 'unit_id', roles: 'roles', email: 'email', active: 'active' };
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [k, col] of Object.entries(cols)) {
    if (!(k in patch)) continue;
    values.push((patch as Record<string, unknown>)[k]);
    sets.push(`${col} = $${values.length}`);
  }
  if (!sets.length) return;
  await m.query(`UPDATE app_user SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
}

export async function setPassword(m: EntityManager, id: string, password: string): Promise<void> {
  await m.query('UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1', [id, await hashPassword(password)]);
}

export async function passwordHashOf(m: EntityManager, id: string): Promise<string | null> {
  const [r] = await m.query('SELECT password_hash FROM app_user WHERE id = $1', [id]);
  return r?.password_hash ?? null;
}

/** Users imported from a file: new ones are created (without a password: an admin resets it), others updated. */
export async function upsertImportedUsers(m: EntityManager, users: { username: string; displayName: string; unitId: string; roles: Role[]; email: string | null }[]): Promise<void> {
  for (let i = 0; i < users.length; i += 1000) {
    const b = users.slice(i, i + 1000);
    await m.query(
      `INSERT INTO app_user (id, username, display_name, unit_id, roles, email)
       SELECT 'u-' || username, username, display_name, unit_id, ARRAY(SELECT jsonb_array_elements_text(roles::jsonb)), email
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(username, display_name, unit_id, roles, email)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, unit_id = EXCLUDED.unit_id, roles = EXCLUDED.roles,
         email = EXCLUDED.email, active = true, updated_at = now()`,
      [b.map((u) => u.username), b.map((u) => u.displayName), b.map((u) => u.unitId), b.map((u) => JSON.stringify(u.roles)), b.map((u) => u.email)],
    );
  }
}

/** Moves the users of units that go to the unit that takes their work; answers who moved. */
export async function rehomeUsers(m: EntityManager, moves: Map<string, string>): Promise<{ id: string; from: string; to: string }[]> {
  if (!moves.size) return [];
  const rows = await m.query(
    `UPDATE app_user u SET unit_id = mv.to_id, updated_at = now() FROM unnest($1::text[], $2::text[]) AS mv(from_id, to_id)
      WHERE u.unit_id = mv.from_id RETURNING u.id, mv.from_id, mv.to_id`,
    [[...moves.keys()], [...moves.values()]],
  );
  return rows.map((r: { id: string; from_id: string; to_id: string }) => ({ id: r.id, from: r.from_id, to: r.to_id }));
}

export async function usersOfUnits(m: EntityManager, unitIds: string[]): Promise<{ id: string; username: string; unitId: string }[]> {
  const rows = await m.query('SELECT id, username, unit_id FROM app_user WHERE unit_id = ANY($1) AND active ORDER BY username', [unitIds]);
  return rows.map((r: { id: string; username: string; unit_id: string }) => ({ id: r.id, username: r.username, unitId: r.unit_id }));
}

// ---- logout ----
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function revokeToken(m: EntityManager, token: string, userId: string, expiresAt: Date): Promise<void> {
  await m.query('INSERT INTO revoked_token (token_hash, user_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [tokenHash(token), userId, expiresAt]);
  // Expired entries are of no use: the token is refused for its expiry anyway.
  await m.query('DELETE FROM revoked_token WHERE expires_at < now() - interval \'1 day\'');
}

export async function isTokenRevoked(m: EntityManager, token: string): Promise<boolean> {
  return (await m.query('SELECT 1 FROM revoked_token WHERE token_hash = $1', [tokenHash(token)])).length > 0;
}

// ---- open work, for reorganisations ----
export interface OpenAssignmentRow {
  id: string;
  workflowId: string;
  planId: string;
  taskId: string;
  periodKey: string;
  unitId: string;
  reviewerUnitId: string;
  kind: 'lead' | 'coordination' | 'consolidation';
  expected: string[];
}

/** Open assignments that name one of the units as assignee, reviewer or expected reporter. */
/**
 * Open assignments that name one of the units that go (as assignee, reviewer or expected reporter), and the open
 * work their successors already hold: a moved assignment that would duplicate one of those merges into it.
 */
export async function openAssignmentsTouching(m: EntityManager, goners: ReadonlyMap<string, readonly string[]>): Promise<OpenAssignmentRow[]> {
  const unitIds = [...goners.keys()];
  if (!unitIds.length) return [];
  const heldBy = [...new Set([...goners.values()].flat())];
  const rows = await m.query(
    `SELECT id, workflow_id, plan_id, task_id, period_key, unit_id, reviewer_unit_id, kind,
            coalesce(ARRAY(SELECT jsonb_array_elements_text(consolidation->'expected')), '{}') AS expected
       FROM assignment
      WHERE state NOT IN ('approved','cancelled')
        AND (unit_id = ANY($1) OR unit_id = ANY($2) OR reviewer_unit_id = ANY($1) OR (consolidation IS NOT NULL AND consolidation->'expected' ?| $1))
      ORDER BY created_at, id`,
    [unitIds, heldBy],
  );
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as string,
    workflowId: r.workflow_id as string,
    planId: r.plan_id as string,
    taskId: r.task_id as string,
    periodKey: r.period_key as string,
    unitId: r.unit_id as string,
    reviewerUnitId: r.reviewer_unit_id as string,
    kind: r.kind as OpenAssignmentRow['kind'],
    expected: (r.expected as string[]) ?? [],
  }));
}

/** Open lead assignments held by the given units (to find the one a merged unit's work would duplicate). */
export async function openLeadAssignmentsOf(m: EntityManager, unitIds: string[]): Promise<{ id: string; unitId: string; taskId: string; periodKey: string; kind: string }[]> {
  if (!unitIds.length) return [];
  const rows = await m.query(`SELECT id, unit_id, task_id, period_key, kind FROM assignment WHERE state NOT IN ('approved','cancelled') AND unit_id = ANY($1)`, [unitIds]);
  return rows.map((r: { id: string; unit_id: string; task_id: string; period_key: string; kind: string }) => ({ id: r.id, unitId: r.unit_id, taskId: r.task_id, periodKey: r.period_key, kind: r.kind }));
}

// ---- reorganisations ----
export interface ReorganisationRow {
  id: string;
  effectiveFrom: string;
  reason: string;
  request: unknown;
  goners: Record<string, string[]>;
  status: 'scheduled' | 'applying' | 'applied';
  workflowId: string;
  createdBy: string;
  createdAt: string;
  appliedAt: string | null;
  moved: number | null;
}

export async function insertReorganisation(m: EntityManager, r: Omit<ReorganisationRow, 'createdAt' | 'appliedAt' | 'moved' | 'status'>): Promise<boolean> {
  const res = await m.query(
    `INSERT INTO reorganisation (id, effective_from, reason, request, goners, status, workflow_id, created_by) VALUES ($1,$2,$3,$4,$5,'scheduled',$6,$7)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [r.id, r.effectiveFrom, r.reason, JSON.stringify(r.request), JSON.stringify(r.goners), r.workflowId, r.createdBy],
  );
  return res.length > 0;
}

export async function findReorganisation(m: EntityManager, id: string): Promise<ReorganisationRow | null> {
  const [r] = await m.query(
    `SELECT id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, reason, request, goners, status, workflow_id, created_by, created_at, applied_at, moved FROM reorganisation WHERE id = $1`,
    [id],
  );
  if (!r) return null;
  return {
    id: r.id,
    effectiveFrom: r.effective_from,
    reason: r.reason,
    request: r.request,
    goners: r.goners,
    status: r.status,
    workflowId: r.workflow_id,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    appliedAt: r.applied_at ? new Date(r.applied_at).toISOString() : null,
    moved: r.moved,
  };
}

/** A stored move is the contract's reorganisation move (one definition, in libs/contracts). */
export type MoveRow = ReorganisationMove;

/** Stores the moves once: a retried activity finds them already there. Answers how many there are. */
export async function storeMoves(m: EntityManager, reorganisationId: string, moves: Omit<MoveRow, 'seq'>[]): Promise<number> {
  const [{ n }] = await m.query('SELECT count(*)::int AS n FROM reorganisation_move WHERE reorganisation_id = $1', [reorganisationId]);
  if (n > 0) return n;
  for (let i = 0; i < moves.length; i += 1000) {
    const b = moves.slice(i, i + 1000);
    await m.query(
      `INSERT INTO reorganisation_move (reorganisation_id, seq, assignment_id, workflow_id, action, from_unit_id, to_unit_id, into_assignment_id, split)
       SELECT $1, * FROM unnest($2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::jsonb[])`,
      [
        reorganisationId,
        b.map((_, j) => i + j),
        b.map((x) => x.assignmentId),
        b.map((x) => x.workflowId),
        b.map((x) => x.action),
        b.map((x) => x.fromUnitId),
        b.map((x) => x.toUnitId),
        b.map((x) => x.intoAssignmentId),
        b.map((x) => (x.shares || x.toUnitIds || x.reportToWorkflowId || x.intoWorkflowId ? JSON.stringify({ shares: x.shares, toUnitIds: x.toUnitIds, reportToWorkflowId: x.reportToWorkflowId, intoWorkflowId: x.intoWorkflowId }) : null)),
      ],
    );
  }
  await m.query(`UPDATE reorganisation SET status = 'applying' WHERE id = $1 AND status = 'scheduled'`, [reorganisationId]);
  return moves.length;
}

export async function movesPage(m: EntityManager, reorganisationId: string, offset: number, limit: number): Promise<MoveRow[]> {
  const rows = await m.query(
    `SELECT seq, assignment_id, workflow_id, action, from_unit_id, to_unit_id, into_assignment_id, split FROM reorganisation_move
      WHERE reorganisation_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
    [reorganisationId, offset, limit],
  );
  return rows.map((r: Record<string, unknown>) => ({
    seq: r.seq as number,
    assignmentId: r.assignment_id as string,
    workflowId: r.workflow_id as string,
    action: r.action as MoveRow['action'],
    fromUnitId: r.from_unit_id as string,
    toUnitId: r.to_unit_id as string,
    intoAssignmentId: (r.into_assignment_id as string) ?? null,
    ...splitOf(r.split as Pick<MoveRow, 'shares' | 'toUnitIds' | 'reportToWorkflowId' | 'intoWorkflowId'> | null),
  }));
}

/** Only the split fields a move has (a move without them stays exactly as before). */
function splitOf(s: Pick<MoveRow, 'shares' | 'toUnitIds' | 'reportToWorkflowId' | 'intoWorkflowId'> | null): Partial<MoveRow> {
  if (!s) return {};
  return {
    ...(s.shares ? { shares: s.shares } : {}),
    ...(s.toUnitIds ? { toUnitIds: s.toUnitIds } : {}),
    ...(s.reportToWorkflowId ? { reportToWorkflowId: s.reportToWorkflowId } : {}),
    ...(s.intoWorkflowId ? { intoWorkflowId: s.intoWorkflowId } : {}),
  };
}

export async function markReorganisationApplied(m: EntityManager, id: string, moved: number): Promise<void> {
  await m.query(`UPDATE reorganisation SET status = 'applied', applied_at = now(), moved = $2 WHERE id = $1`, [id, moved]);
}

/** Running tasks that named a unit that goes name its successors from now on (future periods, amendments). */
export async function retargetTasks(m: EntityManager, goners: Map<string, string[]>): Promise<void> {
  for (const [from, to] of goners) {
    if (!to.length) continue;
    await m.query(
      `INSERT INTO task_target (task_id, unit_id) SELECT tt.task_id, s FROM task_target tt JOIN task t ON t.id = tt.task_id, unnest($2::text[]) AS s
        WHERE tt.unit_id = $1 AND tt.active AND t.status = 'active' ON CONFLICT (task_id, unit_id) DO UPDATE SET active = true`,
      [from, to],
    );
    await m.query('UPDATE task_target SET active = false WHERE unit_id = $1', [from]);
  }
}

// ---- delegations (ủy quyền) ----
export interface DelegationRow {
  id: string;
  delegatorUserId: string;
  deputyUserId: string;
  validFrom: string;
  validTo: string;
  reason: string;
  createdBy: string;
  revokedAt: string | null;
  /** Both people as the console shows them (username: what X-On-Behalf-Of names). */
  delegatorUsername: string;
  delegatorName: string;
  deputyUsername: string;
  deputyName: string;
}

const DELEGATION_SELECT = `SELECT d.id, d.delegator_user_id, d.deputy_user_id, to_char(d.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to,
  d.reason, d.created_by, d.revoked_at, f.username AS delegator_username, f.display_name AS delegator_name, t.username AS deputy_username, t.display_name AS deputy_name
  FROM delegation d JOIN app_user f ON f.id = d.delegator_user_id JOIN app_user t ON t.id = d.deputy_user_id`;
const toDelegation = (r: Record<string, unknown>): DelegationRow => ({
  id: r.id as string,
  delegatorUserId: r.delegator_user_id as string,
  deputyUserId: r.deputy_user_id as string,
  validFrom: r.valid_from as string,
  validTo: r.valid_to as string,
  reason: r.reason as string,
  createdBy: r.created_by as string,
  revokedAt: r.revoked_at ? new Date(r.revoked_at as string).toISOString() : null,
  delegatorUsername: r.delegator_username as string,
  delegatorName: r.delegator_name as string,
  deputyUsername: r.deputy_username as string,
  deputyName: r.deputy_name as string,
});

export async function insertDelegation(m: EntityManager, d: Pick<DelegationRow, 'id' | 'delegatorUserId' | 'deputyUserId' | 'validFrom' | 'validTo' | 'reason' | 'createdBy'>): Promise<void> {
  await m.query(
    `INSERT INTO delegation (id, delegator_user_id, deputy_user_id, valid_from, valid_to, reason, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING`,
    [d.id, d.delegatorUserId, d.deputyUserId, d.validFrom, d.validTo, d.reason, d.createdBy],
  );
}

export async function listDelegations(m: EntityManager, userId: string | null): Promise<DelegationRow[]> {
  const rows = await m.query(`${DELEGATION_SELECT} ${userId ? 'WHERE d.delegator_user_id = $1 OR d.deputy_user_id = $1' : ''} ORDER BY d.valid_from DESC, d.id`, userId ? [userId] : []);
  return rows.map(toDelegation);
}

export async function findDelegation(m: EntityManager, id: string): Promise<DelegationRow | null> {
  const [r] = await m.query(`${DELEGATION_SELECT} WHERE d.id = $1`, [id]);
  return r ? toDelegation(r) : null;
}

/** Ends a delegation now; false when it was already revoked (nothing changes then). */
export async function revokeDelegation(m: EntityManager, id: string): Promise<boolean> {
  const rows = await m.query('UPDATE delegation SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
  return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
}

/**
 * People one may name as deputy: active users other than the caller whose username or name contains `q`, or, without
 * `q`, the users of `unitId` (a deputy is most often a colleague of the same unit). With their unit's current name.
 */
export async function deputyCandidates(m: EntityManager, q: { excludeUserId: string; unitId: string; q?: string; limit: number }): Promise<{ id: string; username: string; displayName: string; unitId: string; unitName: string }[]> {
  const params: unknown[] = [q.excludeUserId, q.limit];
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null; // the text as typed, not a pattern
  const where = like ? `(u.username ILIKE $${params.push(like)} OR u.display_name ILIKE $${params.length})` : `u.unit_id = $${params.push(q.unitId)}`;
  const rows = await m.query(
    `SELECT u.id, u.username, u.display_name, u.unit_id, COALESCE(o.name, u.unit_id) AS unit_name
     FROM app_user u LEFT JOIN org_unit o ON o.id = u.unit_id WHERE u.active AND u.id <> $1 AND ${where} ORDER BY u.unit_id = $${params.push(q.unitId)} DESC, u.display_name, u.username LIMIT $2`,
    params,
  );
  return rows.map((r: Record<string, string>) => ({ id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, unitName: r.unit_name }));
}

/** The delegation by which a deputy acts for a delegator on a date, if any. */
export async function activeDelegation(m: EntityManager, deputyUserId: string, delegatorUserId: string, date: string): Promise<DelegationRow | null> {
  const [r] = await m.query(`${DELEGATION_SELECT} WHERE deputy_user_id = $1 AND delegator_user_id = $2 AND revoked_at IS NULL AND valid_from <= $3 AND $3 <= valid_to LIMIT 1`, [deputyUserId, delegatorUserId, date]);
  return r ? toDelegation(r) : null;
}

/** Serialises changes to one unit's versions (the row lock is held until the transaction ends). */
export async function lockUnit(m: EntityManager, id: string): Promise<void> {
  await m.query('SELECT id FROM org_unit WHERE id = $1 FOR UPDATE', [id]);
}

export async function unitExists(m: EntityManager, id: string): Promise<boolean> {
  return (await m.query('SELECT 1 FROM org_unit WHERE id = $1', [id])).length > 0;
}

export async function insertUser(m: EntityManager, u: { id: string; username: string; displayName: string; unitId: string; roles: Role[]; email: string | null }): Promise<void> {
  await m.query(`INSERT INTO app_user (id, username, display_name, unit_id, roles, email) VALUES ($1,$2,$3,$4,$5,$6)`, [u.id, u.username, u.displayName, u.unitId, u.roles, u.email]);
}

/** One reorganisation at a time: they read and rewrite the same versions (held until the transaction ends). */
export async function lockReorganisations(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock(72431002)');
}

/** Serialises the preparation of one reorganisation's moves (held until the transaction ends). */
export async function lockReorganisation(m: EntityManager, id: string): Promise<void> {
  await m.query('SELECT id FROM reorganisation WHERE id = $1 FOR UPDATE', [id]);
}

export async function assignmentPlanOf(m: EntityManager, assignmentId: string): Promise<string | null> {
  const [a] = await m.query('SELECT plan_id FROM assignment WHERE id = $1', [assignmentId]);
  return a?.plan_id ?? null;
}

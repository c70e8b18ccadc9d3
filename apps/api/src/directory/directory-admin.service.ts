// Administrators' changes to the directory: units (with effective dates), users, passwords, whole-directory
// import and export. Every change is one transaction with its hash-chained audit entry (who, when, why).
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, Role } from '@khflow/contracts';
import { vnDateOf } from '@khflow/domain';
import {
  changeFrom,
  coversDate,
  DirectoryFileError,
  endFrom,
  findCycle,
  groupVersions,
  isKnownKind,
  parseDirectorySheets,
  readDirectoryFile,
  UNIT_COLUMNS,
  UNIT_ID,
  unitCells,
  USER_COLUMNS,
  userCells,
  UNIT_KINDS,
  writeCsv,
  writeXlsx,
  boundaryDates,
  type FileProblem,
  type UnitVersion,
  type VersionPatch,
} from '@khflow/directory';
import {
  allUsers,
  insertUser,
  lockUnit,
  unitExists,
  appendAudit,
  findUser,
  loadUnitVersions,
  passwordHashOf,
  setPassword,
  updateUser,
  upsertImportedUsers,
  upsertUnits,
  userIdOf,
  verifyPassword,
  type DirectoryUserRow,
} from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { fieldError, ProblemException, type FieldError } from '../common/problem-details.filter';
import { DirectoryService } from './directory.service';

const today = () => vnDateOf(Date.now());
const notFound = (what: string) => new ProblemException({ status: 404, title: 'Not found', detail: `${what} does not exist` });

export interface UnitInput {
  id: string;
  name: string;
  kind: string;
  parentId?: string | null;
  reportsToId?: string | null;
  shortName?: string | null;
  aliases?: string[];
  code?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  reason: string;
}

export interface UnitChange {
  effectiveFrom?: string;
  reason: string;
  name?: string;
  shortName?: string | null;
  kind?: string;
  code?: string | null;
  aliases?: string[];
  parentId?: string | null;
  reportsToId?: string | null;
}

export interface ImportDiff {
  dryRun: boolean;
  units: { added: string[]; changed: string[]; unchanged: number; notInFile: number };
  users: { added: string[]; changed: string[]; unchanged: number };
}

const canon = (vs: UnitVersion[]) =>
  JSON.stringify(vs.map((v) => [v.name, v.shortName ?? null, v.kind, v.code ?? null, v.parentId ?? null, v.reportsToId ?? v.parentId ?? null, v.aliases ?? [], v.validFrom ?? null, v.validTo ?? null, v.successorId ?? null]));

function problemsToErrors(problems: FileProblem[]): FieldError[] {
  return problems.slice(0, 200).map((p) => {
    const e = { field: p.row ? `${p.sheet}[row ${p.row}]${p.column ? `.${p.column}` : ''}` : p.column ? `${p.sheet}.${p.column}` : 'file', message: p.message, sheet: p.sheet, row: p.row, column: p.column };
    return e;
  });
}

@Injectable()
export class DirectoryAdminService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly directory: DirectoryService,
  ) {}

  private async audit(m: EntityManager, actor: Actor, action: string, entityType: string, entityId: string, before: unknown, after: unknown, details: Record<string, unknown>) {
    await appendAudit(m, { eventKey: `directory:${randomUUID()}`, occurredAt: new Date(), actor, action, entityType, entityId, before, after, details });
  }

  /** A unit's versions must stay consistent with the rest of the tree on every date they change it. */
  private async checkTree(m: EntityManager, id: string, next: UnitVersion[], field: string) {
    const all = [...(await loadUnitVersions(m)).filter((v) => v.id !== id), ...next];
    const ids = new Set(all.map((v) => v.id));
    for (const v of next) {
      for (const [f, ref] of [['parentId', v.parentId], ['reportsToId', v.reportsToId], ['successorId', v.successorId]] as const) {
        if (ref && !ids.has(ref)) throw fieldError(422, f, `unit "${ref}" does not exist`);
        if (ref === id) throw fieldError(422, f, 'a unit cannot name itself');
      }
    }
    for (const date of boundaryDates(next)) {
      const on = all.filter((u) => coversDate(u, date));
      for (const f of ['parentId', 'reportsToId'] as const) {
        const cycle = findCycle(on, f);
        if (cycle?.includes(id)) throw fieldError(422, f === 'parentId' ? 'parentId' : field, `would make a cycle ${[...cycle, cycle[0]].join(' → ')}`);
      }
    }
  }

  async createUnit(input: UnitInput, actor: Actor): Promise<UnitVersion[]> {
    if (!UNIT_ID.test(input.id)) throw fieldError(400, 'id', 'must be letters, digits, ".", "_" or "-" (at most 100)');
    if (!isKnownKind(input.kind)) throw fieldError(422, 'kind', `unknown kind "${input.kind}"; the kinds are ${UNIT_KINDS.map((k) => k.kind).join(', ')}`);
    if (input.validFrom && input.validTo && input.validFrom >= input.validTo) throw fieldError(422, 'validTo', 'must be after validFrom');
    const out = await this.db.transaction(async (m) => {
      if ((await loadUnitVersions(m, [input.id])).length) throw fieldError(409, 'id', `unit ${input.id} exists`);
      const v: UnitVersion = {
        id: input.id,
        name: input.name,
        kind: input.kind,
        parentId: input.parentId ?? null,
        reportsToId: input.reportsToId ?? input.parentId ?? null,
        shortName: input.shortName ?? null,
        aliases: input.aliases ?? [],
        code: input.code ?? null,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
        successorId: null,
      };
      await this.checkTree(m, input.id, [v], 'reportsToId');
      await upsertUnits(m, [v]);
      await this.audit(m, actor, 'unit.created', 'unit', input.id, null, [v], { reason: input.reason });
      return [v];
    });
    this.directory.invalidate();
    return out;
  }

  async changeUnit(id: string, change: UnitChange, actor: Actor): Promise<UnitVersion[]> {
    const effectiveFrom = change.effectiveFrom ?? today();
    if (change.kind !== undefined && !isKnownKind(change.kind)) throw fieldError(422, 'kind', `unknown kind "${change.kind}"; the kinds are ${UNIT_KINDS.map((k) => k.kind).join(', ')}`);
    const patch: VersionPatch = {};
    for (const k of ['name', 'shortName', 'kind', 'code', 'aliases', 'parentId', 'reportsToId'] as const) if (change[k] !== undefined) (patch as Record<string, unknown>)[k] = change[k];
    if (change.parentId !== undefined && change.reportsToId === undefined) patch.reportsToId = change.parentId;
    if (!Object.keys(patch).length) throw fieldError(400, '(body)', 'name nothing to change (name, shortName, kind, code, aliases, parentId, reportsToId)');
    const out = await this.db.transaction(async (m) => {
      await lockUnit(m, id);
      const before = await loadUnitVersions(m, [id]);
      if (!before.length) throw notFound(`unit ${id}`);
      const next = changeFrom(before, effectiveFrom, patch);
      if (!next) throw fieldError(422, 'effectiveFrom', `unit ${id} does not exist on or after ${effectiveFrom}`);
      await this.checkTree(m, id, next, 'reportsToId');
      await upsertUnits(m, next);
      await this.audit(m, actor, 'unit.changed', 'unit', id, before, next, { reason: change.reason, effectiveFrom, changed: Object.keys(patch) });
      return next;
    });
    this.directory.invalidate();
    return out;
  }

  async deactivateUnit(id: string, body: { effectiveFrom?: string; successorId?: string | null; reason: string }, actor: Actor): Promise<UnitVersion[]> {
    const effectiveFrom = body.effectiveFrom ?? today();
    const out = await this.db.transaction(async (m) => {
      await lockUnit(m, id);
      const before = await loadUnitVersions(m, [id]);
      if (!before.length) throw notFound(`unit ${id}`);
      const next = endFrom(before, effectiveFrom, body.successorId ?? null);
      if (!next) throw fieldError(422, 'effectiveFrom', `unit ${id} is not in effect on ${effectiveFrom}`);
      if (body.successorId && !(await loadUnitVersions(m, [body.successorId])).some((v) => coversDate(v, effectiveFrom)))
        throw fieldError(422, 'successorId', `unit ${body.successorId} is not in effect on ${effectiveFrom}`);
      await upsertUnits(m, next);
      await this.audit(m, actor, 'unit.deactivated', 'unit', id, before, next, { reason: body.reason, effectiveFrom, successorId: body.successorId ?? null });
      return next;
    });
    this.directory.invalidate();
    return out;
  }

  async versions(id: string): Promise<UnitVersion[]> {
    const vs = await loadUnitVersions(this.db.manager, [id]);
    if (!vs.length) throw notFound(`unit ${id}`);
    return vs;
  }

  // ---- users ----
  private async checkUnitExists(m: EntityManager, unitId: string) {
    if (!(await unitExists(m, unitId))) throw fieldError(422, 'unitId', `unit ${unitId} does not exist`);
  }

  async createUser(input: { username: string; displayName: string; unitId: string; roles: Role[]; email?: string | null; password?: string; reason?: string }, actor: Actor): Promise<{ user: DirectoryUserRow; temporaryPassword: string | null }> {
    const temporaryPassword = input.password ? null : randomBytes(9).toString('base64url');
    const user = await this.db.transaction(async (m) => {
      await this.checkUnitExists(m, input.unitId);
      if (await findUser(m, input.username)) throw fieldError(409, 'username', `user ${input.username} exists`);
      await insertUser(m, { id: userIdOf(input.username), username: input.username, displayName: input.displayName, unitId: input.unitId, roles: input.roles, email: input.email ?? null });
      await setPassword(m, userIdOf(input.username), input.password ?? temporaryPassword!);
      const u = (await findUser(m, input.username))!;
      await this.audit(m, actor, 'user.created', 'user', u.id, null, u, { reason: input.reason ?? 'user created' });
      return u;
    });
    return { user, temporaryPassword };
  }

  async changeUser(id: string, patch: { displayName?: string; unitId?: string; roles?: Role[]; email?: string | null; reason?: string }, actor: Actor): Promise<DirectoryUserRow> {
    return this.db.transaction(async (m) => {
      const before = await findUser(m, id, true);
      if (!before) throw notFound(`user ${id}`);
      if (patch.unitId) await this.checkUnitExists(m, patch.unitId);
      const { reason, ...fields } = patch;
      await updateUser(m, before.id, fields);
      const after = (await findUser(m, before.id))!;
      await this.audit(m, actor, 'user.changed', 'user', before.id, before, after, { reason: reason ?? 'user changed' });
      return after;
    });
  }

  async setUserActive(id: string, active: boolean, reason: string, actor: Actor): Promise<DirectoryUserRow> {
    return this.db.transaction(async (m) => {
      const before = await findUser(m, id, true);
      if (!before) throw notFound(`user ${id}`);
      if (!active && before.id === actor.userId) throw fieldError(422, 'id', 'administrators cannot deactivate themselves');
      await updateUser(m, before.id, { active });
      const after = (await findUser(m, before.id))!;
      await this.audit(m, actor, active ? 'user.reactivated' : 'user.deactivated', 'user', before.id, { active: before.active }, { active }, { reason });
      return after;
    });
  }

  async resetPassword(id: string, password: string | undefined, reason: string, actor: Actor): Promise<{ temporaryPassword: string | null }> {
    const temporaryPassword = password ? null : randomBytes(9).toString('base64url');
    await this.db.transaction(async (m) => {
      const u = await findUser(m, id, true);
      if (!u) throw notFound(`user ${id}`);
      await setPassword(m, u.id, password ?? temporaryPassword!);
      // The audit trail says that it happened, never the password.
      await this.audit(m, actor, 'user.password_reset', 'user', u.id, null, null, { reason });
    });
    return { temporaryPassword };
  }

  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const hash = await passwordHashOf(m, actor.userId);
      if (!hash || !(await verifyPassword(currentPassword, hash))) throw fieldError(422, 'currentPassword', 'is not your current password');
      if (currentPassword === newPassword) throw fieldError(422, 'newPassword', 'must differ from the current password');
      await setPassword(m, actor.userId, newPassword);
      await this.audit(m, actor, 'user.password_changed', 'user', actor.userId, null, null, { reason: 'changed by the user' });
    });
  }

  // ---- import / export ----
  async importFile(file: { fileName: string; content: Buffer }, dryRun: boolean, reason: string, actor: Actor): Promise<ImportDiff> {
    let sheets;
    try {
      sheets = await readDirectoryFile(file.content, file.fileName);
    } catch (err) {
      if (err instanceof DirectoryFileError) throw new ProblemException({ status: err.status, title: 'Unusable directory file', detail: err.message, errors: problemsToErrors(err.problems.length ? err.problems : [{ sheet: 'file', row: null, column: null, message: err.message }]) });
      throw err;
    }
    const run = async (m: EntityManager): Promise<ImportDiff> => {
      const existing = await loadUnitVersions(m);
      const parsed = parseDirectorySheets(sheets, { units: existing });
      if (parsed.problems.length) {
        const errors = problemsToErrors(parsed.problems);
        throw new ProblemException({ status: 422, title: 'Invalid directory file', detail: `${parsed.problems.length} problem(s); nothing was imported. ${errors.slice(0, 5).map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors });
      }
      const before = groupVersions(existing);
      const after = groupVersions(parsed.units.map((r) => r.unit));
      const added: string[] = [];
      const changed: string[] = [];
      let unchanged = 0;
      for (const [id, vs] of after) {
        const old = before.get(id);
        if (!old) added.push(id);
        else if (canon(old) !== canon(vs)) changed.push(id);
        else unchanged += 1;
      }
      const users = await allUsers(m);
      const byName = new Map(users.map((u) => [u.username, u]));
      const uAdded: string[] = [];
      const uChanged: string[] = [];
      let uUnchanged = 0;
      for (const { user } of parsed.users) {
        const old = byName.get(user.username);
        if (!old) uAdded.push(user.username);
        else if (old.displayName !== user.displayName || old.unitId !== user.unitId || old.roles.join(';') !== user.roles.join(';') || (old.email ?? null) !== user.email) uChanged.push(user.username);
        else uUnchanged += 1;
      }
      const diff: ImportDiff = {
        dryRun,
        units: { added, changed, unchanged, notInFile: [...before.keys()].filter((id) => !after.has(id)).length },
        users: { added: uAdded, changed: uChanged, unchanged: uUnchanged },
      };
      if (dryRun) return diff;
      const write = new Set([...added, ...changed]);
      await upsertUnits(m, parsed.units.map((r) => r.unit).filter((u) => write.has(u.id)));
      const changedUsers = new Set([...uAdded, ...uChanged]);
      await upsertImportedUsers(m, parsed.users.map((r) => r.user).filter((u) => changedUsers.has(u.username)));
      await this.audit(m, actor, 'directory.imported', 'directory', 'directory', null, null, {
        reason,
        fileName: file.fileName,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        units: { added: added.length, changed: changed.length, unchanged, ids: [...added, ...changed].slice(0, 5000) },
        users: { added: uAdded.length, changed: uChanged.length, unchanged: uUnchanged, usernames: [...uAdded, ...uChanged].slice(0, 5000) },
      });
      return diff;
    };
    // One transaction: a problem found while writing leaves nothing half-applied.
    const diff = await this.db.transaction(run);
    if (!dryRun) this.directory.invalidate();
    return diff;
  }

  async exportFile(format: 'csv' | 'xlsx', sheet: 'units' | 'users'): Promise<{ content: Buffer; contentType: string; fileName: string }> {
    const units = await loadUnitVersions(this.db.manager);
    const users = (await allUsers(this.db.manager)).map((u) => ({ username: u.username, displayName: u.displayName, unitId: u.unitId, roles: u.roles, email: u.email }));
    if (format === 'xlsx') return { content: await writeXlsx(units, users), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: 'directory.xlsx' };
    const content = sheet === 'users' ? writeCsv(USER_COLUMNS, users.map(userCells)) : writeCsv(UNIT_COLUMNS, units.map(unitCells));
    return { content, contentType: 'text/csv; charset=utf-8', fileName: `${sheet}.csv` };
  }
}

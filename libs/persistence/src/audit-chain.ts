import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { canonicalJson } from './canonical-json.util';
import { AUDIT_COLUMNS, auditEntryOfRow } from './audit/audit-entry.mapper';

export const GENESIS_HASH = '0'.repeat(64);
// One chain for the whole installation: appends take this transaction-scoped lock so that seq and prev_hash
// are assigned in one order.
const AUDIT_LOCK_KEY = 72431001;
// Per-event claims use the two-key advisory lock space (PostgreSQL keeps it apart from the single-key one).
const AUDIT_CLAIM_SPACE = 7243;
/** Lock space of lockPlanBatch. */
const PLAN_BATCH_SPACE = 7244;

export interface AuditEntryInput {
  /** Business key: the same event recorded twice (an activity retried) is appended once. */
  eventKey: string;
  occurredAt: Date | string;
  actor: Pick<Actor, 'userId' | 'unitId'> & Partial<Pick<Actor, 'ip' | 'requestId'>>;
  action: string;
  entityType: string;
  entityId: string;
  planId?: string | null;
  assignmentId?: string | null;
  workflowId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

interface HashedFields {
  seq: string;
  eventKey: string;
  occurredAt: string;
  actorId: string;
  actorUnitId: string | null;
  actorIp: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  planId: string | null;
  assignmentId: string | null;
  workflowId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

export function auditHash(prevHash: string, f: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(f)).digest('hex');
}

/**
 * Records one event in the caller's transaction: `writes` (its read-model rows) then its audit entry, once per event
 * key. The event is claimed with a lock on its own key; the installation-wide chain lock is taken last, so concurrent
 * events write their read models in parallel and hold the chain only for the append and the commit.
 * Returns false (and writes nothing) when the event was already recorded.
 */
export async function withAuditEntry(manager: EntityManager, e: AuditEntryInput, writes: () => Promise<void>): Promise<boolean> {
  if (!(await claimAuditEntry(manager, e.eventKey))) return false;
  await writes();
  return appendAudit(manager, e);
}

/**
 * Claims an event for the caller's transaction (a lock on its own key): false when it is already recorded. With
 * appendAudit afterwards, this is withAuditEntry split for a batch, which writes every event's rows first and
 * appends the entries last, so that it never holds the chain lock while it waits for a row another event holds.
 */
export async function claimAuditEntry(manager: EntityManager, eventKey: string): Promise<boolean> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AUDIT_CLAIM_SPACE, eventKey]);
  return (await manager.query('SELECT 1 FROM audit_log WHERE event_key = $1', [eventKey])).length === 0;
}

/**
 * A batch of a plan's creations runs alone in its plan: it adds to the roll-up counter rows (each ancestor, each
 * shard) in an order of its own, so beside another batch or a single event of the plan it could deadlock. Single
 * events take the lock shared (they touch one row of each counter, and run side by side as before); a batch takes
 * it exclusive. Taken before any row is written, so no one holds it while waiting for a row held by its waiter.
 */
export async function lockPlanBatch(manager: EntityManager, planId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PLAN_BATCH_SPACE, planId]);
}

/** The shared side of lockPlanBatch, for one event's projection. */
export async function lockPlanEvent(manager: EntityManager, planId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2))', [PLAN_BATCH_SPACE, planId]);
}

/** Appends one entry inside the caller's transaction. Returns false when the event was already recorded. */
export async function appendAudit(manager: EntityManager, e: AuditEntryInput): Promise<boolean> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const existing = await manager.query('SELECT 1 FROM audit_log WHERE event_key = $1', [e.eventKey]);
  if (existing.length > 0) return false;
  const last: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const seq = last.length ? (BigInt(last[0].seq) + 1n).toString() : '1';
  const prevHash = last.length ? last[0].hash : GENESIS_HASH;
  const fields: HashedFields = {
    seq,
    eventKey: e.eventKey,
    occurredAt: new Date(e.occurredAt).toISOString(),
    actorId: e.actor.userId,
    actorUnitId: e.actor.unitId ?? null,
    actorIp: e.actor.ip ?? null,
    requestId: e.actor.requestId ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    planId: e.planId ?? null,
    assignmentId: e.assignmentId ?? null,
    workflowId: e.workflowId ?? null,
    before: normalizeJson(e.before),
    after: normalizeJson(e.after),
    details: normalizeJson(e.details),
  };
  const hash = auditHash(prevHash, fields);
  await manager.query(
    `INSERT INTO audit_log (seq, event_key, occurred_at, actor_id, actor_unit_id, actor_ip, request_id, action, entity_type,
       entity_id, plan_id, assignment_id, workflow_id, before, after, details, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
    [
      seq, fields.eventKey, fields.occurredAt, fields.actorId, fields.actorUnitId, fields.actorIp, fields.requestId,
      fields.action, fields.entityType, fields.entityId, fields.planId, fields.assignmentId, fields.workflowId,
      jsonParam(fields.before), jsonParam(fields.after), jsonParam(fields.details), prevHash, hash,
    ],
  );
  return true;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: string | null;
  lastHash: string | null;
  /** First entry where the chain breaks, and why. */
  brokenAt?: { seq: string; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap' | 'checkpoint_mismatch' };
}

/** Where a verification starts: after entry `afterSeq` whose hash is `prevHash` (the genesis: '0', GENESIS_HASH). */
export interface AuditVerificationStart {
  afterSeq: string;
  prevHash: string;
}

/**
 * Recomputes the chain in pages, so a million rows need little memory: from the first entry, or from `start` (an
 * audit checkpoint). `expected` holds hashes the chain must have at given entries (the checkpoints a full
 * verification passes); a difference there is reported as checkpoint_mismatch.
 */
export async function verifyAuditChain(
  ds: DataSource | EntityManager,
  pageSize = 5000,
  start: AuditVerificationStart = { afterSeq: '0', prevHash: GENESIS_HASH },
  expected: ReadonlyMap<string, string> = new Map(),
): Promise<AuditVerification> {
  let prevHash = start.prevHash;
  let expectedSeq = BigInt(start.afterSeq) + 1n;
  let checked = 0;
  let lastSeq: string | null = start.afterSeq === '0' ? null : start.afterSeq;
  for (;;) {
    const rows: Record<string, unknown>[] = await ds.query(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`, [expectedSeq.toString(), pageSize]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const r = auditEntryOfRow(row);
      const seq = r.seq;
      if (BigInt(seq) !== expectedSeq) return { ok: false, checked, lastSeq, lastHash: prevHash, brokenAt: { seq: expectedSeq.toString(), reason: 'gap' } };
      if (r.prevHash !== prevHash) return { ok: false, checked, lastSeq, lastHash: prevHash, brokenAt: { seq, reason: 'prev_hash_mismatch' } };
      const { prevHash: _prev, hash: _hash, ...fields } = r;
      const hash = auditHash(prevHash, fields);
      if (hash !== r.hash) return { ok: false, checked, lastSeq, lastHash: prevHash, brokenAt: { seq, reason: 'hash_mismatch' } };
      const mustBe = expected.get(seq);
      if (mustBe !== undefined && mustBe !== hash) return { ok: false, checked, lastSeq, lastHash: prevHash, brokenAt: { seq, reason: 'checkpoint_mismatch' } };
      prevHash = hash;
      lastSeq = seq;
      expectedSeq += 1n;
      checked += 1;
    }
  }
  return { ok: true, checked, lastSeq, lastHash: lastSeq === null ? null : prevHash };
}

function normalizeJson(v: unknown): unknown {
  // What jsonb gives back: no undefined, dates as strings.
  return v === undefined || v === null ? null : JSON.parse(JSON.stringify(v));
}

function jsonParam(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

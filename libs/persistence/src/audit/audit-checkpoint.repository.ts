import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, auditEntryOfRow } from './audit-entry.mapper';
import { auditHash, GENESIS_HASH, verifyAuditChain, type AuditVerification } from '../audit-chain';

export type AuditVerifyMode = 'incremental' | 'full';

export interface AuditVerificationRun extends AuditVerification {
  mode: AuditVerifyMode;
  /** The checkpoint the verification started after (null: from the first entry). */
  fromSeq: string | null;
}

/**
 * Verification of the audit chain with checkpoints (migration 1764001200001).
 *
 * What an incremental verification guarantees: every entry after the newest checkpoint is intact and chains from
 * the checkpoint's hash, and the checkpointed entry itself still has that hash (recomputed from its own fields and
 * stored predecessor hash). Entries before the checkpoint were intact when that checkpoint was written; an entry
 * altered there later is NOT seen by an incremental verification — a full verification (from the first entry) finds
 * it, and also reports a chain recomputed consistently after a checkpoint (the checkpoint no longer matches). Someone
 * who can rewrite both the chain and the checkpoints defeats both; the chain's head hash kept elsewhere (exports)
 * is the defence against that, as before.
 */
export class AuditCheckpointRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async latest(): Promise<{ seq: string; hash: string } | null> {
    const [row] = await this.db.query('SELECT seq::text AS seq, hash FROM audit_checkpoint ORDER BY seq DESC LIMIT 1');
    return row ?? null;
  }

  async all(): Promise<Map<string, string>> {
    const rows: { seq: string; hash: string }[] = await this.db.query('SELECT seq::text AS seq, hash FROM audit_checkpoint');
    return new Map(rows.map((r) => [r.seq, r.hash]));
  }

  /** Records that the chain was found intact up to `seq` (a concurrent verification may have done so already). */
  async record(seq: string, hash: string, mode: AuditVerifyMode, checked: number): Promise<void> {
    await this.db.query('INSERT INTO audit_checkpoint (seq, hash, mode, checked) VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING', [seq, hash, mode, checked]);
  }

  /** The checkpointed entry as it is now: its recomputed hash equals both its stored hash and the checkpoint's. */
  private async checkpointHolds(cp: { seq: string; hash: string }): Promise<boolean> {
    const [row] = await this.db.query(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq = $1`, [cp.seq]);
    if (!row) return false;
    const { prevHash, hash, ...fields } = auditEntryOfRow(row);
    return hash === cp.hash && auditHash(prevHash, fields) === hash;
  }

  /** Verifies from the newest checkpoint (incremental) or from the first entry (full), then checkpoints the result. */
  async verify(mode: AuditVerifyMode, pageSize = 5000): Promise<AuditVerificationRun> {
    if (mode === 'full') {
      const v = await verifyAuditChain(this.db, pageSize, { afterSeq: '0', prevHash: GENESIS_HASH }, await this.all());
      if (v.ok && v.lastSeq !== null) await this.record(v.lastSeq, v.lastHash!, mode, v.checked);
      return { ...v, mode, fromSeq: null };
    }
    const cp = await this.latest();
    if (cp && !(await this.checkpointHolds(cp))) {
      return { ok: false, checked: 0, lastSeq: cp.seq, lastHash: cp.hash, brokenAt: { seq: cp.seq, reason: 'checkpoint_mismatch' }, mode, fromSeq: cp.seq };
    }
    const v = await verifyAuditChain(this.db, pageSize, cp ? { afterSeq: cp.seq, prevHash: cp.hash } : undefined);
    if (v.ok && v.lastSeq !== null && v.lastSeq !== cp?.seq) await this.record(v.lastSeq, v.lastHash!, mode, v.checked);
    return { ...v, mode, fromSeq: cp?.seq ?? null };
  }
}

import type { DataSource, EntityManager } from 'typeorm';

/** Pages of the audit trail of one plan or one assignment, in chain order. */
export class AuditReadRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Entries after `afterSeq`, at most `limit`. */
  async page(of: 'plan_id' | 'assignment_id', id: string, afterSeq: string, limit: number): Promise<Record<string, unknown>[]> {
    const column = of === 'plan_id' ? 'plan_id' : 'assignment_id';
    return this.db.query(`SELECT * FROM audit_log WHERE ${column} = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [id, afterSeq, limit]);
  }
}

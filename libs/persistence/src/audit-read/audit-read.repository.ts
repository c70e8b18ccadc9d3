import type { DataSource, EntityManager } from 'typeorm';

/** Pages of the audit trail of one plan or one assignment, in chain order. */
export class AuditReadRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Entries after `afterSeq`, at most `limit`, each with the acting person's display name (`actor_name`) and, when a
   * deputy acted for a delegator, the delegator's (`on_behalf_of_name`).
   */
  async page(of: 'plan_id' | 'assignment_id', id: string, afterSeq: string, limit: number): Promise<Record<string, unknown>[]> {
    const column = of === 'plan_id' ? 'plan_id' : 'assignment_id';
    return this.db.query(
      `SELECT l.*, u.display_name AS actor_name, d.display_name AS on_behalf_of_name
         FROM audit_log l LEFT JOIN app_user u ON u.id = l.actor_id LEFT JOIN app_user d ON d.id = l.details->>'onBehalfOf'
        WHERE l.${column} = $1 AND l.seq > $2 ORDER BY l.seq LIMIT $3`,
      [id, afterSeq, limit],
    );
  }
}

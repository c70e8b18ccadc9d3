import type { Pool } from 'pg';
import { overdueSql } from '../reported-status.sql';

export interface BusinessCounts {
  byState: { state: string; n: number }[];
  overdue: number;
  notificationsByKind: { kind: string; n: number }[];
}

/** The business counters /metrics serves, read on a small pool of its own so a scrape never waits for the API's. */
export class BusinessMetricsRepository {
  constructor(private readonly pool: Pool) {}

  async counts(): Promise<BusinessCounts> {
    const [states, late, kinds] = await Promise.all([
      this.pool.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM assignment GROUP BY state'),
      // The one overdue rule (isOverdue in @khflow/domain), as the inbox and the dashboards judge it.
      this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM assignment a WHERE ${overdueSql('a', 'now()')}`),
      this.pool.query<{ kind: string; n: string }>('SELECT kind, count(*) AS n FROM notification GROUP BY kind'),
    ]);
    return {
      byState: states.rows.map((r) => ({ state: r.state, n: Number(r.n) })),
      overdue: Number(late.rows[0].n),
      notificationsByKind: kinds.rows.map((r) => ({ kind: r.kind, n: Number(r.n) })),
    };
  }
}

// reportedStatusSql (progress and dashboards aggregate with it in PostgreSQL) and reportedStatus (the domain rule)
// must agree: the same table of cases, judged by both, on the real PostgreSQL.
import { Client as PgClient } from 'pg';
import type { AssignmentState } from '@khflow/contracts';
import { reportedStatus } from '@khflow/domain';
import { reportedStatusSql } from '@khflow/persistence';
import { createTestDatabase } from '../support/test-env';

const NOW = Date.parse('2026-06-15T10:00:00+07:00');
const CASES: [AssignmentState, string | null, string | null][] = [];
for (const state of ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned', 'approved', 'cancelled'] as AssignmentState[]) {
  for (const due of [null, '2026-06-14', '2026-06-15', '2026-06-16']) {
    for (const submitted of [null, '2026-06-15T23:59:59.999+07:00', '2026-06-16T00:00:00.000+07:00', '2026-06-14T08:00:00+07:00', '2026-06-14T23:59:59.999+07:00', '2026-06-15T00:00:00+07:00']) {
      CASES.push([state, due, submitted]);
    }
  }
}

describe('reportedStatusSql', () => {
  it(`agrees with reportedStatus on ${CASES.length} cases, at the end of a due day and just after`, async () => {
    const db = await createTestDatabase();
    const pg = new PgClient({ connectionString: db.url });
    await pg.connect();
    try {
      const mismatches: string[] = [];
      for (const now of [NOW, Date.parse('2026-06-15T23:59:59.999+07:00'), Date.parse('2026-06-16T00:00:00+07:00')]) {
        const { rows } = await pg.query(
          `SELECT i, ${reportedStatusSql('a', '$4::timestamptz')} AS s
             FROM unnest($1::text[], $2::date[], $3::timestamptz[]) WITH ORDINALITY AS a(state, due, submitted_at, i)`,
          [CASES.map((c) => c[0]), CASES.map((c) => c[1]), CASES.map((c) => c[2]), new Date(now).toISOString()],
        );
        for (const r of rows) {
          const [state, due, submitted] = CASES[Number(r.i) - 1];
          const expected = reportedStatus({ state, due, submittedAt: submitted ? Date.parse(submitted) : null, now });
          if (r.s !== expected) mismatches.push(`${state} due ${due} submitted ${submitted} at ${new Date(now).toISOString()}: SQL ${r.s}, domain ${expected}`);
        }
      }
      expect(mismatches).toEqual([]);
    } finally {
      await pg.end();
      await db.drop();
    }
  });
});

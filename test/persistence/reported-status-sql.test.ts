// reportedStatusSql (progress and dashboards aggregate with it in PostgreSQL) and reportedStatus (the domain rule)
// must agree: the same table of cases, judged by both, on the real PostgreSQL.
import { Client as PgClient } from 'pg';
import type { AssignmentState } from '@khflow/contracts';
import { isOverdue, reportedStatus } from '@khflow/domain';
import { counterStatusSql, overdueSql, reportedStatusSql } from '@khflow/persistence';
import { createTestDatabase } from '../support/test-env';

const NOW = Date.parse('2026-06-15T10:00:00+07:00');
const CASES: [AssignmentState, string | null, string | null, boolean][] = [];
for (const state of ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned', 'approved', 'cancelled'] as AssignmentState[]) {
  for (const due of [null, '2026-06-14', '2026-06-15', '2026-06-16']) {
    for (const submitted of [null, '2026-06-15T23:59:59.999+07:00', '2026-06-16T00:00:00.000+07:00', '2026-06-14T08:00:00+07:00', '2026-06-14T23:59:59.999+07:00', '2026-06-15T00:00:00+07:00']) {
      CASES.push([state, due, submitted, false]);
      if (state === 'cancelled') CASES.push([state, due, submitted, true]);
    }
  }
}

describe('reportedStatusSql, counterStatusSql and overdueSql', () => {
  it(`agree with reportedStatus and isOverdue (counterStatusSql: over the counters' key) (the inbox filter, the red rows, the workflow timer) on ${CASES.length} cases, at the end of a due day and just after`, async () => {
    const db = await createTestDatabase();
    const pg = new PgClient({ connectionString: db.url });
    await pg.connect();
    try {
      const mismatches: string[] = [];
      for (const now of [NOW, Date.parse('2026-06-15T23:59:59.999+07:00'), Date.parse('2026-06-16T00:00:00+07:00')]) {
        const { rows } = await pg.query(
          `SELECT i, ${reportedStatusSql('a', '$4::timestamptz')} AS s, ${overdueSql('a', '$4::timestamptz')} AS o, ${counterStatusSql('c', '$4::timestamptz')} AS cs
             FROM unnest($1::text[], $2::date[], $3::timestamptz[], $5::boolean[]) WITH ORDINALITY AS a(state, due, submitted_at, not_reported, i)
             -- The same assignment as the counters key it (migration 1764001200000).
             CROSS JOIN LATERAL (SELECT a.state, a.not_reported, assignment_count_late(a.due, a.submitted_at) AS late, assignment_count_due(a.state, a.due, a.submitted_at) AS due) c`,
          [CASES.map((c) => c[0]), CASES.map((c) => c[1]), CASES.map((c) => c[2]), new Date(now).toISOString(), CASES.map((c) => c[3])],
        );
        for (const r of rows) {
          const [state, due, submitted, notReported] = CASES[Number(r.i) - 1];
          const facts = { state, due, submittedAt: submitted ? Date.parse(submitted) : null, notReported };
          const expected = reportedStatus({ ...facts, now });
          const at = `${state} due ${due} submitted ${submitted} notReported ${notReported} at ${new Date(now).toISOString()}`;
          if (r.s !== expected) mismatches.push(`${at}: SQL ${r.s}, domain ${expected}`);
          if (r.o !== isOverdue(facts, now)) mismatches.push(`${at}: overdueSql ${r.o}, isOverdue ${!r.o}`);
          if (r.cs !== expected) mismatches.push(`${at}: counterStatusSql ${r.cs}, domain ${expected}`);
        }
      }
      expect(mismatches).toEqual([]);
    } finally {
      await pg.end();
      await db.drop();
    }
  });
});

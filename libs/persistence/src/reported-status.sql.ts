// The reported status of an assignment (done on time, done late, in progress, overdue, returned, cancelled) as a SQL
// expression, so that progress and dashboards aggregate in PostgreSQL instead of loading every row. It mirrors
// reportedStatus() in @khflow/domain exactly; test/persistence/reported-status-sql.test.ts checks the two agree on a
// table of cases. A due date D means "by the end of D" in Asia/Ho_Chi_Minh: before midnight starting D + 1.

/**
 * The one overdue rule (isOverdue in @khflow/domain) in SQL: still open, past its deadline, and not waiting for review
 * of a submission made in time. `a` is the assignment table's alias; `now` a SQL expression for the instant.
 */
export function overdueSql(a: string, now: string): string {
  const deadline = deadlineSql(a);
  return `(${a}.state NOT IN ('approved','cancelled') AND ${a}.due IS NOT NULL AND ${now} >= ${deadline}
    AND NOT (${a}.state = 'submitted' AND (${a}.submitted_at IS NULL OR ${a}.submitted_at < ${deadline})))`;
}

const deadlineSql = (a: string) => `((${a}.due + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;

/** `a` is the assignment table's alias; `now` a SQL expression for the instant to judge at (a bound parameter). */
export function reportedStatusSql(a: string, now: string): string {
  const deadline = deadlineSql(a);
  return `(CASE
    WHEN ${a}.state = 'cancelled' THEN CASE WHEN ${a}.not_reported THEN 'not_reported_at_close' ELSE 'cancelled' END
    WHEN ${a}.state = 'approved' THEN CASE WHEN ${a}.due IS NULL OR ${a}.submitted_at IS NULL OR ${a}.submitted_at < ${deadline} THEN 'done_on_time' ELSE 'done_late' END
    WHEN ${overdueSql(a, now)} THEN 'overdue'
    WHEN ${a}.state = 'returned' THEN 'returned'
    ELSE 'in_progress_on_time' END)`;
}

/**
 * The same rule over a row of the counter tables (assignment_unit_count / assignment_task_count, migration
 * 1764001200000), whose key holds only what does not change with time: state, not_reported, `late` (submitted at or
 * after the end of the due day) and the due date ('infinity' for none). Overdue is derived here from the due date and
 * `now`, so the counters stay exact without anything moving rows at midnight. test/persistence/reported-status-sql
 * checks it agrees with reportedStatusSql on every case.
 */
export function counterStatusSql(c: string, now: string): string {
  return `(CASE
    WHEN ${c}.state = 'cancelled' THEN CASE WHEN ${c}.not_reported THEN 'not_reported_at_close' ELSE 'cancelled' END
    WHEN ${c}.state = 'approved' THEN CASE WHEN ${c}.late THEN 'done_late' ELSE 'done_on_time' END
    WHEN ${c}.due <> 'infinity'::date AND ${now} >= ((${c}.due + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
      AND NOT (${c}.state = 'submitted' AND NOT ${c}.late) THEN 'overdue'
    WHEN ${c}.state = 'returned' THEN 'returned'
    ELSE 'in_progress_on_time' END)`;
}

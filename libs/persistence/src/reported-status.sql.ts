// The reported status of an assignment (done on time, done late, in progress, overdue, returned, cancelled) as a SQL
// expression, so that progress and dashboards aggregate in PostgreSQL instead of loading every row. It mirrors
// reportedStatus() in @khflow/domain exactly; test/persistence/reported-status-sql.test.ts checks the two agree on a
// table of cases. A due date D means "by the end of D" in Asia/Ho_Chi_Minh: before midnight starting D + 1.

/** `a` is the assignment table's alias; `now` a SQL expression for the instant to judge at (a bound parameter). */
export function reportedStatusSql(a: string, now: string): string {
  const deadline = `((${a}.due + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;
  return `(CASE
    WHEN ${a}.state = 'cancelled' THEN 'cancelled'
    WHEN ${a}.state = 'approved' THEN CASE WHEN ${a}.due IS NULL OR ${a}.submitted_at IS NULL OR ${a}.submitted_at < ${deadline} THEN 'done_on_time' ELSE 'done_late' END
    WHEN ${a}.state = 'returned' THEN 'returned'
    WHEN ${a}.due IS NOT NULL AND ${now} >= ${deadline} AND ${a}.state <> 'submitted' THEN 'overdue'
    WHEN ${a}.due IS NOT NULL AND ${a}.state = 'submitted' AND ${a}.submitted_at >= ${deadline} THEN 'overdue'
    ELSE 'in_progress_on_time' END)`;
}

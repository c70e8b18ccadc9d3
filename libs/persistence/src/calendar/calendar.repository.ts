// The working-day calendar administrators edit: the dated exceptions (holidays, swapped days off, make-up working
// days); the weekly rest days are the calendar's rule (Saturday, Sunday).
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { withAuditEntry } from '../audit-chain';

type Db = DataSource | EntityManager;

export interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'day_off' | 'working_day';
  name: string;
  tentative: boolean;
  updatedBy: string;
  updatedAt: string;
}

function row(r: Record<string, unknown>): CalendarDayRow {
  return { date: r.date as string, kind: r.kind as CalendarDayRow['kind'], name: r.name as string, tentative: r.tentative as boolean, updatedBy: r.updated_by as string, updatedAt: new Date(r.updated_at as Date).toISOString() };
}

const SELECT = `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, tentative, updated_by, updated_at FROM working_calendar_day`;

/** Every exception (a few dozen a year), for building the calendar the rules run on. */
export async function loadCalendarDays(db: Db): Promise<CalendarDayRow[]> {
  return (await db.query(`${SELECT} ORDER BY date`)).map(row);
}

export async function calendarRowsOfYear(db: Db, year: number): Promise<CalendarDayRow[]> {
  return (await db.query(`${SELECT} WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`, [year])).map(row);
}

/** Sets one day (insert or replace) with its audit entry; the event key makes a retried request write once. */
export async function putCalendarDay(ds: DataSource, day: { date: string; kind: CalendarDayRow['kind']; name: string; tentative: boolean }, actor: Actor, eventKey: string, reason: string | null): Promise<CalendarDayRow> {
  return ds.transaction(async (m) => {
    const [before] = await m.query(`${SELECT} WHERE date = $1 FOR UPDATE`, [day.date]);
    await withAuditEntry(
      m,
      { eventKey, occurredAt: new Date(), actor, action: 'calendar.day_set', entityType: 'calendar_day', entityId: day.date, before: before ? row(before) : null, after: day, details: reason ? { reason } : null },
      async () => {
        await m.query(
          `INSERT INTO working_calendar_day (date, kind, name, tentative, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, tentative = EXCLUDED.tentative, updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [day.date, day.kind, day.name, day.tentative, actor.userId],
        );
      },
    );
    const [after] = await m.query(`${SELECT} WHERE date = $1`, [day.date]);
    return row(after);
  });
}

/** Removes an exception (the day follows the weekly rule again), audited. Returns false when there was none. */
export async function deleteCalendarDay(ds: DataSource, date: string, actor: Actor, eventKey: string, reason: string | null): Promise<boolean> {
  return ds.transaction(async (m) => {
    const [before] = await m.query(`${SELECT} WHERE date = $1 FOR UPDATE`, [date]);
    if (!before) return false;
    await withAuditEntry(
      m,
      { eventKey, occurredAt: new Date(), actor, action: 'calendar.day_removed', entityType: 'calendar_day', entityId: date, before: row(before), after: null, details: reason ? { reason } : null },
      async () => {
        await m.query('DELETE FROM working_calendar_day WHERE date = $1', [date]);
      },
    );
    return true;
  });
}

/** An open assignment with a due date, and the reminder days its task set (null = the configured default). */
export interface OpenDueRow {
  workflowId: string;
  due: string;
  reminderOffsetsDays: number[] | null;
}

/** Open assignments due from `from` to `to` (inclusive, YYYY-MM-DD): those a calendar edit of days nearby can move. */
export async function openAssignmentsDueBetween(db: Db, from: string, to: string): Promise<OpenDueRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT a.workflow_id, to_char(a.due, 'YYYY-MM-DD') AS due, t.reminder_offsets
       FROM assignment a JOIN task t ON t.id = a.task_id
      WHERE a.state NOT IN ('approved', 'cancelled')
        -- due_at (the end of the due day in Vietnam) so that the partial index of open work by deadline answers
        AND a.due_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
        AND a.due_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
      ORDER BY a.due, a.workflow_id`,
    [from, to],
  );
  return rows.map((r) => ({ workflowId: r.workflow_id as string, due: r.due as string, reminderOffsetsDays: (r.reminder_offsets as number[] | null) ?? null }));
}

/** The furthest reminder (days before the due date) any task with open work set, 0 when none set its own. */
export async function maxReminderDaysOfOpenWork(db: Db): Promise<number> {
  const [r] = await db.query(
    `SELECT COALESCE(max(o), 0)::int AS max FROM task t CROSS JOIN LATERAL unnest(t.reminder_offsets) AS o
      WHERE EXISTS (SELECT 1 FROM assignment a WHERE a.task_id = t.id AND a.state NOT IN ('approved', 'cancelled'))`,
  );
  return r.max as number;
}

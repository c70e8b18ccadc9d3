// The working-day calendar as administrators keep it (the exceptions in the database on the weekly rule), and due
// dates computed on it with the pure rules of @khflow/domain.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@khflow/config';
import { type Actor, calendarChangedSignal } from '@khflow/contracts';
import { authorize, buildCalendar, type CalendarDay, calendarEditDueRange, deadlineMoves, type DueRule, isWorkingDay, resolveDue, addDays, compareDates, VN_WEEKEND_DAYS, type WorkingCalendar } from '@khflow/domain';
import { calendarRowsOfYear, type CalendarDayRow, deleteCalendarDay, loadCalendarDays, maxReminderDaysOfOpenWork, openAssignmentsDueBetween, putCalendarDay } from '@khflow/persistence';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../api.tokens';
import { fieldErrors, ProblemException } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';

/** Signals sent at once when a calendar edit reaches many running assignments. */
const SIGNAL_CONCURRENCY = 16;

@Injectable()
export class CalendarService {
  private readonly logger = new Logger('calendar');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {}

  async calendar(): Promise<WorkingCalendar> {
    const rows = await loadCalendarDays(this.db);
    return buildCalendar(rows.map((r): CalendarDay => ({ date: r.date, kind: r.kind, name: r.name, ...(r.tentative ? { tentative: true } : {}) })), VN_WEEKEND_DAYS);
  }

  async year(year: number): Promise<{ year: number; weekendDays: number[]; days: CalendarDayRow[] }> {
    return { year, weekendDays: VN_WEEKEND_DAYS, days: await calendarRowsOfYear(this.db, year) };
  }

  private async admin(actor: Actor) {
    const d = authorize(await this.directory.index(), actor, 'directory.manage', {});
    if (!d.allow) throw new ProblemException({ status: 403, title: 'Forbidden', detail: 'only administrators edit the working-day calendar' });
  }

  async putDay(date: string, body: { kind: CalendarDayRow['kind']; name: string; tentative?: boolean; reason?: string | null }, actor: Actor, key: string): Promise<CalendarDayRow & { assignmentsTold: number }> {
    await this.admin(actor);
    const before = await this.calendar();
    const row = await putCalendarDay(this.db, { date, kind: body.kind, name: body.name, tentative: !!body.tentative }, actor, `calendar:${key}`, body.reason ?? null);
    return { ...row, assignmentsTold: await this.tellRunningAssignments([date], before) };
  }

  async deleteDay(date: string, actor: Actor, requestId: string): Promise<{ date: string; removed: true; assignmentsTold: number }> {
    await this.admin(actor);
    const before = await this.calendar();
    if (!(await deleteCalendarDay(this.db, date, actor, `calendar:remove:${date}:${requestId}`, null))) throw new ProblemException({ status: 404, title: 'Not found', detail: `${date} has no calendar exception` });
    return { date, removed: true, assignmentsTold: await this.tellRunningAssignments([date], before) };
  }

  /**
   * Issue 17: running assignments follow the calendar they loaded, so after an edit the open ones whose reminders,
   * overdue or escalations it moves are signalled to reload it (their workflow and its decider recompute the
   * schedule). The edit is saved first and stands either way: a run that cannot be told (ended meanwhile, Temporal
   * unreachable) is logged and reloads the calendar at its next continue-as-new. Answers how many were told.
   */
  private async tellRunningAssignments(dates: string[], before: WorkingCalendar): Promise<number> {
    const after = await this.calendar();
    const defaults = this.config.reminderOffsetsDays;
    const maxDays = Math.max(0, ...defaults, await maxReminderDaysOfOpenWork(this.db));
    const range = calendarEditDueRange(dates, before, after, maxDays);
    const policy = { escalateSupervisorAfterHours: this.config.escalateSupervisorAfterHours, escalateNextLevelAfterHours: this.config.escalateNextLevelAfterHours };
    const reached = (await openAssignmentsDueBetween(this.db, range.from, range.to)).filter(
      (a) => deadlineMoves({ due: a.due, reminderOffsetsDays: a.reminderOffsetsDays ?? defaults, ...policy }, before, after).length > 0,
    );
    let told = 0;
    for (let i = 0; i < reached.length; i += SIGNAL_CONCURRENCY) {
      await Promise.all(
        reached.slice(i, i + SIGNAL_CONCURRENCY).map(async (a) => {
          try {
            await this.temporal.workflow.getHandle(a.workflowId).signal(calendarChangedSignal, { dates });
            told += 1;
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError)) this.logger.warn(`calendar edit of ${dates.join(', ')} not signalled to ${a.workflowId}: ${err instanceof Error ? err.message : err}`);
          }
        }),
      );
    }
    if (reached.length) this.logger.log(`calendar edit of ${dates.join(', ')}: ${told} of ${reached.length} running assignments told`);
    return told;
  }

  /** A due date from a rule, with the rest days it stepped over (so a reader sees why it landed there). */
  async due(rule: DueRule): Promise<{ rule: DueRule; due: string; skipped: { date: string; reason: string }[] }> {
    const cal = await this.calendar();
    let due: string;
    try {
      due = resolveDue(cal, rule);
    } catch (err) {
      throw fieldErrors(422, 'Cannot compute the due date', [{ field: rule.kind === 'working_days' ? 'workingDays' : 'date', message: err instanceof Error ? err.message : String(err) }]);
    }
    const from = rule.kind === 'working_days' ? rule.from : rule.date;
    const [lo, hi] = compareDates(from, due) <= 0 ? [from, due] : [due, from];
    const skipped: { date: string; reason: string }[] = [];
    for (let d = lo; compareDates(d, hi) <= 0; d = addDays(d, 1)) {
      if (!isWorkingDay(cal, d)) skipped.push({ date: d, reason: cal.days[d]?.name ?? 'Nghỉ cuối tuần' });
    }
    return { rule, due, skipped };
  }
}

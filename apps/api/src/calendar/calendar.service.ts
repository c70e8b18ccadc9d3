// The working-day calendar as administrators keep it (the exceptions in the database on the weekly rule), and due
// dates computed on it with the pure rules of @khflow/domain.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { authorize, buildCalendar, type CalendarDay, type DueRule, isWorkingDay, resolveDue, addDays, compareDates, VN_WEEKEND_DAYS, type WorkingCalendar } from '@khflow/domain';
import { calendarRowsOfYear, type CalendarDayRow, deleteCalendarDay, loadCalendarDays, putCalendarDay } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { fieldErrors, ProblemException } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';

@Injectable()
export class CalendarService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
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

  async putDay(date: string, body: { kind: CalendarDayRow['kind']; name: string; tentative?: boolean; reason?: string | null }, actor: Actor, key: string): Promise<CalendarDayRow> {
    await this.admin(actor);
    return putCalendarDay(this.db, { date, kind: body.kind, name: body.name, tentative: !!body.tentative }, actor, `calendar:${key}`, body.reason ?? null);
  }

  async deleteDay(date: string, actor: Actor, requestId: string): Promise<{ date: string; removed: true }> {
    await this.admin(actor);
    if (!(await deleteCalendarDay(this.db, date, actor, `calendar:remove:${date}:${requestId}`, null))) throw new ProblemException({ status: 404, title: 'Not found', detail: `${date} has no calendar exception` });
    return { date, removed: true };
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

import { Body, Controller, Delete, Get, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DueRule } from '@khflow/domain';
import type { Actor as ActorT } from '@khflow/contracts';
import { isValidDate } from '@khflow/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { z } from 'zod';
import { text } from '../common/body-schema.util';
import { Idempotent, idempotencyKeyOf } from '../common/idempotency.interceptor';
import { fieldErrors } from '../common/problem-details.filter';
import { validated } from '../common/validated-body';
import { CalendarService } from './calendar.service';
import { ApiAnswers } from '../common/openapi.util';

const daySchema = z.strictObject({ kind: z.enum(['holiday', 'day_off', 'working_day']), name: text({ min: 1, max: 300 }), tentative: z.boolean().optional(), reason: text({ max: 2000 }).nullable().optional() });

function dateParam(date: string, field = 'date'): string {
  if (!isValidDate(date)) throw fieldErrors(400, 'Invalid request', [{ field, message: 'must be a date YYYY-MM-DD' }]);
  return date;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The working-day calendar of a year (?year=2026): weekly rest days and the dated exceptions (holidays, swapped days off, make-up working days)' })
  year(@Query('year') year?: string) {
    const y = year === undefined ? new Date().getUTCFullYear() : Number(year);
    if (!/^\d{4}$/.test(String(year ?? y)) || y < 2000 || y > 2100) throw fieldErrors(400, 'Invalid query', [{ field: 'year', message: 'must be a year from 2000 to 2100' }]);
    return this.calendar.year(y);
  }

  @Get('due')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'A due date on the calendar: ?from=2025-01-23&workingDays=5 ("trong 05 ngày làm việc"), or ?date=2025-01-29&onNonWorkingDay=next_working_day' })
  due(@Query() q: Record<string, string | undefined>) {
    let rule: DueRule;
    if (q.workingDays !== undefined || q.from !== undefined) {
      const errors = [];
      if (!q.from || !isValidDate(q.from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
      if (!q.workingDays || !/^-?\d{1,3}$/.test(q.workingDays)) errors.push({ field: 'workingDays', message: 'must be a whole number of working days (-999 to 999)' });
      if (errors.length) throw fieldErrors(400, 'Invalid query', errors);
      rule = { kind: 'working_days', from: q.from!, days: Number(q.workingDays) };
    } else {
      const date = dateParam(q.date ?? '', 'date');
      if (q.onNonWorkingDay !== undefined && !['keep', 'next_working_day'].includes(q.onNonWorkingDay)) throw fieldErrors(400, 'Invalid query', [{ field: 'onNonWorkingDay', message: 'must be keep or next_working_day' }]);
      rule = { kind: 'date', date, onNonWorkingDay: (q.onNonWorkingDay as 'keep' | 'next_working_day' | undefined) ?? 'next_working_day' };
    }
    return this.calendar.due(rule);
  }

  @Put('days/:date')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiBody({ schema: { type: 'object', required: ['kind', 'name'], properties: { kind: { type: 'string', enum: ['holiday', 'day_off', 'working_day'] }, name: { type: 'string' }, tentative: { type: 'boolean' }, reason: { type: 'string' } } } })
  @ApiOperation({ summary: 'Administrators set a day: a holiday, a swapped day off, or a make-up working day (audited)' })
  put(@Param('date') date: string, @Body() body: unknown, @CurrentActor() actor: ActorT, @Req() req: object) {
    return this.calendar.putDay(dateParam(date), validated(daySchema, body), actor, idempotencyKeyOf(req));
  }

  @Delete('days/:date')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @ApiOperation({ summary: 'Administrators remove an exception: the day follows the weekly rule again (audited)' })
  remove(@Param('date') date: string, @CurrentActor() actor: ActorT, @Req() req: { id: string }) {
    return this.calendar.deleteDay(dateParam(date), actor, req.id);
  }
}

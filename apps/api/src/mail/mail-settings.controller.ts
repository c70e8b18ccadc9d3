// Each user's e-mail address and preference (every notification at once, one daily digest, or none), and the
// deliveries for administrators: a failed mail shows its last error here.
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { loadMailConfig } from '@khflow/mail';
import { listDeliveries, mailSettingOf, putMailSetting } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { CurrentActor } from '../auth/auth.decorators';
import { z } from 'zod';
import { int, text } from '../common/body-schema.util';
import { Idempotent } from '../common/idempotency.interceptor';
import { fieldErrors, ProblemException } from '../common/problem-details.filter';
import { validated } from '../common/validated-body';
import { ApiAnswers } from '../common/openapi.util';

const settingsSchema = z.strictObject({
  email: text({ max: 254, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, hint: 'must be an e-mail address' }).nullable(),
  mode: z.enum(['immediate', 'digest', 'off']),
  digestHour: int({ min: 0, max: 23 }).optional(),
});

@ApiTags('mail')
@ApiBearerAuth()
@Controller()
export class MailSettingsController {
  private readonly defaultDomain = loadMailConfig(process.env).defaultDomain;

  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Get('me/mail-settings')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The caller’s e-mail address and preference' })
  async get(@CurrentActor() actor: Actor) {
    return mailSettingOf(this.db, actor.userId, this.defaultDomain);
  }

  @Put('me/mail-settings')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @Idempotent()
  @ApiBody({ schema: { type: 'object', required: ['email', 'mode'], properties: { email: { type: 'string' }, mode: { type: 'string', enum: ['immediate', 'digest', 'off'] }, digestHour: { type: 'integer', minimum: 0, maximum: 23 } } } })
  @ApiOperation({ summary: 'Set the caller’s address and whether mail comes at once, as a daily digest at digestHour (Asia/Ho_Chi_Minh), or not at all' })
  async put(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const b = validated(settingsSchema, body);
    await putMailSetting(this.db, { userId: actor.userId, email: b.email?.trim().toLowerCase() ?? null, mode: b.mode, digestHour: b.digestHour ?? 7 });
    return mailSettingOf(this.db, actor.userId, this.defaultDomain);
  }

  @Get('mail/deliveries')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'E-mail deliveries (?status=pending|sent|failed): administrators see all, others their own' })
  async deliveries(@Query('status') status: string | undefined, @CurrentActor() actor: Actor) {
    if (status !== undefined && !['pending', 'sent', 'failed'].includes(status)) throw fieldErrors(400, 'Invalid query', [{ field: 'status', message: 'must be pending, sent or failed' }]);
    if (!actor.roles.length) throw new ProblemException({ status: 403, title: 'Forbidden', detail: 'no role' });
    const admin = actor.roles.includes('admin');
    return { items: await listDeliveries(this.db, { status: status ?? null, userId: admin ? null : actor.userId, limit: 200 }) };
  }
}

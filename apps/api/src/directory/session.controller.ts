import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@khflow/contracts';
import { appendAudit } from '@khflow/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../api.tokens';
import { CurrentActor } from '../auth/auth.decorators';
import { validated } from '../common/validated-body';
import { DirectoryAdminService } from './directory-admin.service';
import { ownPasswordSchema } from './directory.schema';
import { bearerOf, TokenRevocations } from './token-revocation';
import { ApiAnswers } from '../common/openapi.util';

/** What every signed-in user does for themselves: sign out (the token stops working) and change their password. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller()
export class SessionController {
  constructor(
    private readonly revocations: TokenRevocations,
    private readonly admin: DirectoryAdminService,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  @Post('auth/logout')
  @ApiAnswers({ ok: [204, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: the bearer token used is revoked at once' })
  async logout(@Req() req: FastifyRequest, @CurrentActor() actor: Actor): Promise<void> {
    const token = bearerOf(req as never);
    if (!token) return;
    await this.revocations.revoke(token, actor.userId);
    await this.db.transaction((m) => appendAudit(m, { eventKey: `session:${randomUUID()}`, occurredAt: new Date(), actor, action: 'user.logged_out', entityType: 'user', entityId: actor.userId }));
  }

  @Post('me/password')
  @ApiAnswers({ ok: [204, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password (the current one is required)' })
  async changePassword(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<void> {
    const b = validated(ownPasswordSchema, body);
    await this.admin.changeOwnPassword(actor, b.currentPassword, b.newPassword);
  }
}

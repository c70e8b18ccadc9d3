import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '@khflow/contracts';
import { appendAudit, findDelegation, findUser, insertDelegation, listDelegations, revokeDelegation } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { CurrentActor } from '../auth/auth.decorators';
import { fieldError, ProblemException } from '../common/problem-details.filter';
import { validated } from '../common/validated-body';
import { delegationSchema } from './directory.schema';
import { ApiAnswers } from '../common/openapi.util';

/** Ủy quyền: a supervisor or officer names a deputy for a period (an administrator may do it for anyone). */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Post()
  @ApiAnswers({ ok: [201, null], errors: [403, 404, 409, 422], action: true })
  @ApiOperation({ summary: 'Name a deputy for a period (validFrom..validTo inclusive)' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const b = validated(delegationSchema, body);
    const delegatorId = b.delegatorUserId ?? actor.userId;
    if (delegatorId !== actor.userId && !actor.roles.includes('admin')) throw fieldError(403, 'delegatorUserId', 'only an administrator names a deputy for someone else');
    if (b.validFrom > b.validTo) throw fieldError(422, 'validTo', 'must not be before validFrom');
    return this.db.transaction(async (m) => {
      const delegator = await findUser(m, delegatorId);
      const deputy = await findUser(m, b.deputyUserId);
      if (!delegator) throw fieldError(422, 'delegatorUserId', `user ${delegatorId} does not exist`);
      if (!deputy || !deputy.active) throw fieldError(422, 'deputyUserId', `user ${b.deputyUserId} does not exist or is inactive`);
      if (deputy.id === delegator.id) throw fieldError(422, 'deputyUserId', 'a user cannot be their own deputy');
      const d = { id: randomUUID(), delegatorUserId: delegator.id, deputyUserId: deputy.id, validFrom: b.validFrom, validTo: b.validTo, reason: b.reason, createdBy: actor.userId };
      await insertDelegation(m, d);
      await appendAudit(m, { eventKey: `delegation:${d.id}:created`, occurredAt: new Date(), actor, action: 'delegation.created', entityType: 'delegation', entityId: d.id, after: d, details: { reason: b.reason } });
      return { ...d, revokedAt: null };
    });
  }

  @Get()
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'Delegations given or received by the caller (all of them for an administrator)' })
  async list(@CurrentActor() actor: Actor) {
    return { items: await listDelegations(this.db.manager, actor.roles.includes('admin') ? null : actor.userId) };
  }

  @Post(':id/revoke')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'End a delegation now' })
  async revoke(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.db.transaction(async (m) => {
      const d = /^[0-9a-f-]{36}$/.test(id) ? await findDelegation(m, id) : null;
      if (!d) throw new ProblemException({ status: 404, title: 'Not found', detail: `delegation ${id} does not exist` });
      if (d.delegatorUserId !== actor.userId && !actor.roles.includes('admin')) throw new ProblemException({ status: 403, title: 'Forbidden', detail: 'only the delegator or an administrator ends a delegation' });
      await revokeDelegation(m, id);
      await appendAudit(m, { eventKey: `delegation:${id}:revoked`, occurredAt: new Date(), actor, action: 'delegation.revoked', entityType: 'delegation', entityId: id });
      return findDelegation(m, id);
    });
  }
}

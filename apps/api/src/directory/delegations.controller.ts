import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor, DelegationListResponse, DelegationView, DeputyCandidateView } from '@khflow/contracts';
import { appendAudit, deputyCandidates, findDelegation, findUser, insertDelegation, listDelegations, revokeDelegation } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { CurrentActor } from '../auth/auth.decorators';
import { fieldError, ProblemException } from '../common/problem-details.filter';
import { validated } from '../common/validated-body';
import { delegationSchema, deputyCandidatesQuerySchema } from './directory.schema';
import { ApiAnswers } from '../common/openapi.util';
import { paging } from '../common/paging.util';
import { delegationListSchema, delegationViewSchema, deputyCandidatesSchema } from '../common/response.schemas';

/** Ủy quyền: a supervisor or officer names a deputy for a period (an administrator may do it for anyone). */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Post()
  @ApiAnswers({ ok: [201, delegationViewSchema], errors: [403, 404, 409, 422], action: true })
  @ApiOperation({ summary: 'Name a deputy for a period (validFrom..validTo inclusive)' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<DelegationView> {
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
      return (await findDelegation(m, d.id))!;
    });
  }

  @Get()
  @ApiAnswers({ ok: [200, delegationListSchema], errors: [403, 404] })
  @ApiOperation({ summary: 'Delegations given or received by the caller (all of them for an administrator)' })
  async list(@CurrentActor() actor: Actor): Promise<DelegationListResponse> {
    return { items: await listDelegations(this.db.manager, actor.roles.includes('admin') ? null : actor.userId) };
  }

  // Any signed-in person names their own deputy, so the lookup is not the administrators' /users: active people
  // only, by name, with their unit, and nothing else about them (no roles, no e-mail).
  @Get('candidates')
  @ApiQuery({ name: 'q', required: false, description: 'part of a username or name; without it, the people of the caller’s unit', schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  @ApiAnswers({ ok: [200, deputyCandidatesSchema], errors: [403, 404] })
  @ApiOperation({ summary: 'People the caller may name as deputy (active users other than the caller)' })
  async candidates(@Query() query: Record<string, string>, @CurrentActor() actor: Actor): Promise<{ items: DeputyCandidateView[] }> {
    const { q } = validated(deputyCandidatesQuerySchema, { q: query.q });
    const { limit } = paging(query, 20);
    return { items: await deputyCandidates(this.db.manager, { excludeUserId: actor.userId, unitId: actor.unitId, q: q?.trim() || undefined, limit }) };
  }

  @Post(':id/revoke')
  @ApiAnswers({ ok: [200, delegationViewSchema], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'End a delegation now (409 when it is already revoked)' })
  async revoke(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<DelegationView> {
    return this.db.transaction(async (m) => {
      const d = /^[0-9a-f-]{36}$/.test(id) ? await findDelegation(m, id) : null;
      if (!d) throw new ProblemException({ status: 404, title: 'Not found', detail: `delegation ${id} does not exist` });
      if (d.delegatorUserId !== actor.userId && !actor.roles.includes('admin')) throw new ProblemException({ status: 403, title: 'Forbidden', detail: 'only the delegator or an administrator ends a delegation' });
      if (!(await revokeDelegation(m, id))) throw new ProblemException({ status: 409, title: 'Conflict', detail: `delegation ${id} is already revoked` });
      await appendAudit(m, { eventKey: `delegation:${id}:revoked`, occurredAt: new Date(), actor, action: 'delegation.revoked', entityType: 'delegation', entityId: id });
      return (await findDelegation(m, id))!;
    });
  }
}

// Explanation requests (yêu cầu giải trình, issue 17): a supervisor of the reviewer unit asks an overdue unit why;
// the unit answers with a reason and a new date. Each is an Update of the assignment workflow (decided by the same
// decider as every action); the permission pre-check is the one rule of libs/domain (assignment.decide / act).
import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import { type ActionResult, type Actor, answerExplanationUpdate, requestExplanationUpdate, stableUuid } from '@khflow/contracts';
import { TEMPORAL_CLIENT } from '../../api.tokens';
import { CurrentActor } from '../../auth/auth.decorators';
import { Idempotent, idempotencyKeyOf } from '../../common/idempotency.interceptor';
import { ApiAnswers, ApiBodyOf } from '../../common/openapi.util';
import { actionResultSchema, actionWithRequestSchema } from '../../common/response.schemas';
import { temporalCall } from '../../common/temporal-errors';
import { validated } from '../../common/validated-body';
import { AssignmentsService } from '../assignments.service';
import { explanationAnswerSchema, explanationRequestSchema } from './explanation-requests.schema';

const KEY = { name: 'Idempotency-Key', required: true, description: 'Unique per action; a retry with the same key returns the first answer' };

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class ExplanationRequestsController {
  constructor(
    private readonly assignments: AssignmentsService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Post(':id/explanation-requests')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(explanationRequestSchema)
  @ApiAnswers({ ok: [200, actionWithRequestSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'A supervisor of the reviewer unit asks the overdue unit for an explanation (409 unless overdue, or while one waits for an answer)' })
  async request(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object): Promise<ActionResult & { requestId: string }> {
    const b = validated(explanationRequestSchema, body);
    const r = await this.assignments.checked(id, actor, 'assignment.decide');
    const key = idempotencyKeyOf(req);
    const requestId = stableUuid(`explanation:${key}`);
    const res = await temporalCall(this.temporal, () =>
      this.temporal.workflow.getHandle(r.workflow_id).executeUpdate(requestExplanationUpdate, { args: [{ actor, expectedVersion: b.expectedVersion, requestId, message: b.message }], updateId: key }),
    );
    return { ...res, requestId };
  }

  @Post(':id/explanation-requests/:rid/answer')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(explanationAnswerSchema)
  @ApiAnswers({ ok: [200, actionResultSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'The overdue unit answers an explanation request with its reason and the date by which it will finish' })
  async answer(@Param('id') id: string, @Param('rid') rid: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object): Promise<ActionResult> {
    const b = validated(explanationAnswerSchema, body);
    const r = await this.assignments.checked(id, actor, 'assignment.act');
    return temporalCall(this.temporal, () =>
      this.temporal.workflow.getHandle(r.workflow_id).executeUpdate(answerExplanationUpdate, { args: [{ actor, expectedVersion: b.expectedVersion, requestId: rid, reason: b.reason, newDue: b.newDue }], updateId: idempotencyKeyOf(req) }),
    );
  }
}

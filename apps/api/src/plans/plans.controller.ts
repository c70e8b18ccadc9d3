import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '@khflow/config';
import { APP_CONFIG } from '../api.tokens';
import type { Actor, ImportResponse, Page, PlanSpec, PlanSummaryView, PlanView, ProgressView, ReimportResponse } from '@khflow/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Idempotent, idempotencyKeyOf } from '../common/idempotency.interceptor';
import { ApiAnswers, ApiBodyOf } from '../common/openapi.util';
import { paging, UNIT_PAGE_QUERY, unitPaging } from '../common/paging.util';
import { amendedSchema, closingSchema, importSchema, launchSchema, planPageSchema, planViewSchema, progressSchema, reimportSchema } from '../common/response.schemas';
import { fieldError } from '../common/problem-details.filter';
import { uploadOf } from '../common/upload.util';
import { validated } from '../common/validated-body';
import { amendmentSchema, closeSchema, draftUpdateSchema, planSpecSchema } from './plan-spec.schema';
import { PlansService } from './plans.service';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: true, description: 'Unique per action (e.g. a UUID); a retry with the same key returns the first answer' };
const PLAN_STATUSES = ['draft', 'active', 'closed', 'cancelled'];

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Draft a plan from JSON (the shape plan import produces; units by id)' })
  @ApiBodyOf(planSpecSchema)
  @ApiAnswers({ ok: [201, planViewSchema], action: true, errors: [403] })
  create(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object): Promise<PlanView> {
    return this.plans.createDraft(validated(planSpecSchema, body) as PlanSpec, actor, idempotencyKeyOf(req));
  }

  @Post('import')
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: '.txt, .docx or PDF with a text layer' } } } })
  @ApiOperation({ summary: 'Import a plan document: a draft with warnings, to correct (PUT /plans/{id}) and launch' })
  @ApiAnswers({ ok: [201, importSchema], action: true, errors: [403] })
  async import(@CurrentActor() actor: Actor, @Req() req: FastifyRequest): Promise<ImportResponse> {
    const file = await uploadOf(req, this.config.maxUploadBytes);
    const r = await this.plans.importDocument(file, actor, idempotencyKeyOf(req));
    return r as ImportResponse;
  }

  @Post(':id/reimport')
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'the new version of the draft\'s document (.txt, .docx or PDF)' } } } })
  @ApiOperation({ summary: 'Import a draft again from a corrected document: the corrections made to the draft are re-applied where their task is still there, and the answer says which no longer apply' })
  @ApiAnswers({ ok: [200, reimportSchema], action: true, errors: [403, 404] })
  @HttpCode(200)
  async reimport(@Param('id') id: string, @CurrentActor() actor: Actor, @Req() req: FastifyRequest): Promise<ReimportResponse> {
    const file = await uploadOf(req, this.config.maxUploadBytes);
    return this.plans.reimportDocument(id, file, actor, idempotencyKeyOf(req));
  }

  @Put(':id')
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Correct a draft (same body as POST /plans, tasks keep their ids); a launched plan changes through amendments' })
  @ApiBodyOf(draftUpdateSchema)
  @ApiAnswers({ ok: [200, planViewSchema], action: true, errors: [403, 404] })
  update(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object): Promise<PlanView> {
    return this.plans.updateDraft(id, validated(draftUpdateSchema, body) as PlanSpec, actor, idempotencyKeyOf(req));
  }

  @Get()
  @ApiOperation({ summary: 'Plans the caller may read, newest first; filter by status, search (q) plan and task text and unit names' })
  @ApiQuery({ name: 'status', required: false, enum: PLAN_STATUSES })
  @ApiQuery({ name: 'q', required: false, schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiAnswers({ ok: [200, planPageSchema] })
  async list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<Page<PlanSummaryView>> {
    if (q.status && !PLAN_STATUSES.includes(q.status)) throw fieldError(400, 'status', `must be one of ${PLAN_STATUSES.join(', ')}`);
    const { limit, offset } = paging(q);
    if (q.q !== undefined && q.q.length > 200) throw fieldError(400, 'q', 'must have at most 200 characters');
    const { items, total } = await this.plans.list(actor, { status: q.status, q: q.q?.trim() || undefined, limit, offset });
    return { items, total, limit, offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan with its tasks' })
  @ApiAnswers({ ok: [200, planViewSchema], errors: [403, 404] })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<PlanView> {
    return this.plans.get(id, actor);
  }

  @Post(':id/launch')
  @HttpCode(202)
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Launch a draft: starts its durable plan workflow (fan-out happens in the background)' })
  @ApiAnswers({ ok: [202, launchSchema], action: true, errors: [403, 404] })
  launch(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.plans.launch(id, actor);
  }

  @Post(':id/amendments')
  @HttpCode(200)
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Amend a running plan: add_task, cancel_task, change_due, add_units, remove_units (with a reason)' })
  @ApiBodyOf(amendmentSchema)
  @ApiAnswers({ ok: [200, amendedSchema], action: true, errors: [403, 404] })
  amend(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.plans.amend(id, actor, validated(amendmentSchema, body), idempotencyKeyOf(req));
  }

  @Post(':id/close')
  @HttpCode(202)
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Close (finished) or cancel (abandoned) a plan: every open assignment ends cleanly' })
  @ApiBodyOf(closeSchema)
  @ApiAnswers({ ok: [202, closingSchema], action: true, errors: [403, 404] })
  close(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.plans.close(id, actor, validated(closeSchema, body), idempotencyKeyOf(req));
  }

  @Get(':id/progress')
  @ApiQuery(UNIT_PAGE_QUERY[0])
  @ApiQuery(UNIT_PAGE_QUERY[1])
  @ApiOperation({ summary: 'Reported statuses per task and per unit, and the totals of sub-plans' })
  @ApiAnswers({ ok: [200, progressSchema], errors: [403, 404] })
  progress(@Param('id') id: string, @Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<ProgressView> {
    return this.plans.progress(id, actor, unitPaging(q));
  }
}

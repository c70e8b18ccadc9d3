import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '@khflow/config';
import { APP_CONFIG } from '../api.tokens';
import type { Actor, ImportResponse, Page, PlanSpec, PlanSummaryView, PlanView, ProgressView } from '@khflow/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Idempotent, idempotencyKeyOf } from '../common/idempotency.interceptor';
import { paging } from '../common/paging.util';
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
  @ApiBody({ schema: { type: 'object', description: 'PlanSpec: title, issuerUnitId, tasks[{ref, title, lead[], coordinators[], timeframe}] …' } })
  create(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object): Promise<PlanView> {
    return this.plans.createDraft(validated<PlanSpec>(planSpecSchema, body), actor, idempotencyKeyOf(req));
  }

  @Post('import')
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: '.txt, .docx or PDF with a text layer' } } } })
  @ApiOperation({ summary: 'Import a plan document: a draft with warnings, to correct (PUT /plans/{id}) and launch' })
  async import(@CurrentActor() actor: Actor, @Req() req: FastifyRequest): Promise<ImportResponse> {
    const file = await uploadOf(req, this.config.maxUploadBytes);
    const r = await this.plans.importDocument(file, actor, idempotencyKeyOf(req));
    return r as ImportResponse;
  }

  @Put(':id')
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Correct a draft (same body as POST /plans); a launched plan changes through amendments' })
  update(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object): Promise<PlanView> {
    return this.plans.updateDraft(id, validated<PlanSpec>(draftUpdateSchema, body), actor, idempotencyKeyOf(req));
  }

  @Get()
  @ApiOperation({ summary: 'Plans the caller may read, newest first; filter by status, search (q) plan and task text' })
  async list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<Page<PlanSummaryView>> {
    if (q.status && !PLAN_STATUSES.includes(q.status)) throw fieldError(400, 'status', `must be one of ${PLAN_STATUSES.join(', ')}`);
    const { limit, offset } = paging(q);
    if (q.q !== undefined && q.q.length > 200) throw fieldError(400, 'q', 'must have at most 200 characters');
    const { items, total } = await this.plans.list(actor, { status: q.status, q: q.q?.trim() || undefined, limit, offset });
    return { items, total, limit, offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan with its tasks' })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<PlanView> {
    return this.plans.get(id, actor);
  }

  @Post(':id/launch')
  @HttpCode(202)
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Launch a draft: starts its durable plan workflow (fan-out happens in the background)' })
  launch(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.plans.launch(id, actor);
  }

  @Post(':id/amendments')
  @HttpCode(200)
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Amend a running plan: add_task, cancel_task, change_due, add_units, remove_units (with a reason)' })
  @ApiBody({ schema: { type: 'object', required: ['reason', 'op'], properties: { reason: { type: 'string' }, op: { type: 'object' } } } })
  amend(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.plans.amend(id, actor, validated(amendmentSchema, body), idempotencyKeyOf(req));
  }

  @Post(':id/close')
  @HttpCode(202)
  @Roles('plan_owner', 'admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Close (finished) or cancel (abandoned) a plan: every open assignment ends cleanly' })
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' }, outcome: { type: 'string', enum: ['closed', 'cancelled'] } } } })
  close(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.plans.close(id, actor, validated(closeSchema, body), idempotencyKeyOf(req));
  }

  @Get(':id/progress')
  @ApiOperation({ summary: 'Reported statuses per task and per unit, and the totals of sub-plans' })
  progress(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<ProgressView> {
    return this.plans.progress(id, actor);
  }
}

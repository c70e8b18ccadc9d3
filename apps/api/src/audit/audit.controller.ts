import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Actor, AuditVerifyResponse, HistoryEntryView, HistoryResponse } from '@khflow/contracts';
import { authorize } from '@khflow/domain';
import { AuditCheckpointRepository, AuditReadRepository } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { AssignmentsService } from '../assignments/assignments.service';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { fieldError, ProblemException } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';
import { ApiAnswers } from '../common/openapi.util';
import { auditVerifySchema, historySchema } from '../common/response.schemas';
import { PlansService } from '../plans/plans.service';

const DEFAULT_HISTORY_PAGE = 1000;
const MAX_HISTORY_PAGE = 10_000;

const entryView = (r: Record<string, unknown>): HistoryEntryView => ({
  seq: String(r.seq),
  occurredAt: new Date(r.occurred_at as Date).toISOString(),
  actorId: r.actor_id as string,
  actorUnitId: r.actor_unit_id as string | null,
  actorIp: r.actor_ip as string | null,
  requestId: r.request_id as string | null,
  action: r.action as string,
  entityType: r.entity_type as string,
  entityId: r.entity_id as string,
  planId: r.plan_id as string | null,
  assignmentId: r.assignment_id as string | null,
  workflowId: r.workflow_id as string | null,
  before: r.before,
  after: r.after,
  details: r.details,
  hash: r.hash as string,
  // Automatic steps (actor "system") have no person: the reader's language names them.
  actorName: (r.actor_name as string | null) ?? null,
  onBehalfOfName: (r.on_behalf_of_name as string | null) ?? null,
});

/**
 * The audit trail: who did what, when, from where, before and after, in chain order. Plan history is for
 * inspectors in scope and the plan's owners; assignment history for everyone who may read the assignment.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly plans: PlansService,
    private readonly assignments: AssignmentsService,
    private readonly directory: DirectoryService,
  ) {}

  @Get('plans/:id/history')
  @ApiOperation({ summary: 'The full ordered audit trail of a plan (all its tasks and assignments), with the Temporal history link' })
  @ApiQuery({ name: 'afterSeq', required: false, description: 'continue after this entry (nextAfterSeq of the previous page)' })
  @ApiQuery({ name: 'limit', required: false, description: `entries per page, at most ${MAX_HISTORY_PAGE} (default ${DEFAULT_HISTORY_PAGE})` })
  @ApiAnswers({ ok: [200, historySchema], errors: [403, 404] })
  async planHistory(@Param('id') id: string, @CurrentActor() actor: Actor, @Query() q: Record<string, string>): Promise<HistoryResponse> {
    const plan = await this.plans.readable(id, actor);
    const index = await this.directory.index();
    const allowed = authorize(index, actor, 'audit.read', { issuerUnitId: plan.issuer_unit_id }).allow || authorize(index, actor, 'plan.manage', { issuerUnitId: plan.issuer_unit_id }).allow;
    if (!allowed) throw new ProblemException({ status: 403, title: 'Forbidden', detail: 'the plan history is for inspectors in scope and the plan owners' });
    const page = await this.page('plan_id', id, q);
    return { ...page, workflowId: plan.workflow_id, temporalUrl: plan.workflow_id ? this.plans.temporalUrl(plan.workflow_id, actor) : null };
  }

  @Get('assignments/:id/history')
  @ApiOperation({ summary: 'The full ordered audit trail of an assignment, with the Temporal history link' })
  @ApiQuery({ name: 'afterSeq', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiAnswers({ ok: [200, historySchema], errors: [404] })
  async assignmentHistory(@Param('id') id: string, @CurrentActor() actor: Actor, @Query() q: Record<string, string>): Promise<HistoryResponse> {
    const a = await this.assignments.checked(id, actor, 'assignment.read');
    const page = await this.page('assignment_id', id, q);
    return { ...page, workflowId: a.workflow_id, temporalUrl: this.plans.temporalUrl(a.workflow_id, actor) };
  }

  /** One page of a history in chain order: entries after `afterSeq`, at most `limit`. */
  private async page(column: 'plan_id' | 'assignment_id', id: string, q: Record<string, string>): Promise<{ entries: HistoryEntryView[]; nextAfterSeq: string | null }> {
    if (q.afterSeq !== undefined && !/^\d{1,18}$/.test(q.afterSeq)) throw fieldError(400, 'afterSeq', 'must be an entry number (nextAfterSeq of the previous page)');
    if (q.limit !== undefined && (!/^\d+$/.test(q.limit) || Number(q.limit) < 1 || Number(q.limit) > MAX_HISTORY_PAGE)) throw fieldError(400, 'limit', `must be a whole number from 1 to ${MAX_HISTORY_PAGE}`);
    const limit = q.limit ? Number(q.limit) : DEFAULT_HISTORY_PAGE;
    const rows = await new AuditReadRepository(this.db).page(column, id, q.afterSeq ?? '0', limit + 1);
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(entryView);
    return { entries, nextAfterSeq: more ? entries[entries.length - 1].seq : null };
  }

  @Get('audit/verify')
  @Roles('inspector', 'admin')
  @ApiOperation({
    summary: 'Verify the hash chain of the audit log: any edited or removed entry is reported',
    description:
      'By default incremental: the entries after the newest checkpoint (each successful verification leaves one), and the checkpointed entry itself. ' +
      'An entry altered before that checkpoint is found only by full=true, which recomputes the chain from the first entry and compares every checkpoint.',
  })
  @ApiQuery({ name: 'full', required: false, enum: ['true', 'false'], description: 'recompute the whole chain from the first entry' })
  @ApiAnswers({ ok: [200, auditVerifySchema], errors: [400, 403] })
  async verify(@Query() q: Record<string, string>): Promise<AuditVerifyResponse> {
    if (q.full !== undefined && !['true', 'false'].includes(q.full)) throw fieldError(400, 'full', 'must be true or false');
    return new AuditCheckpointRepository(this.db).verify(q.full === 'true' ? 'full' : 'incremental');
  }
}

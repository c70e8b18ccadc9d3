import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Actor, AuditEntryView, AuditVerifyResponse, HistoryResponse } from '@khflow/contracts';
import { authorize } from '@khflow/domain';
import { verifyAuditChain } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { AssignmentsService } from '../assignments/assignments.service';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';
import { PlansService } from '../plans/plans.service';

const entryView = (r: Record<string, unknown>): AuditEntryView => ({
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
  async planHistory(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<HistoryResponse> {
    const plan = await this.plans.readable(id, actor);
    const index = await this.directory.index();
    const allowed = authorize(index, actor, 'audit.read', { issuerUnitId: plan.issuer_unit_id }).allow || authorize(index, actor, 'plan.manage', { issuerUnitId: plan.issuer_unit_id }).allow;
    if (!allowed) throw new ProblemException({ status: 403, title: 'Forbidden', detail: 'the plan history is for inspectors in scope and the plan owners' });
    const rows = await this.db.query('SELECT * FROM audit_log WHERE plan_id = $1 ORDER BY seq LIMIT 20000', [id]);
    return { entries: rows.map(entryView), workflowId: plan.workflow_id, temporalUrl: plan.workflow_id ? this.plans.temporalUrl(plan.workflow_id) : null };
  }

  @Get('assignments/:id/history')
  @ApiOperation({ summary: 'The full ordered audit trail of an assignment, with the Temporal history link' })
  async assignmentHistory(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<HistoryResponse> {
    const a = await this.assignments.checked(id, actor, 'assignment.read');
    const rows = await this.db.query('SELECT * FROM audit_log WHERE assignment_id = $1 ORDER BY seq', [id]);
    return { entries: rows.map(entryView), workflowId: a.workflow_id, temporalUrl: this.plans.temporalUrl(a.workflow_id) };
  }

  @Get('audit/verify')
  @Roles('inspector', 'admin')
  @ApiOperation({ summary: 'Recompute the hash chain of the whole audit log: any edited or removed entry is reported' })
  async verify(): Promise<AuditVerifyResponse> {
    return verifyAuditChain(this.db);
  }
}

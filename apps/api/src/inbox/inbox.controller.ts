import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { ASSIGNMENT_STATES, type Actor, type InboxResponse, type NotificationView } from '@khflow/contracts';
import { DATA_SOURCE } from '../api.tokens';
import { INBOX_SORTS, InboxRepository, type InboxSort } from '@khflow/persistence';
import { assignmentView } from '../assignments/assignments.service';
import { CurrentActor } from '../auth/auth.decorators';
import { validDate } from '../common/body-schema.util';
import { ApiAnswers } from '../common/openapi.util';
import { paging } from '../common/paging.util';
import { inboxSchema } from '../common/response.schemas';
import { fieldError } from '../common/problem-details.filter';
import { UUID_PATTERN } from '../common/request-guards';
import { zeroCounts } from '../plans/plans.service';

const STATES: readonly string[] = ASSIGNMENT_STATES;

/** The caller's unit's work: its assignments, its notifications, and what waits for its supervisors' decision. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  private readonly inboxes: InboxRepository;

  constructor(@Inject(DATA_SOURCE) db: DataSource) {
    this.inboxes = new InboxRepository(db);
  }

  @Get()
  @ApiOperation({ summary: "The caller's unit's assignments (filtered, sorted, paged), notifications and decisions awaiting it" })
  @ApiQuery({ name: 'status', required: false, description: 'comma-separated states' })
  @ApiQuery({ name: 'planId', required: false })
  @ApiQuery({ name: 'dueBefore', required: false })
  @ApiQuery({ name: 'dueAfter', required: false })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'q', required: false, description: 'words to find (each of them) in the task reference or title, the plan title or the unit name', schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'sort', required: false, enum: INBOX_SORTS })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiAnswers({ ok: [200, inboxSchema] })
  async inbox(@Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<InboxResponse> {
    const { limit, offset } = paging(q);
    const states = q.status ? q.status.split(',').map((s) => s.trim()) : null;
    const bad = states?.find((s) => !STATES.includes(s));
    if (bad) throw fieldError(400, 'status', `"${bad}" is not one of ${STATES.join(', ')}`);
    if (q.planId !== undefined && !UUID_PATTERN.test(q.planId)) throw fieldError(400, 'planId', 'must be a plan id (uuid)');
    for (const f of ['dueBefore', 'dueAfter'] as const) if (q[f] !== undefined && !validDate(q[f])) throw fieldError(400, f, 'must be a date YYYY-MM-DD');
    if (q.overdue && !['true', 'false'].includes(q.overdue)) throw fieldError(400, 'overdue', 'must be true or false');
    if (q.q !== undefined && q.q.length > 200) throw fieldError(400, 'q', 'must have at most 200 characters');
    const search = q.q?.trim() || null;
    if (q.sort !== undefined && !(INBOX_SORTS as string[]).includes(q.sort)) throw fieldError(400, 'sort', `must be one of ${INBOX_SORTS.join(', ')}`);

    const { rows, total } = await this.inboxes.assignments({
      unitId: actor.unitId,
      states,
      planId: q.planId ?? null,
      dueBefore: q.dueBefore ?? null,
      dueAfter: q.dueAfter ?? null,
      overdue: q.overdue ? q.overdue === 'true' : null,
      q: search,
      sort: (q.sort ?? 'due') as InboxSort,
      limit,
      offset,
    });
    const notifications = await this.inboxes.notifications(actor.unitId, actor.roles);
    const awaiting = actor.roles.includes('supervisor') ? await this.inboxes.awaitingDecision(actor.unitId, search) : [];
    const now = Date.now();
    const counts = zeroCounts();
    for (const c of await this.inboxes.counts(actor.unitId, new Date(now))) counts[c.s] += c.n;
    return {
      assignments: { items: rows.map((r) => assignmentView(r, now)), total, limit, offset },
      notifications: notifications.map(
        (n: Record<string, unknown>): NotificationView => ({
          id: n.id as string,
          kind: n.kind as string,
          params: (n.params as NotificationView['params']) ?? null,
          message: n.message as string,
          planId: n.plan_id as string | null,
          assignmentId: n.assignment_id as string | null,
          recipientUnitId: n.recipient_unit_id as string,
          recipientRole: n.recipient_role as string | null,
          createdAt: new Date(n.created_at as Date).toISOString(),
        }),
      ),
      awaitingDecision: awaiting.map((r) => assignmentView(r, now)),
      counts,
    };
  }
}

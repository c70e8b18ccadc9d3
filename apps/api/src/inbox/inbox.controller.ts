import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { ASSIGNMENT_STATES, type Actor, type InboxResponse, type NotificationView } from '@khflow/contracts';
import { overdueSql } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { ASSIGNMENT_SELECT, type AssignmentRow, assignmentView } from '../assignments/assignments.service';
import { CurrentActor } from '../auth/auth.decorators';
import { validDate } from '../common/body-schema.util';
import { ApiAnswers } from '../common/openapi.util';
import { paging } from '../common/paging.util';
import { inboxSchema } from '../common/response.schemas';
import { fieldError } from '../common/problem-details.filter';
import { UUID_PATTERN } from '../common/request-guards';

const STATES: readonly string[] = ASSIGNMENT_STATES;
const SORTS: Record<string, string> = { due: 'a.due ASC NULLS LAST, a.id', '-due': 'a.due DESC NULLS LAST, a.id', updated: 'a.updated_at ASC, a.id', '-updated': 'a.updated_at DESC, a.id', created: 'a.created_at ASC, a.id', '-created': 'a.created_at DESC, a.id' };

/** The caller's unit's work: its assignments, its notifications, and what waits for its supervisors' decision. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: "The caller's unit's assignments (filtered, sorted, paged), notifications and decisions awaiting it" })
  @ApiQuery({ name: 'status', required: false, description: 'comma-separated states' })
  @ApiQuery({ name: 'planId', required: false })
  @ApiQuery({ name: 'dueBefore', required: false })
  @ApiQuery({ name: 'dueAfter', required: false })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'sort', required: false, enum: Object.keys(SORTS) })
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
    const sort = SORTS[q.sort ?? 'due'];
    if (!sort) throw fieldError(400, 'sort', `must be one of ${Object.keys(SORTS).join(', ')}`);

    const where = ['a.unit_id = $1'];
    const params: unknown[] = [actor.unitId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (states) add('a.state = ANY(?)', states);
    if (q.planId) add('a.plan_id = ?', q.planId);
    if (q.dueBefore) add('a.due <= ?', q.dueBefore);
    if (q.dueAfter) add('a.due >= ?', q.dueAfter);
    // The one overdue rule (isOverdue in @khflow/domain), as the red rows and the dashboards judge it.
    if (q.overdue === 'true') where.push(overdueSql('a', 'now()'));
    if (q.overdue === 'false') where.push(`NOT ${overdueSql('a', 'now()')}`);
    params.push(limit, offset);
    const rows: (AssignmentRow & { total: string })[] = await this.db.query(
      `SELECT x.*, count(*) OVER () AS total FROM (${ASSIGNMENT_SELECT} WHERE ${where.join(' AND ')}) x ORDER BY ${sort.replace(/a\./g, 'x.')} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const notifications = await this.db.query(
      `SELECT id, kind, message, params, plan_id, assignment_id, recipient_unit_id, recipient_role, created_at FROM notification
        WHERE recipient_unit_id = $1 AND (recipient_role IS NULL OR recipient_role = ANY($2)) ORDER BY created_at DESC, id LIMIT 100`,
      [actor.unitId, actor.roles],
    );
    const awaiting: AssignmentRow[] = actor.roles.includes('supervisor')
      ? await this.db.query(
          `${ASSIGNMENT_SELECT} WHERE a.reviewer_unit_id = $1 AND (a.state = 'submitted' OR EXISTS (SELECT 1 FROM extension_request e WHERE e.assignment_id = a.id AND e.status = 'pending')) ORDER BY a.submitted_at NULLS LAST, a.id LIMIT 200`,
          [actor.unitId],
        )
      : [];
    const now = Date.now();
    return {
      assignments: { items: rows.map((r) => assignmentView(r, now)), total: rows.length ? Number(rows[0].total) : 0, limit, offset },
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
    };
  }
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Actor, DashboardResponse, ReportedStatus } from '@khflow/contracts';
import { inspectorScopeRoot, onTimeRate, reportingSubtree, vnDateOf, addDays } from '@khflow/domain';
import { reportedStatusSql } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { ASSIGNMENT_SELECT, type AssignmentRow, assignmentView } from '../assignments/assignments.service';
import { CurrentActor } from '../auth/auth.decorators';
import { fieldError } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';
import { ApiAnswers } from '../common/openapi.util';
import { dashboardSchema } from '../common/response.schemas';
import { zeroCounts } from '../plans/plans.service';
import { UUID_PATTERN } from '../common/request-guards';


/** Counts for the caller's scope: their unit and every unit reporting to it (an inspectorate: the body it inspects). */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly directory: DirectoryService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Counts by reported status, on-time rate and overdue list per unit and plan, for the caller’s scope' })
  @ApiQuery({ name: 'planId', required: false })
  @ApiAnswers({ ok: [200, dashboardSchema] })
  async dashboard(@Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<DashboardResponse> {
    if (q.planId !== undefined && !UUID_PATTERN.test(q.planId)) throw fieldError(400, 'planId', 'must be a plan id (uuid)');
    const index = await this.directory.index();
    const root = actor.roles.includes('inspector') ? inspectorScopeRoot(index, actor.unitId) : actor.unitId;
    const scope = [root, ...reportingSubtree(index, root)];
    // Counted in PostgreSQL (reportedStatusSql mirrors the domain rule); only the overdue list is loaded as rows.
    const now = Date.now();
    const status = reportedStatusSql('a', '$3::timestamptz');
    const counted: { k: 'unit' | 'plan'; id: string; s: ReportedStatus; n: number }[] = await this.db.query(
      `WITH x AS (SELECT a.unit_id, a.plan_id, ${status} AS s FROM assignment a WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination' AND ($2::uuid IS NULL OR a.plan_id = $2))
       SELECT 'unit' AS k, unit_id AS id, s, count(*)::int AS n FROM x GROUP BY 2, 3
       UNION ALL SELECT 'plan', plan_id::text, s, count(*)::int FROM x GROUP BY 2, 3`,
      [scope, q.planId ?? null, new Date(now).toISOString()],
    );
    const planIds = [...new Set(counted.filter((c) => c.k === 'plan').map((c) => c.id))];
    const titles = new Map<string, string>((await this.db.query('SELECT id, title FROM plan WHERE id = ANY($1::uuid[])', [planIds])).map((p: { id: string; title: string }) => [p.id, p.title]));
    const counts = zeroCounts();
    const byUnit = new Map<string, DashboardResponse['byUnit'][number]>();
    const byPlan = new Map<string, DashboardResponse['byPlan'][number]>();
    for (const c of counted) {
      if (c.k === 'unit') {
        counts[c.s] += c.n;
        const u = byUnit.get(c.id) ?? { unitId: c.id, unitName: index.byId.get(c.id)?.name ?? c.id, counts: zeroCounts(), onTimeRate: null };
        u.counts[c.s] += c.n;
        byUnit.set(c.id, u);
      } else {
        const p = byPlan.get(c.id) ?? { planId: c.id, title: titles.get(c.id) ?? c.id, counts: zeroCounts(), overdue: 0 };
        p.counts[c.s] += c.n;
        if (c.s === 'overdue') p.overdue += c.n;
        byPlan.set(c.id, p);
      }
    }
    const overdueRows: AssignmentRow[] = await this.db.query(
      `${ASSIGNMENT_SELECT} WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination' AND ($2::uuid IS NULL OR a.plan_id = $2) AND ${status} = 'overdue' ORDER BY a.due, a.id LIMIT 200`,
      [scope, q.planId ?? null, new Date(now).toISOString()],
    );
    const overdue = overdueRows.map((r) => assignmentView(r, now));
    for (const u of byUnit.values()) u.onTimeRate = onTimeRate(u.counts);
    const since = addDays(vnDateOf(now), -29);
    const days = await this.db.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE action = 'assignment.approved')::int AS approved,
              count(*) FILTER (WHERE action = 'assignment.submitted')::int AS submitted,
              count(*) FILTER (WHERE action = 'assignment.overdue')::int AS overdue
         FROM audit_log l JOIN assignment a ON a.id = l.assignment_id
        WHERE a.unit_id = ANY($1) AND l.occurred_at >= ($2::date AT TIME ZONE 'Asia/Ho_Chi_Minh') GROUP BY 1`,
      [scope, since],
    );
    const byDay = new Map(days.map((d: { day: string; approved: number; submitted: number; overdue: number }) => [d.day, d]));
    const timeline = Array.from({ length: 30 }, (_, i) => {
      const date = addDays(since, i);
      const d = byDay.get(date) as { approved: number; submitted: number; overdue: number } | undefined;
      return { date, approved: d?.approved ?? 0, submitted: d?.submitted ?? 0, overdue: d?.overdue ?? 0 };
    });
    return {
      scopeUnitId: root,
      counts,
      onTimeRate: onTimeRate(counts),
      byUnit: [...byUnit.values()].sort((a, b) => a.unitId.localeCompare(b.unitId)),
      byPlan: [...byPlan.values()],
      overdue,
      timeline,
    };
  }
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Actor, DashboardResponse, ReportedStatus } from '@khflow/contracts';
import { inspectorScopeRoot, reportingSubtree, vnDateOf, addDays } from '@khflow/domain';
import { DATA_SOURCE } from '../api.tokens';
import { ASSIGNMENT_SELECT, type AssignmentRow, assignmentView } from '../assignments/assignments.service';
import { CurrentActor } from '../auth/auth.decorators';
import { fieldError } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';
import { zeroCounts } from '../plans/plans.service';

const onTimeRate = (c: Record<ReportedStatus, number>) => (c.done_on_time + c.done_late ? c.done_on_time / (c.done_on_time + c.done_late) : null);

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
  async dashboard(@Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<DashboardResponse> {
    if (q.planId && !/^[0-9a-f-]{36}$/.test(q.planId)) throw fieldError(400, 'planId', 'must be a plan id (uuid)');
    const index = await this.directory.index();
    const root = actor.roles.includes('inspector') ? inspectorScopeRoot(index, actor.unitId) : actor.unitId;
    const scope = [root, ...reportingSubtree(index, root)];
    const rows: AssignmentRow[] = await this.db.query(`${ASSIGNMENT_SELECT} WHERE a.unit_id = ANY($1) AND a.kind <> 'coordination' AND ($2::uuid IS NULL OR a.plan_id = $2)`, [scope, q.planId ?? null]);
    const now = Date.now();
    const counts = zeroCounts();
    const byUnit = new Map<string, DashboardResponse['byUnit'][number]>();
    const byPlan = new Map<string, DashboardResponse['byPlan'][number]>();
    const overdue = [];
    for (const r of rows) {
      const v = assignmentView(r, now);
      counts[v.reportedStatus]++;
      const u = byUnit.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, counts: zeroCounts(), onTimeRate: null };
      u.counts[v.reportedStatus]++;
      byUnit.set(r.unit_id, u);
      const p = byPlan.get(r.plan_id) ?? { planId: r.plan_id, title: r.plan_title, counts: zeroCounts(), overdue: 0 };
      p.counts[v.reportedStatus]++;
      if (v.reportedStatus === 'overdue') p.overdue++;
      byPlan.set(r.plan_id, p);
      if (v.reportedStatus === 'overdue') overdue.push(v);
    }
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
      overdue: overdue.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '')).slice(0, 200),
      timeline,
    };
  }
}

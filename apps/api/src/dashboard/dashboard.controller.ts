import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Actor, DashboardResponse } from '@khflow/contracts';
import { inspectorScopeRoot, onTimeRate, reportingSubtree, vnDateOf, addDays } from '@khflow/domain';
import { DashboardRepository, explanationsInScope } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { assignmentView } from '../assignments/assignments.service';
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
  private readonly dashboards: DashboardRepository;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly directory: DirectoryService,
  ) {
    this.dashboards = new DashboardRepository(db);
  }

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
    const planId = q.planId ?? null;
    const counted = await this.dashboards.counts(scope, planId, new Date(now));
    const titles = await this.dashboards.planTitles([...new Set(counted.filter((c) => c.k === 'plan').map((c) => c.id))]);
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
    const overdueRows = await this.dashboards.overdue(scope, planId, new Date(now));
    const overdue = overdueRows.map((r) => assignmentView(r, now));
    for (const u of byUnit.values()) u.onTimeRate = onTimeRate(u.counts);
    const since = addDays(vnDateOf(now), -29);
    const days = await this.dashboards.timeline(scope, since);
    const byDay = new Map(days.map((d) => [d.day, d]));
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
      // Issue 17: explanation requests waiting for an answer, and the answers of the last 30 days.
      explanations: (await explanationsInScope(this.db, scope, planId, new Date(now - 30 * 86_400_000))).map(({ assignmentId, ...x }) => ({ ...x, assignmentId, unitName: index.byId.get(x.unitId)?.name ?? x.unitId })),
    };
  }
}

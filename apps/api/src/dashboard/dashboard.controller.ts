import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Actor, DashboardResponse } from '@khflow/contracts';
import { inspectorScopeRoot, onTimeRate, reportingSubtree, vnDateOf, addDays } from '@khflow/domain';
import { DashboardRepository } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { assignmentView } from '../assignments/assignments.service';
import { CurrentActor } from '../auth/auth.decorators';
import { fieldError } from '../common/problem-details.filter';
import { DirectoryService } from '../directory/directory.service';
import { ApiAnswers } from '../common/openapi.util';
import { dashboardSchema } from '../common/response.schemas';
import { zeroCounts } from '../plans/plans.service';
import { UUID_PATTERN } from '../common/request-guards';
import { UNIT_PAGE_QUERY, unitCursor, unitPaging } from '../common/paging.util';


/** Counts for the caller's scope: their unit and every unit reporting to it (an inspectorate: the body it inspects). */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  private readonly dashboards: DashboardRepository;

  constructor(
    @Inject(DATA_SOURCE) db: DataSource,
    private readonly directory: DirectoryService,
  ) {
    this.dashboards = new DashboardRepository(db);
  }

  @Get()
  @ApiOperation({ summary: 'Counts by reported status, on-time rate and overdue list per unit and plan, for the caller’s scope' })
  @ApiQuery({ name: 'planId', required: false })
  @ApiQuery(UNIT_PAGE_QUERY[0])
  @ApiQuery(UNIT_PAGE_QUERY[1])
  @ApiAnswers({ ok: [200, dashboardSchema] })
  async dashboard(@Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<DashboardResponse> {
    if (q.planId !== undefined && !UUID_PATTERN.test(q.planId)) throw fieldError(400, 'planId', 'must be a plan id (uuid)');
    const index = await this.directory.index();
    const root = actor.roles.includes('inspector') ? inspectorScopeRoot(index, actor.unitId) : actor.unitId;
    const scope = [root, ...reportingSubtree(index, root)];
    const { limit, after } = unitPaging(q);
    // Totals and per-plan counts from the roll-up counters of the scope's root (its whole subtree in a few rows);
    // per-unit counts one page at a time from the unit counters (a Sở has thousands of units).
    const now = Date.now();
    const planId = q.planId ?? null;
    const since = addDays(vnDateOf(now), -29);
    // One more unit than the page holds says whether there is a next page.
    const read = await this.dashboards.read({ root, scope, planId, now: new Date(now), after, limit: limit + 1, since, answeredSince: new Date(now - 30 * 86_400_000) });
    const { counted, titles } = read;
    const counts = zeroCounts();
    const byPlan = new Map<string, DashboardResponse['byPlan'][number]>();
    for (const c of counted) {
      counts[c.s] += c.n;
      const p = byPlan.get(c.id) ?? { planId: c.id, title: titles.get(c.id) ?? c.id, counts: zeroCounts(), overdue: 0 };
      p.counts[c.s] += c.n;
      if (c.s === 'overdue') p.overdue += c.n;
      byPlan.set(c.id, p);
    }
    const byUnit = new Map<string, DashboardResponse['byUnit'][number]>();
    for (const c of read.units) {
      const u = byUnit.get(c.id) ?? { unitId: c.id, unitName: index.byId.get(c.id)?.name ?? c.id, counts: zeroCounts(), onTimeRate: null };
      u.counts[c.s] += c.n;
      byUnit.set(c.id, u);
    }
    // In the database's order of unit ids (the order the cursor's `>` follows), as the rows came.
    const units = [...byUnit.values()];
    const page = units.slice(0, limit);
    const overdue = read.overdue.map((r) => assignmentView(r, now));
    for (const u of page) u.onTimeRate = onTimeRate(u.counts);
    const byDay = new Map(read.timeline.map((d) => [d.day, d]));
    const timeline = Array.from({ length: 30 }, (_, i) => {
      const date = addDays(since, i);
      const d = byDay.get(date) as { approved: number; submitted: number; overdue: number } | undefined;
      return { date, approved: d?.approved ?? 0, submitted: d?.submitted ?? 0, overdue: d?.overdue ?? 0 };
    });
    return {
      scopeUnitId: root,
      counts,
      onTimeRate: onTimeRate(counts),
      byUnit: page,
      byUnitNext: units.length > limit ? unitCursor(page[page.length - 1].unitId) : null,
      byPlan: [...byPlan.values()],
      overdue,
      timeline,
      // Issue 17: explanation requests waiting for an answer, and the answers of the last 30 days.
      explanations: read.explanations.map(({ assignmentId, ...x }) => ({ ...x, assignmentId, unitName: index.byId.get(x.unitId)?.name ?? x.unitId })),
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Actor, ReorganisationMove, WorkingCalendarData } from '@khflow/contracts';
import { planReorganisation, planWorkMoves, versionOn, groupVersions } from '@khflow/directory';
import {
  appendAudit,
  assignmentPlanOf,
  findReorganisation,
  insertReorganisation,
  lockReorganisation,
  loadCalendarDays,
  loadUnitVersions,
  markReorganisationApplied,
  movesPage,
  openAssignmentsTouching,
  rehomeUsers,
  retargetTasks,
  storeMoves,
  upsertUnits,
  UnitRepository,
} from '@khflow/persistence';
import { VN_WEEKEND_DAYS } from '@khflow/domain';
import { DATA_SOURCE } from '../worker.tokens';

/** Directory-side activities: escalation targets and reorganisations. Each is idempotent on its business key. */
@Injectable()
export class DirectoryActivity {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async escalationTargets(input: { unitId: string; reviewerUnitId: string }): Promise<{ supervisorUnitId: string; nextLevelUnitId: string | null }> {
    return { supervisorUnitId: input.reviewerUnitId, nextLevelUnitId: await new UnitRepository(this.ds.manager).reportsTo(input.reviewerUnitId) };
  }

  /** The working-day calendar administrators keep (issue 17): the weekly rule and every dated exception. */
  async workingCalendar(): Promise<WorkingCalendarData> {
    const days: WorkingCalendarData['days'] = {};
    for (const r of await loadCalendarDays(this.ds)) days[r.date] = { date: r.date, kind: r.kind, name: r.name, ...(r.tentative ? { tentative: true } : {}) };
    return { weekendDays: [...VN_WEEKEND_DAYS], days };
  }

  async scheduleUnitMerge(input: { reorganisationId: string; unitId: string; successorId: string; effectiveDate: string; actor: Actor; reason: string }): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (await findReorganisation(m, input.reorganisationId)) return;
      const request = { effectiveFrom: input.effectiveDate, reason: input.reason, operations: [{ type: 'merge' as const, unitIds: [input.unitId], into: input.successorId }] };
      const plan = planReorganisation(await loadUnitVersions(m), request);
      if (plan.problems.length) throw new Error(`merge ${input.unitId} into ${input.successorId}: ${plan.problems.map((p) => p.message).join('; ')}`);
      await upsertUnits(m, [...plan.changed.values()].flat());
      await insertReorganisation(m, { id: input.reorganisationId, effectiveFrom: input.effectiveDate, reason: input.reason, request, goners: Object.fromEntries(plan.goners), workflowId: `reorganisation:${input.reorganisationId}`, createdBy: input.actor.userId });
      await appendAudit(m, { eventKey: `reorganisation:${input.reorganisationId}:scheduled`, occurredAt: new Date(), actor: input.actor, action: 'reorganisation.scheduled', entityType: 'reorganisation', entityId: input.reorganisationId, after: request, details: { reason: input.reason } });
    });
  }

  async prepareReorganisationMoves(input: { reorganisationId: string }): Promise<{ total: number }> {
    return this.ds.transaction(async (m) => {
      const r = await findReorganisation(m, input.reorganisationId);
      if (!r) throw new Error(`reorganisation ${input.reorganisationId} not found`);
      await lockReorganisation(m, r.id);
      const goners = new Map(Object.entries(r.goners));
      const open = await openAssignmentsTouching(m, goners);
      // The tree once the reorganisation is in effect decides which successor now answers for each assignee.
      const byId = groupVersions(await loadUnitVersions(m));
      const reportsToAfter = (unitId: string) => {
        const v = versionOn(byId.get(unitId) ?? [], r.effectiveFrom);
        return v ? (v.reportsToId ?? v.parentId ?? null) : null;
      };
      const { moves } = planWorkMoves(open, goners, reportsToAfter);
      return { total: await storeMoves(m, r.id, moves) };
    });
  }

  async reorganisationMovesPage(input: { reorganisationId: string; offset: number; limit: number }): Promise<ReorganisationMove[]> {
    return movesPage(this.ds.manager, input.reorganisationId, input.offset, input.limit);
  }

  async recordAssignmentMerged(input: { reorganisationId: string; move: ReorganisationMove; actor: Actor; reason: string; occurredAt: string }): Promise<void> {
    const mv = input.move;
    await this.ds.transaction(async (m) => {
      const planId = await assignmentPlanOf(m, mv.assignmentId);
      await appendAudit(m, {
        eventKey: `reorganisation:${input.reorganisationId}:merged:${mv.assignmentId}`,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: 'assignment.merged',
        entityType: 'assignment',
        entityId: mv.assignmentId,
        planId,
        assignmentId: mv.assignmentId,
        workflowId: mv.workflowId,
        details: { fromUnitId: mv.fromUnitId, toUnitId: mv.toUnitId, intoAssignmentId: mv.intoAssignmentId, reason: input.reason, reorganisationId: input.reorganisationId },
      });
    });
  }

  async completeReorganisation(input: { reorganisationId: string; actor: Actor; moved: number; occurredAt: string }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const r = await findReorganisation(m, input.reorganisationId);
      if (!r || r.status === 'applied') return;
      const goners = new Map(Object.entries(r.goners));
      const moves = new Map<string, string>();
      for (const [from, to] of goners) if (to[0]) moves.set(from, to[0]);
      const users = await rehomeUsers(m, moves);
      await retargetTasks(m, goners);
      await markReorganisationApplied(m, r.id, input.moved);
      await appendAudit(m, {
        eventKey: `reorganisation:${r.id}:applied`,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: 'reorganisation.applied',
        entityType: 'reorganisation',
        entityId: r.id,
        details: { reason: r.reason, effectiveFrom: r.effectiveFrom, movedAssignments: input.moved, rehomedUsers: users.slice(0, 5000) },
      });
    });
  }
}

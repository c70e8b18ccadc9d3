import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { type Actor, type NodeChild, type PlanLaunchInfo, type PlanStatus, SYSTEM_ACTOR, type TaskLaunchInfo, type TaskSpec } from '@khflow/contracts';
import { type OrgIndex, buildFanOutTree, buildOrgIndex, expandTarget, launchWarnings, vnDateOf } from '@khflow/domain';
import { AssignmentRepository, PlanRepository, appendAudit, directoryFingerprint, loadUnits, taskLaunchInfoOf } from '@khflow/persistence';
import { DATA_SOURCE } from '../worker.tokens';
import { FanOutTreeCache } from './fan-out-tree.cache';

/** A task id that is not a task of this plan: no retry helps, and nothing of the other plan is touched. */
const notInPlan = (planId: string, taskId: string) =>
  ApplicationFailure.create({ type: 'TaskNotInPlan', message: `task ${taskId} is not a task of plan ${planId}`, nonRetryable: true });

/** Plan- and task-level activities: launch, amendments, target expansion and the fan-out tree. */
@Injectable()
export class PlanActivity {
  private readonly trees = new FanOutTreeCache<{ index: OrgIndex; tree: Map<string, NodeChild[]> }>();

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async launchPlan(input: { planId: string; actor: Actor; workflowId: string; eventKey: string }): Promise<PlanLaunchInfo> {
    return this.ds.transaction(async (m) => {
      const repo = new PlanRepository(m);
      const plan = await repo.lockPlan(input.planId);
      if (!plan) throw new Error(`plan ${input.planId} not found`);
      const appended = await appendAudit(m, {
        eventKey: input.eventKey,
        occurredAt: new Date(),
        actor: input.actor,
        action: 'plan.launched',
        entityType: 'plan',
        entityId: input.planId,
        planId: input.planId,
        workflowId: input.workflowId,
        before: { status: plan.status },
        after: { status: 'active' },
      });
      if (appended) await repo.markLaunched(input.planId, input.workflowId);
      const launchedAt = await repo.launchedAt(input.planId);
      const tasks = await repo.tasksOf(input.planId);
      return { issuerUnitId: plan.issuer_unit_id, launchDate: vnDateOf(new Date(launchedAt).getTime()), tasks: tasks.map(taskLaunchInfoOf) };
    });
  }

  async recordPlanEvent(input: { eventKey: string; planId: string; actor: Actor; action: string; occurredAt: string; status?: PlanStatus; details?: Record<string, unknown> }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const repo = new PlanRepository(m);
      const plan = await repo.lockPlan(input.planId);
      const appended = await appendAudit(m, {
        eventKey: input.eventKey,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: input.action,
        entityType: 'plan',
        entityId: input.planId,
        planId: input.planId,
        before: input.status ? { status: plan?.status } : null,
        after: input.status ? { status: input.status } : null,
        details: input.details ?? null,
      });
      if (appended && input.status) await repo.setStatus(input.planId, input.status, input.occurredAt);
    });
  }

  async addTask(input: { eventKey: string; planId: string; task: TaskSpec & { id: string }; actor: Actor; reason: string; occurredAt: string }): Promise<TaskLaunchInfo> {
    return this.ds.transaction(async (m) => {
      const repo = new PlanRepository(m);
      const t = input.task;
      const existing = await repo.task(input.planId, t.id);
      // An id another plan already uses is refused, never adopted.
      if (!existing && (await repo.taskIdTaken(t.id))) throw notInPlan(input.planId, t.id);
      const appended = await appendAudit(m, {
        eventKey: input.eventKey,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: 'plan.amended.task_added',
        entityType: 'task',
        entityId: t.id,
        planId: input.planId,
        after: t,
        details: { reason: input.reason },
      });
      const row = await repo.addTask(input.planId, t, appended && !existing);
      if (!row) throw notInPlan(input.planId, t.id);
      return taskLaunchInfoOf(row);
    });
  }

  async updateTask(input: { eventKey: string; planId: string; taskId: string; actor: Actor; reason: string; occurredAt: string; due?: string | null; timeframe?: TaskLaunchInfo['timeframe']; status?: 'cancelled' | 'done' }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const repo = new PlanRepository(m);
      const row = await repo.task(input.planId, input.taskId, { forUpdate: true });
      if (!row) throw notInPlan(input.planId, input.taskId);
      const after: Record<string, unknown> = {};
      if (input.due !== undefined) after.due = input.due;
      if (input.timeframe) after.timeframe = input.timeframe;
      if (input.status) after.status = input.status;
      const appended = await appendAudit(m, {
        eventKey: input.eventKey,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: input.status === 'done' ? 'task.done' : input.status === 'cancelled' ? 'plan.amended.task_cancelled' : input.timeframe ? 'plan.amended.due_rule_changed' : 'plan.amended.due_changed',
        entityType: 'task',
        entityId: input.taskId,
        planId: input.planId,
        before: { due: row.timeframe?.due ?? null, status: row.status, ...(input.timeframe ? { timeframe: row.timeframe } : {}) },
        after,
        details: { reason: input.reason },
      });
      if (!appended) return;
      if (input.timeframe) await repo.setTaskTimeframe(input.planId, input.taskId, input.timeframe);
      else if (input.due !== undefined) await repo.setTaskDue(input.planId, input.taskId, input.due);
      if (input.status) await repo.setTaskStatus(input.planId, input.taskId, input.status);
    });
  }

  async resolveTaskTargets(input: { planId: string; taskId: string; onDate: string }): Promise<{ targetCount: number; withoutActors?: string[] }> {
    const repo = new PlanRepository(this.ds.manager);
    const task = await repo.taskWithIssuer(input.planId, input.taskId);
    if (!task) throw notInPlan(input.planId, input.taskId);
    const index = buildOrgIndex(await loadUnits(this.ds.manager, input.onDate));
    const ids = new Set<string>();
    for (const target of task.lead) for (const id of expandTarget(index, target, task.issuer_unit_id, input.onDate)) ids.add(id);
    ids.delete(task.issuer_unit_id); // the issuer receives the reports; it is the root of the tree
    const list = [...ids];
    await repo.addTargets(input.taskId, list);
    const withoutActors = await repo.targetsWithoutActors(input.taskId);
    await this.recordLaunchWarnings(input.planId, input.taskId, task.issuer_unit_id, input.onDate, withoutActors);
    return { targetCount: list.length, withoutActors };
  }

  /** Past due dates and units nobody can act for, as an audit entry and a notification to the issuer's plan owners. */
  private async recordLaunchWarnings(planId: string, taskId: string, issuerUnitId: string, launchDate: string, withoutActors: string[]) {
    await this.ds.transaction(async (m) => {
      const repo = new PlanRepository(m);
      const task = await repo.task(planId, taskId);
      if (!task) return;
      const warnings = launchWarnings({ id: task.id, ref: task.ref, timeframe: task.timeframe }, vnDateOf(Date.now()), launchDate, withoutActors);
      if (!warnings.length) return;
      const eventKey = `task:${planId}:${taskId}:launch-warnings`;
      const appended = await appendAudit(m, { eventKey, occurredAt: new Date(), actor: SYSTEM_ACTOR, action: 'task.launch_warnings', entityType: 'task', entityId: taskId, planId, details: { warnings } });
      if (!appended) return;
      for (const w of warnings) {
        const note = {
          unitId: issuerUnitId,
          role: 'plan_owner',
          kind: 'launch_warning' as const,
          params: { title: `${task.ref}. ${task.title}`, warning: w.code, due: w.code === 'due_in_past' ? w.due : null, units: w.code === 'units_without_actors' ? w.unitIds : null },
        };
        await new AssignmentRepository(m).insertNotifications({ eventKey: `${eventKey}:${w.code}`, assignmentId: null, planId, occurredAt: new Date().toISOString(), notifications: [note] });
      }
    });
  }

  async changeTaskTargets(input: { eventKey: string; planId: string; taskId: string; add: string[]; remove: string[]; actor: Actor; reason: string; occurredAt: string }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const repo = new PlanRepository(m);
      if (!(await repo.task(input.planId, input.taskId, { forUpdate: true }))) throw notInPlan(input.planId, input.taskId);
      const appended = await appendAudit(m, {
        eventKey: input.eventKey,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: input.add.length ? 'plan.amended.units_added' : 'plan.amended.units_removed',
        entityType: 'task',
        entityId: input.taskId,
        planId: input.planId,
        after: { added: input.add, removed: input.remove },
        details: { reason: input.reason },
      });
      if (!appended) return;
      if (input.add.length) await repo.activateTargets(input.taskId, input.add);
      if (input.remove.length) await repo.deactivateTargets(input.taskId, input.remove);
    });
  }

  async nodeChildren(input: { planId: string; taskId: string; unitId: string; rootUnitId: string; consolidate: boolean; onDate?: string }): Promise<NodeChild[]> {
    const repo = new PlanRepository(this.ds.manager);
    const task = await repo.task(input.planId, input.taskId);
    if (!task) throw notInPlan(input.planId, input.taskId);
    // The tree as of when the workflow asked (its period's start): a reorganisation effective later does not
    // reshape a period already running, and the next period fans out along the new tree. Built once for all the
    // nodes of the task while the directory and the targets stay as they are (FanOutTreeCache).
    const onDate = input.onDate ?? workflowDate();
    const [dir, tgt] = await Promise.all([directoryFingerprint(this.ds.manager), repo.targetsFingerprint(input.taskId)]);
    const { index, tree } = await this.trees.get(JSON.stringify([dir, tgt, input.taskId, input.rootUnitId, onDate]), async () => {
      const [targets, units] = await Promise.all([repo.activeTargets(input.taskId), loadUnits(this.ds.manager, onDate)]);
      const index = buildOrgIndex(units);
      return { index, tree: buildFanOutTree(index, input.rootUnitId, targets) };
    });
    const children = tree.get(input.unitId) ?? [];
    return children.map((c) => ({
      ...c,
      // Consolidated results go to the level above in the tree; other work to the task's reviewer or the unit
      // the assignee reports to.
      reviewerUnitId: input.consolidate
        ? input.unitId
        : (task.reviewer_unit_id ?? index.byId.get(c.unitId)?.reportsToId ?? index.byId.get(c.unitId)?.parentId ?? input.rootUnitId),
    }));
  }
}

/** The date (Asia/Ho_Chi_Minh) at which the calling workflow scheduled this activity: workflow time, not the
 *  worker's clock (they differ on the time-skipping test server, and when a worker was down). */
function workflowDate(): string {
  try {
    return vnDateOf(Context.current().info.scheduledTimestampMs);
  } catch {
    return vnDateOf(Date.now()); // called outside an activity
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { Actor, NodeChild, PlanLaunchInfo, PlanStatus, TaskLaunchInfo, TaskSpec } from '@khflow/contracts';
import { buildFanOutTree, buildOrgIndex, expandTarget, vnDateOf } from '@khflow/domain';
import { appendAudit, insertTask, loadUnits } from '@khflow/persistence';
import { DATA_SOURCE } from '../worker.tokens';

interface TaskRow {
  id: string;
  ref: string;
  title: string;
  timeframe: TaskLaunchInfo['timeframe'];
  consolidate: boolean;
  step_days: number;
  reminder_offsets: number[] | null;
  status: TaskLaunchInfo['status'];
  lead: TaskSpec['lead'];
  reviewer_unit_id: string | null;
  plan_id: string;
  issuer_unit_id?: string;
}

const toInfo = (r: TaskRow): TaskLaunchInfo => ({
  taskId: r.id,
  ref: r.ref,
  title: r.title,
  timeframe: r.timeframe,
  consolidate: r.consolidate,
  stepDays: r.step_days,
  reminderOffsetsDays: r.reminder_offsets,
  status: r.status,
});

/** Plan- and task-level activities: launch, amendments, target expansion and the fan-out tree. */
@Injectable()
export class PlanActivity {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async launchPlan(input: { planId: string; actor: Actor; workflowId: string; eventKey: string }): Promise<PlanLaunchInfo> {
    return this.ds.transaction(async (m) => {
      const [plan] = await m.query('SELECT id, issuer_unit_id, status, launched_at FROM plan WHERE id = $1 FOR UPDATE', [input.planId]);
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
      if (appended) {
        await m.query(`UPDATE plan SET status = 'active', launched_at = coalesce(launched_at, now()), workflow_id = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [input.planId, input.workflowId]);
      }
      const [{ launched_at }] = await m.query('SELECT launched_at FROM plan WHERE id = $1', [input.planId]);
      const tasks: TaskRow[] = await m.query('SELECT * FROM task WHERE plan_id = $1 ORDER BY position', [input.planId]);
      return { issuerUnitId: plan.issuer_unit_id, launchDate: vnDateOf(new Date(launched_at).getTime()), tasks: tasks.map(toInfo) };
    });
  }

  async recordPlanEvent(input: { eventKey: string; planId: string; actor: Actor; action: string; occurredAt: string; status?: PlanStatus; details?: Record<string, unknown> }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [plan] = await m.query('SELECT status FROM plan WHERE id = $1 FOR UPDATE', [input.planId]);
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
      if (appended && input.status) {
        await m.query(`UPDATE plan SET status = $2, closed_at = CASE WHEN $2 IN ('closed','cancelled') THEN $3::timestamptz ELSE closed_at END, updated_at = now(), version = version + 1 WHERE id = $1`, [input.planId, input.status, input.occurredAt]);
        if (input.status === 'closed' || input.status === 'cancelled')
          await m.query(`UPDATE task SET status = 'cancelled' WHERE plan_id = $1 AND status = 'active'`, [input.planId]);
      }
    });
  }

  async addTask(input: { eventKey: string; planId: string; task: TaskSpec & { id: string }; actor: Actor; reason: string; occurredAt: string }): Promise<TaskLaunchInfo> {
    return this.ds.transaction(async (m) => {
      const t = input.task;
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
      if (appended) await insertTask(m, input.planId, t);
      const [row] = await m.query('SELECT * FROM task WHERE id = $1', [t.id]);
      return toInfo(row);
    });
  }

  async updateTask(input: { eventKey: string; planId: string; taskId: string; actor: Actor; reason: string; occurredAt: string; due?: string | null; status?: 'cancelled' | 'done' }): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [row] = await m.query('SELECT timeframe, status FROM task WHERE id = $1 FOR UPDATE', [input.taskId]);
      if (!row) throw new Error(`task ${input.taskId} not found`);
      const after: Record<string, unknown> = {};
      if (input.due !== undefined) after.due = input.due;
      if (input.status) after.status = input.status;
      const appended = await appendAudit(m, {
        eventKey: input.eventKey,
        occurredAt: input.occurredAt,
        actor: input.actor,
        action: input.status === 'done' ? 'task.done' : input.status === 'cancelled' ? 'plan.amended.task_cancelled' : 'plan.amended.due_changed',
        entityType: 'task',
        entityId: input.taskId,
        planId: input.planId,
        before: { due: row.timeframe?.due ?? null, status: row.status },
        after,
        details: { reason: input.reason },
      });
      if (!appended) return;
      if (input.due !== undefined) await m.query(`UPDATE task SET timeframe = jsonb_set(timeframe, '{due}', to_jsonb($2::text)) WHERE id = $1`, [input.taskId, input.due]);
      // A task finishing never overrides a cancellation.
      if (input.status) await m.query(`UPDATE task SET status = $2 WHERE id = $1 AND status = 'active'`, [input.taskId, input.status]);
    });
  }

  async resolveTaskTargets(input: { planId: string; taskId: string; onDate: string }): Promise<{ targetCount: number }> {
    const [task] = await this.ds.query('SELECT t.lead, p.issuer_unit_id FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1', [input.taskId]);
    if (!task) throw new Error(`task ${input.taskId} not found`);
    const index = buildOrgIndex(await loadUnits(this.ds.manager, input.onDate));
    const ids = new Set<string>();
    for (const target of task.lead as TaskSpec['lead']) for (const id of expandTarget(index, target, task.issuer_unit_id, input.onDate)) ids.add(id);
    ids.delete(task.issuer_unit_id); // the issuer receives the reports; it is the root of the tree
    const list = [...ids];
    for (let i = 0; i < list.length; i += 5000) {
      await this.ds.query(
        `INSERT INTO task_target (task_id, unit_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [input.taskId, list.slice(i, i + 5000)],
      );
    }
    return { targetCount: list.length };
  }

  async changeTaskTargets(input: { eventKey: string; planId: string; taskId: string; add: string[]; remove: string[]; actor: Actor; reason: string; occurredAt: string }): Promise<void> {
    await this.ds.transaction(async (m) => {
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
      if (input.add.length)
        await m.query(
          `INSERT INTO task_target (task_id, unit_id, active) SELECT $1, unnest($2::text[]), true ON CONFLICT (task_id, unit_id) DO UPDATE SET active = true`,
          [input.taskId, input.add],
        );
      if (input.remove.length) await m.query('UPDATE task_target SET active = false WHERE task_id = $1 AND unit_id = ANY($2)', [input.taskId, input.remove]);
    });
  }

  async nodeChildren(input: { planId: string; taskId: string; unitId: string; rootUnitId: string; consolidate: boolean; onDate?: string }): Promise<NodeChild[]> {
    const [task] = await this.ds.query('SELECT reviewer_unit_id FROM task WHERE id = $1', [input.taskId]);
    const targets: string[] = (await this.ds.query('SELECT unit_id FROM task_target WHERE task_id = $1 AND active', [input.taskId])).map((r: { unit_id: string }) => r.unit_id);
    // The tree as of when the workflow asked (its period's start): a reorganisation effective later does not
    // reshape a period already running, and the next period fans out along the new tree.
    const index = buildOrgIndex(await loadUnits(this.ds.manager, input.onDate ?? workflowDate()));
    const children = buildFanOutTree(index, input.rootUnitId, targets).get(input.unitId) ?? [];
    return children.map((c) => ({
      ...c,
      // Consolidated results go to the level above in the tree; other work to the task's reviewer or the unit
      // the assignee reports to.
      reviewerUnitId: input.consolidate
        ? input.unitId
        : (task?.reviewer_unit_id ?? index.byId.get(c.unitId)?.reportsToId ?? index.byId.get(c.unitId)?.parentId ?? input.rootUnitId),
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

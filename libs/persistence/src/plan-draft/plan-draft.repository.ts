import type { DataSource } from 'typeorm';
import type { Actor, PlanSpec, TaskSpec } from '@khflow/contracts';
import { appendAudit } from '../audit-chain';
import { insertDraftPlan, insertTask } from '../plan-store';

export class DraftNotEditable extends Error {
  constructor(readonly status: string) {
    super(`the plan is ${status}`);
    this.name = 'DraftNotEditable';
  }
}

/** Drafts as the API writes them: each change with its audit entry, in one transaction. */
export class PlanDraftRepository {
  constructor(private readonly db: DataSource) {}

  async create(spec: PlanSpec & { tasks: (TaskSpec & { id: string })[] }, actor: Actor, opts: { planId: string; source: unknown; eventKey?: string }): Promise<void> {
    await this.db.transaction((m) => insertDraftPlan(m, spec, actor, opts));
  }

  /**
   * Replaces a draft's fields and tasks (and, when given, its import source: the corrections it remembers);
   * throws DraftNotEditable when it is no longer a draft.
   */
  async replace(id: string, spec: PlanSpec, tasks: (TaskSpec & { id: string })[], actor: Actor, audit: { eventKey: string; before: unknown; action?: string; after?: Record<string, unknown> }, source?: unknown): Promise<void> {
    await this.db.transaction(async (m) => {
      const [locked] = await m.query('SELECT status FROM plan WHERE id = $1 FOR UPDATE', [id]);
      if (locked.status !== 'draft') throw new DraftNotEditable(locked.status);
      await m.query(
        `UPDATE plan SET number = $2, title = $3, issuer_unit_id = $4, issued_at = $5, place = $6, description = $7, basis = $8, parent_plan_id = $9, horizon = $10, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, spec.number ?? null, spec.title, spec.issuerUnitId, spec.issuedAt ?? null, spec.place ?? null, spec.description ?? null, JSON.stringify(spec.basis ?? []), spec.parentPlanId ?? null, spec.horizon ? JSON.stringify(spec.horizon) : null],
      );
      if (source !== undefined) await m.query('UPDATE plan SET source = $2 WHERE id = $1', [id, JSON.stringify(source)]);
      await m.query('DELETE FROM task WHERE plan_id = $1', [id]);
      for (const [i, t] of tasks.entries()) await insertTask(m, id, t, i + 1);
      await appendAudit(m, { eventKey: audit.eventKey, occurredAt: new Date(), actor, action: audit.action ?? 'plan.draft_updated', entityType: 'plan', entityId: id, planId: id, before: audit.before, after: { ...spec, tasks, ...audit.after } });
    });
  }
}

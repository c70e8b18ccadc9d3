import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor, PlanSpec, TaskSpec } from '@khflow/contracts';
import { appendAudit } from './audit-chain';

/** Writes one task row; ids come from the draft so an amendment replayed writes nothing twice. */
export async function insertTask(m: EntityManager, planId: string, t: TaskSpec & { id: string }, position?: number): Promise<void> {
  const pos = position ?? (await m.query('SELECT coalesce(max(position), 0) + 1 AS p FROM task WHERE plan_id = $1', [planId]))[0].p;
  await m.query(
    `INSERT INTO task (id, plan_id, position, ref, title, content, lead, coordinators, timeframe, reviewer_unit_id, consolidate, step_days, reminder_offsets, lines)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (id) DO NOTHING`,
    [
      t.id, planId, pos, t.ref, t.title.normalize('NFC'), t.content?.normalize('NFC') ?? null, JSON.stringify(t.lead ?? []),
      JSON.stringify(t.coordinators ?? []), JSON.stringify(t.timeframe), t.reviewerUnitId ?? null, !!t.consolidate,
      t.consolidation?.stepDays ?? 5, t.reminderOffsetsDays ?? null, t.lines ? JSON.stringify(t.lines) : null,
    ],
  );
}

/** Stores a draft plan and its tasks (status draft) with an audit entry; returns the plan id. */
export async function insertDraftPlan(
  m: EntityManager,
  spec: PlanSpec,
  actor: Actor,
  opts: { planId?: string; source?: unknown; eventKey?: string } = {},
): Promise<{ planId: string; taskIds: string[] }> {
  const planId = opts.planId ?? randomUUID();
  const nfc = (s: string | null | undefined) => (s == null ? null : s.normalize('NFC'));
  await m.query(
    `INSERT INTO plan (id, number, title, issuer_unit_id, issued_at, place, description, basis, parent_plan_id, horizon, status, source, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'draft',$11,$12)`,
    [
      planId, nfc(spec.number), nfc(spec.title), spec.issuerUnitId, spec.issuedAt ?? null, nfc(spec.place), nfc(spec.description),
      JSON.stringify(spec.basis ?? []), spec.parentPlanId ?? null, spec.horizon ? JSON.stringify(spec.horizon) : null,
      opts.source === undefined ? null : JSON.stringify(opts.source), actor.userId,
    ],
  );
  const taskIds: string[] = [];
  for (const [i, t] of spec.tasks.entries()) {
    const id = t.id ?? randomUUID();
    taskIds.push(id);
    await insertTask(m, planId, { ...t, id }, i + 1);
  }
  await appendAudit(m, {
    eventKey: opts.eventKey ?? `plan:${planId}:drafted`,
    occurredAt: new Date(),
    actor,
    action: 'plan.drafted',
    entityType: 'plan',
    entityId: planId,
    planId,
    after: { ...spec, tasks: spec.tasks.map((t, i) => ({ ...t, id: taskIds[i] })) },
  });
  return { planId, taskIds };
}

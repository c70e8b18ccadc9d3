// POST /reorganisations: the directory change is checked and written at once (future-dated versions when the
// date is ahead: the tree as of earlier dates does not change), and the reorganisation workflow takes it into
// effect on its date, moving the open work durably. dryRun answers what would change and move, writing nothing.
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@khflow/config';
import { type Actor, stableUuid } from '@khflow/contracts';
import { chainOn, groupVersions, planReorganisation, planWorkMoves, versionOn, type ReorganisationRequest, type UnitVersion } from '@khflow/directory';
import { appendAudit, findReorganisation, insertReorganisation, lockReorganisations, loadUnitVersions, openAssignmentsTouching, upsertUnits, usersOfUnits, type ReorganisationRow } from '@khflow/persistence';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../api.tokens';
import { fieldErrors, ProblemException } from '../common/problem-details.filter';
import { OPERATION_NEEDS } from './directory.schema';
import { DirectoryService } from './directory.service';

const LIST_CAP = 500;

export interface ReorganisationAnswer {
  id: string | null;
  dryRun: boolean;
  status: 'preview' | ReorganisationRow['status'];
  effectiveFrom: string;
  workflowId: string | null;
  changedUnits: string[];
  created: string[];
  goners: { unitId: string; successorIds: string[] }[];
  openAssignments: { unitId: string; asAssignee: number; asReviewer: number; asExpectedReporter: number }[];
  moves: {
    total: number;
    /** `shares`: a consolidation split among several successors — which successor consolidates which reporters. */
    /** `absorb`: a consolidation handed over to the successor's (intoAssignmentId), which it would duplicate. */
    items: { assignmentId: string; action: string; fromUnitId: string; toUnitId: string; intoAssignmentId?: string | null; shares?: { unitId: string; expected: string[] }[] }[];
  };
  chains: { total: number; items: { unitId: string; before: string[]; after: string[] }[] };
  usersToRehome: { total: number; items: { username: string; fromUnitId: string; toUnitId: string | null }[] };
}

@Injectable()
export class ReorganisationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {}

  private check(req: ReorganisationRequest) {
    const errors: { field: string; message: string }[] = [];
    req.operations.forEach((op, i) => {
      for (const f of OPERATION_NEEDS[op.type] ?? []) if ((op as Record<string, unknown>)[f] === undefined) errors.push({ field: `operations[${i}].${f}`, message: `is required for ${op.type}` });
    });
    if (errors.length) throw fieldErrors(400, 'Invalid request body', errors);
  }

  async submit(req: ReorganisationRequest & { dryRun?: boolean }, actor: Actor, key: string | null): Promise<ReorganisationAnswer> {
    this.check(req);
    const id = key ? stableUuid(`reorganisation:${actor.userId}:${key}`) : null;
    if (id && !req.dryRun) {
      const existing = await findReorganisation(this.db.manager, id);
      if (existing) return this.answerFor(existing);
    }
    return this.db.transaction(async (m) => {
      await lockReorganisations(m);
      const rows = await loadUnitVersions(m);
      const plan = planReorganisation(rows, req);
      if (plan.problems.length) throw fieldErrors(422, 'The reorganisation cannot be applied', plan.problems);
      const E = req.effectiveFrom;
      const goners = [...plan.goners].map(([unitId, successorIds]) => ({ unitId, successorIds }));
      const open = await openAssignmentsTouching(m, plan.goners);
      const openAssignments = goners.map(({ unitId }) => ({
        unitId,
        asAssignee: open.filter((a) => a.unitId === unitId).length,
        asReviewer: open.filter((a) => a.reviewerUnitId === unitId).length,
        asExpectedReporter: open.filter((a) => a.expected.includes(unitId)).length,
      }));
      const before = groupVersions(rows);
      const after = new Map([...before, ...plan.changed]);
      const on = (vs: Map<string, UnitVersion[]>) => new Map([...vs].map(([k, v]) => [k, versionOn(v, E)]).filter((e): e is [string, UnitVersion] => !!e[1]));
      const beforeOn = on(before);
      const afterOn = on(after);
      const reportsToAfter = (u: string) => {
        const v = afterOn.get(u);
        return v ? (v.reportsToId ?? v.parentId ?? null) : null;
      };
      const { moves } = planWorkMoves(open, plan.goners, reportsToAfter);
      const chains: ReorganisationAnswer['chains']['items'] = [];
      let chainTotal = 0;
      for (const [unitId] of afterOn) {
        const b = beforeOn.has(unitId) ? chainOn(beforeOn, unitId) : [];
        const a = chainOn(afterOn, unitId);
        if (b.join('>') === a.join('>')) continue;
        chainTotal += 1;
        if (chains.length < LIST_CAP) chains.push({ unitId, before: b, after: a });
      }
      const users = await usersOfUnits(m, [...plan.goners.keys()]);
      const answer: ReorganisationAnswer = {
        id,
        dryRun: !!req.dryRun,
        status: req.dryRun ? 'preview' : 'scheduled',
        effectiveFrom: E,
        workflowId: id && !req.dryRun ? `reorganisation:${id}` : null,
        changedUnits: [...plan.changed.keys()].sort(),
        created: plan.created,
        goners,
        openAssignments,
        moves: { total: moves.length, items: moves.slice(0, LIST_CAP).map((mv) => ({ assignmentId: mv.assignmentId, action: mv.action, fromUnitId: mv.fromUnitId, toUnitId: mv.toUnitId, ...(mv.action === 'absorb' ? { intoAssignmentId: mv.intoAssignmentId } : {}), ...(mv.shares ? { shares: mv.shares.map((sh) => ({ unitId: sh.unitId, expected: [...sh.expected] })) } : {}) })) },
        chains: { total: chainTotal, items: chains },
        usersToRehome: { total: users.length, items: users.slice(0, LIST_CAP).map((u) => ({ username: u.username, fromUnitId: u.unitId, toUnitId: plan.goners.get(u.unitId)?.[0] ?? null })) },
      };
      if (req.dryRun) return answer;
      if (!id) throw new ProblemException({ status: 400, title: 'Idempotency-Key required', detail: 'Idempotency-Key: applying a reorganisation needs an Idempotency-Key header', errors: [{ field: 'Idempotency-Key', message: 'is required' }] });
      const changedRows = [...plan.changed.values()].flat();
      await upsertUnits(m, changedRows);
      const workflowId = `reorganisation:${id}`;
      const { dryRun: _dry, ...request } = req;
      await insertReorganisation(m, { id, effectiveFrom: E, reason: req.reason, request, goners: Object.fromEntries(plan.goners), workflowId, createdBy: actor.userId });
      await appendAudit(m, {
        eventKey: `reorganisation:${id}:scheduled`,
        occurredAt: new Date(),
        actor,
        action: 'reorganisation.scheduled',
        entityType: 'reorganisation',
        entityId: id,
        after: { effectiveFrom: E, operations: req.operations.length, goners: Object.fromEntries(plan.goners), created: plan.created, changedUnits: answer.changedUnits.slice(0, 5000) },
        details: { reason: req.reason },
      });
      // Started inside the transaction's lifetime: if Temporal refuses, nothing was written. A start that
      // succeeded before a failed commit is harmless: the workflow finds no reorganisation row and fails visibly.
      try {
        await this.temporal.workflow.start('reorganisationWorkflow', {
          workflowId,
          taskQueue: this.config.temporalTaskQueue,
          args: [{ reorganisationId: id, effectiveFrom: E, actor, reason: req.reason }],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      this.directory.invalidate();
      return answer;
    });
  }

  async get(id: string): Promise<ReorganisationRow> {
    const r = await findReorganisation(this.db.manager, id);
    if (!r) throw new ProblemException({ status: 404, title: 'Not found', detail: `reorganisation ${id} does not exist` });
    return r;
  }

  private answerFor(r: ReorganisationRow): ReorganisationAnswer {
    return {
      id: r.id,
      dryRun: false,
      status: r.status,
      effectiveFrom: r.effectiveFrom,
      workflowId: r.workflowId,
      changedUnits: [],
      created: [],
      goners: Object.entries(r.goners).map(([unitId, successorIds]) => ({ unitId, successorIds })),
      openAssignments: [],
      moves: { total: r.moved ?? 0, items: [] },
      chains: { total: 0, items: [] },
      usersToRehome: { total: 0, items: [] },
    };
  }
}

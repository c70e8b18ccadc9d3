// Issue 20 prototype, not a product path: one workflow (a district office, a commune) hosts the assignments of its
// units as state instead of one assignmentWorkflow each. The rules are the same pure decider the per-unit shell
// runs (decide / evolve / recordOf); what changes is the shell: one state object keyed by assignment id, one
// mutex and one ordered outbox for all, one timer on the earliest deadline, one continue-as-new for all.
// The bench (bench/scenarios/shapes.bench.ts) measures it beside the per-unit shape. Only updates and deadlines are
// hosted: the per-unit shell's signals (comments, due changes, reassignment, reports, calendar edits) and commands
// whose effects start or signal other workflows are not, and the API and plans never route here.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { ActionResult, AssignmentEvent as RecordedEvent } from '@khflow/contracts';
import {
  type AssignmentCommand,
  type AssignmentModel,
  type DeadlineEvent,
  type ProjectionContext,
  type Refusal,
  type WorkingCalendar,
  deadlineSchedule,
  decide,
  evolve,
  firedKey,
  isTerminal,
  pendingDeadlineEvents,
  recordOf,
} from '@khflow/domain';
import { engineActivities, engineLocalActivities, engineLocalProjection } from '../activities.proxy';
import { workflowNow } from '../workflow-clock';
import { Outbox } from '../shared/outbox';
import { assignmentContext, assignmentCreation } from './assignment-creation';
import { isPermanent } from './assignment.workflow';
import { type HostedAssignment, type HostedAssignmentsInput, type HostedCounts, type HostedState, hostedActUpdate, hostedEndUpdate, hostedRollOverUpdate, hostedStateQuery } from './hosted-messages';

/** As the per-unit shell: the history a run may reach before it continues as new. */
const MAX_HISTORY = 2000;
/** As the fan-out node's batches: creations per transaction. */
const CREATION_BATCH = 200;
const STALE_REMINDER_MS = 12 * 3600 * 1000;
/** Commands whose only effect is their record: a host can run them without starting or signalling anyone. */
const HOSTED_COMMANDS: ReadonlySet<AssignmentCommand['type']> = new Set(['acknowledge', 'submit', 'approve', 'return', 'request_extension', 'decide_extension', 'request_explanation', 'answer_explanation']);

export async function hostedAssignmentsWorkflow(input: HostedAssignmentsInput): Promise<HostedCounts> {
  // The per-unit shell projects each event through a local activity (projection-as-local-activity): so does the host,
  // so that the two shapes differ only in how many workflows hold the assignments.
  const acts = engineActivities();
  const hosted = new Map<string, HostedAssignment & { ctx: ProjectionContext }>(input.assignments.map((a) => [a.input.assignmentId, { ...a, ctx: assignmentContext(a.input) }]));
  // ---- the state, the outbox and the mutex exist before any handler (an update in the first activation finds them) ----
  const models = new Map<string, AssignmentModel>();
  const localProjection = engineLocalProjection();
  const outbox = new Outbox<RecordedEvent>((r) => localProjection.recordAssignmentEvent(r));
  const lock = new Mutex();
  let dirty = false;
  let ended = false;
  let rollOver = false;
  let calendar: WorkingCalendar | null = null;
  /** Deadline events whose record the read model refused for good in this run: not tried again in a hot loop. */
  const refusedDeadlines = new Set<string>();
  const created = input.carried ? carry(input.carried.models) : recordCreations();

  function carry(carried: Record<string, AssignmentModel>): Promise<void> {
    for (const [id, m] of Object.entries(carried)) if (hosted.has(id)) models.set(id, m);
    return Promise.resolve();
  }

  /** Every creation in batches through the same activity a fan-out node uses; a creation refused for good is not hosted. */
  async function recordCreations(): Promise<void> {
    const at = new Date(workflowNow()).toISOString();
    const starts = input.assignments.map((a) => ({ id: a.input.assignmentId, ...assignmentCreation(a.input, a.workflowId, at) }));
    for (const s of starts) models.set(s.id, s.model); // validators see every assignment at once; handlers wait for this
    for (let i = 0; i < starts.length; i += CREATION_BATCH) {
      const part = starts.slice(i, i + CREATION_BATCH);
      const { rejected } = await acts.recordAssignmentEvents(part.map((s) => s.record));
      const refused = new Set(rejected);
      for (const s of part)
        if (refused.has(s.record.eventKey)) {
          models.delete(s.id);
          hosted.delete(s.id);
          log.error('hosted assignment not created: the read model refused it', { assignmentId: s.id });
        }
    }
  }

  const result = (m: AssignmentModel): ActionResult => ({ assignmentId: m.s.assignmentId, state: m.s.state, version: m.s.version, due: m.s.due });
  const refusal = (m: AssignmentModel, r: Refusal): never => {
    throw ApplicationFailure.create({ type: r.type, message: r.message, nonRetryable: true, details: [{ ...m.s }] });
  };
  const notHosted = (assignmentId: string): never => {
    throw ApplicationFailure.create({ type: 'NotFound', message: `assignment ${assignmentId} is not hosted by ${input.hostId}`, nonRetryable: true });
  };
  function check(assignmentId: string, command: AssignmentCommand): AssignmentModel {
    const m = models.get(assignmentId) ?? notHosted(assignmentId);
    if (!HOSTED_COMMANDS.has(command?.type)) throw ApplicationFailure.create({ type: 'Invalid', message: `a host does not run ${String(command?.type)}`, nonRetryable: true });
    if (ended) throw ApplicationFailure.create({ type: 'InvalidTransition', message: `host ${input.hostId} has ended`, nonRetryable: true });
    return m;
  }

  /** As the per-unit shell's run(): decide, apply at once, record in order; a record refused for good puts the model back. */
  async function run(assignmentId: string, cmd: AssignmentCommand): Promise<AssignmentModel> {
    const before = models.get(assignmentId) ?? notHosted(assignmentId);
    const d = decide(before, cmd, workflowNow());
    if (!d.ok) return refusal(before, d.refusal);
    const ctx = hosted.get(assignmentId)!.ctx;
    const records: RecordedEvent[] = [];
    let next = before;
    for (const e of d.events) {
      const prev = next;
      next = evolve(prev, e);
      const r = recordOf(prev, next, e, ctx);
      if (r) records.push(r);
    }
    models.set(assignmentId, next);
    if (d.events.length) dirty = true;
    try {
      await Promise.all(records.map((r) => outbox.push(r)));
    } catch (err) {
      if (!isPermanent(err)) throw err;
      models.set(assignmentId, before);
      throw ApplicationFailure.create({ type: 'ProjectionRejected', message: `the event could not be recorded: ${(err as ActivityFailure).cause?.message ?? err}`, nonRetryable: true });
    }
    return next;
  }

  // ---- one update for every hosted assignment; the validator and the handler call the same decide() ----
  setHandler(
    hostedActUpdate,
    ({ assignmentId, command }) =>
      lock.runExclusive(async () => {
        await created;
        check(assignmentId, command);
        return result(await run(assignmentId, command));
      }),
    {
      validator: ({ assignmentId, command }) => {
        const m = check(assignmentId, command);
        const d = decide(m, command, workflowNow());
        if (!d.ok) refusal(m, d.refusal);
      },
    },
  );
  setHandler(hostedEndUpdate, () => {
    ended = true;
    return counts();
  });
  setHandler(hostedRollOverUpdate, () => {
    rollOver = true;
    return { runId: workflowInfo().runId, carriedBytes: bytesOf(carriedModels()) };
  });
  setHandler(hostedStateQuery, (): HostedState => {
    const versions: HostedState['versions'] = {};
    for (const [id, m] of models) versions[id] = { state: m.s.state, version: m.s.version };
    return { ...counts(), runId: workflowInfo().runId, historyLength: workflowInfo().historyLength, versions, carriedBytes: bytesOf(carriedModels()), continueAsNewInputBytes: bytesOf(nextInput()) };
  });

  function counts(): HostedCounts {
    const byState: HostedCounts['byState'] = {};
    for (const m of models.values()) byState[m.s.state] = (byState[m.s.state] ?? 0) + 1;
    return { hostId: input.hostId, assignments: models.size, byState };
  }
  const carriedModels = () => Object.fromEntries(models);
  const nextInput = (): HostedAssignmentsInput => ({ hostId: input.hostId, assignments: input.assignments.filter((a) => models.has(a.input.assignmentId)), carried: { models: carriedModels() } });

  /** Deadline events due now over every open model, and the earliest one still to come (the host's one timer). */
  function sweep(now: number): { due: { id: string; event: DeadlineEvent }[]; next: DeadlineEvent | null } {
    const due: { id: string; event: DeadlineEvent }[] = [];
    let next: DeadlineEvent | null = null;
    for (const [id, m] of models) {
      // Nothing to chase while the work waits for the reviewer (as the per-unit shell).
      if (isTerminal(m) || m.s.state === 'submitted') continue;
      const schedule = deadlineSchedule({ due: m.s.due, ...hosted.get(id)!.input.policy, calendar });
      const fired = schedule.filter((e) => m.fired.includes(firedKey(m, e))).map((e) => e.key);
      const p = pendingDeadlineEvents(schedule, [...fired, ...schedule.filter((e) => refusedDeadlines.has(`${id}:${firedKey(m, e)}`)).map((e) => e.key)], now);
      due.push(...p.due.map((event) => ({ id, event })));
      if (p.next && (!next || p.next.at < next.at)) next = p.next;
    }
    return { due, next };
  }

  const wantsRollOver = () => rollOver || workflowInfo().historyLength > MAX_HISTORY || workflowInfo().continueAsNewSuggested;

  // ---- main loop ----
  await created;
  // One calendar per run for every hosted assignment (the per-unit shell loads one per assignment per run).
  calendar = await engineLocalActivities().workingCalendar({});
  while (!ended) {
    const { due, next } = sweep(workflowNow());
    for (const { id, event } of due) {
      await lock.runExclusive(async () => {
        const m = models.get(id);
        if (!m || isTerminal(m) || m.s.state === 'submitted' || ended) return;
        const escalateTo =
          event.kind === 'escalate_supervisor' || event.kind === 'escalate_next_level'
            ? await acts.escalationTargets({ unitId: m.s.unitId, reviewerUnitId: m.s.reviewerUnitId }).then((t) => (event.kind === 'escalate_supervisor' ? t.supervisorUnitId : t.nextLevelUnitId))
            : null;
        // One refused record must not end the host and its other assignments.
        await run(id, { type: 'deadline', event, escalateTo, staleAfterMs: STALE_REMINDER_MS }).catch((err) => {
          if (!(err instanceof ApplicationFailure)) throw err;
          refusedDeadlines.add(`${id}:${firedKey(m, event)}`);
          log.warn('hosted deadline not applied', { assignmentId: id, key: event.key, error: err.message });
        });
      });
    }
    if (due.length) continue;
    if (wantsRollOver() && allHandlersFinished()) await continueAsNew<typeof hostedAssignmentsWorkflow>(nextInput());
    dirty = false;
    const wake = () => dirty || ended || (wantsRollOver() && allHandlersFinished());
    if (next) await condition(wake, Math.max(next.at - workflowNow(), 1));
    else await condition(wake);
  }
  await condition(allHandlersFinished);
  return counts();
}

/** UTF-8 bytes of a payload as the default JSON converter writes it. */
function bytesOf(x: unknown): number {
  return new TextEncoder().encode(JSON.stringify(x)).length;
}

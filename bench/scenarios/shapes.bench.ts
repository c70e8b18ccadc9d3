// shapes (issue 20): the two shapes of an assignment side by side, in the same run on the same Temporal server.
// per-unit: the product path, one assignmentWorkflow per school started by the fan-out (a plan launched over HTTP,
// as fan-out does). hosted: the prototype of workflows/assignment/hosted-assignments.workflow.ts, one workflow per
// district office holding its schools' assignments as state, started from the client on the khflow worker's task
// queue (no plan launch: only the plan and task rows the assignment rows refer to, from a draft). Each shape has its
// own database and its own worker and API, run one after the other (so their peak memory is their own). Measured:
// fan-out, action throughput with the raw Temporal client (acknowledge → submit → approve), history length, and the
// cost of one continue-as-new of a host. The task does not consolidate, so both shapes hold exactly one assignment
// per school, reviewed by its district office.
import { Client as PgClient } from 'pg';
import { acknowledgeUpdate, approveUpdate, submitUpdate, type Actor, type AssignmentWorkflowInput, stableUuid, workflowIds } from '@khflow/contracts';
import { deadlinePolicyOf, loadConfig } from '@khflow/config';
import { generateProvince } from '@khflow/directory';
import { type AssignmentCommand, addDays, vnDateOf } from '@khflow/domain';
import { type HostedAssignment, type HostedAssignmentsInput, hostedActUpdate, hostedEndUpdate, hostedRollOverUpdate, hostedStateQuery } from '../../workflows/assignment/hosted-messages';
import { type BenchEnv, startKhflow } from '../bench-env';
import { BenchHttp } from '../bench-http';
import { pool, printTable, ratio, summary, waitForCount } from '../bench-stats.util';

type Shape = 'per-unit' | 'hosted';
const SHAPES: Shape[] = ['per-unit', 'hosted'];
const TASK_TITLE = 'Báo cáo kết quả';
/** The assignments of the host whose continue-as-new is timed. */
const ROLL_OVER_SIZE = 100;

interface Province {
  n: number;
  prefix: string;
  districts: string[];
  /** School id → its district office (the reviewer in both shapes). */
  schools: Map<string, string>;
}

interface Acted {
  assignmentId: string;
  workflowId: string;
  unitId: string;
  reviewerUnitId: string;
  /** Hosted: the host's workflow id. */
  hostId?: string;
}

export async function shapesBench(env: BenchEnv, quick: boolean, only?: number[]): Promise<Record<string, unknown>[]> {
  const sizes = only ?? (quick ? [60, 240] : [1000, 5000]);
  const levels = quick ? [4] : [4, 16, 64];
  const perLevel = quick ? 12 : 60; // assignments per level and shape, 3 updates each
  const provinces: Province[] = [];
  const directory = { units: [] as ReturnType<typeof generateProvince>['units'], users: [] as ReturnType<typeof generateProvince>['users'] };
  for (const n of sizes) {
    // As fan-out: a district office holds 50 schools up to 1,000, 100 above.
    const perDistrict = n <= 1000 ? 50 : 100;
    const d = Math.max(1, Math.round(n / perDistrict));
    const prefix = `sh${n}`;
    const dir = generateProvince({ districts: d, schoolsPerDistrict: Math.round(n / d), thptSchools: 0, prefix });
    const schools = new Map(dir.units.filter((u) => u.kind.startsWith('school_')).map((u) => [u.id, u.reportsToId!]));
    provinces.push({ n: schools.size, prefix, districts: dir.units.filter((u) => u.kind === 'district_office').map((u) => u.id), schools });
    directory.units.push(...dir.units);
    directory.users.push(...dir.users);
  }
  const largest = provinces.reduce((a, b) => (b.n > a.n ? b : a));
  if (largest.n < perLevel * levels.length) throw new Error(`shapes: the largest size (${largest.n} schools) is smaller than the ${perLevel * levels.length} assignments the actions need`);
  // What the API gives a plan's tasks (the API process reads the same environment).
  const policy = deadlinePolicyOf(loadConfig(process.env));
  const due = addDays(vnDateOf(Date.now()), 60);

  const fanOut: Record<string, unknown>[] = [];
  const actions = new Map<string, Record<string, unknown>>();
  const history: Record<string, unknown>[] = [];
  let rollOver: Record<string, unknown> | null = null;

  for (const shape of SHAPES) {
    const url = await env.database(`bench_shapes_${shape.replace('-', '_')}`, directory);
    const taskQueue = `bench-shapes-${shape}`;
    const sys = await startKhflow(env, url, taskQueue);
    const http = new BenchHttp(sys.apiUrl);
    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    const hosts: string[] = [];
    const count = async (q: string) => (await env.client.workflow.count(`TaskQueue="${taskQueue}"${q ? ` AND ${q}` : ''}`)).count;
    const waitUntil = (what: string, done: () => Promise<number>, target: number) => waitForCount(`shapes (${shape}): ${what}`, done, target, 120_000);
    const rowsOf = async (planId: string, periodKey = 'once') => (await pg.query('SELECT count(*)::int AS c FROM assignment WHERE plan_id = $1 AND period_key = $2', [planId, periodKey])).rows[0].c as number;
    const longestHistory = async (ids: string[]) => {
      let best = { events: 0, id: '' };
      let total = 0;
      await pool(ids, 8, async (id) => {
        const events = (await env.client.workflow.getHandle(id).fetchHistory().catch(() => null))?.events?.length ?? 0;
        total += events;
        if (events > best.events) best = { events, id };
      });
      return { ...best, total };
    };
    let last: { p: Province; planId: string; taskId: string } | null = null;
    try {
      // ---- fan-out, each size ----
      for (const p of provinces) {
        const owner = await http.token(`owner.${p.prefix}-sgddt`);
        const plan = await http.ok<{ id: string; tasks: { id: string }[] }>('POST', '/plans', owner, {
          title: `Hai dạng ${p.n} trường`,
          issuerUnitId: `${p.prefix}-sgddt`,
          tasks: [{ ref: '1', title: TASK_TITLE, lead: [{ group: { kinds: ['school_thcs', 'school_th', 'school_mn'], underUnitId: `${p.prefix}-sgddt` } }], coordinators: [], timeframe: { kind: 'once', due }, consolidate: false }],
        });
        const taskId = plan.tasks[0].id;
        last = { p, planId: plan.id, taskId };
        const row: Record<string, unknown> = { shape, units: p.n };
        if (shape === 'per-unit') {
          const [wf0, asg0] = [await count(''), await count('WorkflowType="assignmentWorkflow"')];
          const t0 = Date.now();
          await http.ok('POST', `/plans/${plan.id}/launch`, owner);
          await waitUntil('the first row', async () => rowsOf(plan.id), 1);
          const firstMs = Date.now() - t0;
          await waitUntil('assignment rows', () => rowsOf(plan.id), p.n);
          const rowsMs = Date.now() - t0;
          // Actionable only once its workflow started (a node writes its children's rows first).
          await waitUntil('started assignment workflows', async () => (await count('WorkflowType="assignmentWorkflow"')) - asg0, p.n);
          const readyMs = Date.now() - t0;
          const nodeIds = [workflowIds.plan(plan.id), workflowIds.task(plan.id, taskId), workflowIds.node(plan.id, taskId, 'once', `${p.prefix}-sgddt`), workflowIds.node(plan.id, taskId, 'once', p.districts[0])];
          const h = await longestHistory([...nodeIds, workflowIds.assignment(plan.id, taskId, 'once', [...p.schools.keys()][0], 'lead')]);
          Object.assign(row, { 'first row s': firstMs / 1000, 'rows s': rowsMs / 1000, 'ready s': readyMs / 1000, 'rows/s': Math.round((p.n / rowsMs) * 1000), workflows: (await count('')) - wf0, 'longest history': `${h.events} (${h.id.split(':')[0]})` });
        } else {
          const inputs = hostInputs(p, plan.id, taskId, 'once', due, policy);
          const t0 = Date.now();
          await pool(inputs, 50, async (i) => void (await env.client.workflow.start('hostedAssignmentsWorkflow', { taskQueue, workflowId: i.hostId, args: [i] })));
          const startedMs = Date.now() - t0;
          await waitUntil('assignment rows', () => rowsOf(plan.id), p.n);
          const rowsMs = Date.now() - t0;
          hosts.push(...inputs.map((i) => i.hostId));
          const h = await longestHistory(inputs.map((i) => i.hostId));
          Object.assign(row, { 'first row s': '', 'rows s': rowsMs / 1000, 'ready s': Math.max(rowsMs, startedMs) / 1000, 'rows/s': Math.round((p.n / rowsMs) * 1000), workflows: inputs.length, 'longest history': `${h.events} (host)` });
        }
        row['worker peak MiB (so far)'] = sys.worker.peakRssMiB();
        fanOut.push(row);
      }
      const { p, planId, taskId } = last!;

      // ---- actions on the largest size: the same schools in both shapes, spread round-robin over the districts ----
      const byUnit = new Map<string, Acted>(
        (await pg.query(`SELECT id, workflow_id, unit_id, reviewer_unit_id FROM assignment WHERE plan_id = $1 AND period_key = 'once'`, [planId])).rows.map((r) => [
          r.unit_id,
          { assignmentId: r.id, workflowId: r.workflow_id, unitId: r.unit_id, reviewerUnitId: r.reviewer_unit_id, hostId: shape === 'hosted' ? hostIdOf(planId, taskId, 'once', p.schools.get(r.unit_id)!) : undefined },
        ]),
      );
      const order = roundRobin(p).map((u) => byUnit.get(u)!);
      const actor = (unitId: string, role: 'officer' | 'supervisor'): Actor => ({ userId: `u-${role}.${unitId}`, unitId, roles: [role] });
      const steps = (a: Acted): AssignmentCommand[] => [
        { type: 'acknowledge', input: { actor: actor(a.unitId, 'officer') } },
        { type: 'submit', input: { actor: actor(a.unitId, 'officer'), submission: { text: 'Báo cáo kết quả' } } },
        { type: 'approve', input: { actor: actor(a.reviewerUnitId, 'supervisor') } },
      ];
      const send = (a: Acted, c: AssignmentCommand) => {
        if (a.hostId) return env.client.workflow.getHandle(a.hostId).executeUpdate(hostedActUpdate, { args: [{ assignmentId: a.assignmentId, command: c }] });
        const h = env.client.workflow.getHandle(a.workflowId);
        if (c.type === 'acknowledge') return h.executeUpdate(acknowledgeUpdate, { args: [c.input] });
        if (c.type === 'submit') return h.executeUpdate(submitUpdate, { args: [c.input] });
        if (c.type === 'approve') return h.executeUpdate(approveUpdate, { args: [c.input] });
        throw new Error(`shapes: no update for ${c.type}`);
      };
      const acted: Acted[] = [];
      let cursor = 0;
      for (const c of levels) {
        const batch = order.slice(cursor, (cursor += perLevel));
        acted.push(...batch);
        const lat: number[] = [];
        const byStep: Record<string, number[]> = { acknowledge: [], submit: [], approve: [] };
        const t0 = Date.now();
        await pool(batch, c, async (a) => {
          for (const cmd of steps(a)) {
            const t = performance.now();
            await send(a, cmd);
            lat.push(performance.now() - t);
            byStep[cmd.type].push(performance.now() - t);
          }
        });
        const ms = Date.now() - t0;
        const s = summary(lat);
        const r = actions.get(String(c)) ?? { concurrency: c, 'hosts in play': Math.min(c, p.districts.length, batch.length) };
        const k = shape === 'per-unit' ? 'per-unit' : 'hosted';
        Object.assign(r, { [`${k} updates/s`]: Math.round((lat.length / ms) * 1000), [`${k} p50 ms`]: s.p50, [`${k} p95 ms`]: s.p95, [`${k} p99 ms`]: s.p99, [`${k} max ms ack/submit/approve`]: Object.values(byStep).map((x) => Math.round(Math.max(...x))).join('/') });
        actions.set(String(c), r);
      }
      // The read model saw every action: no figure stands on updates that were not recorded.
      await waitUntil('approved rows', async () => (await pg.query(`SELECT count(*)::int AS c FROM assignment WHERE plan_id = $1 AND state = 'approved'`, [planId])).rows[0].c, acted.length);

      // ---- history after the actions ----
      const district = p.districts[0];
      if (shape === 'per-unit') {
        const a = await longestHistory(acted.map((x) => x.workflowId));
        const node = await longestHistory([workflowIds.node(planId, taskId, 'once', district)]);
        const own = [...p.schools].filter(([, d]) => d === district).map(([u]) => byUnit.get(u)!.workflowId);
        const all = await longestHistory(own);
        history.push({ shape, 'longest history': `${a.events} (assignment)`, 'district workflows': own.length + 1, 'district events': all.total + node.total, 'district node events': node.events });
      } else {
        const h = await longestHistory(hosts.filter((id) => id.includes(planId)));
        const mine = await longestHistory([hostIdOf(planId, taskId, 'once', district)]);
        history.push({ shape, 'longest history': `${h.events} (host)`, 'district workflows': 1, 'district events': mine.total, 'district node events': '' });

        // ---- one forced continue-as-new of a host of ROLL_OVER_SIZE assignments (a period of their own) ----
        const units = [...p.schools.keys()].slice(0, ROLL_OVER_SIZE);
        const rollId = `host:${planId}:${taskId}:rollover`;
        const input: HostedAssignmentsInput = { hostId: rollId, assignments: units.map((u) => hostedAssignment(planId, taskId, 'rollover', u, p.schools.get(u)!, due, policy, rollId)) };
        const h0 = await env.client.workflow.start('hostedAssignmentsWorkflow', { taskQueue, workflowId: rollId, args: [input] });
        hosts.push(rollId);
        await waitUntil('rows of the roll-over host', () => rowsOf(planId, 'rollover'), units.length);
        const before = await h0.query(hostedStateQuery);
        const t0 = Date.now();
        await h0.executeUpdate(hostedRollOverUpdate);
        const answeredMs = Date.now() - t0;
        let after = before;
        while (after.runId === before.runId) {
          after = await h0.query(hostedStateQuery).catch(() => before);
          if (Date.now() - t0 > 60_000) throw new Error('shapes: the rolled-over host did not answer from a new run');
          if (after.runId === before.runId) await new Promise((r) => setTimeout(r, 20)); // polls without crowding the server it waits for
        }
        const ms = Date.now() - t0;
        // Server-side: from the old run's continue-as-new to the new run's first completed workflow task.
        const at = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null } | undefined) => (e?.eventTime ? Number(e.eventTime.seconds) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : NaN);
        const closed = (await env.client.workflow.getHandle(rollId, before.runId).fetchHistory()).events?.at(-1);
        const next = (await env.client.workflow.getHandle(rollId, after.runId).fetchHistory()).events ?? [];
        const taskStarted = next.find((e) => e.workflowTaskStartedEventAttributes);
        const firstTask = next.find((e) => e.workflowTaskCompletedEventAttributes);
        if (after.assignments !== units.length || JSON.stringify(after.versions) !== JSON.stringify(before.versions)) throw new Error('shapes: the roll-over did not carry every model');
        rollOver = {
          assignments: units.length,
          'update answered ms': answeredMs,
          'roll-over ms': ms,
          'server: CAN → new run task started ms': Math.round(at(taskStarted) - at(closed)),
          'server: CAN → new run task completed ms': Math.round(at(firstTask) - at(closed)),
          'carried KiB': Math.round(before.carriedBytes / 102.4) / 10,
          'bytes per assignment': Math.round(before.carriedBytes / units.length),
          'continue-as-new input KiB': Math.round(before.continueAsNewInputBytes / 102.4) / 10,
          'history before': before.historyLength,
          'history after': after.historyLength,
        };
      }
      history.at(-1)!['worker peak MiB'] = sys.worker.peakRssMiB();
    } finally {
      await pool(hosts, 8, async (id) => void (await env.client.workflow.getHandle(id).executeUpdate(hostedEndUpdate).catch(() => undefined)));
      await pg.end();
      await sys.stop();
    }
  }

  const actionRows = [...actions.values()].map((r) => ({ ...r, 'hosted/per-unit tput': ratio(r['hosted updates/s'] as number, r['per-unit updates/s'] as number) }));
  printTable('shapes: fan-out — per-unit (plan launched over HTTP, one workflow per school) vs hosted (one workflow per district office, started by the client: no plan/task launch)', fanOut);
  printTable(`shapes: actions — acknowledge → submit → approve with the raw client, ${perLevel} assignments per level and shape, round-robin over the districts (a host serialises its updates)`, actionRows);
  printTable('shapes: history after the actions (district = the first district office of the largest size)', history);
  if (rollOver) printTable('shapes: one forced continue-as-new of a host (update sent → the new run answers a query)', [rollOver]);
  return [...fanOut.map((r) => ({ table: 'fan-out', ...r })), ...actionRows.map((r) => ({ table: 'actions', ...r })), ...history.map((r) => ({ table: 'history', ...r })), ...(rollOver ? [{ table: 'continue-as-new', ...rollOver }] : [])];
}

const hostIdOf = (planId: string, taskId: string, periodKey: string, districtId: string) => `host:${planId}:${taskId}:${periodKey}:${districtId}`;

/** A school's assignment as the fan-out node would give it (planChildren in node.workflow.ts), not consolidating. */
function hostedAssignment(planId: string, taskId: string, periodKey: string, unitId: string, reviewerUnitId: string, due: string, policy: AssignmentWorkflowInput['policy'], hostId: string): HostedAssignment {
  const workflowId = workflowIds.assignment(planId, taskId, periodKey, unitId, 'lead');
  return {
    workflowId,
    input: { assignmentId: stableUuid(workflowId), planId, taskId, periodKey, unitId, kind: 'lead', reviewerUnitId, due, policy, parentAssignmentWorkflowId: null, nodeWorkflowId: hostId, title: TASK_TITLE },
  };
}

function hostInputs(p: Province, planId: string, taskId: string, periodKey: string, due: string, policy: AssignmentWorkflowInput['policy']): HostedAssignmentsInput[] {
  return p.districts.map((d) => {
    const hostId = hostIdOf(planId, taskId, periodKey, d);
    return { hostId, assignments: [...p.schools].filter(([, x]) => x === d).map(([u]) => hostedAssignment(planId, taskId, periodKey, u, d, due, policy, hostId)) };
  });
}

/** Schools in turn from each district: the first of every district, then the second, … */
function roundRobin(p: Province): string[] {
  const lists = p.districts.map((d) => [...p.schools].filter(([, x]) => x === d).map(([u]) => u));
  const out: string[] = [];
  for (let i = 0; out.length < p.n; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

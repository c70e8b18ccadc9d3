// One Temporal dev server and one embedded PostgreSQL for the whole integration run, on free ports in a temp
// folder; a migrated template database; the workflow bundle built once. Tests read them from environment variables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEphemeralServices } from '../../scripts/ephemeral-services';

export const TEMPLATE_DB = 'khflow_template';

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-test-'));
  const state: { dir: string; stops: (() => Promise<void>)[] } = { dir, stops: [] };
  (globalThis as Record<string, unknown>).__KHFLOW_TEST__ = state;
  try {
    const services = await startEphemeralServices({ dir, templateDb: TEMPLATE_DB, missingCliHint: 'run the tests with `npm test`, which builds it, or put `temporal` on PATH' });
    state.stops.push(() => services.stop());
    Object.assign(process.env, {
      KHFLOW_TEST_DIR: dir,
      KHFLOW_TEST_PG_PORT: String(services.pg.port),
      KHFLOW_TEST_PG_URL_BASE: services.pg.url(''),
      KHFLOW_TEST_TEMPORAL_ADDRESS: services.temporal.address,
      KHFLOW_TEST_WORKFLOW_BUNDLE: services.bundlePath,
      KHFLOW_TEMPORAL_CLI: services.cli,
    });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

// Helpers for integration test files, over the services the global setup started.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type AppConfig, loadConfig } from '@khflow/config';

const TEMPLATE_DB = 'khflow_template';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: integration tests run through the Jest global setup (npm test)`);
  return v;
}

async function admin<T>(fn: (c: PgClient) => Promise<T>): Promise<T> {
  const c = new PgClient({ connectionString: `${required('KHFLOW_TEST_PG_URL_BASE')}postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database copied from the migrated template: every test file gets its own. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `khflow_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; retry briefly if one lingers.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`));
      break;
    } catch (err) {
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    name,
    url: `${required('KHFLOW_TEST_PG_URL_BASE')}${name}`,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export function temporalTestConnection(): { address: string; namespace: string } {
  return { address: required('KHFLOW_TEST_TEMPORAL_ADDRESS'), namespace: 'default' };
}

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export function workflowBundlePath(): string {
  return required('KHFLOW_TEST_WORKFLOW_BUNDLE');
}

/** The SDK's time-skipping test server (io.temporal:temporal-test-server from Maven Central, built by npm test). */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const p = process.env.KHFLOW_TEST_SERVER ?? path.resolve(__dirname, '../../.tools/temporal-test-server/run.sh');
  if (!fs.existsSync(p)) throw new Error(`time-skipping test server not found at ${p}: run the tests with npm test`);
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: p } } });
}

/** An AppConfig pointing at the test services, with a private data dir. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({});
  const dataDir = fs.mkdtempSync(path.join(required('KHFLOW_TEST_DIR'), 'data-'));
  return {
    ...base,
    dataDir,
    apiPort: 0,
    temporalAddress: required('KHFLOW_TEST_TEMPORAL_ADDRESS'),
    temporalTaskQueue: uniqueTaskQueue('khflow'),
    logLevel: 'warn',
    ...overrides,
  };
}

export async function waitFor(predicate: () => Promise<boolean> | boolean, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<void> {
  const until = Date.now() + (opts.timeoutMs ?? 30_000);
  let lastError: unknown = null;
  while (Date.now() < until) {
    try {
      if (await predicate()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
  throw new Error(`condition not met within ${opts.timeoutMs ?? 30_000} ms${lastError ? `: ${lastError}` : ''}`);
}

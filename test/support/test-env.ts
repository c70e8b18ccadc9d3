// Helpers for integration test files, over the services the global setup started.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
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

/**
 * The SDK's time-skipping test server (io.temporal:temporal-test-server from Maven Central, built by npm test), given
 * as long as it needs to start: the SDK waits only 5 s for the port, which a JVM on a loaded machine sometimes misses.
 * The JVM is started here on a free port and awaited; the SDK then "starts" a stand-in that only waits, finds the
 * port answering and drives that server. The environment's teardown also stops the JVM.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const exe = process.env.KHFLOW_TEST_SERVER ?? path.resolve(__dirname, '../../.tools/temporal-test-server/run.sh');
  if (!fs.existsSync(exe)) throw new Error(`time-skipping test server not found at ${exe}: run the tests with npm test`);
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const jvm = spawn(exe, [String(port)], { stdio: 'ignore' });
  const until = Date.now() + 180_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > until || jvm.exitCode !== null) {
      jvm.kill();
      throw new Error(`the time-skipping test server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-tss-'));
  const standIn = path.join(dir, 'wait.sh');
  fs.writeFileSync(standIn, '#!/bin/sh\nexec sleep 100000\n', { mode: 0o755 });
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: standIn }, port } });
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    try {
      await teardown();
    } finally {
      jvm.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  return env;
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

// An installation with an empty directory but for its administrator, the worker and the API, against the real
// Temporal server and PostgreSQL: what a new office starts from before it imports its own units and staff.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '@khflow/config';
import type { DirectoryUnit } from '@khflow/contracts';
import type { DemoUser } from '@khflow/directory';
import { startApi, type RunningApi } from '../../apps/api/src/main';
import { startEngine, type Engine } from '../engine/engine-harness';

export const PASSWORD = 'test-password';

export interface DirectorySystem {
  engine: Engine;
  api: RunningApi;
  login(username: string, password?: string): Promise<string>;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; key?: string | null }): Promise<{ status: number; body: any; headers: Headers }>;
  upload(path: string, token: string, name: string, content: Buffer, type?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export const ADMIN_UNIT: DirectoryUnit = { id: 'sys', name: 'Quản trị hệ thống', kind: 'agency', parentId: null, reportsToId: null, aliases: [] };

export async function startDirectorySystem(
  opts: { units?: DirectoryUnit[]; users?: DemoUser[]; config?: Partial<AppConfig>; client?: Client; connection?: NativeConnection; namespace?: string; temporalAddress?: string } = {},
): Promise<DirectorySystem> {
  const engine = await startEngine({
    units: opts.units ?? [ADMIN_UNIT],
    users: opts.users ?? [{ username: 'admin', displayName: 'Quản trị', unitId: 'sys', roles: ['admin'] }],
    policy: { escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0 },
    client: opts.client,
    connection: opts.connection,
    namespace: opts.namespace,
  });
  const api = await startApi({ ...engine.config, ...(opts.temporalAddress ? { temporalAddress: opts.temporalAddress } : {}), apiHost: '127.0.0.1', apiPort: 0, loginRateLimitPerMinute: 1000, ...opts.config });
  const call: DirectorySystem['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    if ((method === 'POST' || method === 'PUT') && o.key !== null && !path.startsWith('/auth/')) headers['idempotency-key'] = o.key ?? randomUUID();
    const res = await fetch(`${api.url}${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (an export)
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    engine,
    api,
    call,
    async login(username, password = PASSWORD) {
      const r = await call('POST', '/auth/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.accessToken as string;
    },
    async upload(path, token, name, content, type = 'text/csv') {
      const form = new FormData();
      form.append('file', new Blob([content], { type }), name);
      const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body: form });
      return { status: res.status, body: (await res.json()) as any };
    },
    async close() {
      await api.close();
      await engine.close();
    },
  };
}

/**
 * The time-skipping test server (the same executable test/support starts), given as long as it needs to start: the
 * SDK waits 5 s for the port, which a JVM on a machine under load sometimes misses. The JVM is started here on a
 * chosen port and awaited; the SDK then "starts" a stand-in that only waits, finds the port already answering, and
 * drives the same server.
 */
export async function timeSkippingEnvPatiently(): Promise<{ env: TestWorkflowEnvironment; stopServer: () => void }> {
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
    if (Date.now() > until || jvm.exitCode !== null) throw new Error(`the time-skipping test server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-tss-'));
  const standIn = path.join(dir, 'wait.sh');
  fs.writeFileSync(standIn, '#!/bin/sh\nexec sleep 100000\n', { mode: 0o755 });
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: standIn }, port } });
  return {
    env,
    stopServer: () => {
      jvm.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

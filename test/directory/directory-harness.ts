// An installation with an empty directory but for its administrator, the worker and the API, against the real
// Temporal server and PostgreSQL: what a new office starts from before it imports its own units and staff. The
// API and its HTTP client are the API harness's.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '@khflow/config';
import type { DirectoryUnit } from '@khflow/contracts';
import type { DemoUser } from '@khflow/directory';
import type { RunningApi } from '../../apps/api/src/main';
import { httpCall, startApiOf } from '../api/api-harness';
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
  const api = await startApiOf(engine, { ...(opts.temporalAddress ? { temporalAddress: opts.temporalAddress } : {}), ...opts.config });
  const call: DirectorySystem['call'] = httpCall(api.url);
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

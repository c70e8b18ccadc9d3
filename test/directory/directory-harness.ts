// An installation with an empty directory but for its administrator, the worker and the API, against the real
// Temporal server and PostgreSQL: what a new office starts from before it imports its own units and staff.
import { randomUUID } from 'node:crypto';
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

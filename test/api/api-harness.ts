// The whole system for HTTP tests: a fresh database with the Hải Phòng demo directory, a worker on its own task
// queue, and the API listening on a free port, all against the real Temporal dev server and PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@khflow/config';
import { DEMO_UNITS, DEMO_USERS } from '@khflow/directory';
import { startApi, type RunningApi } from '../../apps/api/src/main';
import { startEngine, type Engine } from '../engine/engine-harness';
import { waitFor } from '../support/test-env';

export const PASSWORD = 'test-password';

export interface ApiSystem {
  engine: Engine;
  api: RunningApi;
  login(username: string): Promise<string>;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; key?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

type Call = ApiSystem['call'];

/** The API of an engine, listening on a free port of 127.0.0.1 (shared by the API and directory harnesses). */
export function startApiOf(engine: Engine, overrides: Partial<AppConfig> = {}): Promise<RunningApi> {
  return startApi({ ...engine.config, apiHost: '127.0.0.1', apiPort: 0, loginRateLimitPerMinute: 1000, ...overrides });
}

/** JSON over HTTP to a running API: a bearer token, and a fresh Idempotency-Key on actions unless one is chosen (null: none). */
export function httpCall(baseUrl: string): Call {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if ((method === 'POST' || method === 'PUT') && opts.key !== null && !path.startsWith('/auth/')) headers['idempotency-key'] = opts.key ?? randomUUID();
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (an export)
    }
    return { status: res.status, body, headers: res.headers };
  };
}

export async function startApiSystem(overrides: Partial<AppConfig> = {}): Promise<ApiSystem> {
  const engine = await startEngine({ units: DEMO_UNITS, users: [...DEMO_USERS, { username: 'supervisor2.hp-sgddt', displayName: 'Phó Giám đốc Sở', unitId: 'hp-sgddt', roles: ['supervisor'] }], policy: { escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0 } });
  const api = await startApiOf(engine, overrides);
  const tokens = new Map<string, string>();
  const call = httpCall(api.url);
  return {
    engine,
    api,
    call,
    async login(username) {
      if (!tokens.has(username)) {
        const r = await call('POST', '/auth/login', { body: { username, password: PASSWORD } });
        if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
        tokens.set(username, r.body.accessToken);
      }
      return tokens.get(username)!;
    },
    async close() {
      await api.close();
      await engine.close();
    },
  };
}

/** A user's inbox, as GET /inbox answers it (with a query string such as `?q=…`). */
export async function inboxIn(sys: ApiSystem, username: string, query = ''): Promise<any> {
  return (await sys.call('GET', `/inbox${query}`, { token: await sys.login(username) })).body;
}

/** The user's assignment of a task, once the fan-out has put it in their inbox. */
export async function assignmentIn(sys: ApiSystem, username: string, taskId: string): Promise<{ id: string; version: number }> {
  let found: { id: string; version: number } | undefined;
  await waitFor(async () => {
    found = (await inboxIn(sys, username)).assignments.items.find((a: { taskId: string }) => a.taskId === taskId);
    return !!found;
  }, { timeoutMs: 60_000 });
  return found!;
}

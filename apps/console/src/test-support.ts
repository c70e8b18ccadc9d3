// A fake of the API for component tests: routes answer by method and path prefix; every call is recorded.
import { vi } from 'vitest';
import type { MeResponse } from '@khflow/contracts';
import { session } from './api';

export type Route = { method?: string; path: string | RegExp; status?: number; body: unknown };

export function fakeApi(routes: Route[]) {
  const calls: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : (init?.body ?? null);
    calls.push({ method, path: url, body, headers: { ...((init?.headers as Record<string, string> | undefined) ?? {}) } });
    const r = routes.find((x) => (x.method ?? 'GET') === method && (typeof x.path === 'string' ? url === x.path || url.startsWith(`${x.path}?`) : x.path.test(url)));
    if (!r) return new Response(JSON.stringify({ title: 'Not found', status: 404, detail: `no fake for ${method} ${url}` }), { status: 404 });
    return new Response(JSON.stringify(r.body), { status: r.status ?? 200, headers: { 'content-type': r.status && r.status >= 400 ? 'application/problem+json' : 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls };
}

export function signIn(me: Partial<MeResponse> = {}) {
  session.set('token', { id: 'u1', username: 'officer.hp-thcs-lechan-1', displayName: 'Cán bộ', unitId: 'hp-thcs-lechan-1', unitName: 'Trường THCS Lê Chân 1', roles: ['officer'], ...me });
}

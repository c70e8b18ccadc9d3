import { randomUUID } from 'node:crypto';
import { BENCH_PASSWORD } from './bench-env';

/** A small HTTP client for the API under test: login, JSON calls, a fresh idempotency key per action. */
export class BenchHttp {
  private tokens = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async token(username: string): Promise<string> {
    if (!this.tokens.has(username)) {
      const r = await this.call('POST', '/auth/login', null, { username, password: BENCH_PASSWORD });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
      this.tokens.set(username, (r.body as { accessToken: string }).accessToken);
    }
    return this.tokens.get(username)!;
  }

  async call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST' && !path.startsWith('/auth/')) headers['idempotency-key'] = randomUUID();
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async ok<T = unknown>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const r = await this.call(method, path, token, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as T;
  }
}

// The console talks only to the documented API: bearer token from /auth/login, an Idempotency-Key on every action,
// problem details turned into readable errors.
import type { MeResponse } from '@khflow/contracts';

const TOKEN = 'khflow.token';
const ME = 'khflow.me';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { field: string; message: string; label?: string }[] },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  me: (): MeResponse | null => JSON.parse(sessionStorage.getItem(ME) ?? 'null'),
  set(token: string, me: MeResponse) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(ME, JSON.stringify(me));
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(ME);
  },
};

async function request<T>(method: string, path: string, body?: unknown | FormData): Promise<T> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (method !== 'GET' && path !== '/auth/login') headers['idempotency-key'] = crypto.randomUUID();
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (res.status === 401 && path !== '/auth/login') {
    session.clear();
    location.hash = '#/login';
  }
  if (!res.ok) throw new ApiError(res.status, data ?? {});
  return data as T;
}

/** A file the API serves behind the bearer token (attachments, exports): fetched, then handed to the browser. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${session.token()}` } });
  if (!res.ok) {
    const text = await res.text();
    let problem = {};
    try {
      problem = text ? JSON.parse(text) : {};
    } catch {
      problem = { detail: text };
    }
    throw new ApiError(res.status, problem);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
};

// The console talks only to the documented API: bearer token from /auth/login, an Idempotency-Key on every action,
// problem details turned into readable errors.
import type { MeResponse } from '@khflow/contracts';

const TOKEN = 'khflow.token';
const ME = 'khflow.me';
const ACTING = 'khflow.acting';
const ACTING_ENDED = 'khflow.acting-ended';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { field: string; message: string; label?: string }[] },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** Ủy quyền: the delegator a deputy acts for; `me` is what GET /me answers then (the delegator's unit and roles). */
export interface ActingFor {
  userId: string;
  username: string;
  displayName: string;
  /** Last day of the delegation (YYYY-MM-DD). */
  validTo: string;
  me: MeResponse | null;
}
export const ACTING_EVENT = 'khflow:acting';

/**
 * While a deputy acts for a delegator every request carries `X-On-Behalf-Of`: the API then answers the delegator's
 * work and audits each action as the deputy's on the delegator's behalf.
 */
export const acting = {
  get: (): ActingFor | null => JSON.parse(sessionStorage.getItem(ACTING) ?? 'null'),
  set(a: ActingFor | null) {
    sessionStorage.removeItem(ACTING_ENDED);
    if (a) sessionStorage.setItem(ACTING, JSON.stringify(a));
    else sessionStorage.removeItem(ACTING);
    dispatchEvent(new Event(ACTING_EVENT));
  },
  /** The API refused the delegation (it ended or was revoked meanwhile): back to oneself, remembering for whom. */
  refused() {
    const a = acting.get();
    sessionStorage.removeItem(ACTING);
    if (a) sessionStorage.setItem(ACTING_ENDED, a.displayName);
    dispatchEvent(new Event(ACTING_EVENT));
  },
  /** Whose delegation the API last refused, until the reader dismisses it or chooses again. */
  ended: (): string | null => sessionStorage.getItem(ACTING_ENDED),
};

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  /** The signed-in person, or, while acting for a delegator, the API's view of them then (same id, the delegator's unit and roles). */
  me: (): MeResponse | null => acting.get()?.me ?? JSON.parse(sessionStorage.getItem(ME) ?? 'null'),
  /** The signed-in person themselves, whoever they act for. */
  self: (): MeResponse | null => JSON.parse(sessionStorage.getItem(ME) ?? 'null'),
  set(token: string, me: MeResponse) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(ME, JSON.stringify(me));
    sessionStorage.removeItem(ACTING);
    sessionStorage.removeItem(ACTING_ENDED);
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(ME);
    sessionStorage.removeItem(ACTING);
    sessionStorage.removeItem(ACTING_ENDED);
  },
};

function onBehalfHeader(headers: Record<string, string>): Record<string, string> {
  const a = acting.get();
  if (a) headers['x-on-behalf-of'] = a.username;
  return headers;
}

async function request<T>(method: string, path: string, body?: unknown | FormData): Promise<T> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (method !== 'GET' && path !== '/auth/login') headers['idempotency-key'] = crypto.randomUUID();
  if (path !== '/auth/login') onBehalfHeader(headers);
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
  // The delegation ended or was revoked meanwhile: back to acting for oneself (the refusal is still shown).
  if (res.status === 403 && headers['x-on-behalf-of'] && data?.errors?.some((e: { field: string }) => e.field === 'X-On-Behalf-Of')) acting.refused();
  if (!res.ok) throw new ApiError(res.status, data ?? {});
  return data as T;
}

/** A file the API serves behind the bearer token (attachments, exports): fetched, then handed to the browser. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const res = await fetch(path, { headers: onBehalfHeader({ authorization: `Bearer ${session.token()}` }) });
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

import type { Page } from '@khflow/contracts';
import { fieldError } from './problem-details.filter';

export const MAX_PAGE_SIZE = 200;

/** limit/offset from a query string, validated (a bad value is a 400 naming the parameter). */
export function paging(q: Record<string, string | undefined>, defaultLimit = 50): { limit: number; offset: number } {
  const num = (name: 'limit' | 'offset', dflt: number, max: number) => {
    const raw = q[name];
    if (raw === undefined || raw === '') return dflt;
    if (!/^\d+$/.test(raw)) throw fieldError(400, name, 'must be a whole number');
    const n = Number(raw);
    if (n > max) throw fieldError(400, name, `must be at most ${max}`);
    return n;
  };
  return { limit: Math.max(1, num('limit', defaultLimit, MAX_PAGE_SIZE)), offset: num('offset', 0, 1_000_000_000) };
}

export function pageOf<T>(all: T[], q: Record<string, string | undefined>): Page<T> {
  const { limit, offset } = paging(q);
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
}

import type { Page } from '@khflow/contracts';
import { MAX_UNIT_ID_LENGTH, UNIT_PAGE_DEFAULT, UNIT_PAGE_MAX } from '@khflow/contracts';
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

/**
 * limit/cursor of a page of per-unit rows (UnitPageQuery). The cursor is opaque to clients: the last unit id of the
 * page before, base64url-encoded with a tag, so that a hand-made or damaged one is refused (400 naming `cursor`)
 * rather than read as some other position.
 */
export function unitPaging(q: Record<string, string | undefined>): { limit: number; after: string | null } {
  let limit = UNIT_PAGE_DEFAULT;
  if (q.limit !== undefined && q.limit !== '') {
    if (!/^\d+$/.test(q.limit)) throw fieldError(400, 'limit', 'must be a whole number');
    limit = Number(q.limit);
    if (limit < 1 || limit > UNIT_PAGE_MAX) throw fieldError(400, 'limit', `must be between 1 and ${UNIT_PAGE_MAX}`);
  }
  if (q.cursor === undefined || q.cursor === '') return { limit, after: null };
  const after = q.cursor.length <= 200 && /^[A-Za-z0-9_-]+$/.test(q.cursor) ? Buffer.from(q.cursor, 'base64url').toString('utf8') : '';
  if (!after.startsWith(CURSOR_TAG) || !UNIT_ID.test(after.slice(CURSOR_TAG.length)))
    throw fieldError(400, 'cursor', 'must be the byUnitNext of an earlier page');
  return { limit, after: after.slice(CURSOR_TAG.length) };
}

/** The cursor of the page after one ending at `lastUnitId` (null: there is none). */
export const unitCursor = (lastUnitId: string | null): string | null => (lastUnitId === null ? null : Buffer.from(CURSOR_TAG + lastUnitId, 'utf8').toString('base64url'));

const CURSOR_TAG = 'u1:';
// Any id the directory holds (ids come from imports): no control characters, not longer than an id may be.
const UNIT_ID = new RegExp(`^[^\\p{Cc}\uFFFD]{1,${MAX_UNIT_ID_LENGTH}}$`, 'u');

/** Query parameters of UnitPageQuery, declared with their bounds (the OpenAPI document is fuzzed). */
export const UNIT_PAGE_QUERY = [
  { name: 'limit', required: false, schema: { type: 'integer' as const, minimum: 1, maximum: UNIT_PAGE_MAX, default: UNIT_PAGE_DEFAULT }, description: 'units per page of byUnit' },
  { name: 'cursor', required: false, schema: { type: 'string' as const, pattern: '^[A-Za-z0-9_-]+$', maxLength: 200 }, description: 'byUnitNext of the page before' },
];

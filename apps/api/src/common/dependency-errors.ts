// While PostgreSQL or Temporal is down, requests answer 503 with Retry-After and the name of the dependency,
// quickly (every database and Temporal call has a deadline), instead of hanging or answering 500.
import { ServiceError } from '@temporalio/client';

export const DB_CONNECT_TIMEOUT_MS = 5_000;
export const DB_QUERY_TIMEOUT_MS = 15_000;
export const TEMPORAL_CALL_TIMEOUT_MS = 20_000;
export const RETRY_AFTER_SECONDS = 5;

const PG_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const PG_DOWN_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Connection refused|the database system is (starting up|shutting down)|canceling statement due to statement timeout/i;
// gRPC status codes: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED.
const GRPC_DOWN = new Set([14, 4, 8]);

/** Which dependency an error says is down ('postgres' or 'temporal'), or null for any other error. */
export function downDependency(err: unknown): 'postgres' | 'temporal' | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown };
    if (e instanceof ServiceError || x.name === 'ServiceError' || x.name === 'TransportError') {
      const code = (e as { cause?: { code?: unknown } }).cause?.code ?? x.code;
      if (typeof code !== 'number' || GRPC_DOWN.has(code)) return 'temporal';
    }
    if (typeof x.code === 'number' && GRPC_DOWN.has(x.code) && /deadline|unavailable|connect/i.test(String(x.message ?? ''))) return 'temporal';
    if (typeof x.code === 'string' && PG_DOWN_CODES.has(x.code)) return 'postgres';
    if (typeof x.message === 'string' && PG_DOWN_MESSAGES.test(x.message)) return 'postgres';
    if (x.driverError) return downDependency(x.driverError);
  }
  return null;
}

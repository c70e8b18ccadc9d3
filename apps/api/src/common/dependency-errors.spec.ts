import { ServiceError } from '@temporalio/client';
import { downDependency } from './dependency-errors';

describe('downDependency', () => {
  const withCode = (message: string, code: string | number) => Object.assign(new Error(message), { code });
  it.each<[string, unknown, 'postgres' | 'temporal' | null]>([
    ['PostgreSQL refusing connections', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'postgres'],
    ['the pool giving up', new Error('timeout exceeded when trying to connect'), 'postgres'],
    ['a statement over its timeout', new Error('Query read timeout'), 'postgres'],
    ['PostgreSQL shutting down', withCode('terminating connection due to administrator command', '57P01'), 'postgres'],
    ['wrapped by TypeORM', Object.assign(new Error('query failed'), { driverError: withCode('x', '08006') }), 'postgres'],
    ['Temporal unreachable', new ServiceError('Failed to connect', { cause: withCode('14 UNAVAILABLE: No connection established', 14) }), 'temporal'],
    ['a Temporal deadline', new ServiceError('Deadline exceeded', { cause: withCode('4 DEADLINE_EXCEEDED', 4) }), 'temporal'],
    ['a Temporal refusal', new ServiceError('not found', { cause: withCode('5 NOT_FOUND', 5) }), null],
    ['a unique violation', withCode('duplicate key value', '23505'), null],
    ['a plain bug', new TypeError('x is undefined'), null],
  ])('%s', (_name, err, expected) => {
    expect(downDependency(err)).toBe(expected);
  });
});

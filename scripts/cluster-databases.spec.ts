import { checkDumpVersion } from './backup';
import { clusterDatabases, connectionParts, databaseName, redact, withDatabase } from './cluster-databases';

describe('clusterDatabases', () => {
  it.each([
    ['postgresql://u:p@db:5432/khflow', undefined, { khflow: 'postgresql://u:p@db:5432/khflow', temporal: 'postgresql://u:p@db:5432/temporal', visibility: 'postgresql://u:p@db:5432/temporal_visibility' }],
    ['postgresql://u:p@db/khflow?sslmode=require', null, { khflow: 'postgresql://u:p@db/khflow?sslmode=require', temporal: 'postgresql://u:p@db/temporal?sslmode=require', visibility: 'postgresql://u:p@db/temporal_visibility?sslmode=require' }],
    ['postgresql://u:p@db/khflow', 'postgresql://t:q@other:6543/tprod', { khflow: 'postgresql://u:p@db/khflow', temporal: 'postgresql://t:q@other:6543/tprod', visibility: 'postgresql://t:q@other:6543/tprod_visibility' }],
  ])('%s with TEMPORAL_DB_URL %s', (url, temporalUrl, expected) => {
    expect(clusterDatabases(url, temporalUrl)).toEqual(expected);
  });

  it('reads the parts temporal-sql-tool takes, decoding the password', () => {
    expect(connectionParts('postgresql://kh%40flow:p%2Fw@127.0.0.1:5433/temporal')).toEqual({ host: '127.0.0.1', port: 5433, user: 'kh@flow', password: 'p/w', database: 'temporal' });
    expect(connectionParts('postgresql://u@db/x').port).toBe(5432);
  });

  it('names the database, refuses a URL without one, and hides the password in messages', () => {
    expect(databaseName(withDatabase('postgresql://u:p@db/a', 'b c'))).toBe('b c');
    expect(() => databaseName('postgresql://u:p@db')).toThrow(/names no database/);
    expect(redact('postgresql://u:secret@db/a')).toBe('postgresql://u:***@db/a');
  });
});

describe('checkDumpVersion (pg_dump major >= server major)', () => {
  it.each([
    [18, 18, true],
    [18, 15, true],
    [15, 18, false],
    [17, 18, false],
  ])('pg_dump %i against server %i: allowed %s', (dump, server, allowed) => {
    const refusal = checkDumpVersion(dump, server);
    expect(refusal === null).toBe(allowed);
    if (!allowed) expect(refusal).toMatch(new RegExp(`version ${server} or newer`));
  });
});

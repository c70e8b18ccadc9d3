import { JsonLogger } from './json-logger';

describe('JsonLogger', () => {
  const lines: string[] = [];
  const logger = new JsonLogger('khflow-api', 'info', (l) => lines.push(l));
  beforeEach(() => (lines.length = 0));

  it.each([
    ['log', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
  ] as const)('writes %s as one JSON line with level %s', (method, level) => {
    logger[method]('started', 'NestApplication');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level, service: 'khflow-api', msg: 'started', context: 'NestApplication' });
  });

  it('drops entries below the minimum level', () => {
    logger.debug('details');
    expect(lines).toEqual([]);
  });

  it('keeps the stack of errors and merges request fields', () => {
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    logger.entry('info', 'request', { reqId: 'r-1', status: 200 });
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'boom', stack: 'Error: boom\n    at x', context: 'ExceptionsHandler' });
    expect(JSON.parse(lines[1])).toMatchObject({ msg: 'request', reqId: 'r-1', status: 200 });
  });
});

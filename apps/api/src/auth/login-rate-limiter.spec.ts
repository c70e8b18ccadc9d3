import { loadConfig } from '@khflow/config';
import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter (3 attempts a minute)', () => {
  const make = () => new LoginRateLimiter({ ...loadConfig({}), loginRateLimitPerMinute: 3 });

  it.each([
    ['the first three attempts pass, the fourth waits for the window', [0, 1000, 2000, 3000], ['a', 'a', 'a', 'a'], [0, 0, 0, 57]],
    ['a new window starts after a minute', [0, 1, 2, 60_000], ['a', 'a', 'a', 'a'], [0, 0, 0, 0]],
    ['usernames are counted apart', [0, 1, 2, 3], ['a', 'a', 'a', 'b'], [0, 0, 0, 0]],
    ['usernames are case-insensitive', [0, 1, 2, 3], ['a', 'A', 'a', 'A'], [0, 0, 0, 60]],
  ])('%s', (_name, times, users, waits) => {
    const limiter = make();
    expect(times.map((t, i) => limiter.hit('10.0.0.1', users[i], t))).toEqual(waits);
  });

  it('counts client addresses apart', () => {
    const limiter = make();
    for (let i = 0; i < 3; i++) limiter.hit('10.0.0.1', 'a', i);
    expect(limiter.hit('10.0.0.2', 'a', 4)).toBe(0);
    expect(limiter.hit('10.0.0.1', 'a', 5)).toBeGreaterThan(0);
  });
});

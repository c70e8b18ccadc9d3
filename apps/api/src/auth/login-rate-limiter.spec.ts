import { loginThrottleKeys, loginWait } from './login-rate-limiter';

describe('login throttling (limit 3 a minute per address and username)', () => {
  const limits = loginThrottleKeys('10.0.0.1', 'Officer.A', 3);
  const counted = (a: number, u: number, ip: number) => [
    { key: limits[0].key, count: a, remainingSeconds: 40 },
    { key: limits[1].key, count: u, remainingSeconds: 30 },
    { key: limits[2].key, count: ip, remainingSeconds: 20 },
  ];

  it('counts the address with the username, the username alone and the address alone', () => {
    expect(limits).toEqual([
      { key: 'login:addr+user:10.0.0.1 officer.a', limit: 3 },
      { key: 'login:user:officer.a', limit: 6 },
      { key: 'login:addr:10.0.0.1', limit: 15 },
    ]);
  });

  it.each([
    ['within every limit', counted(3, 6, 15), 0],
    ['one account guessed from one address', counted(4, 4, 4), 40],
    ['one account guessed from many addresses', counted(1, 7, 1), 30],
    ['one password sprayed over many accounts', counted(1, 1, 16), 20],
    ['several limits at once: the longest wait', counted(4, 7, 16), 40],
  ])('%s', (_name, c, wait) => {
    expect(loginWait(limits, c)).toBe(wait);
  });
});

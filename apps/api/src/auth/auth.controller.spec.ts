// Defect 6 of issue 13: an unknown username must cost the same work as a wrong password (no timing oracle). The
// spec checks the work itself, not a timing: the password is verified against a real scrypt hash in both cases.
import { hashPassword } from '@khflow/persistence';

const verified: (string | null | undefined)[] = [];
jest.mock('@khflow/persistence', () => {
  const actual = jest.requireActual('@khflow/persistence');
  return {
    ...actual,
    verifyPassword: async (password: string, hash: string | null | undefined) => {
      verified.push(hash);
      return actual.verifyPassword(password, hash);
    },
    UserRepository: class {
      async findForLogin(username: string) {
        return username === 'known' ? { id: 'u1', username, displayName: 'K', unitId: 'x', roles: [], passwordHash: await hashPassword('right'), unitName: 'X' } : null;
      }
    },
  };
});

import { loadConfig } from '@khflow/config';
import { AuthController } from './auth.controller';

describe('login without a timing oracle', () => {
  const controller = new AuthController(loadConfig({}), {} as never, { hit: async () => 0 } as never);
  const attempt = (username: string, password: string) => controller.login({ username, password }, { ip: '10.0.0.1' } as never).then(
    () => 200,
    (err: { getStatus(): number }) => err.getStatus(),
  );

  it.each([
    ['a known user, wrong password', 'known', 'wrong', 401],
    ['an unknown user', 'nobody', 'wrong', 401],
    ['a known user, right password', 'known', 'right', 200],
  ])('%s: one scrypt verification against a real hash, answer %s', async (_name, username, password, status) => {
    verified.length = 0;
    expect(await attempt(username, password)).toBe(status);
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatch(/^scrypt\$16384\$8\$1\$/);
  });
});

import { signJwt, verifyJwt } from './jwt.util';

const SECRET = 'k'.repeat(40);
const token = signJwt({ sub: 'u-admin', iat: 1000, exp: 2000 }, SECRET);
const [h, b] = token.split('.');
const forge = (claims: object, alg = 'HS256') =>
  `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${token.split('.')[2]}`;

describe('verifyJwt', () => {
  it.each([
    ['a valid token before expiry', token, SECRET, 1999, 'u-admin'],
    ['at expiry', token, SECRET, 2000, null],
    ['another secret', token, 'x'.repeat(40), 1500, null],
    ['a changed payload', `${h}.${Buffer.from(JSON.stringify({ sub: 'u-root', iat: 1000, exp: 2000 })).toString('base64url')}.${token.split('.')[2]}`, SECRET, 1500, null],
    ['alg none', `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${b}.`, SECRET, 1500, null],
    ['another algorithm', forge({ sub: 'u-admin', iat: 1000, exp: 2000 }, 'HS512'), SECRET, 1500, null],
    ['garbage', 'not-a-token', SECRET, 1500, null],
    ['two parts', `${h}.${b}`, SECRET, 1500, null],
  ])('%s', (_name, t, secret, now, sub) => {
    expect(verifyJwt(t, secret, now)?.sub ?? null).toBe(sub);
  });

  it.each([
    ['a lifetime within JWT_TTL_SECONDS', { iat: 1000, exp: 2000 }, 1500, 'u-admin'],
    ['a lifetime beyond it', { iat: 1000, exp: 1000 + 10 * 365 * 86400 }, 1500, null],
    ['no iat', { exp: 2000 }, 1500, null],
    ['issued in the future', { iat: 1900, exp: 2000 }, 1500, null],
  ])('caps the lifetime at 1000 s: %s', (_name, claims, now, sub) => {
    expect(verifyJwt(signJwt({ sub: 'u-admin', ...claims } as never, SECRET), SECRET, now, 1000)?.sub ?? null).toBe(sub);
  });
});

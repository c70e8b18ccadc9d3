// HS256 JSON Web Tokens with Node's crypto: a small, audited surface instead of another dependency.
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export interface JwtClaims {
  sub: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export function signJwt(claims: JwtClaims, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

const CLOCK_SKEW_S = 60;

/**
 * The claims of a valid, unexpired token, or null. `nowSeconds` is passed in. A token may not live longer than
 * `maxLifetimeSeconds` (JWT_TTL_SECONDS): one signed for ten years is refused even with the right signature.
 */
export function verifyJwt(token: string, secret: string, nowSeconds: number, maxLifetimeSeconds = Infinity): JwtClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [head, body, sig] = parts;
  let header: { alg?: string };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (header.alg !== 'HS256') return null; // never 'none', never an algorithm chosen by the token
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JwtClaims;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
    if (typeof claims.iat !== 'number' || claims.iat > nowSeconds + CLOCK_SKEW_S) return null;
    if (claims.exp - claims.iat > maxLifetimeSeconds || claims.exp > nowSeconds + maxLifetimeSeconds + CLOCK_SKEW_S) return null;
    return claims;
  } catch {
    return null;
  }
}

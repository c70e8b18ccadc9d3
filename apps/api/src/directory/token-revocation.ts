// Logout: the access token's hash goes on a revocation list in PostgreSQL until the token would have expired.
// The auth guard asks isRevoked() for every request; answers are cached briefly per token (a revoked token stays
// revoked, so only "not revoked" answers expire).
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { isTokenRevoked, revokeToken } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';

const FRESH_MS = 2_000;

@Injectable()
export class TokenRevocations {
  private readonly notRevoked = new Map<string, number>();

  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async isRevoked(token: string): Promise<boolean> {
    const seen = this.notRevoked.get(token);
    if (seen && Date.now() - seen < FRESH_MS) return false;
    const revoked = await isTokenRevoked(this.db.manager, token);
    if (!revoked) {
      if (this.notRevoked.size > 10_000) this.notRevoked.clear();
      this.notRevoked.set(token, Date.now());
    } else this.notRevoked.delete(token);
    return revoked;
  }

  async revoke(token: string, userId: string): Promise<void> {
    // The expiry only bounds how long the entry is kept; without a readable exp keep it a day.
    let exp = Date.now() + 86_400_000;
    try {
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
      if (typeof claims.exp === 'number') exp = claims.exp * 1000;
    } catch {
      // an opaque token: keep the default
    }
    await revokeToken(this.db.manager, token, userId, new Date(exp));
    this.notRevoked.delete(token);
  }
}

/** The bearer token of a request, as the guard reads it. */
export function bearerOf(req: { headers?: Record<string, unknown> }): string | null {
  const header = req.headers?.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

// Tokens of an external OpenID Connect issuer (KHFLOW_AUTH=oidc): RS256 signatures checked against the issuer's
// published keys (JWKS, found through its discovery document and cached), issuer, audience and lifetime checked, and
// the username claim mapped to a directory user, who keeps the unit and roles the directory gives them.
import { createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@khflow/config';
import { UserRepository } from '@khflow/persistence';
import { APP_CONFIG, DATA_SOURCE } from '../api.tokens';
import type { AuthUser } from './auth-user';
import type { TokenVerifier } from './token-verifier';

const KEYS_TTL_MS = 10 * 60_000;
const CLOCK_SKEW_S = 60;

@Injectable()
export class OidcTokenVerifier implements TokenVerifier {
  private keys: { at: number; byKid: Map<string, KeyObject> } | null = null;
  private readonly logger = new Logger('oidc');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  private async jwksUrl(): Promise<string> {
    if (this.config.oidcJwksUrl) return this.config.oidcJwksUrl;
    const res = await fetch(`${this.config.oidcIssuer!.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
    return ((await res.json()) as { jwks_uri: string }).jwks_uri;
  }

  private async key(kid: string | undefined): Promise<KeyObject | null> {
    const fresh = this.keys && Date.now() - this.keys.at < KEYS_TTL_MS;
    if (!fresh || (kid && !this.keys!.byKid.has(kid))) {
      try {
        const res = await fetch(await this.jwksUrl());
        const { keys } = (await res.json()) as { keys: (JsonWebKey & { kid?: string; use?: string })[] };
        const byKid = new Map<string, KeyObject>();
        for (const k of keys) if (k.kty === 'RSA' && (!k.use || k.use === 'sig')) byKid.set(k.kid ?? '', createPublicKey({ key: k, format: 'jwk' }));
        this.keys = { at: Date.now(), byKid };
      } catch (err) {
        this.logger.error(`cannot load the issuer's keys: ${err instanceof Error ? err.message : err}`);
        if (!this.keys) return null;
      }
    }
    const byKid = this.keys!.byKid;
    return byKid.get(kid ?? '') ?? (byKid.size === 1 && !kid ? [...byKid.values()][0] : null);
  }

  async verify(token: string): Promise<AuthUser | null> {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    let header: { alg?: string; kid?: string };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (header.alg !== 'RS256') return null;
    const key = await this.key(header.kid);
    if (!key || !verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'))) return null;
    const now = Math.floor(Date.now() / 1000);
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== this.config.oidcIssuer || !aud.includes(this.config.oidcAudience)) return null;
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S <= now) return null;
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now) return null;
    const username = claims[this.config.oidcUsernameClaim];
    if (typeof username !== 'string' || !username) return null;
    return new UserRepository(this.db).findActiveByUsername(username);
  }
}

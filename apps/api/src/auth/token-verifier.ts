// The token check is pluggable: the guard asks a TokenVerifier. The local one below checks khflow's own HS256
// tokens against the user directory; an OpenID Connect verifier (checking an external issuer's JWKS and mapping
// its subject to a directory user) can be provided under TOKEN_VERIFIER instead.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@khflow/config';
import type { Role } from '@khflow/contracts';
import { APP_CONFIG, DATA_SOURCE } from '../api.tokens';
import type { AuthUser } from './auth-user';
import { verifyJwt } from './jwt.util';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

export interface TokenVerifier {
  /** The directory user the bearer token stands for, or null when the token is not valid. */
  verify(token: string): Promise<AuthUser | null>;
}

@Injectable()
export class LocalTokenVerifier implements TokenVerifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  async verify(token: string): Promise<AuthUser | null> {
    const claims = verifyJwt(token, this.config.jwtSecret, Math.floor(Date.now() / 1000));
    if (!claims) return null;
    // The directory is the authority: a deactivated user or changed roles take effect at once.
    const [u] = await this.db.query('SELECT id, username, display_name, unit_id, roles FROM app_user WHERE id = $1 AND active', [claims.sub]);
    if (!u) return null;
    return { id: u.id, username: u.username, displayName: u.display_name, unitId: u.unit_id, roles: u.roles as Role[] };
  }
}

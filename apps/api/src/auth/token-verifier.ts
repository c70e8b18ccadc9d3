// The token check is pluggable: the guard asks a TokenVerifier. The local one below checks khflow's own HS256
// tokens against the user directory; an OpenID Connect verifier (checking an external issuer's JWKS and mapping
// its subject to a directory user) can be provided under TOKEN_VERIFIER instead.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { UserRepository } from '@khflow/persistence';
import type { AppConfig } from '@khflow/config';
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
  private readonly users: UserRepository;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATA_SOURCE) db: DataSource,
  ) {
    this.users = new UserRepository(db);
  }

  async verify(token: string): Promise<AuthUser | null> {
    const claims = verifyJwt(token, this.config.jwtSecret, Math.floor(Date.now() / 1000), this.config.jwtTtlSeconds);
    if (!claims) return null;
    // The directory is the authority: a deactivated user or changed roles take effect at once.
    return this.users.findActiveById(claims.sub);
  }
}

import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@khflow/config';
import type { LoginResponse, MeResponse } from '@khflow/contracts';
import { hashPassword, UserRepository, verifyPassword } from '@khflow/persistence';
import { APP_CONFIG, DATA_SOURCE } from '../api.tokens';
import { z } from 'zod';
import { text } from '../common/body-schema.util';
import { ApiAnswers, ApiBodyOf } from '../common/openapi.util';
import { loginSchema, meSchema } from '../common/response.schemas';
import { ProblemException } from '../common/problem-details.filter';
import { validated } from '../common/validated-body';
import { CurrentUser, Public } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { signJwt } from './jwt.util';
import { LoginRateLimiter } from './login-rate-limiter';

const LOGIN = z.strictObject({ username: text({ min: 1, max: 200 }), password: text({ min: 1, max: 1000 }) });

@ApiTags('auth')
@Controller()
export class AuthController {
  private readonly users: UserRepository;
  // An unknown username is checked against this hash, so that it takes as long as a wrong password (no timing
  // tells which usernames exist).
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATA_SOURCE) db: DataSource,
    private readonly limiter: LoginRateLimiter,
  ) {
    this.users = new UserRepository(db);
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a directory username and password for a bearer access token' })
  @ApiBodyOf(LOGIN)
  @ApiAnswers({ ok: [200, loginSchema], public: true, errors: [401, 404, 413, 415, 429] })
  async login(@Body() body: unknown, @Req() req: FastifyRequest): Promise<LoginResponse> {
    if (this.config.authMode !== 'local') throw new ProblemException({ status: 404, title: 'Not found', detail: 'local login is disabled: sign in with the identity provider (KHFLOW_AUTH=oidc)' });
    const { username, password } = validated(LOGIN, body);
    const wait = await this.limiter.hit(req.ip, username);
    if (wait > 0) throw new ProblemException({ status: 429, title: 'Too many requests', detail: `too many login attempts; try again in ${wait} s`, retryAfterSeconds: wait });
    const u = await this.users.findForLogin(username);
    // The same answer, after the same work, for an unknown user and a wrong password.
    const ok = await verifyPassword(password, u?.passwordHash ?? (await this.dummyHash));
    if (!u || !u.passwordHash || !ok) throw new ProblemException({ status: 401, title: 'Unauthenticated', detail: 'unknown username or wrong password' });
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signJwt({ sub: u.id, iat: now, exp: now + this.config.jwtTtlSeconds }, this.config.jwtSecret);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: u.id, username: u.username, displayName: u.displayName, unitId: u.unitId, unitName: u.unitName, roles: u.roles },
    };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller: user, unit and roles' })
  @ApiAnswers({ ok: [200, meSchema] })
  async me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    const unitName = await this.users.unitName(user.unitId);
    return { id: user.id, username: user.username, displayName: user.displayName, unitId: user.unitId, unitName: unitName ?? user.unitId, roles: user.roles };
  }
}

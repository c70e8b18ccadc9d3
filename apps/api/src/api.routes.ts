// The controllers and providers of the API's feature areas, in one list so main.ts and tests build the same app.
import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@khflow/config';
import { APP_CONFIG, DATA_SOURCE } from './api.tokens';
import { OidcTokenVerifier } from './auth/oidc-token-verifier';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsService } from './assignments/assignments.service';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { LoginRateLimiter } from './auth/login-rate-limiter';
import { LocalTokenVerifier, TOKEN_VERIFIER } from './auth/token-verifier';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { DashboardController } from './dashboard/dashboard.controller';
import { DirectoryService } from './directory/directory.service';
import { DirectoryAdminService } from './directory/directory-admin.service';
import { DirectoryFileController } from './directory/directory-file.controller';
import { ReorganisationsController } from './directory/reorganisations.controller';
import { ReorganisationService } from './directory/reorganisation.service';
import { DelegationsController } from './directory/delegations.controller';
import { SessionController } from './directory/session.controller';
import { TokenRevocations } from './directory/token-revocation';
import { DelegationResolver } from './directory/delegation-resolver';
import { UnitsController } from './directory/units.controller';
import { UsersController } from './directory/users.controller';
import { InboxController } from './inbox/inbox.controller';
import { PlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import { REPORT_CONTROLLERS, REPORT_PROVIDERS } from './reports/reports.routes';

export const API_CONTROLLERS: Type[] = [AuthController, SessionController, UnitsController, UsersController, DirectoryFileController, ReorganisationsController, DelegationsController, PlansController, AssignmentsController, InboxController, AuditController, DashboardController, ...REPORT_CONTROLLERS];

export const API_PROVIDERS: Provider[] = [
  DirectoryService,
  DirectoryAdminService,
  ReorganisationService,
  TokenRevocations,
  DelegationResolver,
  PlansService,
  AssignmentsService,
  ...REPORT_PROVIDERS,
  LoginRateLimiter,
  {
    provide: TOKEN_VERIFIER,
    inject: [APP_CONFIG, DATA_SOURCE],
    useFactory: (config: AppConfig, db: DataSource) => (config.authMode === 'oidc' ? new OidcTokenVerifier(config, db) : new LocalTokenVerifier(config, db)),
  },
  { provide: APP_GUARD, useClass: AuthGuard },
  { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
];

import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../api.tokens';
import { DatabaseHealthRepository } from '@khflow/persistence';
import { Public } from '../auth/auth.decorators';
import { RETRY_AFTER_SECONDS } from '../common/dependency-errors';
import { ProblemException } from '../common/problem-details.filter';
import { ApiAnswers } from '../common/openapi.util';
import { liveSchema, readySchema } from '../common/response.schemas';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiAnswers({ ok: [200, liveSchema], public: true })
  live() {
    return { status: 'live' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'PostgreSQL and Temporal both answer (503 otherwise, naming the one that does not)' })
  @ApiAnswers({ ok: [200, readySchema], public: true })
  async ready() {
    const checks = await Promise.all([
      this.check('postgres', () => new DatabaseHealthRepository(this.db).ping()),
      this.check('temporal', () => this.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const state = Object.fromEntries(checks.map((c) => [c.name, c.ok ? 'up' : `down: ${c.error}`]));
    const failing = checks.filter((c) => !c.ok).map((c) => c.name);
    // 503 problem details naming the failing checks, with Retry-After (the filter adds it from retryAfterSeconds).
    if (failing.length) throw new ProblemException({ status: 503, title: 'Not ready', detail: `not ready: ${failing.join(', ')} down`, failing, checks: state, retryAfterSeconds: RETRY_AFTER_SECONDS });
    return { status: 'ready' as const, checks: state };
  }

  private async check(name: string, fn: () => Promise<unknown>): Promise<{ name: string; ok: boolean; error?: string }> {
    try {
      await withTimeout(fn(), 3000);
      return { name, ok: true };
    } catch (err) {
      return { name, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

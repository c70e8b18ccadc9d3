// Prometheus metrics at GET /metrics (prom-client): HTTP latency by route and status, the process's own metrics,
// and business figures read from the read model at scrape time (assignments by state, overdue, reminders sent).
// Self-contained (its own small pool) so that the API module only imports it.
import { Controller, type DynamicModule, Get, Header, Inject, Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BusinessMetricsRepository } from '@khflow/persistence';
import { Public } from '../auth/auth.decorators';

const METRICS_POOL = Symbol('METRICS_POOL');

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'khflow_api_' });

const httpDuration = new Histogram({
  name: 'khflow_http_request_duration_seconds',
  help: 'HTTP request latency by route template, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const scrapeErrors = new Counter({ name: 'khflow_metrics_scrape_errors_total', help: 'Scrapes whose business queries failed', registers: [registry] });

// Business figures, module-level like the others: one registration per process (tests run several APIs in one).
const assignments = new Gauge({ name: 'khflow_assignments', help: 'Assignments by state', labelNames: ['state'] as const, registers: [registry] });
const overdue = new Gauge({ name: 'khflow_assignments_overdue', help: 'Open assignments past their due time', registers: [registry] });
const notifications = new Gauge({ name: 'khflow_notifications', help: 'Notifications recorded, by kind (reminders, escalations, …)', labelNames: ['kind'] as const, registers: [registry] });

/** Times every request in Fastify's onResponse hook, with the final status (problem details included). */
@Injectable()
class HttpMetricsHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as
      | { addHook(name: 'onResponse', fn: (req: { method: string; routeOptions?: { url?: string } }, reply: { statusCode: number; elapsedTime: number }) => Promise<void>): void }
      | undefined;
    fastify?.addHook('onResponse', async (req, reply) => {
      httpDuration.observe({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }
}

@ApiExcludeController()
@Public()
@Controller('metrics')
class MetricsController implements OnModuleDestroy {
  constructor(@Inject(METRICS_POOL) private readonly pool: Pool) {}

  @Get()
  @Header('content-type', registry.contentType)
  async scrape(): Promise<string> {
    try {
      const c = await new BusinessMetricsRepository(this.pool).counts();
      assignments.reset();
      for (const r of c.byState) assignments.set({ state: r.state }, r.n);
      overdue.set(c.overdue);
      notifications.reset();
      for (const r of c.notificationsByKind) notifications.set({ kind: r.kind }, r.n);
    } catch {
      scrapeErrors.inc(); // the process metrics are still worth serving while PostgreSQL is down
    }
    return registry.metrics();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

@Module({})
export class MetricsModule {
  static forDatabase(databaseUrl: string): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_POOL, useFactory: () => new Pool({ connectionString: databaseUrl, max: 1, statement_timeout: 5000, connectionTimeoutMillis: 3000 }).on('error', () => undefined) },
        HttpMetricsHook,
      ],
    };
  }
}

// Prometheus metrics of the khflow worker, served at GET /metrics on KHFLOW_WORKER_METRICS_HOST:PORT: the worker's
// own counters (activities by type and outcome, projections written, reminders recorded, mails sent) and, in the same
// answer, the Temporal SDK's metrics (task slots, poll latencies, sticky cache, …), which the SDK core exports on a
// loopback port of its own that this endpoint reads at scrape time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AssignmentEvent } from '@khflow/contracts';

export const workerRegistry = new Registry();
collectDefaultMetrics({ register: workerRegistry, prefix: 'khflow_worker_' });

const activities = new Counter({ name: 'khflow_worker_activities_total', help: 'Activity executions by type and outcome', labelNames: ['activity', 'outcome'] as const, registers: [workerRegistry] });
const activityDuration = new Histogram({
  name: 'khflow_worker_activity_duration_seconds',
  help: 'Activity execution time by type',
  labelNames: ['activity'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [workerRegistry],
});
const projections = new Counter({ name: 'khflow_worker_projections_written_total', help: 'Assignment events written to the read model (with their audit entries), by action', labelNames: ['action'] as const, registers: [workerRegistry] });
const notifications = new Counter({ name: 'khflow_worker_notifications_written_total', help: 'Notifications written by projections, by kind (reminder, overdue, escalation, …)', labelNames: ['kind'] as const, registers: [workerRegistry] });
const reminders = new Counter({ name: 'khflow_worker_reminders_total', help: 'Deadline reminders recorded (one per reminder event)', registers: [workerRegistry] });
const mails = new Counter({ name: 'khflow_worker_mails_total', help: 'Mail deliveries by outcome (sent, failed, retried)', labelNames: ['outcome'] as const, registers: [workerRegistry] });

/** Mail dispatcher passes report here (apps/worker/src/mail). */
export function countMailPass(r: { sent: number; failed: number; retried: number }): void {
  if (r.sent) mails.inc({ outcome: 'sent' }, r.sent);
  if (r.failed) mails.inc({ outcome: 'failed' }, r.failed);
  if (r.retried) mails.inc({ outcome: 'retried' }, r.retried);
}

/** Counts every activity by type and outcome, and what a successful projection wrote. */
export const activityMetricsInterceptor: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      const type = Context.current().info.activityType;
      const end = activityDuration.startTimer({ activity: type });
      try {
        const result = await next(input);
        activities.inc({ activity: type, outcome: 'completed' });
        if (type === 'recordAssignmentEvent') countProjection(input.args[0] as AssignmentEvent);
        if (type === 'recordAssignmentEvents') {
          const rejected = new Set((result as { rejected: string[] }).rejected);
          for (const e of input.args[0] as AssignmentEvent[]) if (!rejected.has(e.eventKey)) countProjection(e);
        }
        return result;
      } catch (err) {
        activities.inc({ activity: type, outcome: 'failed' });
        throw err;
      } finally {
        end();
      }
    },
  },
});

function countProjection(e: AssignmentEvent | undefined): void {
  if (!e) return;
  projections.inc({ action: e.action });
  for (const n of e.notifications ?? []) notifications.inc({ kind: n.kind });
  if ((e.notifications ?? []).some((n) => n.kind === 'reminder')) reminders.inc();
}

/** A free loopback port for the SDK core's own Prometheus exporter (read by the endpoint below). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Serves /metrics: the worker's registry, then the SDK's metrics from `sdkMetricsUrl` (skipped when it does not answer). */
export async function serveWorkerMetrics(host: string, port: number, sdkMetricsUrl: string | null): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    void (async () => {
      let body = await workerRegistry.metrics();
      if (sdkMetricsUrl) {
        const sdk = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) }).then((r) => (r.ok ? r.text() : ''), () => '');
        body += `\n# Temporal SDK metrics (core exporter)\n${sdk}`;
      }
      res.writeHead(200, { 'content-type': workerRegistry.contentType }).end(body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { url: `http://${host}:${bound}/metrics`, close: () => new Promise((r) => server.close(() => r())) };
}

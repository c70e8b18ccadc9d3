// Settings of the observability features (worker metrics endpoint, OpenTelemetry traces), read and validated like
// libs/config's: a bad value stops start-up with a message naming the variable.
import { ConfigError } from '@khflow/config';

export interface ObservabilityConfig {
  /**
   * Where the worker serves /metrics (its own counters and the Temporal SDK's); port null (unset or "off") = no
   * endpoint, so that several workers on one machine (tests, npm start) never compete for a port. npm run
   * start:cluster and docker-compose.yml set it for every worker.
   */
  workerMetricsHost: string;
  workerMetricsPort: number | null;
  /**
   * Where spans go (OTLP over HTTP): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT
   * + /v1/traces (the OpenTelemetry rule); null = no tracing, and no OpenTelemetry package is even loaded.
   */
  otlpTracesUrl: string | null;
}

type Env = Record<string, string | undefined>;

/** The port npm run start:cluster gives its first worker (the next ones take the following ports) and compose uses. */
export const DEFAULT_WORKER_METRICS_PORT = 9464;

export function loadObservabilityConfig(env: Env = process.env): ObservabilityConfig {
  const rawPort = env.KHFLOW_WORKER_METRICS_PORT?.trim();
  let port: number | null = null;
  if (!rawPort || rawPort === 'off') port = null;
  else if (rawPort) {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) < 1 || Number(rawPort) > 65535) throw new ConfigError('KHFLOW_WORKER_METRICS_PORT', `must be a port (1-65535) or "off", got "${rawPort}"`);
    port = Number(rawPort);
  }
  const host = env.KHFLOW_WORKER_METRICS_HOST?.trim() || '127.0.0.1';
  const tracesVar = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const rawEndpoint = (env[tracesVar] ?? '').trim();
  let otlpTracesUrl: string | null = null;
  if (rawEndpoint) {
    let u: URL;
    try {
      u = new URL(rawEndpoint);
    } catch {
      throw new ConfigError(tracesVar, `must be an http(s) URL, got "${rawEndpoint}"`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(tracesVar, `must be an http(s) URL (OTLP over HTTP), got "${rawEndpoint}"`);
    otlpTracesUrl = tracesVar === 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' ? rawEndpoint : `${rawEndpoint.replace(/\/+$/, '')}/v1/traces`;
  }
  return { workerMetricsHost: host, workerMetricsPort: port, otlpTracesUrl };
}

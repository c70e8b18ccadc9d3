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
  /** OTLP/HTTP endpoint (base URL; traces go to <endpoint>/v1/traces); null = no tracing, nothing loaded. */
  otlpEndpoint: string | null;
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
  const rawEndpoint = (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || '').trim();
  let otlpEndpoint: string | null = null;
  if (rawEndpoint) {
    let u: URL;
    try {
      u = new URL(rawEndpoint);
    } catch {
      throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an http(s) URL, got "${rawEndpoint}"`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `must be an http(s) URL (OTLP over HTTP), got "${rawEndpoint}"`);
    otlpEndpoint = rawEndpoint;
  }
  return { workerMetricsHost: host, workerMetricsPort: port, otlpEndpoint };
}

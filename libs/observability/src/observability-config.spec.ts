import { ConfigError } from '@khflow/config';
import { DEFAULT_WORKER_METRICS_PORT, loadObservabilityConfig } from './observability-config';

describe('loadObservabilityConfig', () => {
  it.each([
    [{}, { workerMetricsHost: '127.0.0.1', workerMetricsPort: null, otlpTracesUrl: null }],
    [{ KHFLOW_WORKER_METRICS_PORT: String(DEFAULT_WORKER_METRICS_PORT) }, { workerMetricsHost: '127.0.0.1', workerMetricsPort: DEFAULT_WORKER_METRICS_PORT, otlpTracesUrl: null }],
    [{ KHFLOW_WORKER_METRICS_PORT: '9100', KHFLOW_WORKER_METRICS_HOST: '0.0.0.0' }, { workerMetricsHost: '0.0.0.0', workerMetricsPort: 9100, otlpTracesUrl: null }],
    [{ KHFLOW_WORKER_METRICS_PORT: 'off' }, { workerMetricsHost: '127.0.0.1', workerMetricsPort: null, otlpTracesUrl: null }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, { workerMetricsHost: '127.0.0.1', workerMetricsPort: null, otlpTracesUrl: 'http://127.0.0.1:4318/v1/traces' }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, { workerMetricsHost: '127.0.0.1', workerMetricsPort: null, otlpTracesUrl: 'http://collector:4318/v1/traces' }],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/traces' }, { workerMetricsHost: '127.0.0.1', workerMetricsPort: null, otlpTracesUrl: 'https://b/traces' }],
  ])('%j', (env, expected) => {
    expect(loadObservabilityConfig(env)).toEqual(expected);
  });

  it.each([
    [{ KHFLOW_WORKER_METRICS_PORT: '0' }, 'KHFLOW_WORKER_METRICS_PORT'],
    [{ KHFLOW_WORKER_METRICS_PORT: '70000' }, 'KHFLOW_WORKER_METRICS_PORT'],
    [{ KHFLOW_WORKER_METRICS_PORT: 'nine' }, 'KHFLOW_WORKER_METRICS_PORT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadObservabilityConfig(env)).toThrow(ConfigError);
    expect(() => loadObservabilityConfig(env)).toThrow(variable);
  });
});

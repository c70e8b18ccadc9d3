import { createRequire } from 'node:module';
import { startTracing, temporalActivityInterceptors, temporalClientInterceptors, tracingEnabled } from './tracing';

describe('tracing without an OTLP endpoint', () => {
  it('starts nothing, loads no OpenTelemetry package and adds no interceptor', () => {
    expect(startTracing('khflow-test', {})).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(temporalClientInterceptors()).toEqual([]);
    expect(temporalActivityInterceptors()).toEqual([]);
    // The packages are loaded through Node's own require (not Jest's registry), so its cache tells.
    const cache = createRequire(__filename).cache;
    expect(Object.keys(cache).filter((k) => /[\\/]@opentelemetry[\\/]sdk-node[\\/]|interceptors-opentelemetry/.test(k))).toEqual([]);
  });

  it('refuses an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => startTracing('khflow-test', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

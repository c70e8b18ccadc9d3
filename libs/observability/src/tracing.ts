// OpenTelemetry traces, only when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). Unset, nothing of OpenTelemetry is loaded: the packages are required here, on
// demand, not imported at the top. Set: the Node SDK exports spans over OTLP/HTTP (JSON) with the http and fastify
// instrumentations (API requests by route), and Temporal's interceptors add client spans (StartWorkflow, updates,
// signals, carried into the workflow's headers) and activity spans in the worker.
import { createRequire } from 'node:module';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { loadObservabilityConfig } from './observability-config';

const load = createRequire(__filename);
let sdk: { shutdown(): Promise<void> } | null = null;

/** Starts tracing for this process when an endpoint is configured; returns whether it runs. Call it before the HTTP stack loads. */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk) return true;
  const { otlpTracesUrl } = loadObservabilityConfig(env);
  if (!otlpTracesUrl) return false;
  const { NodeSDK } = load('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = load('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = load('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { FastifyInstrumentation } = load('@opentelemetry/instrumentation-fastify') as typeof import('@opentelemetry/instrumentation-fastify');
  const node = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || serviceName,
    traceExporter: new OTLPTraceExporter({ url: otlpTracesUrl }),
    // Only what khflow needs: no metrics or logs pipelines (metrics are Prometheus), no auto-loading of every instrumentation.
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') }), new FastifyInstrumentation()],
  });
  node.start();
  sdk = node;
  return true;
}

/** Flushes and stops the exporter (at shutdown); nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const s = sdk;
  sdk = null;
  await s?.shutdown().catch(() => undefined);
}

export function tracingEnabled(): boolean {
  return sdk !== null;
}

/** The Temporal client's interceptors: spans for workflow starts, updates, signals and queries, their context in the headers. */
export function temporalClientInterceptors(): WorkflowClientInterceptor[] {
  if (!sdk) return [];
  const { OpenTelemetryWorkflowClientInterceptor } = load('@temporalio/interceptors-opentelemetry') as typeof import('@temporalio/interceptors-opentelemetry');
  return [new OpenTelemetryWorkflowClientInterceptor()];
}

/** The worker's activity interceptors: a span per activity execution, parented by the context in its headers. */
export function temporalActivityInterceptors(): ActivityInterceptorsFactory[] {
  if (!sdk) return [];
  const { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } = load('@temporalio/interceptors-opentelemetry') as typeof import('@temporalio/interceptors-opentelemetry');
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })];
}

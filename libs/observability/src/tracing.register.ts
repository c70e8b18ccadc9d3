// Preloaded with `node -r …/tracing.register.js` before an entry point (npm run start:cluster, the Docker image), so
// that the http and fastify instrumentations are in place before the API loads them. Does nothing without an OTLP
// endpoint. The service name: OTEL_SERVICE_NAME, else khflow-worker or khflow-api by the entry point.
import { startTracing, stopTracing } from './tracing';

if (startTracing(/worker/.test(process.argv[1] ?? '') ? 'khflow-worker' : 'khflow-api')) {
  // Spans still buffered are sent before the process ends (the entry points exit on SIGTERM/SIGINT themselves).
  process.once('beforeExit', () => void stopTracing());
}

// The production topology in one place: which Temporal services run as which processes, how many khflow workers
// and API replicas, the versions, and each Temporal process's configuration. `npm run start:cluster` (and the chaos
// test) run exactly this as local processes; docker-compose.yml and deploy/temporal/*.yaml are rendered from it
// (`npm run render:compose` rewrites them, test/foundation/docker-compose.test.ts fails when they differ).

export const TEMPORAL_SERVER_VERSION = '1.29.1'; // scripts/bootstrap.mjs builds the same tag (v1.29.1)
export const TEMPORAL_UI_VERSION = '2.42.1';
export const POSTGRES_VERSION = '18';
export const NUM_HISTORY_SHARDS = 8;
export const TEMPORAL_DATABASES = { main: 'temporal', visibility: 'temporal_visibility' } as const;

export type TemporalService = 'frontend' | 'history' | 'matching' | 'worker';

export interface TemporalProcess {
  /** Process (and compose service) name; also the config file's name (`--env <name>`). */
  name: string;
  service: TemporalService;
  /** Further services hosted by the same process (the compact form: one process runs all four). */
  alsoServes?: readonly TemporalService[];
}

/** Each Temporal service its own process; two history processes share the shards (membership through PostgreSQL). */
export const TEMPORAL_PROCESSES: readonly TemporalProcess[] = [
  { name: 'temporal-history-1', service: 'history' },
  { name: 'temporal-history-2', service: 'history' },
  { name: 'temporal-matching', service: 'matching' },
  { name: 'temporal-frontend', service: 'frontend' },
  { name: 'temporal-worker', service: 'worker' },
];

/** The compact form for small installations and tests that are not about the topology: one process, every service. */
export const TEMPORAL_COMPACT_PROCESSES: readonly TemporalProcess[] = [{ name: 'temporal', service: 'frontend', alsoServes: ['history', 'matching', 'worker'] }];

export const KHFLOW_WORKERS = 2;
export const KHFLOW_APIS = 2;
export const khflowWorkerNames = (n = KHFLOW_WORKERS) => Array.from({ length: n }, (_, i) => `worker-${i + 1}`);
export const khflowApiNames = (n = KHFLOW_APIS) => Array.from({ length: n }, (_, i) => `api-${i + 1}`);

/** The ports a Temporal service uses inside a container (compose: one network namespace each). */
export const STANDARD_PORTS: Record<TemporalService, { grpc: number; membership: number; http?: number }> = {
  frontend: { grpc: 7233, membership: 6933, http: 7243 },
  history: { grpc: 7234, membership: 6934 },
  matching: { grpc: 7235, membership: 6935 },
  worker: { grpc: 7239, membership: 6939 },
};
export const METRICS_PORT = 9090;
/** The khflow worker's /metrics port in compose (libs/observability's DEFAULT_WORKER_METRICS_PORT). */
export const WORKER_METRICS_PORT = 9464;

export interface TemporalConfigValues {
  /** The ports of every service: the process's own are the ones it listens on; the others' only name them for membership. */
  services: Record<TemporalService, { grpc: number; membership: number; http?: number }>;
  metricsPort: number;
  /** `localhost`: bind on 127.0.0.1 (local processes); otherwise the address to bind (compose: 0.0.0.0). */
  bind: 'localhost' | string;
  broadcastAddress?: string;
  db: { host: string; port: string | number; user: string; password: string };
  /** Database names (default TEMPORAL_DATABASES). */
  databases?: { main: string; visibility: string };
  frontendAddress: string;
  dynamicConfigFile: string;
}

// Templated values (compose: `{{ env "…" }}`) are single-quoted: the server renders the template before YAML parsing.
const q = (v: string | number) => (String(v).includes('{{') ? `'${v}'` : JSON.stringify(String(v)));

/** The server configuration of one Temporal process (the layout of the server's own development-postgres12.yaml). */
export function temporalConfigYaml(p: TemporalProcess, v: TemporalConfigValues): string {
  const store = (db: string, maxConns: number) => [
    `      sql:`,
    `        pluginName: "postgres12"`,
    `        databaseName: ${q(db)}`,
    `        connectAddr: ${q(`${v.db.host}:${v.db.port}`)}`,
    `        connectProtocol: "tcp"`,
    `        user: ${q(v.db.user)}`,
    `        password: ${q(v.db.password)}`,
    `        maxConns: ${maxConns}`,
    `        maxIdleConns: ${maxConns}`,
    `        maxConnLifetime: "1h"`,
  ];
  // Every service is listed (the membership monitor tracks only the listed ones); this process runs p.service.
  const rpc = (svc: TemporalService) => [
    `  ${svc}:`,
    '    rpc:',
    `      grpcPort: ${v.services[svc].grpc}`,
    `      membershipPort: ${v.services[svc].membership}`,
    ...(v.bind === 'localhost' ? ['      bindOnLocalHost: true'] : [`      bindOnIP: ${q(v.bind)}`]),
    ...(v.services[svc].http ? [`      httpPort: ${v.services[svc].http}`] : []),
  ];
  const templated = [v.db.password, v.db.host, v.broadcastAddress ?? ''].some((s) => s.includes('{{'));
  return [
    ...(templated ? ['# enable-template (values from the environment)'] : []),
    `# ${p.name}: the Temporal ${p.service} service (generated from scripts/cluster-topology.ts)`,
    'log:',
    '  stdout: true',
    '  level: warn',
    'persistence:',
    '  defaultStore: postgres-default',
    '  visibilityStore: postgres-visibility',
    `  numHistoryShards: ${NUM_HISTORY_SHARDS}`,
    '  datastores:',
    '    postgres-default:',
    ...store(v.databases?.main ?? TEMPORAL_DATABASES.main, 20),
    '    postgres-visibility:',
    ...store(v.databases?.visibility ?? TEMPORAL_DATABASES.visibility, 4),
    'global:',
    '  membership:',
    '    maxJoinDuration: 30s',
    ...(v.broadcastAddress ? [`    broadcastAddress: ${q(v.broadcastAddress)}`] : []),
    '  metrics:',
    '    prometheus:',
    '      framework: "tally"',
    '      timerType: "histogram"',
    `      listenAddress: ${q(`${v.bind === 'localhost' ? '127.0.0.1' : v.bind}:${v.metricsPort}`)}`,
    'services:',
    ...(['frontend', 'history', 'matching', 'worker'] as const).flatMap(rpc),
    'clusterMetadata:',
    '  enableGlobalNamespace: false',
    '  failoverVersionIncrement: 10',
    '  masterClusterName: "active"',
    '  currentClusterName: "active"',
    '  clusterInformation:',
    '    active:',
    '      enabled: true',
    '      initialFailoverVersion: 1',
    '      rpcName: "frontend"',
    `      rpcAddress: ${q(v.frontendAddress)}`,
    'dcRedirectionPolicy:',
    '  policy: "noop"',
    'dynamicConfigClient:',
    `  filepath: ${q(v.dynamicConfigFile)}`,
    '  pollInterval: "60s"',
    '',
  ].join('\n');
}

/** Dynamic configuration shared by every Temporal process. */
export const DYNAMIC_CONFIG_YAML = [
  '# Shared by every Temporal process (generated from scripts/cluster-topology.ts).',
  'frontend.enableUpdateWorkflowExecution:',
  '  - value: true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted:',
  '  - value: true',
  '',
].join('\n');

/** The steps that create and migrate Temporal's two databases: temporal-sql-tool arguments (after the connection flags). */
export function schemaSteps(schemaDir: string, databases: { main: string; visibility: string } = TEMPORAL_DATABASES): { database: string; args: string[] }[] {
  return [
    { database: databases.main, args: ['setup-schema', '-v', '0.0'] },
    { database: databases.main, args: ['update-schema', '-d', `${schemaDir}/temporal/versioned`] },
    { database: databases.visibility, args: ['setup-schema', '-v', '0.0'] },
    { database: databases.visibility, args: ['update-schema', '-d', `${schemaDir}/visibility/versioned`] },
  ];
}

/** The Temporal server's command line for one process, with its config in `configDir` under `root`. */
export function temporalServerArgs(p: TemporalProcess, root: string, configDir: string): string[] {
  return ['--root', root, '--config', configDir, '--env', p.name, '--allow-no-auth', 'start', ...[p.service, ...(p.alsoServes ?? [])].flatMap((s) => ['--service', s])];
}

/** docker-compose.yml: the same processes, versions and settings as `npm run start:cluster`. */
export function renderCompose(): string {
  const L: string[] = [];
  const push = (...lines: string[]) => L.push(...lines);
  push(
    '# Production topology, generated from scripts/cluster-topology.ts by `npm run render:compose` (do not edit):',
    '# PostgreSQL; Temporal on it with each service its own process (two history processes); the Temporal UI;',
    '# a migration job; two khflow workers and two API replicas (one image from ./Dockerfile, compiled JavaScript).',
    '# `npm run start:cluster` runs the same topology as local processes and the chaos test breaks it on purpose.',
    '# Set POSTGRES_PASSWORD and JWT_SECRET in the environment or an .env file before `docker compose up`.',
    'name: khflow',
    '',
    'x-khflow-env: &khflow-env',
    '  DATABASE_URL: postgresql://khflow:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@postgres:5432/khflow',
    '  TEMPORAL_ADDRESS: temporal-frontend:7233',
    '  TEMPORAL_NAMESPACE: default',
    '  TEMPORAL_TASK_QUEUE: khflow',
    '  KHFLOW_TEMPORAL_DEV_SERVER: "false"',
    '  TEMPORAL_UI_URL: ${TEMPORAL_UI_URL:-http://localhost:8080}',
    '  JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET (at least 32 characters)}',
    '  LOG_LEVEL: ${LOG_LEVEL:-info}',
    '',
    'x-temporal: &temporal',
    `  image: temporalio/server:${TEMPORAL_SERVER_VERSION}`,
    // The broadcast address (for membership) is the container's own; the image's entrypoint is bypassed.
    `  entrypoint: ${JSON.stringify(['sh', '-c', 'export TEMPORAL_BROADCAST_ADDRESS=$$(hostname -i); exec temporal-server "$$@"', 'temporal-server'])}`,
    '  environment:',
    '    POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}',
    '  volumes:',
    '    - ./deploy/temporal:/etc/temporal/khflow:ro',
    '  depends_on:',
    '    temporal-schema:',
    '      condition: service_completed_successfully',
    '  restart: unless-stopped',
    '',
    'services:',
    '  postgres:',
    `    image: postgres:${POSTGRES_VERSION}`,
    '    environment:',
    '      POSTGRES_USER: khflow',
    '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}',
    '      POSTGRES_DB: khflow',
    '    volumes:',
    '      - pgdata:/var/lib/postgresql',
    '    healthcheck:',
    '      test: ["CMD-SHELL", "pg_isready -U khflow -d khflow"]',
    '      interval: 5s',
    '      timeout: 5s',
    '      retries: 20',
    '    restart: unless-stopped',
    '',
    '  temporal-schema:',
    '    # Creates and migrates Temporal\'s databases with the same steps as npm run start:cluster.',
    `    image: temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`,
    '    environment:',
    '      SQL_PLUGIN: postgres12',
    '      SQL_HOST: postgres',
    '      SQL_PORT: 5432',
    '      SQL_USER: khflow',
    '      SQL_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}',
    '    entrypoint: ["sh", "-ec"]',
    '    command:',
    '      - |',
    ...[TEMPORAL_DATABASES.main, TEMPORAL_DATABASES.visibility].map((db) => `        temporal-sql-tool --db ${db} create-database || true`),
    ...schemaSteps('/etc/temporal/schema/postgresql/v12').map((s) => `        temporal-sql-tool --db ${s.database} ${s.args.join(' ')}${s.args[0] === 'setup-schema' ? ' || true' : ''}`),
    '    depends_on:',
    '      postgres:',
    '        condition: service_healthy',
    '    restart: "no"',
    '',
  );
  for (const p of TEMPORAL_PROCESSES) {
    push(`  ${p.name}:`, '    <<: *temporal', `    command: ${JSON.stringify(temporalServerArgs(p, '/etc/temporal', 'khflow'))}`);
    if (p.service === 'frontend') {
      push(
        '    healthcheck:',
        `      test: ["CMD", "temporal", "operator", "cluster", "health", "--address", "temporal-frontend:${STANDARD_PORTS.frontend.grpc}"]`,
        '      interval: 10s',
        '      timeout: 5s',
        '      retries: 30',
      );
    }
    push('');
  }
  push(
    '  temporal-namespace:',
    `    image: temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`,
    '    entrypoint: ["sh", "-c"]',
    '    command: ["temporal operator namespace describe --address temporal-frontend:7233 -n default || temporal operator namespace create --address temporal-frontend:7233 -n default --retention 720h"]',
    '    depends_on:',
    '      temporal-frontend:',
    '        condition: service_healthy',
    '    restart: on-failure',
    '',
    '  temporal-ui:',
    `    image: temporalio/ui:${TEMPORAL_UI_VERSION}`,
    '    depends_on:',
    '      - temporal-frontend',
    '    environment:',
    '      TEMPORAL_ADDRESS: temporal-frontend:7233',
    '      TEMPORAL_CORS_ORIGINS: http://localhost:3000',
    '    # Not published: the Temporal UI has no login and shows every workflow\'s inputs. Operators reach it through an',
    '    # SSH tunnel or an authenticating proxy of their own (e.g. `docker compose exec` / port-forward on demand).',
    '    expose:',
    '      - "8080"',
    '    restart: unless-stopped',
    '',
    '  migrate:',
    '    build: .',
    '    command: ["dist/scripts/migrate.js"]',
    '    environment: *khflow-env',
    '    depends_on:',
    '      postgres:',
    '        condition: service_healthy',
    '    restart: "no"',
    '',
  );
  const khflowDeps = [
    '    depends_on:',
    '      migrate:',
    '        condition: service_completed_successfully',
    '      temporal-namespace:',
    '        condition: service_completed_successfully',
  ];
  // Each worker serves Prometheus metrics (its counters and the Temporal SDK's) on the stack's network.
  for (const name of khflowWorkerNames()) {
    push(`  ${name}:`, '    build: .', '    command: ["dist/apps/worker/src/main.js"]', '    environment:', '      <<: *khflow-env', `      KHFLOW_WORKER_METRICS_HOST: 0.0.0.0`, `      KHFLOW_WORKER_METRICS_PORT: "${WORKER_METRICS_PORT}"`, '    expose:', `      - "${WORKER_METRICS_PORT}"`, ...khflowDeps, '    restart: unless-stopped', '');
  }
  khflowApiNames().forEach((name, i) =>
    push(
      `  ${name}:`,
      '    build: .',
      '    command: ["dist/apps/api/src/main.js"]',
      '    environment:',
      '      <<: *khflow-env',
      '      API_HOST: 0.0.0.0',
      '      API_PORT: 3000',
      '    ports:',
      `      - "${3000 + i}:3000"`,
      ...khflowDeps,
      '    healthcheck:',
      '      test: ["CMD", "node", "-e", "fetch(\'http://127.0.0.1:3000/health/ready\').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]',
      '      interval: 10s',
      '      timeout: 5s',
      '      retries: 10',
      '    restart: unless-stopped',
      '',
    ),
  );
  push('volumes:', '  pgdata:', '');
  return L.join('\n');
}

/** deploy/temporal/<process>.yaml for compose: the same configuration, values from the container's environment. */
export function renderComposeTemporalConfigs(): Record<string, string> {
  const files: Record<string, string> = { 'dynamicconfig.yaml': DYNAMIC_CONFIG_YAML };
  for (const p of TEMPORAL_PROCESSES) {
    files[`${p.name}.yaml`] = temporalConfigYaml(p, {
      services: STANDARD_PORTS,
      metricsPort: METRICS_PORT,
      bind: '0.0.0.0',
      broadcastAddress: '{{ env "TEMPORAL_BROADCAST_ADDRESS" }}',
      db: { host: 'postgres', port: 5432, user: 'khflow', password: '{{ env "POSTGRES_PASSWORD" }}' },
      frontendAddress: `temporal-frontend:${STANDARD_PORTS.frontend.grpc}`,
      dynamicConfigFile: '/etc/temporal/khflow/dynamicconfig.yaml',
    });
  }
  return files;
}

// No container engine runs here, so the production topology is checked by reading it. docker-compose.yml and
// deploy/temporal/*.yaml must be exactly what scripts/cluster-topology.ts renders (the source `npm run start:cluster`
// and the chaos test run), the khflow services run compiled entry points of the image with a configuration that
// validates, what they depend on is started (and healthy) first, and the Dockerfile runs plain node on dist/.
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '@khflow/config';
import {
  KHFLOW_APIS,
  KHFLOW_WORKERS,
  TEMPORAL_PROCESSES,
  TEMPORAL_SERVER_VERSION,
  renderCompose,
  renderComposeTemporalConfigs,
} from '../../scripts/cluster-topology';

const ROOT = path.resolve(__dirname, '../..');

interface Service {
  image?: string;
  build?: string;
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
  expose?: string[];
}

const composeText = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = load(composeText) as { services: Record<string, Service> };
const s = compose.services;
// What docker compose would substitute, given the two required secrets.
const substitute = (v: string) =>
  v.replace(/\$\{(\w+)(?::\?[^}]*|:-([^}]*))?\}/g, (_, name: string, dflt?: string) => ({ POSTGRES_PASSWORD: 'pw', JWT_SECRET: 'x'.repeat(40) })[name as 'JWT_SECRET'] ?? dflt ?? '');

describe('docker-compose.yml', () => {
  it('is what the cluster topology renders (run `npm run render:compose` after changing scripts/cluster-topology.ts)', () => {
    expect(composeText).toBe(renderCompose());
    for (const [name, text] of Object.entries(renderComposeTemporalConfigs())) {
      expect(fs.readFileSync(path.join(ROOT, 'deploy/temporal', name), 'utf8')).toBe(text);
    }
  });

  it('runs every Temporal service as its own process (two history processes) on PostgreSQL, with the version the cluster builds', () => {
    const names = TEMPORAL_PROCESSES.map((p) => p.name);
    expect(TEMPORAL_PROCESSES.filter((p) => p.service === 'history')).toHaveLength(2);
    expect(new Set(TEMPORAL_PROCESSES.map((p) => p.service))).toEqual(new Set(['frontend', 'history', 'matching', 'worker']));
    const khflow = [...Array.from({ length: KHFLOW_WORKERS }, (_, i) => `worker-${i + 1}`), ...Array.from({ length: KHFLOW_APIS }, (_, i) => `api-${i + 1}`)];
    expect(Object.keys(s).sort()).toEqual(['postgres', 'temporal-schema', 'temporal-namespace', 'temporal-ui', 'migrate', ...names, ...khflow].sort());
    // The server the bootstrap builds for start:cluster is the image compose deploys.
    const bootstrap = fs.readFileSync(path.join(ROOT, 'scripts/bootstrap.mjs'), 'utf8');
    expect(bootstrap).toContain(`TEMPORAL_SERVER_VERSION = 'v${TEMPORAL_SERVER_VERSION}'`);
    for (const p of TEMPORAL_PROCESSES) {
      expect(s[p.name].image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
      expect(s[p.name].command).toEqual(['--root', '/etc/temporal', '--config', 'khflow', '--env', p.name, '--allow-no-auth', 'start', '--service', p.service]);
      expect(s[p.name].depends_on).toMatchObject({ 'temporal-schema': { condition: 'service_completed_successfully' } });
      // Its configuration, rendered as the server renders templates, lists every service and uses PostgreSQL.
      const raw = fs.readFileSync(path.join(ROOT, 'deploy/temporal', `${p.name}.yaml`), 'utf8');
      expect(raw).toMatch(/^# enable-template/);
      const cfg = load(raw.replace(/\{\{ env "(\w+)" \}\}/g, (_, n: string) => `value-of-${n}`)) as {
        persistence: { datastores: Record<string, { sql: { pluginName: string; connectAddr: string; password: string; databaseName: string } }> };
        services: Record<string, { rpc: { grpcPort: number; membershipPort: number } }>;
      };
      expect(Object.keys(cfg.services).sort()).toEqual(['frontend', 'history', 'matching', 'worker']);
      expect(Object.values(cfg.persistence.datastores).map((d) => [d.sql.pluginName, d.sql.connectAddr, d.sql.databaseName, d.sql.password])).toEqual([
        ['postgres12', 'postgres:5432', 'temporal', 'value-of-POSTGRES_PASSWORD'],
        ['postgres12', 'postgres:5432', 'temporal_visibility', 'value-of-POSTGRES_PASSWORD'],
      ]);
    }
    expect(String((s['temporal-schema'].command as string[])[0])).toContain('update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned');
    // The Temporal UI has no login: not published at all, only reachable inside the stack's network.
    expect(s['temporal-ui'].ports).toBeUndefined();
    expect(s['temporal-ui'].expose).toEqual(['8080']);
  });

  it.each([
    ...Array.from({ length: KHFLOW_APIS }, (_, i) => [`api-${i + 1}`, 'dist/apps/api/src/main.js', 'apps/api/src/main.ts']),
    ...Array.from({ length: KHFLOW_WORKERS }, (_, i) => [`worker-${i + 1}`, 'dist/apps/worker/src/main.js', 'apps/worker/src/main.ts']),
    ['migrate', 'dist/scripts/migrate.js', 'scripts/migrate.ts'],
  ])('builds %s from the Dockerfile and runs the compiled %s, with a configuration that validates', (name, entry, source) => {
    expect(s[name].build).toBe('.');
    expect(s[name].command).toEqual([entry]);
    expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
    const env = Object.fromEntries(Object.entries(s[name].environment ?? {}).map(([k, v]) => [k, substitute(String(v))]));
    const config = loadConfig(env);
    expect(config.databaseUrl).toBe('postgresql://khflow:pw@postgres:5432/khflow');
    expect(config.temporalAddress).toBe('temporal-frontend:7233');
    expect(config.startTemporalDevServer).toBe(false);
  });

  it('starts the workers and APIs after the migrations and the namespace, the namespace after a healthy frontend', () => {
    for (const name of Object.keys(s).filter((n) => /^(api|worker)-\d+$/.test(n))) {
      expect(s[name].depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' }, 'temporal-namespace': { condition: 'service_completed_successfully' } });
    }
    expect(s['temporal-namespace'].depends_on).toMatchObject({ 'temporal-frontend': { condition: 'service_healthy' } });
    expect(s.migrate.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(s['api-1'].environment).toMatchObject({ API_HOST: '0.0.0.0' });
  });

  it('has a Dockerfile that builds dist/ and runs compiled JavaScript with plain node (no ts-node)', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('RUN node scripts/bootstrap.mjs build');
    // Plain node with two preloads: the @khflow/* aliases, and tracing (inert without an OTLP endpoint).
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "-r", "tsconfig-paths\/register", "-r", "\.\/dist\/libs\/observability\/src\/tracing\.register\.js"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["dist\/apps\/api\/src\/main\.js"\]$/m);
    expect(dockerfile).toContain('KHFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js');
    expect(dockerfile).not.toMatch(/ENTRYPOINT.*ts-node/);
    for (const copied of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const p of copied[1].split(/\s+/)) expect(fs.existsSync(path.join(ROOT, p))).toBe(true);
    }
  });
});

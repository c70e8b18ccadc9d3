// No container engine runs here, so the production topology is checked by reading it: the services exist, the
// khflow services run the right entry points from the repository's Dockerfile with a complete configuration, and
// what they depend on is started (and healthy) first.
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '@khflow/config';

const ROOT = path.resolve(__dirname, '../..');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
}

const compose = load(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const s = compose.services;
// What docker compose would substitute, given the two required secrets.
const substitute = (v: string) =>
  v.replace(/\$\{(\w+)(?::\?[^}]*|:-([^}]*))?\}/g, (_, name: string, dflt?: string) => ({ POSTGRES_PASSWORD: 'pw', JWT_SECRET: 'x'.repeat(40) })[name as 'JWT_SECRET'] ?? dflt ?? '');

describe('docker-compose.yml', () => {
  it('describes PostgreSQL, Temporal on it, the Temporal UI, a migration job, the api and the worker', () => {
    expect(Object.keys(s).sort()).toEqual(['api', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    expect(s.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(s['temporal-ui'].environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
  });

  it.each([
    ['api', 'apps/api/src/main.ts'],
    ['worker', 'apps/worker/src/main.ts'],
    ['migrate', 'scripts/migrate.ts'],
  ])('builds %s from the Dockerfile and runs %s, with a configuration that validates', (name, entry) => {
    expect(s[name].build).toBe('.');
    expect(s[name].command).toEqual([entry]);
    expect(fs.existsSync(path.join(ROOT, entry))).toBe(true);
    const env = Object.fromEntries(Object.entries(s[name].environment ?? {}).map(([k, v]) => [k, substitute(String(v))]));
    const config = loadConfig(env);
    expect(config.databaseUrl).toBe('postgresql://khflow:pw@postgres:5432/khflow');
    expect(config.temporalAddress).toBe('temporal:7233');
  });

  it('starts the api and the worker after the migrations and a healthy Temporal', () => {
    for (const name of ['api', 'worker']) {
      expect(s[name].depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' }, temporal: { condition: 'service_healthy' } });
    }
    expect(s.migrate.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(s.api.environment).toMatchObject({ API_HOST: '0.0.0.0' });
  });

  it('has a Dockerfile whose entry point runs the TypeScript entries and ships the prebuilt workflow bundle', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "-r", "ts-node\/register\/transpile-only", "-r", "tsconfig-paths\/register"\]/);
    expect(dockerfile).toContain('scripts/build-workflow-bundle.ts dist/workflow-bundle.js');
    expect(dockerfile).toContain('KHFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js');
    for (const copied of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const p of copied[1].split(/\s+/)) expect(fs.existsSync(path.join(ROOT, p))).toBe(true);
    }
  });
});

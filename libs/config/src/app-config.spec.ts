import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, isLoopbackHost, loadConfig, SETTINGS, temporalUiLink } from './app-config';

describe('the demo setup exposed', () => {
  it.each([
    ['loopback, development', {}, null],
    ['NODE_ENV=production', { NODE_ENV: 'production' }, 'JWT_SECRET'],
    ['listening on every interface', { API_HOST: '0.0.0.0' }, 'JWT_SECRET'],
    ['production with a secret of its own', { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) }, null],
    ['production, demo said on purpose', { NODE_ENV: 'production', KHFLOW_DEMO: 'true' }, null],
    ['another loopback address', { API_HOST: '127.0.0.2' }, null],
  ])('%s', (_name, env, variable) => {
    let error: ConfigError | null = null;
    try {
      loadConfig(env);
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.variable ?? null).toBe(variable);
  });

  it.each([
    ['127.0.0.1', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['10.0.0.5', false],
  ])('isLoopbackHost(%s)', (host, loopback) => expect(isLoopbackHost(host)).toBe(loopback));

  it('reads trusted proxies and refuses a malformed one', () => {
    expect(loadConfig({ KHFLOW_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16' }).trustedProxies).toEqual(['10.0.0.1', '192.168.0.0/16']);
    expect(() => loadConfig({ KHFLOW_TRUSTED_PROXIES: 'everyone' })).toThrow(/KHFLOW_TRUSTED_PROXIES/);
  });
});

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: null, apiPort: 3000, temporalAddress: '127.0.0.1:7233', reminderOffsetsDays: [7, 3, 1], startTemporalDevServer: true });
  });

  it.each([
    [{ API_PORT: '8080' }, { apiPort: 8080 }],
    [{ API_PORT: '' }, { apiPort: 3000 }],
    [{ DATABASE_URL: 'postgres://u:p@db:5432/khflow' }, { databaseUrl: 'postgres://u:p@db:5432/khflow' }],
    [{ KHFLOW_REMINDER_DAYS: '1, 14,3' }, { reminderOffsetsDays: [14, 3, 1] }],
    [{ KHFLOW_TEMPORAL_DEV_SERVER: 'false' }, { startTemporalDevServer: false }],
    [{ TEMPORAL_ADDRESS: 'temporal:7233' }, { temporalAddress: 'temporal:7233' }],
    [{ LOG_LEVEL: 'debug' }, { logLevel: 'debug' }],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    ['API_PORT', 'eighty', /API_PORT: expected a whole number/],
    ['API_PORT', '70000', /API_PORT: must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a postgres: or postgresql: URL/],
    ['TEMPORAL_ADDRESS', 'localhost', /TEMPORAL_ADDRESS: expected host:port/],
    ['JWT_SECRET', 'short', /JWT_SECRET: must be at least 32 characters/],
    ['KHFLOW_REMINDER_DAYS', '7,three', /KHFLOW_REMINDER_DAYS: expected comma-separated whole numbers/],
    ['KHFLOW_TEMPORAL_DEV_SERVER', 'maybe', /KHFLOW_TEMPORAL_DEV_SERVER: expected true or false/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL: expected one of debug, info, warn, error/],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
  });

  it('documents every setting in the README config table', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const missing = Object.values(SETTINGS).filter((s) => !readme.includes(`| \`${s.env}\` |`)).map((s) => s.env);
    expect(missing).toEqual([]);
  });
});

describe('loadConfig for OpenID Connect', () => {
  it.each([
    [{ KHFLOW_AUTH: 'oidc', OIDC_AUDIENCE: 'khflow' }, 'OIDC_ISSUER'],
    [{ KHFLOW_AUTH: 'oidc', OIDC_ISSUER: 'https://id.example.gov.vn' }, 'OIDC_AUDIENCE'],
    [{ KHFLOW_AUTH: 'ldap' }, 'KHFLOW_AUTH'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ variable }));
  });

  it('reads a complete OIDC setting', () => {
    expect(loadConfig({ KHFLOW_AUTH: 'oidc', OIDC_ISSUER: 'https://id.example.gov.vn', OIDC_AUDIENCE: 'khflow' })).toMatchObject({ authMode: 'oidc', oidcIssuer: 'https://id.example.gov.vn', oidcAudience: 'khflow', oidcUsernameClaim: 'preferred_username' });
  });
});

describe('temporalUiLink', () => {
  it.each([
    ['plan:1234', 'default', 'http://127.0.0.1:8233/namespaces/default/workflows/plan%3A1234'],
    ['asg:p:t:once:hp-sgddt', 'khflow prod', 'http://127.0.0.1:8233/namespaces/khflow%20prod/workflows/asg%3Ap%3At%3Aonce%3Ahp-sgddt'],
  ])('links %s in namespace %s', (workflowId, namespace, expected) => {
    expect(temporalUiLink({ temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: namespace }, workflowId)).toBe(expected);
  });
});

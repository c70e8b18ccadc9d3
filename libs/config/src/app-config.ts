// One validated configuration for every process. Each setting is an environment variable with a default that
// runs the embedded system; a bad value stops start-up with a message naming the variable.

export interface AppConfig {
  /** PostgreSQL URL; null = start the embedded PostgreSQL in dataDir. */
  databaseUrl: string | null;
  embeddedPgPort: number;
  dataDir: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalTaskQueue: string;
  /** Port of the Temporal dev server's Web UI when khflow starts the server itself. */
  temporalUiPort: number;
  /** Whether `npm start` runs a Temporal dev server at temporalAddress (false: use the server already there). */
  startTemporalDevServer: boolean;
  temporalUiUrl: string;
  apiHost: string;
  apiPort: number;
  jwtSecret: string;
  /** 'local': khflow signs its own tokens at /auth/login; 'oidc': tokens of an external OpenID Connect issuer. */
  authMode: 'local' | 'oidc';
  oidcIssuer: string | null;
  oidcAudience: string | null;
  oidcJwksUrl: string | null;
  oidcUsernameClaim: string;
  jwtTtlSeconds: number;
  reminderOffsetsDays: number[];
  escalateSupervisorAfterHours: number;
  escalateNextLevelAfterHours: number;
  maxUploadBytes: number;
  allowedUploadTypes: string[];
  loginRateLimitPerMinute: number;
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed; empty = believe nobody. */
  trustedProxies: string[];
  /** Explicitly allows the demo setup (default secret, demo users and password) beyond loopback or in production. */
  demoMode: boolean;
  /** NODE_ENV as given ('production' forbids the demo setup unless demoMode). */
  nodeEnv: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Workflows the worker keeps in memory; null = the SDK's default (sized from the machine's memory). */
  workerMaxCachedWorkflows: number | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

interface Setting<T> {
  env: string;
  default: T;
  doc: string;
  parse: (raw: string, name: string) => T;
}

const int = (min: number, max: number) => (raw: string, name: string) => {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
};
const str = (raw: string, name: string) => {
  if (!raw.trim()) throw new ConfigError(name, 'must not be empty');
  return raw.trim();
};
const url = (protocols: string[]) => (raw: string, name: string) => {
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) throw new Error();
    return raw;
  } catch {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${raw}"`);
  }
};
const hostPort = (raw: string, name: string) => {
  if (!/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(raw.trim())) throw new ConfigError(name, `expected host:port, got "${raw}"`);
  return raw.trim();
};
const intList = (raw: string, name: string) => {
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.every((p) => /^\d+$/.test(p))) throw new ConfigError(name, `expected comma-separated whole numbers, got "${raw}"`);
  return parts.map(Number).sort((a, b) => b - a);
};
const bool = (raw: string, name: string) => {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
};
const proxyList = (raw: string, name: string) => {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(i)) throw new ConfigError(name, `expected addresses or CIDR ranges, got "${i}"`);
  return items;
};
const list = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string, name: string): T => {
    if (!values.includes(raw as T)) throw new ConfigError(name, `expected one of ${values.join(', ')}, got "${raw}"`);
    return raw as T;
  };

/** The documented settings table (the README's config table is generated from the same list). */
/** The JWT secret used when JWT_SECRET is unset: public (it is in the source), so for local development only. */
export const DEFAULT_JWT_SECRET = 'khflow-dev-secret-change-me-in-production';

export const SETTINGS = {
  databaseUrl: { env: 'DATABASE_URL', default: null, doc: 'PostgreSQL URL; unset = embedded PostgreSQL in KHFLOW_DATA_DIR', parse: url(['postgres:', 'postgresql:']) } as Setting<string | null>,
  embeddedPgPort: { env: 'KHFLOW_PG_PORT', default: 54329, doc: 'port of the embedded PostgreSQL', parse: int(1, 65535) } as Setting<number>,
  dataDir: { env: 'KHFLOW_DATA_DIR', default: '.data', doc: 'folder for embedded PostgreSQL, Temporal dev server database and attachments', parse: str } as Setting<string>,
  temporalAddress: { env: 'TEMPORAL_ADDRESS', default: '127.0.0.1:7233', doc: 'Temporal frontend host:port', parse: hostPort } as Setting<string>,
  temporalNamespace: { env: 'TEMPORAL_NAMESPACE', default: 'default', doc: 'Temporal namespace', parse: str } as Setting<string>,
  temporalTaskQueue: { env: 'TEMPORAL_TASK_QUEUE', default: 'khflow', doc: 'task queue of the khflow worker', parse: str } as Setting<string>,
  temporalUiPort: { env: 'TEMPORAL_UI_PORT', default: 8233, doc: 'Web UI port of the dev server started by npm start', parse: int(1, 65535) } as Setting<number>,
  startTemporalDevServer: { env: 'KHFLOW_TEMPORAL_DEV_SERVER', default: true, doc: 'npm start runs a Temporal dev server at TEMPORAL_ADDRESS; false = use the server already there', parse: bool } as Setting<boolean>,
  temporalUiUrl: { env: 'TEMPORAL_UI_URL', default: 'http://127.0.0.1:8233', doc: 'Temporal Web UI base URL, for history links', parse: url(['http:', 'https:']) } as Setting<string>,
  apiHost: { env: 'API_HOST', default: '127.0.0.1', doc: 'address the API listens on', parse: str } as Setting<string>,
  apiPort: { env: 'API_PORT', default: 3000, doc: 'port the API listens on', parse: int(0, 65535) } as Setting<number>,
  jwtSecret: { env: 'JWT_SECRET', default: DEFAULT_JWT_SECRET, doc: 'HMAC secret for access tokens (at least 32 characters)', parse: (raw, name) => { if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters'); return raw; } } as Setting<string>,
  authMode: { env: 'KHFLOW_AUTH', default: 'local', doc: 'local = khflow issues tokens at /auth/login; oidc = accept tokens of OIDC_ISSUER instead', parse: oneOf(['local', 'oidc'] as const) } as Setting<'local' | 'oidc'>,
  oidcIssuer: { env: 'OIDC_ISSUER', default: null, doc: 'OpenID Connect issuer URL (KHFLOW_AUTH=oidc); its discovery document gives the signing keys', parse: url(['http:', 'https:']) } as Setting<string | null>,
  oidcAudience: { env: 'OIDC_AUDIENCE', default: null, doc: 'audience (client id) the tokens must carry (KHFLOW_AUTH=oidc)', parse: str } as Setting<string | null>,
  oidcJwksUrl: { env: 'OIDC_JWKS_URL', default: null, doc: 'signing keys URL, when the issuer has no discovery document', parse: url(['http:', 'https:']) } as Setting<string | null>,
  oidcUsernameClaim: { env: 'OIDC_USERNAME_CLAIM', default: 'preferred_username', doc: 'token claim holding the directory username', parse: str } as Setting<string>,
  jwtTtlSeconds: { env: 'JWT_TTL_SECONDS', default: 28800, doc: 'access token lifetime in seconds', parse: int(60, 7 * 24 * 3600) } as Setting<number>,
  reminderOffsetsDays: { env: 'KHFLOW_REMINDER_DAYS', default: [7, 3, 1], doc: 'days before a due date at which reminders are sent', parse: intList } as Setting<number[]>,
  escalateSupervisorAfterHours: { env: 'KHFLOW_ESCALATE_SUPERVISOR_HOURS', default: 48, doc: 'hours after the due date before an overdue assignment escalates to the supervisor', parse: int(0, 24 * 365) } as Setting<number>,
  escalateNextLevelAfterHours: { env: 'KHFLOW_ESCALATE_NEXT_LEVEL_HOURS', default: 72, doc: 'further hours before it escalates to the next level', parse: int(0, 24 * 365) } as Setting<number>,
  maxUploadBytes: { env: 'KHFLOW_MAX_UPLOAD_BYTES', default: 20 * 1024 * 1024, doc: 'largest attachment or imported document', parse: int(1, 1024 * 1024 * 1024) } as Setting<number>,
  allowedUploadTypes: { env: 'KHFLOW_UPLOAD_TYPES', default: ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/msword', 'text/plain', 'image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip'], doc: 'accepted attachment content types', parse: list } as Setting<string[]>,
  loginRateLimitPerMinute: { env: 'KHFLOW_LOGIN_RATE_LIMIT', default: 10, doc: 'login attempts per minute per client address and username', parse: int(1, 10000) } as Setting<number>,
  trustedProxies: { env: 'KHFLOW_TRUSTED_PROXIES', default: [], doc: 'comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (unset = the connection address is the client)', parse: proxyList } as Setting<string[]>,
  demoMode: { env: 'KHFLOW_DEMO', default: false, doc: 'true allows the demo setup (default JWT secret, demo users, demo password) when the API listens beyond loopback or NODE_ENV=production', parse: bool } as Setting<boolean>,
  nodeEnv: { env: 'NODE_ENV', default: 'development', doc: 'production forbids the demo setup unless KHFLOW_DEMO=true', parse: str } as Setting<string>,
  workerMaxCachedWorkflows: { env: 'KHFLOW_WORKER_CACHE', default: null, doc: 'workflows the worker keeps in memory (unset = the SDK default, sized from memory); lower it to trade memory for replays', parse: int(1, 1_000_000) } as Setting<number | null>,
  logLevel: { env: 'LOG_LEVEL', default: 'info', doc: 'debug, info, warn or error', parse: oneOf(['debug', 'info', 'warn', 'error'] as const) } as Setting<AppConfig['logLevel']>,
} satisfies { [K in keyof AppConfig]: Setting<AppConfig[K]> };

export function loadConfig(env: Env = process.env): AppConfig {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS) as [keyof AppConfig, Setting<unknown>][]) {
    const raw = env[s.env];
    out[key] = raw === undefined || raw === '' ? s.default : s.parse(raw, s.env);
  }
  const config = out as unknown as AppConfig;
  if (config.authMode === 'oidc' && !config.oidcIssuer) throw new ConfigError('OIDC_ISSUER', 'is required when KHFLOW_AUTH=oidc');
  if (config.authMode === 'oidc' && !config.oidcAudience) throw new ConfigError('OIDC_AUDIENCE', 'is required when KHFLOW_AUTH=oidc');
  const exposed = exposedDemoReason(config);
  if (exposed && config.authMode === 'local' && config.jwtSecret === DEFAULT_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', `the public default secret is refused because ${exposed}; set a secret of your own (or KHFLOW_DEMO=true for a demo)`);
  }
  return config;
}

export function deadlinePolicyOf(config: AppConfig) {
  return {
    reminderOffsetsDays: config.reminderOffsetsDays,
    escalateSupervisorAfterHours: config.escalateSupervisorAfterHours,
    escalateNextLevelAfterHours: config.escalateNextLevelAfterHours,
  };
}

/** The Temporal Web UI page of a workflow's history (linked from plan and assignment histories). */
export function temporalUiLink(config: Pick<AppConfig, 'temporalUiUrl' | 'temporalNamespace'>, workflowId: string): string {
  return `${config.temporalUiUrl}/namespaces/${encodeURIComponent(config.temporalNamespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** Whether an address given to listen() reaches only this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Why this configuration must not run with public demo credentials, or null. The demo setup (the default JWT
 * secret, the demo users and their shared password) is fine on a laptop; exposed to a network or in production
 * it lets anyone forge an administrator's token, so it needs KHFLOW_DEMO=true said on purpose.
 */
export function exposedDemoReason(config: Pick<AppConfig, 'apiHost' | 'nodeEnv' | 'demoMode'>): string | null {
  if (config.demoMode) return null;
  if (config.nodeEnv === 'production') return 'NODE_ENV=production';
  if (!isLoopbackHost(config.apiHost)) return `API_HOST=${config.apiHost} listens beyond loopback`;
  return null;
}

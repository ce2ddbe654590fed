/** Settings come from the environment (twelve-factor), checked once at start. */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  bodyLimitBytes: number;
  dbPoolSize: number;
  /** Sessions end after this long without a request (minutes). */
  sessionIdleMinutes: number;
  /** Sessions end this long after sign-in whatever happens (hours). */
  sessionAbsoluteHours: number;
  /** How long 5 consecutive failures lock an account (minutes). */
  lockoutMinutes: number;
  /** WebAuthn relying party: the console's host name and origin. */
  rpId: string;
  origin: string;
  /** Let the outbox send to plain http:// endpoints (a site's private network); default https only. */
  outboxAllowHttp: boolean;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

/** A PostgreSQL URL, or undefined for embedded PGlite. */
export function checkDatabaseUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = checkDatabaseUrl(env.DATABASE_URL);
  return {
    port: intFrom(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir: env.LANTERN_DATA_DIR || './data',
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimitBytes: intFrom(env, 'LANTERN_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    dbPoolSize: intFrom(env, 'LANTERN_DB_POOL_SIZE', 10, 1, 200),
    sessionIdleMinutes: intFrom(env, 'LANTERN_SESSION_IDLE_MINUTES', 15, 1, 24 * 60),
    sessionAbsoluteHours: intFrom(env, 'LANTERN_SESSION_ABSOLUTE_HOURS', 12, 1, 24),
    lockoutMinutes: intFrom(env, 'LANTERN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    rpId: env.LANTERN_RP_ID || 'localhost',
    origin: env.LANTERN_ORIGIN || 'http://localhost:8080',
    outboxAllowHttp: env.LANTERN_OUTBOX_ALLOW_HTTP === 'true',
  };
}

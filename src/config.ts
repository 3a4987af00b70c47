import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Cron } from 'croner';
import { MAX_PROXY_HOPS, type ProxyTrust, parseProxyTrust } from './lib/client-address.js';
import { ConfigError } from './lib/errors.js';
import { isCurrency } from './lib/money.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface DatabaseConfig {
  kind: 'sqlite' | 'postgres';
  /** File path for SQLite (or ':memory:'), connection string for PostgreSQL. */
  location: string;
  /**
   * PostgreSQL: name hot statements so each connection parses them once, and plan every run with its
   * values (`plan_cache_mode`, a start-up option). Off for a pooler that shares server connections
   * between clients per transaction (PgBouncer before 1.21) or refuses start-up options. Default on.
   */
  namedStatements?: boolean;
}

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Folder for the embedded database and generated secrets. */
  dataDir: string;
  publicUrl: string;
  secretKey: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Which peers may name the visitor in X-Forwarded-For (src/lib/client-address.ts). */
  trustProxy: ProxyTrust;
  logLevel: LogLevel;
  /** Longest an accepted click waits in memory before its batch is written. */
  clickBatchMs: number;
  /** Background jobs (lead pushes, publisher postbacks, CAPI events) one process runs at the same time. */
  jobConcurrency: number;
  /** How long a job's lease lasts without a heartbeat: a dead worker's job is retaken after it. */
  jobLeaseMs: number;
  /** How often a running job's lease is renewed; shorter than jobLeaseMs. */
  jobHeartbeatMs: number;
  /** The most rows one XLSX export holds (in memory; about 50 MB for 50,000 rows of 25 columns); CSV streams without a limit. */
  xlsxMaxRows: number;
  /** Lead submissions and pixel fires one address may make a minute (each counted apart); 0 = no limit. */
  intakeRateLimit: number;
  /** Let outbound requests reach loopback, private and link-local addresses (local setups, tests). */
  allowPrivateTargets: boolean;
  /** Facebook Graph API base URL for Conversions API events (a fake on 127.0.0.1 in tests). */
  fbGraphUrl: string;
  /** Largest payout a postback or ingest call may set, as a decimal in the offer's currency. */
  maxPayout: string;
  /** Smallest payout a publisher may request (and the Net-7 run pays), as a decimal in the payout's currency. */
  payoutMinimum: string;
  /** ISO 4217 currency every exchange rate is quoted against (reports convert through it). */
  baseCurrency: string;
  /** A directory of network integration templates as JSON files, loaded next to the built-ins. */
  integrationTemplatesDir?: string;
  /** Where each click is appended before it is answered (modules/clicks/click-spool.ts). */
  clickSpoolDir: string;
  /** fsync the spool on every click: survives power loss, at the cost of a disk flush per click. */
  clickSpoolFsync: boolean;
  /** Scheduling niceness of the click insert thread (Linux; 0 leaves it as the process's). */
  clickThreadNice: number;
  /** App processes `leadrail start` runs (node:cluster); 1 = this process alone, no cluster primary. */
  workers: number;
  /** A Redis for the shared rate-limit counters; without it they live in the database. */
  redisUrl?: string;
  /** When the cluster's leader runs Net-7 (croner pattern, UTC). */
  net7Schedule: string;
}

export type Env = Record<string, string | undefined>;

/** The variables Leadrail reads; docs/configuration.md's table lists the same. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'PUBLIC_URL',
  'SECRET_KEY',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'CLICK_BATCH_MS',
  'JOB_CONCURRENCY',
  'JOB_LEASE_MS',
  'JOB_HEARTBEAT_MS',
  'INTAKE_RATE_LIMIT',
  'XLSX_MAX_ROWS',
  'ALLOW_PRIVATE_TARGETS',
  'FB_GRAPH_URL',
  'MAX_PAYOUT',
  'PAYOUT_MINIMUM',
  'BASE_CURRENCY',
  'INTEGRATION_TEMPLATES_DIR',
  'CLICK_SPOOL_DIR',
  'CLICK_SPOOL_FSYNC',
  'CLICK_THREAD_NICE',
  'WORKERS',
  'REDIS_URL',
  'NET7_SCHEDULE',
  'PG_NAMED_STATEMENTS',
] as const;

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  if (!/^\d+$/.test(value)) throw new ConfigError('PORT', `must be a number from 0 to 65535, got "${value}"`);
  const port = Number(value);
  if (port > 65535) throw new ConfigError('PORT', `must be a number from 0 to 65535, got "${value}"`);
  return port;
}

function parseIntRange(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** The job lease rule: a 15 s lease renewed every 5 s by default; the heartbeat must fit in the lease. */
function parseJobLease(env: Env): { jobLeaseMs: number; jobHeartbeatMs: number } {
  const jobLeaseMs = parseIntRange('JOB_LEASE_MS', env.JOB_LEASE_MS, 15_000, 1000, 600_000);
  const fallback = Math.min(5000, Math.floor(jobLeaseMs / 3));
  const jobHeartbeatMs = parseIntRange('JOB_HEARTBEAT_MS', env.JOB_HEARTBEAT_MS, fallback, 100, 300_000);
  if (jobHeartbeatMs * 2 > jobLeaseMs) {
    throw new ConfigError(
      'JOB_HEARTBEAT_MS',
      `must be at most half of JOB_LEASE_MS (${jobLeaseMs}), got "${jobHeartbeatMs}"`,
    );
  }
  return { jobLeaseMs, jobHeartbeatMs };
}

function parseDecimal(
  name: string,
  value: string | undefined,
  fallback: string,
  options: { zero?: boolean } = {},
): string {
  if (value === undefined || value === '') return fallback;
  const text = value.trim();
  const zero = /^0+(\.0*)?$/.test(text);
  if (!/^\d{1,12}(\.\d{1,4})?$/.test(text) || (zero && !options.zero)) {
    const kind = options.zero ? 'non-negative' : 'positive';
    throw new ConfigError(name, `must be a ${kind} decimal amount like 10000.00, got "${value}"`);
  }
  return text;
}

function parseCurrency(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value.trim() === '') return fallback;
  const code = value.trim().toUpperCase();
  if (!isCurrency(code)) throw new ConfigError(name, `must be an ISO 4217 currency code, got "${value}"`);
  return code;
}

function parseDatabase(value: string | undefined): DatabaseConfig {
  const url = value && value !== '' ? value : 'sqlite:./data/leadrail.db';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { kind: 'postgres', location: url };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/leadrail.db');
    return { kind: 'sqlite', location: path === ':memory:' ? path : resolve(path) };
  }
  throw new ConfigError('DATABASE_URL', 'must start with sqlite: or postgres://');
}

function parseBool(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  const v = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

function parseTrustProxy(value: string | undefined): ProxyTrust {
  const trust = parseProxyTrust(value);
  if (trust === undefined) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be true or false, a number of proxy hops (0 to ${MAX_PROXY_HOPS}), or a comma-separated list of proxy addresses and CIDR ranges (loopback, linklocal, uniquelocal allowed), got "${value}"`,
    );
  }
  return trust;
}

function parseUrl(name: string, value: string | undefined, fallback: string): string {
  const url = value && value !== '' ? value : fallback;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http(s) URL, got "${url}"`);
  }
  return url.replace(/\/+$/, '');
}

function parseDirectory(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const dir = resolve(value.trim());
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError(name, `must be an existing directory, got "${value}"`);
  }
  return dir;
}

function parseRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const url = value.trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL, got "${value}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL, got "${value}"`);
  }
  return url;
}

function parseCronPattern(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value.trim() === '') return fallback;
  const pattern = value.trim();
  try {
    new Cron(pattern, { timezone: 'UTC', paused: true }).stop();
  } catch (error) {
    throw new ConfigError(name, `must be a cron pattern like "${fallback}" (${(error as Error).message})`);
  }
  return pattern;
}

/** SECRET_KEY may be left out on the embedded default: one is generated once and kept beside the data. */
function resolveSecret(value: string | undefined, database: DatabaseConfig, dataDir: string): string {
  if (value !== undefined && value !== '') {
    if (value.length < 32) throw new ConfigError('SECRET_KEY', 'must be at least 32 characters');
    return value;
  }
  if (database.kind === 'postgres') {
    throw new ConfigError('SECRET_KEY', 'is required with PostgreSQL (every app process must share it)');
  }
  if (database.location === ':memory:') return randomBytes(32).toString('hex');
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Parse the environment once; a bad value throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env.PORT);
  const host = env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0';
  const database = parseDatabase(env.DATABASE_URL);
  if (database.kind === 'postgres' && env.PG_NAMED_STATEMENTS !== undefined && env.PG_NAMED_STATEMENTS !== '')
    database.namedStatements = parseBool('PG_NAMED_STATEMENTS', env.PG_NAMED_STATEMENTS);
  const dataDir =
    database.kind === 'sqlite' && database.location !== ':memory:'
      ? dirname(database.location)
      : resolve('./data');
  const publicUrl = parseUrl('PUBLIC_URL', env.PUBLIC_URL, `http://localhost:${port}`);
  const logLevel = (env.LOG_LEVEL && env.LOG_LEVEL !== '' ? env.LOG_LEVEL : 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const adminEmail = env.ADMIN_EMAIL || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'must be an email address');
  }
  if (adminEmail && !adminPassword) throw new ConfigError('ADMIN_PASSWORD', 'is required with ADMIN_EMAIL');
  if (adminPassword && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 8 characters');
  }
  return {
    port,
    host,
    database,
    dataDir,
    publicUrl,
    secretKey: resolveSecret(env.SECRET_KEY, database, dataDir),
    adminEmail,
    adminPassword,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel,
    clickBatchMs: parseIntRange('CLICK_BATCH_MS', env.CLICK_BATCH_MS, 25, 1, 60_000),
    jobConcurrency: parseIntRange('JOB_CONCURRENCY', env.JOB_CONCURRENCY, 8, 1, 64),
    ...parseJobLease(env),
    xlsxMaxRows: parseIntRange('XLSX_MAX_ROWS', env.XLSX_MAX_ROWS, 50_000, 1, 1_000_000),
    intakeRateLimit: parseIntRange('INTAKE_RATE_LIMIT', env.INTAKE_RATE_LIMIT, 120, 0, 1_000_000),
    allowPrivateTargets: parseBool('ALLOW_PRIVATE_TARGETS', env.ALLOW_PRIVATE_TARGETS),
    fbGraphUrl: parseUrl('FB_GRAPH_URL', env.FB_GRAPH_URL, 'https://graph.facebook.com'),
    maxPayout: parseDecimal('MAX_PAYOUT', env.MAX_PAYOUT, '10000.00'),
    payoutMinimum: parseDecimal('PAYOUT_MINIMUM', env.PAYOUT_MINIMUM, '50.00', { zero: true }),
    baseCurrency: parseCurrency('BASE_CURRENCY', env.BASE_CURRENCY, 'USD'),
    integrationTemplatesDir: parseDirectory('INTEGRATION_TEMPLATES_DIR', env.INTEGRATION_TEMPLATES_DIR),
    clickSpoolDir: resolve(env.CLICK_SPOOL_DIR?.trim() || join(dataDir, 'spool')),
    clickSpoolFsync: parseBool('CLICK_SPOOL_FSYNC', env.CLICK_SPOOL_FSYNC),
    clickThreadNice: parseIntRange('CLICK_THREAD_NICE', env.CLICK_THREAD_NICE, 10, 0, 19),
    workers: parseIntRange('WORKERS', env.WORKERS, 1, 1, 64),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    // Mondays at 00:00 UTC (run-net7.ts NET7_SCHEDULE); a test runs it every second.
    net7Schedule: parseCronPattern('NET7_SCHEDULE', env.NET7_SCHEDULE, '0 0 * * 1'),
  };
}

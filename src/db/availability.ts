import type { Logger } from 'pino';

/**
 * SQLSTATEs that mean "the database is not there right now" rather than "this statement is wrong":
 * class 08 (connection exception), the server shutting down or starting up (57P01–57P03), too
 * many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** better-sqlite3: another process holds the write lock past busy_timeout. */
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;
/** node-postgres reports a lost or refused connection with these messages and no code. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
];

/**
 * True when an error says the database is unreachable, restarting or busy, so the same request may
 * well succeed in a moment: it is answered 503, and pending writes are kept and retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code.startsWith('08') && code.length === 5) return true;
      if (UNAVAILABLE_SQLSTATES.has(code) || NETWORK_CODES.has(code) || SQLITE_BUSY.test(code)) return true;
    }
    if (PG_CONNECTION_MESSAGES.some((m) => e instanceof Error && e.message.startsWith(m))) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

/**
 * True when the database is there and refuses a row as it is (PostgreSQL's data exceptions and
 * constraint violations, SQLite's constraint and type errors): writing it again cannot succeed.
 * Anything else (an outage, a full disk, a lock) is worth another try.
 */
export function isRejectedRow(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return false;
  if (/^2[23][0-9A-Z]{3}$/.test(code)) return true;
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

const REPORT_EVERY_MS = 5000;

/**
 * One log line per 5 seconds while the database is away, with how many failures it stands for:
 * an outage under load would otherwise write a line per request and per connection.
 */
export function createUnavailableReporter(logger: Logger, now: () => number = Date.now) {
  let lastAt = Number.NEGATIVE_INFINITY;
  let unreported = 0;
  return (error: unknown, what: string): void => {
    unreported++;
    const at = now();
    if (at - lastAt < REPORT_EVERY_MS) return;
    logger.warn(
      { err: error, failures: unreported, since_ms: Number.isFinite(lastAt) ? at - lastAt : 0, what },
      'database unavailable',
    );
    lastAt = at;
    unreported = 0;
  };
}

export type UnavailableReporter = ReturnType<typeof createUnavailableReporter>;

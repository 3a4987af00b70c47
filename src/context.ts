import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createUnavailableReporter, type UnavailableReporter } from './db/availability.js';
import { createDatabase, type Db } from './db/database.js';
import type { DialectName } from './db/dialect.js';
import { migrateToLatest } from './db/migrations/index.js';
import { type Clock, systemClock } from './lib/clock.js';
import { CacheRegistry } from './lib/ttl-cache.js';
import { openClickSpool } from './modules/clicks/click-spool.js';
import {
  CLICK_BUFFER_MAX,
  ClickWriter,
  clickInsertThread,
  POSTGRES_WRITE_LANES,
} from './modules/clicks/click-writer.js';
import { loadTemplateDir } from './modules/integrations/load-templates.js';
import { createIntegrationRegistry, type IntegrationRegistry } from './modules/integrations/registry.js';

/** Everything a use case may need, built once per process and passed first. */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  /** Per-process hot-path caches; cleared on every admin write. */
  caches: CacheRegistry;
  /** Batches click inserts off the redirect path. */
  clickWriter: ClickWriter;
  /** Network integration templates: the built-ins and INTEGRATION_TEMPLATES_DIR's files. */
  integrations: IntegrationRegistry;
  /** Log that the database is away (unreachable, restarting, busy), at most once per 5 s. */
  databaseUnavailable: UnavailableReporter;
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  logger?: Logger;
  migrate?: boolean;
  /** Told the SQL of every statement run (tests count the statements of a request). */
  onQuery?: (sql: string) => void;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'leadrail' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger(config);
  // Read before the database opens: a bad template file stops start-up with a ConfigError naming it.
  const integrations = createIntegrationRegistry(
    config.integrationTemplatesDir ? loadTemplateDir(config.integrationTemplatesDir) : [],
  );
  const databaseUnavailable = createUnavailableReporter(logger);
  const database = createDatabase(config.database, {
    onQuery: options.onQuery,
    onConnectionError: (error) =>
      databaseUnavailable(error, 'a database connection closed; the pool replaces it'),
  });
  if (options.migrate !== false) {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  }
  const clickWriter = new ClickWriter(database.db, database.dialect, logger, {
    flushMs: config.clickBatchMs,
    maxBatch: 500,
    maxPending: CLICK_BUFFER_MAX,
    // PostgreSQL takes a backlog on 4 connections at once (the pool has 10).
    lanes: database.dialect === 'postgres' ? POSTGRES_WRITE_LANES : 1,
    spool: openClickSpool(config, logger),
    thread: clickInsertThread(config.database, logger, config.clickThreadNice),
  });
  // Clicks a killed process answered but never wrote, stored before this one answers any.
  await clickWriter.replay();
  return {
    config,
    db: database.db,
    dialect: database.dialect,
    clock: options.clock ?? systemClock,
    logger,
    caches: new CacheRegistry(),
    clickWriter,
    integrations,
    databaseUnavailable,
    close: async () => {
      // Pending clicks reach the database before it closes.
      await clickWriter.close();
      await database.destroy();
    },
  };
}

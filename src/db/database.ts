import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type KyselyConfig, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { DialectName } from './dialect.js';
import { isStalePlanError, namingPool } from './pg-named-statements.js';
import type { Database } from './schema.js';
import { LeadrailSqliteDialect } from './sqlite-compiler.js';
import { WriteGate, writeGateBuffer } from './sqlite-write-gate.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  destroy(): Promise<void>;
}

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser(oid, format) {
      // int8 (bigint, count(*)) as a JS number: our values are minor units and counts, far below 2^53.
      if (oid === 20) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
}

export interface DatabaseOptions {
  poolSize?: number;
  /**
   * Told about errors of pooled connections, idle or checked out by a query or transaction (a server
   * restart, a killed backend, a dropped network).
   */
  onConnectionError?: (error: Error) => void;
  /** Told the SQL of every statement run, transaction control included (tests count them). */
  onQuery?: (sql: string) => void;
}

function queryLog(options: DatabaseOptions): KyselyConfig['log'] {
  const onQuery = options.onQuery;
  return onQuery ? (event) => onQuery(event.query.sql) : undefined;
}

export function createDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): DatabaseHandle {
  if (config.kind === 'postgres') {
    const named = config.namedStatements !== false;
    const pool = new pg.Pool({
      connectionString: config.location,
      max: options.poolSize ?? 10,
      types: pgTypes(),
      // A server that does not answer fails the request after this, instead of queueing it forever.
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      // Named statements (pg-named-statements.ts) are still planned with their values on every run,
      // as unnamed ones were: a generic plan may pick another index (session 13 saw a lead's backend
      // CPU grow with the table under plan_cache_mode = auto). What they save is the parse.
      ...(named ? { options: '-c plan_cache_mode=force_custom_plan' } : {}),
    });
    // A connection the server closes (restart, failover, a killed backend) must not crash the
    // process. pg emits 'error' on the Client: the pool listens only while the client is idle, and a
    // client checked out by a transaction between two statements has no listener, so the event
    // would be unhandled. Every client gets a listener for its whole life; the failed query (or the
    // next one) rejects, and the pool drops the broken client when it is released.
    const onError = (error: Error) => options.onConnectionError?.(error);
    pool.on('connect', (client) => client.on('error', onError));
    // The pool re-emits an idle client's error, already reported by the client's own listener.
    pool.on('error', () => undefined);
    // Hot statements are named, so each connection parses and plans them once (pg-named-statements.ts).
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: named ? namingPool(pool) : pool }),
      log: queryLog(options),
    });
    return { db, dialect: 'postgres', destroy: () => db.destroy() };
  }
  if (config.location !== ':memory:') mkdirSync(dirname(config.location), { recursive: true });
  const sqlite = new SqliteDatabase(config.location);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const statements = withStatementCache(sqlite);
  // A file is also written by the click insert thread: the two take turns (sqlite-write-gate.ts).
  const turns =
    config.location === ':memory:'
      ? undefined
      : {
          gate: new WriteGate(writeGateBuffer(config.location)),
          readsOnly: (sql: string) => statements.prepare(sql).readonly,
        };
  const db = new Kysely<Database>({
    dialect: new LeadrailSqliteDialect({ database: statements }, turns),
    log: queryLog(options),
  });
  return { db, dialect: 'sqlite', destroy: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; on the click path preparing costs more than
 * running. The same SQL text reuses its prepared statement (safe: one connection, one query at a time).
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      // Kysely opens a transaction with a deferred `begin`. With a second connection writing the
      // same file (the click insert thread), a deferred transaction that read first and then writes
      // fails at once with SQLITE_BUSY (WAL: its snapshot is stale; the busy timeout does not apply),
      // which answered postbacks 503. `begin immediate` takes the write lock first, waiting up to
      // busy_timeout for it.
      const sql = text === 'begin' ? 'begin immediate' : text;
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Run work in one transaction; SQLite serialises writers, PostgreSQL uses row locks where asked. On
 * PostgreSQL a named statement whose table changed its columns (another process migrated) aborts the
 * transaction once; the work then runs again in a new one, with the statements prepared anew.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (!isStalePlanError(error)) throw error;
    return db.transaction().execute(work);
  }
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import {
  nextThreadHolder,
  releaseThreadTurn,
  THREAD_GATE_SOURCE,
  writeGateBuffer,
} from '../../db/sqlite-write-gate.js';
import { unnestParameters } from './pg-click-insert.js';

/**
 * Click batches are written on a worker thread with its own connection, on both databases, so the
 * event loop that answers clicks does none of it:
 * - SQLite: better-sqlite3 is synchronous; on the main thread a 500-click batch held the event loop
 *   for its whole INSERT and commit. The thread opens the same file (WAL: readers on the main
 *   connection are not blocked); it and the main connection take turns to write through a lock in
 *   shared memory (db/sqlite-write-gate.ts), so a main-thread write waits for a batch without
 *   sleeping the event loop in SQLite's busy handler.
 * - PostgreSQL: the batch's array literals (pg-click-insert.ts) and the pg driver's socket writes of
 *   a ~500 kB statement ran on the event loop (about 15 % of its CPU under bench:clicks); the thread
 *   has its own small pool (one connection per writer lane).
 *
 * The main thread hands over the batch as the clicks' JSON lines, the text it already built for the
 * spool (one string: copied, not structured-cloned object by object), and the thread parses it.
 * The thread's code is a string (a CommonJS script) so it runs the same from the TypeScript sources
 * (tests) and from the build; the drivers are resolved here and passed to it by path.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { columns, defaults } = workerData;
const parse = (text) => text.split('\\n').map((line) => JSON.parse(line));
// A lower priority than the event loop's thread (CLICK_THREAD_NICE): Linux schedules threads apart,
// and this one's own id is /proc/thread-self's name. Elsewhere it stays as it is.
if (workerData.nice > 0) {
  try {
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(tid, workerData.nice);
  } catch {}
}
${THREAD_GATE_SOURCE}
const answer = (id, error) =>
  parentPort.postMessage(error ? { id, error: { message: String(error && error.message), code: error && error.code } } : { id });
let insert;
let close;
if (workerData.kind === 'sqlite') {
  const Database = require(workerData.module);
  const db = new Database(workerData.location);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  const chunk = db.prepare(workerData.chunkSql);
  const one = db.prepare(workerData.rowSql);
  const size = workerData.chunkRows;
  const valuesOf = (click) => columns.map(([name]) => click[name] ?? defaults[name] ?? null);
  const write = db.transaction((rows) => {
    let i = 0;
    for (; i + size <= rows.length; i += size) chunk.run(rows.slice(i, i + size).flatMap(valuesOf));
    for (; i < rows.length; i++) one.run(valuesOf(rows[i]));
  });
  insert = async (text) => {
    const rows = parse(text);
    const held = lockGate();
    try {
      write(rows);
    } finally {
      unlockGate(held);
    }
  };
  close = async () => db.close();
} else {
  const pg = require(workerData.module);
  const unnest = ${unnestParameters.toString()};
  const pool = new pg.Pool({
    connectionString: workerData.location,
    max: workerData.connections,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  });
  // A connection the server closes must not end the thread: the query in flight (or the next) fails
  // and the click writer keeps its batch and retries it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', () => undefined);
  insert = async (text) => {
    await pool.query({ text: workerData.sql, values: unnest(parse(text), columns, defaults) });
  };
  close = () => pool.end();
}
// CLICK_BATCH_TIMES=file (a diagnostic for bench:clicks): each batch's rows and milliseconds from
// sending its statement to its commit's answer, one line each.
const timed = workerData.timesFile
  ? (text) => {
      const started = process.hrtime.bigint();
      const done = () =>
        require('node:fs').appendFileSync(
          workerData.timesFile,
          text.split('\\n').length + ' ' + (Number(process.hrtime.bigint() - started) / 1e6).toFixed(2) + '\\n',
        );
      return insert(text).finally(done);
    }
  : insert;
parentPort.on('message', (message) => {
  if (message.close) {
    close().finally(() => parentPort.close());
    return;
  }
  timed(message.text).then(() => answer(message.id), (error) => answer(message.id, error));
});
`;

export interface SqliteStatements {
  kind: 'sqlite';
  /** INSERT of `chunkRows` rows, and of one row (values in `columns` order). */
  chunkSql: string;
  rowSql: string;
  chunkRows: number;
}

export interface PostgresStatement {
  kind: 'postgres';
  /** The unnest INSERT (pg-click-insert.ts) and its columns' types. */
  sql: string;
  /** Connections of the thread's pool: batches written at once. */
  connections: number;
}

export interface ClickInsertOptions {
  location: string;
  /** Column names in order (with their array type on PostgreSQL). */
  columns: readonly (readonly [string, string])[];
  /** Columns with a database default: an explicit null would break their NOT NULL. */
  defaults: Readonly<Record<string, unknown>>;
  statements: SqliteStatements | PostgresStatement;
  /**
   * Niceness of the thread (Linux, 0–19; 0: the process's own). Under load the event loop answering
   * clicks and this thread take turns on the cores; a lower priority here lets the loop go first and
   * the batches catch up when it waits (session 16: p99 at 64 connections ~38 → ~27 ms on SQLite).
   */
  nice?: number;
}

type Pending = { resolve: () => void; reject: (error: Error) => void };

/** An error from the thread, with the database's code kept (isRejectedRow and isDatabaseUnavailable read it). */
function threadError(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

export class ClickInsertThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly options: ClickInsertOptions,
    private readonly logger: Logger,
  ) {}

  /** Insert the clicks given as JSON lines (joined by '\n') in one transaction or statement on the thread. */
  insert(text: string): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    // Referenced only while a batch is in flight: a waiting write keeps the process alive, an idle
    // thread does not.
    worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, text });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held until it has closed its connection: the process must not end before.
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  private start(): Worker {
    const { statements, location, columns, defaults } = this.options;
    const gateHolder = nextThreadHolder();
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        module: createRequire(import.meta.url).resolve(
          statements.kind === 'sqlite' ? 'better-sqlite3' : 'pg',
        ),
        location,
        columns,
        defaults,
        // Shorter than the main connection's 5 s: a batch that cannot get the write lock fails, is
        // kept, and the writer retries it with its backoff (nothing waits on the thread meanwhile).
        busyTimeoutMs: 2000,
        // SQLite: the turn-taking lock shared with the main connection, and how long a batch waits
        // for it before it goes on to SQLite's own lock (busy_timeout) as before.
        ...(statements.kind === 'sqlite'
          ? { gate: writeGateBuffer(location), gateWaitMs: 2000, gateHolder }
          : {}),
        timesFile: process.env.CLICK_BATCH_TIMES,
        nice: this.options.nice ?? 0,
        ...statements,
      },
    });
    worker.unref();
    worker.on('message', (message: { id: number; error?: { message: string; code?: string } }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error) waiting.reject(threadError(message.error));
      else waiting.resolve();
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      // The batches in flight are kept by the click writer and retried on a new thread.
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', (error) => {
      this.logger.error({ err: error }, 'the click insert thread failed; it is restarted');
      fail(error);
    });
    worker.on('exit', () => {
      if (statements.kind === 'sqlite') releaseThreadTurn(writeGateBuffer(location), gateHolder);
      fail(new Error('the click insert thread exited'));
    });
    this.worker = worker;
    return worker;
  }
}

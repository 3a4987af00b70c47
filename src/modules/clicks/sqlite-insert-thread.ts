import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

/**
 * SQLite click batches written on a worker thread. better-sqlite3 is synchronous: on the main
 * thread a 500-click batch held the event loop for its whole INSERT and commit (16 % of the click
 * path's CPU in bench:click-cost's profile, and every answer waiting behind it). The thread opens its
 * own connection to the same file (WAL: readers on the main connection are not blocked; a write on
 * the main connection waits for the batch through busy_timeout, as between two processes) and runs
 * the same statements the main thread would. The main thread only hands it the rows' values.
 *
 * The thread's code is a string (a CommonJS script) so it runs the same from the TypeScript sources
 * (tests) and from the build; better-sqlite3 is resolved here and passed to it by path.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.location);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const chunk = db.prepare(workerData.chunkSql);
const one = db.prepare(workerData.rowSql);
const size = workerData.chunkRows;
const insert = db.transaction((rows) => {
  let i = 0;
  for (; i + size <= rows.length; i += size) chunk.run(rows.slice(i, i + size).flat());
  for (; i < rows.length; i++) one.run(rows[i]);
});
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    insert(message.rows);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

export interface InsertStatements {
  /** INSERT of `chunkRows` rows, and of one row. */
  chunkSql: string;
  rowSql: string;
  chunkRows: number;
}

type Pending = { resolve: () => void; reject: (error: Error) => void };

/** An error from the thread, with the SQLite code kept (isRejectedRow and isDatabaseUnavailable read it). */
function threadError(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

export class SqliteInsertThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly location: string,
    private readonly statements: InsertStatements,
    private readonly logger: Logger,
  ) {}

  /** Insert the rows (values in column order) in one transaction on the thread. */
  insert(rows: unknown[][]): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    // Referenced only while a batch is in flight: a waiting write keeps the process alive, an idle
    // thread does not.
    worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, rows });
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
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        module: createRequire(import.meta.url).resolve('better-sqlite3'),
        location: this.location,
        // Shorter than the main connection's 5 s: a batch that cannot get the write lock fails, is
        // kept, and the writer retries it with its backoff (nothing waits on the thread meanwhile).
        busyTimeoutMs: 2000,
        ...this.statements,
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
    worker.on('exit', () => fail(new Error('the click insert thread exited')));
    this.worker = worker;
    return worker;
  }
}

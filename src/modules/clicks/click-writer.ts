import type { Logger } from 'pino';
import { isRejectedRow } from '../../db/availability.js';
import type { Db } from '../../db/database.js';
import { type DialectName, rawQuery } from '../../db/dialect.js';
import type { NewRow } from '../../db/schema.js';
import { DatabaseUnavailableError } from '../../lib/errors.js';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import { ClickInsertThread } from './click-insert-thread.js';
import type { ClickSpool, SpoolSegment } from './click-spool.js';
import {
  PG_CLICK_COLUMNS,
  PG_CLICK_DEFAULTS,
  PG_CLICK_INSERT_SQL,
  pgClickInsert,
} from './pg-click-insert.js';

export type NewClick = NewRow<'clicks'>;

export interface ClickWriterOptions {
  /** Longest a click waits in memory before it is written. */
  flushMs: number;
  /** A batch this large is written at once. */
  maxBatch: number;
  /**
   * Most clicks held in memory while the database is away: beyond it a new click is refused with a
   * 503 (never answered and then dropped). CLICK_BUFFER_MAX in production.
   */
  maxPending?: number;
  /** How long close() keeps trying while the database is away before it gives the clicks up. */
  closeTimeoutMs?: number;
  /**
   * Batches written at once when more than one is waiting (PostgreSQL: each on its own pooled
   * connection). One when unset; SQLite has a single writer anyway.
   */
  lanes?: number;
  /** Where each click is appended before it is answered (click-spool.ts); none in unit tests. */
  spool?: ClickSpool;
  /**
   * Batches are written on a worker thread (click-insert-thread.ts), not on the event loop. Made by
   * clickInsertThread(); none for an in-memory SQLite database (and in unit tests).
   */
  thread?: ClickInsertThread;
}

/** About 50 MB of clicks (a row is about 1 kB with its user agent and parameters). */
export const CLICK_BUFFER_MAX = 50_000;
const RETRY_FIRST_MS = 250;
const SPOOLED = Promise.resolve();
const RETRY_MAX_MS = 5000;

// A fixed chunk size keeps the INSERT text the same, so its prepared statement is reused.
const INSERT_CHUNK = 50;

const COLUMNS = [
  'id',
  'created_at',
  'source',
  'offer_id',
  'publisher_id',
  'flow_id',
  'status',
  'reject_reason',
  'is_unique',
  'ip',
  'country',
  'user_agent',
  'referer',
  ...SUB_KEYS,
  'fbclid',
  'gclid',
  'params',
  'destination',
  'hosting',
  'stream_id',
  'arm_id',
] as const satisfies readonly (keyof NewClick)[];

/**
 * A retried batch may have committed already (the connection died before the commit's answer
 * arrived): a click already stored is skipped, so the retry neither fails nor doubles it.
 */
function insertText(rows: number): string {
  const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
  const values = Array.from({ length: rows }, () => tuple).join(',');
  return `insert into clicks (${COLUMNS.join(',')}) values ${values} on conflict do nothing`;
}

const CHUNK_SQL = insertText(INSERT_CHUNK);
const ROW_SQL = insertText(1);

/** Columns with a database default: an explicit null would break their NOT NULL. */
const DEFAULTS: Partial<Record<(typeof COLUMNS)[number], unknown>> = { hosting: 0 };

/** Batches written at once on PostgreSQL under a backlog (the writer's lanes, the thread's connections). */
export const POSTGRES_WRITE_LANES = 4;

/** The insert thread of a database; none for an in-memory SQLite database (another connection would not see it). */
export function clickInsertThread(
  database: { kind: 'sqlite' | 'postgres'; location: string },
  logger: Logger,
  nice = 0,
): ClickInsertThread | undefined {
  if (database.kind === 'postgres') {
    return new ClickInsertThread(
      {
        location: database.location,
        columns: PG_CLICK_COLUMNS,
        defaults: PG_CLICK_DEFAULTS,
        statements: { kind: 'postgres', sql: PG_CLICK_INSERT_SQL, connections: POSTGRES_WRITE_LANES },
        nice,
      },
      logger,
    );
  }
  if (database.location === ':memory:') return undefined;
  return new ClickInsertThread(
    {
      location: database.location,
      columns: COLUMNS.map((name) => [name, 'any'] as const),
      defaults: DEFAULTS,
      statements: { kind: 'sqlite', chunkSql: CHUNK_SQL, rowSql: ROW_SQL, chunkRows: INSERT_CHUNK },
      nice,
    },
    logger,
  );
}

/**
 * A click held until it is committed, with what its commit needs: its spool line (handed to the
 * insert thread as it is, no second serialisation) and its spool segment (told when it is
 * committed). One map entry per click (byId): the line and the segment were two more maps' entries,
 * each set and deleted per click (issue 18, CPU per click).
 */
interface HeldClick {
  id: string;
  /**
   * The click itself only where there is no line (the main-thread writer, a replay): with the
   * insert thread the line is all that is kept, so the click's object and its strings are garbage
   * once it is spooled instead of surviving scavenges for as long as its batch is on its way
   * (session 16: what survives a scavenge sets how long it pauses the event loop).
   */
  click: NewClick | undefined;
  line: string | undefined;
  segment: SpoolSegment | undefined;
}

function clickOf(held: HeldClick): NewClick {
  return held.click ?? (JSON.parse(held.line as string) as NewClick);
}

function rowValues(click: NewClick): unknown[] {
  return COLUMNS.map((column) => click[column] ?? DEFAULTS[column] ?? null);
}

/**
 * Clicks are answered first and written in batches: one transaction per batch instead of one per
 * click. A pending click is visible to lookups here (find) until it is in the database, flush()
 * runs on shutdown, and a batch that fails because the database is away (a restart, an outage, a
 * full disk) is kept and tried again with a growing delay, so an answered click is not lost while
 * the process lives. What is held is bounded by maxPending: past it, add() refuses the click.
 * Process-local by design: each process holds only the clicks it answered itself. With a spool, a
 * click is in the spool file before add()'s promise resolves (so before it is answered), and a process that
 * dies (SIGKILL, a crash) leaves the file for replay() at the next start: no answered click is lost.
 */
export class ClickWriter {
  private pending: HeldClick[] = [];
  /** Clicks of this event-loop turn, not yet in the spool (so not answered yet). */
  private spooling: NewClick[] = [];
  private spooled: Promise<void> | undefined;
  private spoolTurn: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** Every click held (waiting for the database), by id: the only map entry a click takes here. */
  private readonly byId = new Map<string, HeldClick>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Failed writes in a row; while above 0, writes wait for the retry timer. */
  private failures = 0;
  private lastError: unknown;

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly logger: Logger,
    private readonly options: ClickWriterOptions = { flushMs: 25, maxBatch: 500 },
  ) {}

  /**
   * Take a click. With a spool the promise resolves once the click is in the spool file: answer the
   * visitor only then. The clicks added in one event-loop turn share one spool write (and one
   * promise); it rejects with DatabaseUnavailableError (a 503) when the disk refuses them, and they
   * are then not kept. Without a spool it is already resolved.
   */
  add(click: NewClick): Promise<void> {
    if (this.size >= (this.options.maxPending ?? CLICK_BUFFER_MAX)) {
      throw new DatabaseUnavailableError('too many clicks are waiting for the database; try again shortly');
    }
    if (!this.options.spool) {
      this.accept([click], undefined, undefined);
      return SPOOLED;
    }
    this.spooling.push(click);
    if (!this.spooled) {
      this.spooled = new Promise<void>((resolve, reject) => {
        this.spoolTurn = { resolve, reject };
      });
      // Marked handled: a caller that does not wait (a bulk seeder) must not end the process.
      this.spooled.catch(() => undefined);
      setImmediate(() => this.spoolNow());
    }
    return this.spooled;
  }

  /**
   * Append the clicks gathered so far to the spool in one write, then keep them for the database.
   * Runs once per event-loop turn (setImmediate: after the poll phase has handed over every request
   * that arrived), and at once from flush().
   */
  private spoolNow(): void {
    const turn = this.spoolTurn;
    const clicks = this.spooling;
    if (!turn) return;
    this.spooling = [];
    this.spooled = undefined;
    this.spoolTurn = undefined;
    let appended: ReturnType<ClickSpool['appendAll']> | undefined;
    try {
      appended = this.options.spool?.appendAll(clicks);
    } catch (error) {
      turn.reject(error);
      return;
    }
    // The lines are kept only for the insert thread (the main-thread writer binds values instead).
    this.accept(clicks, this.options.thread ? appended?.lines : undefined, appended?.segment);
    turn.resolve();
  }

  private accept(clicks: NewClick[], lines: string[] | undefined, segment: SpoolSegment | undefined): void {
    for (let i = 0; i < clicks.length; i++) {
      const click = clicks[i] as NewClick;
      const line = lines?.[i];
      const held: HeldClick = { id: click.id, click: line === undefined ? click : undefined, line, segment };
      this.pending.push(held);
      this.byId.set(click.id, held);
    }
    if (this.failures > 0) return;
    if (this.pending.length >= this.options.maxBatch) void this.flush();
    else this.schedule(this.options.flushMs);
  }

  /** A click accepted by this process but perhaps not written yet. */
  find(id: string): NewClick | undefined {
    const held = this.byId.get(id);
    return held && clickOf(held);
  }

  /** Clicks held: waiting for the spool write or for the database. */
  get size(): number {
    return this.byId.size + this.spooling.length;
  }

  /** Write what is pending now; a failure keeps the clicks for the next try and does not throw. */
  flush(): Promise<void> {
    this.spoolNow();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.flushing ??= this.writeAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + (this.options.closeTimeoutMs ?? 10_000);
    await this.flush();
    // The database may be away at shutdown: keep trying a while, then say what is lost.
    while (this.byId.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.retryDelay(), deadline - Date.now())));
      await this.flush();
    }
    if (this.byId.size > 0 && !this.options.spool) {
      this.logger.error(
        { clicks: this.byId.size, click_ids: [...this.byId.keys()].slice(0, 100) },
        'shutting down with clicks the database never took: they are lost',
      );
    }
    this.options.spool?.close();
    await this.options.thread?.close();
  }

  /**
   * Store the clicks of spool files a dead process left (at start, before any click is answered).
   * `on conflict do nothing`: a click that was committed before the crash is not doubled.
   */
  async replay(): Promise<number> {
    const spool = this.options.spool;
    if (!spool) return 0;
    const { files, clicks } = spool.claimOrphans();
    if (files.length === 0) return 0;
    for (let i = 0; i < clicks.length; i += this.options.maxBatch) {
      // writeBatch skips (and logs) a row the database refuses as it is, like a live batch.
      const batch = clicks
        .slice(i, i + this.options.maxBatch)
        .map((click): HeldClick => ({ id: click.id, click, line: undefined, segment: undefined }));
      const kept = await this.writeBatch(batch);
      if (kept.length > 0) {
        this.logger.error(
          { err: this.lastError, files },
          'click spool replay failed; the files stay for the next start',
        );
        return 0;
      }
    }
    for (const file of files) spool.release(file);
    this.logger.info(
      { clicks: clicks.length, files: files.length },
      'replayed the click spool of a stopped process',
    );
    return clicks.length;
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref?.();
  }

  private retryDelay(): number {
    return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, this.failures - 1), RETRY_MAX_MS);
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      // Under a backlog, up to `lanes` batches go at once: one sequential writer caps PostgreSQL's
      // clicks/s at one connection's insert rate, and the backlog then ends in 503s.
      const batches: HeldClick[][] = [];
      for (let lane = 0; lane < (this.options.lanes ?? 1) && this.pending.length > 0; lane++) {
        batches.push(this.pending.splice(0, this.options.maxBatch));
      }
      const kept = (await Promise.all(batches.map((batch) => this.writeBatch(batch)))).flat();
      if (kept.length > 0) {
        this.pending = kept.concat(this.pending);
        this.failures++;
        if (this.failures === 1) {
          this.logger.error(
            { err: this.lastError, clicks: this.byId.size },
            'click batch write failed; the clicks are kept and retried',
          );
        }
        clearTimeout(this.timer);
        this.timer = undefined;
        this.schedule(this.retryDelay());
        return;
      }
      if (this.failures > 0) {
        this.logger.info({ failed_attempts: this.failures }, 'click writes resumed');
        this.failures = 0;
      }
    }
  }

  /** Write one batch; the clicks that must wait for another try come back. */
  private async writeBatch(batch: HeldClick[]): Promise<HeldClick[]> {
    try {
      await this.insert(batch);
    } catch (error) {
      if (!isRejectedRow(error)) {
        this.lastError = error;
        return batch;
      }
      if (batch.length === 1) {
        // The database is there and refuses this row as it is: retrying cannot help.
        const held = batch[0] as HeldClick;
        this.logger.error({ err: error, click: clickOf(held) }, 'click refused by the database; not stored');
        this.forget(held);
        return [];
      }
      // One row the database refuses must not hold back the others: write them one at a time.
      for (let i = 0; i < batch.length; i++) {
        const kept = await this.writeBatch([batch[i] as HeldClick]);
        if (kept.length > 0) return batch.slice(i);
      }
      return [];
    }
    for (const held of batch) this.forget(held);
    return [];
  }

  /** The click is committed (or given up). */
  private forget(held: HeldClick): void {
    this.byId.delete(held.id);
    if (held.segment) this.options.spool?.done(held.segment);
  }

  private async insert(held: HeldClick[]): Promise<void> {
    if (this.options.thread) {
      let text = '';
      for (let i = 0; i < held.length; i++) {
        const { click, line } = held[i] as HeldClick;
        if (i > 0) text += '\n';
        text += line ?? JSON.stringify(click);
      }
      return this.options.thread.insert(text);
    }
    const batch = held.map(clickOf);
    // PostgreSQL: the whole batch in one statement of one array per column (pg-click-insert.ts).
    if (this.dialect === 'postgres') {
      await this.db.executeQuery(pgClickInsert(batch));
      return;
    }
    await this.db.transaction().execute(async (tx) => {
      // Hand-written INSERTs: the query builder's per-row work is measurable at this volume.
      let i = 0;
      for (; i + INSERT_CHUNK <= batch.length; i += INSERT_CHUNK) {
        const values = batch.slice(i, i + INSERT_CHUNK).flatMap(rowValues);
        await tx.executeQuery(rawQuery(this.dialect, CHUNK_SQL, values));
      }
      for (; i < batch.length; i++) {
        await tx.executeQuery(rawQuery(this.dialect, ROW_SQL, rowValues(batch[i] as NewClick)));
      }
    });
  }
}

import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import { type DialectName, rawQuery } from '../../db/dialect.js';
import type { NewRow } from '../../db/schema.js';

export type NewClick = NewRow<'clicks'>;

export interface ClickWriterOptions {
  /** Longest a click waits in memory before it is written. */
  flushMs: number;
  /** A batch this large is written at once. */
  maxBatch: number;
}

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
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'sub6',
  'sub7',
  'sub8',
  'sub9',
  'sub10',
  'fbclid',
  'gclid',
  'params',
  'destination',
] as const satisfies readonly (keyof NewClick)[];

function insertText(rows: number): string {
  const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
  return `insert into clicks (${COLUMNS.join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`;
}

const CHUNK_SQL = insertText(INSERT_CHUNK);
const ROW_SQL = insertText(1);

function rowValues(click: NewClick): unknown[] {
  return COLUMNS.map((column) => click[column] ?? null);
}

/**
 * Clicks are answered first and written in batches: one transaction per batch instead of one per
 * click. A pending click is visible to lookups here (find) until it is in the database, flush()
 * runs on shutdown, and a failed write keeps the rows and tries again, so an accepted click is
 * not lost while the process lives.
 */
export class ClickWriter {
  private pending: NewClick[] = [];
  private readonly byId = new Map<string, NewClick>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly logger: Logger,
    private readonly options: ClickWriterOptions = { flushMs: 25, maxBatch: 500 },
  ) {}

  add(click: NewClick): void {
    this.pending.push(click);
    this.byId.set(click.id, click);
    if (this.pending.length >= this.options.maxBatch) void this.flush();
    else this.schedule(this.options.flushMs);
  }

  /** A click accepted by this process but perhaps not written yet. */
  find(id: string): NewClick | undefined {
    return this.byId.get(id);
  }

  /** Pending clicks from one address (the velocity and uniqueness checks add them to the database's). */
  pendingFromIp(ip: string): NewClick[] {
    if (this.byId.size === 0) return [];
    return [...this.byId.values()].filter((c) => c.ip === ip);
  }

  get size(): number {
    return this.byId.size;
  }

  flush(): Promise<void> {
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
    await this.flush();
    // A flush that started before close may have left rows after a failure; one last try.
    if (this.pending.length > 0) await this.flush();
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref?.();
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
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
        for (const click of batch) this.byId.delete(click.id);
      } catch (error) {
        this.logger.error({ err: error, clicks: batch.length }, 'click batch write failed; will retry');
        this.pending = batch.concat(this.pending);
        if (!this.closed) this.schedule(1000);
        return;
      }
    }
  }
}

import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { NewRow } from '../../db/schema.js';

export type NewClick = NewRow<'clicks'>;

export interface ClickWriterOptions {
  /** Longest a click waits in memory before it is written. */
  flushMs: number;
  /** A batch this large is written at once. */
  maxBatch: number;
}

const INSERT_CHUNK = 200;

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
          for (let i = 0; i < batch.length; i += INSERT_CHUNK) {
            await tx
              .insertInto('clicks')
              .values(batch.slice(i, i + INSERT_CHUNK))
              .execute();
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

import type { AppContext } from '../../context.js';
import { isDatabaseUnavailable } from '../../db/availability.js';
import { inTransaction } from '../../db/database.js';
import type { LeadRow } from './queries.js';
import { type PreparedLead, storeLeads } from './store-lead.js';

/** Leads written in one transaction at most; a bigger group is split. */
const MAX_BATCH = 200;

interface Waiting {
  lead: PreparedLead;
  resolve(row: LeadRow): void;
  reject(error: unknown): void;
}

/**
 * Group commit for lead intake: leads of one offer that arrive while that offer's previous write is
 * still running (or in the same event-loop turn) are written together in one transaction. A commit
 * costs more than the rows in it (every index page it touches is written, and PostgreSQL waits for its
 * log to reach the disk), and an offer's lead transactions run one at a time anyway (they hold the
 * offer's lock), so under load this multiplies throughput, while a lone lead waits only for the end of
 * the current turn. Each caller still gets its own outcome: a lead over the cap is refused on its own,
 * and if a batch fails as a whole (a repeated flow subid, a database error) its leads are written again
 * one by one, so one bad lead never sinks the others; with the database away, all are refused (503).
 */
export class LeadBatcher {
  private readonly waiting = new Map<number, Waiting[]>();
  /** Offers with a write in flight: their new leads wait for it and go in the next batch. */
  private readonly busy = new Set<number>();
  private scheduled = false;

  constructor(private readonly ctx: AppContext) {}

  store(lead: PreparedLead): Promise<LeadRow> {
    return new Promise<LeadRow>((resolve, reject) => {
      const offerId = lead.target.offer.id;
      const queue = this.waiting.get(offerId);
      if (queue) queue.push({ lead, resolve, reject });
      else this.waiting.set(offerId, [{ lead, resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushReady();
    });
  }

  private flushReady(): void {
    for (const [offerId, queue] of this.waiting) {
      if (this.busy.has(offerId)) continue;
      this.waiting.delete(offerId);
      this.busy.add(offerId);
      void this.writeAll(queue).finally(() => {
        this.busy.delete(offerId);
        if (this.waiting.has(offerId)) this.schedule();
      });
    }
  }

  private async writeAll(queue: Waiting[]): Promise<void> {
    for (let i = 0; i < queue.length; i += MAX_BATCH) await this.write(queue.slice(i, i + MAX_BATCH));
  }

  private async write(group: Waiting[]): Promise<void> {
    try {
      const outcomes = await inTransaction(this.ctx.db, (tx) =>
        storeLeads(
          tx,
          this.ctx,
          group.map((w) => w.lead),
        ),
      );
      outcomes.forEach((outcome, i) => {
        const waiting = group[i] as Waiting;
        if ('refused' in outcome) waiting.reject(outcome.refused);
        else waiting.resolve(outcome.lead);
      });
    } catch (error) {
      // With the database away, one by one would only fail the same way, once per lead.
      if (group.length === 1 || isDatabaseUnavailable(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      for (const waiting of group) await this.write([waiting]);
    }
  }
}

const batchers = new WeakMap<AppContext, LeadBatcher>();

/** The context's batcher (one per app process). */
export function leadBatcherOf(ctx: AppContext): LeadBatcher {
  let batcher = batchers.get(ctx);
  if (!batcher) {
    batcher = new LeadBatcher(ctx);
    batchers.set(ctx, batcher);
  }
  return batcher;
}

import type { AppContext } from '../../context.js';
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
 * Group commit for lead intake: leads that arrive in the same event-loop turn are written together,
 * one transaction per offer, instead of one each. A commit costs more than the rows in it (every index
 * page it touches is written), so under load this multiplies throughput, while a lone lead waits only
 * for the end of the current turn. Each caller still gets its own outcome: a lead over the cap is
 * refused on its own, and if a batch fails as a whole (a repeated flow subid, a database error) its
 * leads are written again one by one, so one bad lead never sinks the others.
 */
export class LeadBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly ctx: AppContext) {}

  store(lead: PreparedLead): Promise<LeadRow> {
    return new Promise<LeadRow>((resolve, reject) => {
      this.waiting.push({ lead, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.waiting;
    this.waiting = [];
    const byOffer = new Map<number, Waiting[]>();
    for (const waiting of batch) {
      const offerId = waiting.lead.target.offer.id;
      const group = byOffer.get(offerId) ?? [];
      if (group.length === 0) byOffer.set(offerId, group);
      group.push(waiting);
    }
    const groups: Waiting[][] = [];
    for (const group of byOffer.values()) {
      for (let i = 0; i < group.length; i += MAX_BATCH) groups.push(group.slice(i, i + MAX_BATCH));
    }
    await Promise.all(groups.map((group) => this.write(group)));
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
      if (group.length === 1) {
        group[0]?.reject(error);
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

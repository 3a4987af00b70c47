import type { AppContext } from '../../context.js';
import { GroupCommit } from '../../db/group-commit.js';
import type { LeadRow } from './queries.js';
import { type PreparedLead, storeLeads } from './store-lead.js';

/** Leads written in one transaction at most; more wait for the next group. */
const MAX_BATCH = 200;

/**
 * A group this large means leads queue behind the previous write: intake is saturated. A lone
 * visitor's lead is a group of 1; a burst of a few landing forms stays under it.
 */
export const BUSY_GROUP = 8;
/** How long one saturated group keeps intake counted busy (so the job worker yields; then catches up). */
export const BUSY_HOLD_MS = 1000;

/**
 * Group commit for lead intake, on the shared GroupCommit (db/group-commit.ts), one lane per offer:
 * leads of one offer that arrive while that offer's previous write is still running (or in the same
 * event-loop turn) are written together in one transaction, by one multi-row insert. An offer's lead
 * transactions run one at a time anyway (they hold the offer's lock), so under load this multiplies
 * throughput, while a lone lead waits only for the end of the current turn. Each caller still gets
 * its own outcome: a lead over the cap is refused on its own, and if a batch fails as a whole (a
 * repeated flow subid, a database error) its leads are written again one by one, so one bad lead
 * never sinks the others; with the database away, all are refused (503).
 */
export class LeadBatcher {
  private readonly groups: GroupCommit<PreparedLead, LeadRow>;
  /** performance.now() until which intake counts as saturated; process-local, like the groups. */
  private busyUntil = 0;

  constructor(ctx: AppContext) {
    this.groups = new GroupCommit<PreparedLead, LeadRow>(ctx.db, {
      maxGroup: MAX_BATCH,
      write: async (tx, leads) => {
        if (leads.length >= BUSY_GROUP) this.busyUntil = performance.now() + BUSY_HOLD_MS;
        return (await storeLeads(tx, ctx, leads)).map((outcome) =>
          'refused' in outcome ? { ok: false, error: outcome.refused } : { ok: true, value: outcome.lead },
        );
      },
    });
  }

  /** True while this process's intake is saturated (a group of BUSY_GROUP leads in the last BUSY_HOLD_MS). */
  busy(): boolean {
    return performance.now() < this.busyUntil;
  }

  /** Store one lead in its offer's next group; resolves after that group commits. */
  store(lead: PreparedLead): Promise<LeadRow> {
    return this.groups.submit(String(lead.target.offer.id), lead);
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

/**
 * The job worker's `yieldWhile` (main.ts): while this process takes leads as fast as it can, its
 * pushes run one at a time and give the core to intake. Per process: with N processes each yields to
 * its own intake only.
 */
export function leadIntakeBusy(ctx: AppContext): boolean {
  return leadBatcherOf(ctx).busy();
}

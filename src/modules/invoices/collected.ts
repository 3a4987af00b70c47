import type { AppContext } from '../../context.js';
import { type DayAmount, issuedInvoiceTotals, receivedTotals } from './queries.js';

/** What advertisers were invoiced and what they paid, each amount with its day (for exchange rates). */
export interface BilledAndReceived {
  /** Totals of sent, partly paid and paid invoices, by invoice date. */
  invoiced: DayAmount[];
  /** Payments recorded on invoices and prepayment top-ups, by the day they were received. */
  received: DayAmount[];
}

/**
 * For Finance's "Collect from advertisers": invoiced and received per advertiser, currency and day.
 * Top-ups count as received: they are the advertiser's money in hand, which their approvals then draw
 * down, so a prepaid advertiser in credit has a negative amount to collect.
 */
export async function billedAndReceived(ctx: AppContext): Promise<BilledAndReceived> {
  const [invoiced, received] = await Promise.all([issuedInvoiceTotals(ctx.db), receivedTotals(ctx.db)]);
  return { invoiced, received };
}

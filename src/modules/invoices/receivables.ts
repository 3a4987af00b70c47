import type { AppContext } from '../../context.js';
import { formatAmount, sumAmounts } from '../../lib/money.js';
import { DAY_MS, localDate } from '../../lib/time.js';
import { assertDay } from './days.js';
import { namesOf, outstandingOf } from './present.js';
import { openInvoices } from './queries.js';

export const AGEING_BUCKETS = ['days_0_30', 'days_31_60', 'days_61_90', 'days_90_plus'] as const;
type Bucket = (typeof AGEING_BUCKETS)[number];

export interface ReceivableView {
  advertiser_id: string;
  advertiser_name: string;
  currency: string;
  /** Sent and partly paid invoices. */
  open_invoices: number;
  outstanding: string;
  days_0_30: string;
  days_31_60: string;
  days_61_90: string;
  days_90_plus: string;
}

/** Days from the invoice date to `asOf`: 0–30, 31–60, 61–90, over 90. */
export function bucketOf(invoiceDate: string, asOf: string): Bucket {
  const age = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${invoiceDate}T00:00:00Z`)) / DAY_MS);
  if (age <= 30) return 'days_0_30';
  if (age <= 60) return 'days_31_60';
  if (age <= 90) return 'days_61_90';
  return 'days_90_plus';
}

/**
 * What each advertiser still owes on sent invoices, per currency (never added across currencies),
 * aged by the invoice date as of a day (today in `zone` by default).
 */
export async function receivables(
  ctx: AppContext,
  options: { advertiserId?: number; asOf?: string; zone: string },
): Promise<{ as_of: string; data: ReceivableView[] }> {
  if (options.asOf) assertDay(options.asOf, 'as_of');
  const asOf = options.asOf ?? localDate(ctx.clock.now().getTime(), options.zone);
  const rows = await openInvoices(ctx.db, options.advertiserId);
  const names = await namesOf(
    ctx.db,
    rows.map((r) => r.advertiser_id),
  );
  const groups = new Map<
    string,
    { advertiserId: number; currency: string; count: number; by: Record<Bucket, number[]> }
  >();
  for (const row of rows) {
    const key = `${row.advertiser_id}|${row.currency}`;
    const group = groups.get(key) ?? {
      advertiserId: row.advertiser_id,
      currency: row.currency,
      count: 0,
      by: { days_0_30: [], days_31_60: [], days_61_90: [], days_90_plus: [] },
    };
    group.count += 1;
    group.by[bucketOf(row.invoice_date, asOf)].push(outstandingOf(row));
    groups.set(key, group);
  }
  const data = [...groups.values()].map((g) => {
    const fmt = (values: number[]) => formatAmount(sumAmounts(values), g.currency);
    return {
      advertiser_id: String(g.advertiserId),
      advertiser_name: names.get(g.advertiserId) ?? '',
      currency: g.currency,
      open_invoices: g.count,
      outstanding: fmt(AGEING_BUCKETS.flatMap((b) => g.by[b])),
      days_0_30: fmt(g.by.days_0_30),
      days_31_60: fmt(g.by.days_31_60),
      days_61_90: fmt(g.by.days_61_90),
      days_90_plus: fmt(g.by.days_90_plus),
    };
  });
  return { as_of: asOf, data };
}

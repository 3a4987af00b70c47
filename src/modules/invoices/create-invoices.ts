import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { lockKey } from '../../db/dialect.js';
import type { NewRow } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { sumAmounts } from '../../lib/money.js';
import { addDays, DAY_MS, localDate, localDayRange } from '../../lib/time.js';
import { assertDay } from './days.js';
import { NothingToInvoiceError } from './errors.js';
import { type InvoiceView, presentInvoice } from './present.js';
import {
  claimEntries,
  conversionDetails,
  insertInvoice,
  insertLines,
  invoicedConversions,
  nextInvoiceSeq,
  type ReceivableEntry,
  unclaimedReceivables,
} from './queries.js';

export interface CreateInvoicesInput {
  advertiserId: number;
  /** Local days of `zone`, both included. */
  from: string;
  to: string;
  zone: string;
  dueDays: number;
  notes: string;
}

export function invoiceNumber(seq: number): string {
  return `INV-${String(seq).padStart(6, '0')}`;
}

interface ConversionSum {
  conversionId: string;
  entries: ReceivableEntry[];
}

/** Entries grouped per currency, then per conversion, in posting order. */
function groupEntries(entries: readonly ReceivableEntry[]): Map<string, Map<string, ConversionSum>> {
  const byCurrency = new Map<string, Map<string, ConversionSum>>();
  for (const entry of entries) {
    const conversions = byCurrency.get(entry.currency) ?? new Map<string, ConversionSum>();
    const sum = conversions.get(entry.conversionId) ?? { conversionId: entry.conversionId, entries: [] };
    sum.entries.push(entry);
    conversions.set(entry.conversionId, sum);
    byCurrency.set(entry.currency, conversions);
  }
  return byCurrency;
}

/**
 * Invoice an advertiser for a period of local days: one invoice per currency of the approved money
 * posted in it less its reversals, plus adjustment lines for conversions an earlier invoice carried
 * whose receivable changed since. Each ledger entry is claimed by exactly one live invoice, so an
 * issued invoice never changes and a later status change lands on the next one.
 */
export async function createInvoices(ctx: AppContext, input: CreateInvoicesInput): Promise<InvoiceView[]> {
  assertDay(input.from, 'from');
  assertDay(input.to, 'to');
  if (input.from > input.to) throw new ValidationError('from must not be after to', 'from', 'range_reversed');
  if (Date.parse(input.to) - Date.parse(input.from) > 366 * DAY_MS) {
    throw new ValidationError('a period is at most 366 days', 'to', 'range_too_long');
  }
  const advertiser = await ctx.db
    .selectFrom('advertisers')
    .select(['id', 'name'])
    .where('id', '=', input.advertiserId)
    .executeTakeFirst();
  if (!advertiser) throw new NotFoundError('advertiser');
  const ids = await inTransaction(ctx.db, (tx) => writeInvoices(ctx, tx, input));
  return Promise.all(ids.map((id) => presentInvoice(ctx, id)));
}

async function writeInvoices(ctx: AppContext, tx: Tx, input: CreateInvoicesInput): Promise<string[]> {
  // Two invoice runs for one advertiser at once: the second waits and sees the first one's claims.
  await lockKey(tx, `invoices:advertiser:${input.advertiserId}`);
  const range = localDayRange(input.from, input.to, input.zone);
  const entries = await unclaimedReceivables(tx, { advertiserId: input.advertiserId, ...range });
  const conversionIds = [...new Set(entries.map((e) => e.conversionId))];
  const [earlier, details] = await Promise.all([
    invoicedConversions(tx, conversionIds),
    conversionDetails(tx, conversionIds),
  ]);
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const invoiceDate = localDate(now.getTime(), input.zone);
  const written: string[] = [];
  const byCurrency = groupEntries(entries);
  for (const currency of [...byCurrency.keys()].sort()) {
    const sums = [...(byCurrency.get(currency)?.values() ?? [])];
    const lines = sums
      .map((s) => ({ ...s, amount: sumAmounts(s.entries.map((e) => e.amount)) }))
      .filter((s) => s.amount !== 0);
    if (lines.length === 0) continue;
    const seq = await nextInvoiceSeq(tx);
    const invoiceId = newId(now.getTime());
    await insertInvoice(tx, {
      id: invoiceId,
      seq,
      number: invoiceNumber(seq),
      advertiser_id: input.advertiserId,
      currency,
      period_from: input.from,
      period_to: input.to,
      time_zone: input.zone,
      status: 'draft',
      invoice_date: invoiceDate,
      due_date: addDays(invoiceDate, input.dueDays),
      total: sumAmounts(lines.map((l) => l.amount)),
      paid: 0,
      notes: input.notes,
      created_at: iso,
      sent_at: null,
      voided_at: null,
      updated_at: iso,
    });
    const rows: NewRow<'invoice_lines'>[] = lines.map((line) => {
      const c = details.get(line.conversionId);
      return {
        id: newId(now.getTime()),
        invoice_id: invoiceId,
        kind: earlier.has(line.conversionId) ? 'adjustment' : 'conversion',
        conversion_id: line.conversionId,
        lead_id: c?.lead_id ?? '',
        offer_id: c?.offer_id ?? 0,
        offer_name: c?.offer_name ?? '',
        goal: c?.goal ?? null,
        status: c?.status ?? '',
        posted_at: line.entries[0]?.createdAt ?? iso,
        amount: line.amount,
      };
    });
    await insertLines(tx, rows);
    // Zero-sum conversions (approved and reversed within the period) are claimed too, without a line.
    await claimEntries(
      tx,
      invoiceId,
      sums.flatMap((s) => s.entries.map((e) => e.id)),
    );
    written.push(invoiceId);
  }
  if (written.length === 0) throw new NothingToInvoiceError();
  return written;
}

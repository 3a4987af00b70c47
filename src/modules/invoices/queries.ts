import type { DbOrTx } from '../../db/database.js';
import { writeDeferred } from '../../db/deferred-rows.js';
import { forUpdate } from '../../db/dialect.js';
import type { InvoiceStatus, NewRow, Row, RowUpdate } from '../../db/schema.js';
import { toSafeNumber } from '../../lib/money.js';

/** The invoices module owns invoices, their lines, claims, payments, billing settings and top-ups. */
export type InvoiceRow = Row<'invoices'>;
export type InvoiceLineRow = Row<'invoice_lines'>;
export type PaymentRow = Row<'invoice_payments'>;
export type BillingRow = Row<'advertiser_billing'>;
export type TopupRow = Row<'advertiser_topups'>;

/** The next invoice number, taken under the counter row's lock: a rolled-back invoice gives it back. */
export async function nextInvoiceSeq(tx: DbOrTx): Promise<number> {
  const row = await tx
    .updateTable('invoice_counters')
    .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('name', '=', 'invoice')
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export interface ReceivableEntry {
  id: string;
  conversionId: string;
  currency: string;
  amount: number;
  createdAt: string;
}

/**
 * advertiser_receivable entries (read only: the ledger owns them) an invoice ending at `end` takes:
 * not claimed by an invoice yet, and either posted in [start, end) or of a conversion already on an
 * earlier invoice (a later change to it: an adjustment).
 */
export async function unclaimedReceivables(
  db: DbOrTx,
  filter: { advertiserId: number; start: string; end: string },
): Promise<ReceivableEntry[]> {
  await writeDeferred(db, 'ledger_entries'); // a commit group's entries not written yet (db/deferred-rows.ts)
  const rows = await db
    .selectFrom('ledger_entries as e')
    .select(['e.id', 'e.conversion_id', 'e.currency', 'e.amount', 'e.created_at'])
    .where('e.account', '=', 'advertiser_receivable')
    .where('e.party', '=', filter.advertiserId)
    .where('e.conversion_id', 'is not', null)
    .where('e.created_at', '<', filter.end)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('invoice_entries as ie')
            .select('ie.invoice_id')
            .whereRef('ie.ledger_entry_id', '=', 'e.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.or([
        eb('e.created_at', '>=', filter.start),
        eb.exists(
          eb
            .selectFrom('invoice_lines as l')
            .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
            .select('l.id')
            .whereRef('l.conversion_id', '=', 'e.conversion_id')
            .where('i.status', '!=', 'void'),
        ),
      ]),
    )
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    conversionId: r.conversion_id as string,
    currency: r.currency,
    amount: toSafeNumber(r.amount),
    createdAt: r.created_at,
  }));
}

/** Conversions already on a live (not void) invoice, of those asked about. */
export async function invoicedConversions(
  db: DbOrTx,
  conversionIds: readonly string[],
): Promise<Set<string>> {
  if (conversionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select('l.conversion_id')
    .where('l.conversion_id', 'in', conversionIds)
    .where('i.status', '!=', 'void')
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.conversion_id));
}

/** What a line shows about each conversion: its lead, offer, goal and status now. */
export async function conversionDetails(db: DbOrTx, conversionIds: readonly string[]) {
  if (conversionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversions as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select(['c.id', 'c.lead_id', 'c.offer_id', 'o.name as offer_name', 'c.goal', 'c.status'])
    .where('c.id', 'in', conversionIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertInvoice(tx: DbOrTx, row: NewRow<'invoices'>): Promise<InvoiceRow> {
  return tx.insertInto('invoices').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertLines(tx: DbOrTx, rows: NewRow<'invoice_lines'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('invoice_lines')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function claimEntries(
  tx: DbOrTx,
  invoiceId: string,
  entryIds: readonly string[],
): Promise<void> {
  const rows = entryIds.map((id) => ({ ledger_entry_id: id, invoice_id: invoiceId }));
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('invoice_entries')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function releaseEntries(tx: DbOrTx, invoiceId: string): Promise<void> {
  await tx.deleteFrom('invoice_entries').where('invoice_id', '=', invoiceId).execute();
}

export function findInvoice(db: DbOrTx, id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockInvoice(tx: DbOrTx, id: string): Promise<InvoiceRow | undefined> {
  return forUpdate(tx, tx.selectFrom('invoices').selectAll().where('id', '=', id)).executeTakeFirst();
}

export async function updateInvoiceRow(
  tx: DbOrTx,
  id: string,
  changes: RowUpdate<'invoices'>,
): Promise<InvoiceRow> {
  return tx
    .updateTable('invoices')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function linesOf(db: DbOrTx, invoiceId: string): Promise<InvoiceLineRow[]> {
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('kind')
    .orderBy('posted_at')
    .orderBy('id')
    .execute();
}

export function paymentsOf(db: DbOrTx, invoiceId: string): Promise<PaymentRow[]> {
  return db
    .selectFrom('invoice_payments')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
}

export async function insertPayment(tx: DbOrTx, row: NewRow<'invoice_payments'>): Promise<PaymentRow> {
  return tx.insertInto('invoice_payments').values(row).returningAll().executeTakeFirstOrThrow();
}

export interface InvoiceFilter {
  advertiserId?: number;
  status?: InvoiceStatus;
  currency?: string;
}

export async function listInvoiceRows(db: DbOrTx, filter: InvoiceFilter, limit: number, offset: number) {
  let query = db.selectFrom('invoices');
  if (filter.advertiserId !== undefined) query = query.where('advertiser_id', '=', filter.advertiserId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.currency) query = query.where('currency', '=', filter.currency);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Invoices with money still to collect (sent or partly paid), for outstanding and ageing. */
export function openInvoices(db: DbOrTx, advertiserId?: number): Promise<InvoiceRow[]> {
  let query = db.selectFrom('invoices').selectAll().where('status', 'in', ['sent', 'partly_paid']);
  if (advertiserId !== undefined) query = query.where('advertiser_id', '=', advertiserId);
  return query.orderBy('seq').execute();
}

export function advertiserNames(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: number; name: string }[]);
  return db.selectFrom('advertisers').select(['id', 'name']).where('id', 'in', ids).execute();
}

export function findBilling(db: DbOrTx, advertiserId: number): Promise<BillingRow | undefined> {
  return db
    .selectFrom('advertiser_billing')
    .selectAll()
    .where('advertiser_id', '=', advertiserId)
    .executeTakeFirst();
}

export async function upsertBilling(db: DbOrTx, row: NewRow<'advertiser_billing'>): Promise<BillingRow> {
  const { advertiser_id, ...changes } = row;
  return db
    .insertInto('advertiser_billing')
    .values(row)
    .onConflict((oc) => oc.column('advertiser_id').doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertTopup(tx: DbOrTx, row: NewRow<'advertiser_topups'>): Promise<TopupRow> {
  return tx.insertInto('advertiser_topups').values(row).returningAll().executeTakeFirstOrThrow();
}

export function topupsOf(db: DbOrTx, advertiserId: number): Promise<TopupRow[]> {
  return db
    .selectFrom('advertiser_topups')
    .selectAll()
    .where('advertiser_id', '=', advertiserId)
    .orderBy('id', 'desc')
    .execute();
}

/** Per currency: top-ups received, and approved money drawn (receivable posted since `since`). */
export async function prepaidSums(db: DbOrTx, advertiserId: number, since: string, currency?: string) {
  await writeDeferred(db, 'ledger_entries'); // a commit group's entries not written yet (db/deferred-rows.ts)
  let topups = db
    .selectFrom('advertiser_topups')
    .select(['currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('advertiser_id', '=', advertiserId)
    .groupBy('currency');
  let drawn = db
    .selectFrom('ledger_entries')
    .select(['currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('account', '=', 'advertiser_receivable')
    .where('party', '=', advertiserId)
    .where('created_at', '>=', since)
    .groupBy('currency');
  if (currency) {
    topups = topups.where('currency', '=', currency);
    drawn = drawn.where('currency', '=', currency);
  }
  const [t, d] = await Promise.all([topups.execute(), drawn.execute()]);
  const sums = new Map<string, { topups: number; drawn: number }>();
  for (const r of t) sums.set(r.currency, { topups: toSafeNumber(r.total), drawn: 0 });
  for (const r of d) {
    const entry = sums.get(r.currency) ?? { topups: 0, drawn: 0 };
    entry.drawn = toSafeNumber(r.total);
    sums.set(r.currency, entry);
  }
  return sums;
}

/** Pause the advertiser's active offers in a currency, remembering which ones this did. */
export async function pauseOffersAtZero(tx: DbOrTx, advertiserId: number, currency: string, iso: string) {
  const offers = await tx
    .selectFrom('offers')
    .select(['id', 'name'])
    .where('advertiser_id', '=', advertiserId)
    .where('currency', '=', currency)
    .where('status', '=', 'active')
    .execute();
  if (offers.length === 0) return offers;
  const ids = offers.map((o) => o.id);
  await tx.updateTable('offers').set({ status: 'paused', updated_at: iso }).where('id', 'in', ids).execute();
  await tx
    .insertInto('prepayment_paused_offers')
    .values(ids.map((id) => ({ offer_id: id, advertiser_id: advertiserId, currency, paused_at: iso })))
    .onConflict((oc) => oc.column('offer_id').doUpdateSet({ paused_at: iso }))
    .execute();
  return offers;
}

/** Resume the offers a zero balance paused (those still paused), and forget them. */
export async function resumePausedOffers(tx: DbOrTx, advertiserId: number, currency: string, iso: string) {
  const paused = await tx
    .selectFrom('prepayment_paused_offers')
    .select('offer_id')
    .where('advertiser_id', '=', advertiserId)
    .where('currency', '=', currency)
    .execute();
  const ids = paused.map((p) => p.offer_id);
  if (ids.length === 0) return [];
  const resumed = await tx
    .updateTable('offers')
    .set({ status: 'active', updated_at: iso })
    .where('id', 'in', ids)
    .where('status', '=', 'paused')
    .returning(['id', 'name'])
    .execute();
  await tx.deleteFrom('prepayment_paused_offers').where('offer_id', 'in', ids).execute();
  return resumed;
}

export async function insertNotification(
  tx: DbOrTx,
  row: {
    id: string;
    title: string;
    message: string;
    /** What title and message say (messages.notification.<code> on the web), and the values they name. */
    code: string;
    params: Record<string, string | number>;
    details: Record<string, unknown>;
    at: string;
  },
): Promise<void> {
  await tx
    .insertInto('admin_notifications')
    .values({
      id: row.id,
      rule_id: null,
      run_id: null,
      title: row.title,
      message: row.message,
      code: row.code,
      params: JSON.stringify(row.params),
      details: JSON.stringify(row.details),
      read_at: null,
      created_at: row.at,
    })
    .execute();
}

/** Sums of one advertiser and currency on one day. */
export interface DayAmount {
  advertiserId: number;
  currency: string;
  day: string;
  amount: number;
}

const toDayAmounts = (
  rows: { advertiser_id: number; currency: string; day: string; total: number | string | null }[],
) =>
  rows.map((r) => ({
    advertiserId: Number(r.advertiser_id),
    currency: r.currency,
    day: r.day,
    amount: toSafeNumber(r.total),
  }));

/** Totals of issued invoices (sent, partly paid, paid; a credit note's is negative) per invoice date. */
export async function issuedInvoiceTotals(db: DbOrTx): Promise<DayAmount[]> {
  const rows = await db
    .selectFrom('invoices')
    .select([
      'advertiser_id',
      'currency',
      'invoice_date as day',
      (eb) => eb.fn.sum<number | string>('total').as('total'),
    ])
    .where('status', 'in', ['sent', 'partly_paid', 'paid'])
    .groupBy(['advertiser_id', 'currency', 'invoice_date'])
    .execute();
  return toDayAmounts(rows);
}

/** Money received from advertisers per day it arrived: payments on invoices, and prepayment top-ups. */
export async function receivedTotals(db: DbOrTx): Promise<DayAmount[]> {
  const [payments, topups] = await Promise.all([
    db
      .selectFrom('invoice_payments')
      .innerJoin('invoices', 'invoices.id', 'invoice_payments.invoice_id')
      .select([
        'invoices.advertiser_id',
        'invoice_payments.currency',
        'invoice_payments.received_on as day',
        (eb) => eb.fn.sum<number | string>('invoice_payments.amount').as('total'),
      ])
      .groupBy(['invoices.advertiser_id', 'invoice_payments.currency', 'invoice_payments.received_on'])
      .execute(),
    db
      .selectFrom('advertiser_topups')
      .select([
        'advertiser_id',
        'currency',
        'received_on as day',
        (eb) => eb.fn.sum<number | string>('amount').as('total'),
      ])
      .groupBy(['advertiser_id', 'currency', 'received_on'])
      .execute(),
  ]);
  return [...toDayAmounts(payments), ...toDayAmounts(topups)];
}

import type { DbOrTx } from '../../db/database.js';
import type { NewRow, PayoutStatus, Row } from '../../db/schema.js';
import { byText, byValue, orderList, pickSorts, type SortColumns, type SortRequest } from '../../db/sort.js';
import { toSafeNumber } from '../../lib/money.js';
import type { PayoutSort } from './schemas.js';

/** The payouts module owns payouts and publisher_payout_methods. */
export type PayoutRow = Row<'payouts'>;

export async function insertPayout(db: DbOrTx, row: NewRow<'payouts'>): Promise<void> {
  await db.insertInto('payouts').values(row).execute();
}

export function findPayout(db: DbOrTx, id: string) {
  return db.selectFrom('payouts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function settlePayout(
  db: DbOrTx,
  id: string,
  changes: Pick<PayoutRow, 'status' | 'decided_at' | 'decided_by'> &
    Partial<Pick<PayoutRow, 'reference' | 'reason' | 'ledger_event_id'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('payouts')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ReservedAmount {
  publisherId: number;
  currency: string;
  amount: number;
}

/** Amounts held by requests not yet paid or rejected, per publisher and currency. */
export async function reservedAmounts(
  db: DbOrTx,
  filter: { publisherId?: number; currency?: string } = {},
): Promise<ReservedAmount[]> {
  let query = db
    .selectFrom('payouts')
    .select(['publisher_id', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('status', '=', 'requested')
    .groupBy(['publisher_id', 'currency']);
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  if (filter.currency) query = query.where('currency', '=', filter.currency);
  const rows = await query.execute();
  return rows.map((r) => ({
    publisherId: r.publisher_id,
    currency: r.currency,
    amount: toSafeNumber(r.total),
  }));
}

/** Paid out per publisher and currency (the payouts' own record; the ledger holds the same sums). */
export async function paidAmounts(db: DbOrTx, publisherId?: number): Promise<ReservedAmount[]> {
  let query = db
    .selectFrom('payouts')
    .select(['publisher_id', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('status', '=', 'paid')
    .groupBy(['publisher_id', 'currency']);
  if (publisherId !== undefined) query = query.where('publisher_id', '=', publisherId);
  const rows = await query.execute();
  return rows.map((r) => ({
    publisherId: r.publisher_id,
    currency: r.currency,
    amount: toSafeNumber(r.total),
  }));
}

export interface PayoutFilter {
  status?: PayoutStatus;
  publisherId?: number;
}

// Amounts compare as stored minor units: a list mixing currencies is not converted to sort.
const PAYOUT_SORT_COLUMNS: SortColumns<PayoutSort> = {
  created_at: byValue('created_at'),
  id: byValue('id'),
  publisher_id: byValue('publisher_id'),
  amount: byValue('amount'),
  currency: byText('currency'),
  method: byText('method'),
  destination: byText('destination'),
  source: byText('source'),
  status: byText('status'),
  decided_at: byValue('decided_at', { nullable: true }),
};

/** `sort.sortable`: the names this endpoint offers (every one unless told). */
export async function listPayoutRows(
  db: DbOrTx,
  filter: PayoutFilter,
  sort: SortRequest & { sortable?: readonly PayoutSort[] },
  limit: number,
  offset: number,
) {
  const columns = sort.sortable ? pickSorts(PAYOUT_SORT_COLUMNS, sort.sortable) : PAYOUT_SORT_COLUMNS;
  let query = db.selectFrom('payouts');
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  const [rows, count] = await Promise.all([
    orderList(db, query.selectAll(), sort, columns).limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findPayoutMethod(db: DbOrTx, publisherId: number) {
  return db
    .selectFrom('publisher_payout_methods')
    .selectAll()
    .where('publisher_id', '=', publisherId)
    .executeTakeFirst();
}

export async function savePayoutMethod(db: DbOrTx, row: Row<'publisher_payout_methods'>): Promise<void> {
  await db
    .insertInto('publisher_payout_methods')
    .values(row)
    .onConflict((oc) =>
      oc.column('publisher_id').doUpdateSet({
        method: row.method,
        destination: row.destination,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export function publisherStatus(db: DbOrTx, publisherId: number) {
  return db
    .selectFrom('publishers')
    .select(['id', 'status', 'payout_minimum'])
    .where('id', '=', publisherId)
    .executeTakeFirst();
}

/** Publishers with their own payout minimum (the rest take PAYOUT_MINIMUM). */
export async function publisherMinimums(db: DbOrTx): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('publishers')
    .select(['id', 'payout_minimum'])
    .where('payout_minimum', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.payout_minimum as string]));
}

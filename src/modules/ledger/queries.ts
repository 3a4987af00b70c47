import { compiledStatement } from '../../db/compiled-query.js';
import { insertRows } from '../../db/compiled-writes.js';
import type { DbOrTx } from '../../db/database.js';
import { insertLast, unwrittenRows, writeDeferred } from '../../db/deferred-rows.js';
import type { NewRow, Row } from '../../db/schema.js';
import { sumAmounts, toSafeNumber } from '../../lib/money.js';
import type { Account, Posting } from './postings.js';

/** The ledger module owns ledger_entries: rows are inserted, never updated or deleted. */
export type LedgerEntryRow = Row<'ledger_entries'>;

export async function insertEntries(db: DbOrTx, rows: NewRow<'ledger_entries'>[]): Promise<void> {
  await insertRows(db, 'ledger_entries', rows);
}

/**
 * A conversion's entries, written last in the transaction: in a commit group, with the group's
 * other entries in multi-row inserts before its commit (db/deferred-rows.ts). Every read of the
 * ledger inside such a transaction counts them: `positionOf` and `approvedBalanceOf` add the rows not
 * written yet, any other reader calls `writeDeferred(db, 'ledger_entries')` first.
 */
export async function insertEntriesLast(db: DbOrTx, rows: NewRow<'ledger_entries'>[]): Promise<void> {
  await insertLast(db, 'ledger_entries', rows);
}

/** The entries of `db`'s transaction not written yet (deferred) that `keep` selects. */
export function unwrittenEntries(
  db: DbOrTx,
  keep: (row: NewRow<'ledger_entries'>) => boolean,
): NewRow<'ledger_entries'>[] {
  return unwrittenRows(db, 'ledger_entries').filter(keep);
}

/** Sums of amount per account, party and currency, over the ledger (callers narrow it with where). */
function sumsByAccount(db: DbOrTx) {
  return db
    .selectFrom('ledger_entries')
    .select(['account', 'party', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .groupBy(['account', 'party', 'currency']);
}

const conversionPosition = compiledStatement((db, p: { conversionId: string }) =>
  sumsByAccount(db).where('conversion_id', '=', p.conversionId).orderBy('account').orderBy('currency'),
);

/** What is on the ledger for one conversion now, per account, party and currency. */
export async function positionOf(db: DbOrTx, conversionId: string): Promise<Posting[]> {
  const rows = await conversionPosition.execute(db, { conversionId });
  const written = rows.map((r) => ({
    account: r.account as Account,
    party: r.party,
    currency: r.currency,
    amount: toSafeNumber(r.total),
  }));
  const unwritten = unwrittenEntries(db, (e) => e.conversion_id === conversionId);
  if (unwritten.length === 0) return written;
  // Entries of this transaction not written yet (a commit group's): summed in, in the same order.
  const byKey = new Map(written.map((p) => [`${p.account}|${p.party ?? ''}|${p.currency}`, p]));
  for (const e of unwritten) {
    const key = `${e.account}|${e.party ?? ''}|${e.currency}`;
    const found = byKey.get(key);
    if (found) found.amount = sumAmounts([found.amount, e.amount]);
    else
      byKey.set(key, {
        account: e.account as Account,
        party: e.party ?? null,
        currency: e.currency,
        amount: toSafeNumber(e.amount),
      });
  }
  return [...byKey.values()].sort((a, b) =>
    a.account === b.account ? compareText(a.currency, b.currency) : compareText(a.account, b.account),
  );
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface AccountTotal {
  account: Account;
  party: number | null;
  currency: string;
  total: number;
}

/** Sums per account, party and currency over the whole ledger. */
export async function accountTotals(db: DbOrTx, accounts: readonly Account[]): Promise<AccountTotal[]> {
  await writeDeferred(db, 'ledger_entries'); // a commit group's entries not written yet (db/deferred-rows.ts)
  const rows = await sumsByAccount(db)
    .where('account', 'in', accounts)
    .orderBy('party')
    .orderBy('currency')
    .execute();
  return rows.map((r) => ({
    account: r.account as Account,
    party: r.party,
    currency: r.currency,
    total: toSafeNumber(r.total),
  }));
}

export interface EntryFilter {
  conversionId?: string;
  payoutId?: string;
  eventId?: string;
  account?: string;
  party?: number;
}

export async function listEntryRows(db: DbOrTx, filter: EntryFilter, limit: number, offset: number) {
  let query = db.selectFrom('ledger_entries');
  if (filter.conversionId) query = query.where('conversion_id', '=', filter.conversionId);
  if (filter.payoutId) query = query.where('payout_id', '=', filter.payoutId);
  if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
  if (filter.account) query = query.where('account', '=', filter.account);
  if (filter.party !== undefined) query = query.where('party', '=', filter.party);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

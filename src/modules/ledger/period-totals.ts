import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { toSafeNumber } from '../../lib/money.js';
import type { Account } from './postings.js';

export interface DayTotal {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  account: Account;
  currency: string;
  total: number;
}

/**
 * Sums of conversion entries posted in [start, end) per UTC day, account and currency. Reversals land
 * on the day they were written, so a period's figures are what changed in it. Payout entries are left
 * out: they move money already earned.
 */
export async function conversionTotalsByDay(
  db: DbOrTx,
  range: { start: string; end: string; accounts: readonly Account[] },
): Promise<DayTotal[]> {
  const day = sql<string>`substr(${sql.ref('created_at')}, 1, 10)`;
  const rows = await db
    .selectFrom('ledger_entries')
    .select([day.as('day'), 'account', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('conversion_id', 'is not', null)
    .where('account', 'in', range.accounts)
    .where('created_at', '>=', range.start)
    .where('created_at', '<', range.end)
    .groupBy([day, 'account', 'currency'])
    .orderBy('day')
    .execute();
  return rows.map((r) => ({
    day: r.day,
    account: r.account as Account,
    currency: r.currency,
    total: toSafeNumber(r.total),
  }));
}

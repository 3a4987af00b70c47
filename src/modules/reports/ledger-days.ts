import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { toSafeNumber } from '../../lib/money.js';
import type { RatedTotal } from '../ledger/period-totals.js';
import type { Account } from '../ledger/postings.js';

/**
 * Conversion entries posted in [start, end), summed per local day of `zone`, account and currency —
 * the dashboard's money, reversals on the day they were written. With `byRate`, each sum is further
 * split by the exchange-rate day (the conversion's UTC day) and its recorded rate, so a report in
 * another currency converts each part at its own rate.
 *
 * @TODO These are ledger/period-totals.ts's conversionTotalsByDay and ratedTotals with a local day;
 * fold a zone option into them once the ledger work under way elsewhere has landed.
 */
export async function ledgerMoneyByLocalDay(
  db: DbOrTx,
  filter: { start: string; end: string; zone: string; accounts: readonly Account[]; byRate: boolean },
): Promise<RatedTotal[]> {
  const range = { start: filter.start, end: filter.end };
  const day = localDay(dialectOf(db), 'e.created_at', filter.zone, range);
  const asOf = sql<string>`substr(${sql.ref('c.created_at')}, 1, 10)`;
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('conversions as c', 'c.id', 'e.conversion_id')
    .select([
      day.as('day'),
      'e.account',
      'e.currency',
      (eb) => eb.fn.sum<number | string>('e.amount').as('total'),
    ])
    .where('e.account', 'in', filter.accounts)
    .where('e.created_at', '>=', filter.start)
    .where('e.created_at', '<', filter.end)
    .groupBy([day, 'e.account', 'e.currency'])
    .$if(filter.byRate, (q) => q.select([asOf.as('as_of'), 'c.rate']).groupBy([asOf, 'c.rate']))
    .execute();
  return rows.map((r) => {
    const rated = r as typeof r & { as_of?: string; rate?: string | null };
    return {
      day: r.day,
      account: r.account as Account,
      party: null,
      currency: r.currency,
      asOf: rated.as_of ?? r.day,
      rate: rated.rate ?? null,
      total: toSafeNumber(r.total),
    };
  });
}

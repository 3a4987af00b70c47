import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { toSafeNumber } from '../../lib/money.js';
import type { Account } from './postings.js';

export interface DayTotal {
  /** Local day of the queried zone, YYYY-MM-DD. */
  day: string;
  account: Account;
  currency: string;
  total: number;
}

/**
 * Conversion entries posted in [start, end), summed per local day of `zone`, account and currency —
 * the dashboard's money, reversals on the day they were written. With `byRate`, each sum is further
 * split by the exchange-rate day (the conversion's UTC day) and its recorded rate, so a report in
 * another currency converts each part at its own rate.
 * Payout entries are left out: they move money already earned.
 */
export async function conversionTotalsByLocalDay(
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

export interface PartyTotal {
  account: Account;
  party: number | null;
  currency: string;
  total: number;
}

/** Sums per account, party and currency of entries posted in [start, end) (the whole ledger without a range). */
export async function partyTotals(
  db: DbOrTx,
  filter: { accounts: readonly Account[]; start?: string; end?: string; party?: number },
): Promise<PartyTotal[]> {
  let query = db
    .selectFrom('ledger_entries')
    .select(['account', 'party', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('account', 'in', filter.accounts)
    .groupBy(['account', 'party', 'currency'])
    .orderBy('party')
    .orderBy('currency');
  if (filter.start) query = query.where('created_at', '>=', filter.start);
  if (filter.end) query = query.where('created_at', '<', filter.end);
  if (filter.party !== undefined) query = query.where('party', '=', filter.party);
  const rows = await query.execute();
  return rows.map((r) => ({
    account: r.account as Account,
    party: r.party,
    currency: r.currency,
    total: toSafeNumber(r.total),
  }));
}

export interface ConversionMovement {
  advertiserId: number;
  currency: string;
  /** Conversions whose receivable rose over the range (approved in it, or re-posted higher). */
  added: number;
  /**
   * Conversions whose receivable fell in the range: cancelled, charged back or refunded (after payout
   * too), re-posted lower. One approved and reversed within the same range counts here (its net
   * movement is zero, which once hid it from both columns).
   */
  reversed: number;
}

/** Per advertiser and currency, how many conversions moved their receivable up or down in [start, end). */
export async function receivableMovements(
  db: DbOrTx,
  range: { start?: string; end?: string },
): Promise<ConversionMovement[]> {
  const inRange = range.start ? sql`${sql.ref('created_at')} >= ${range.start}` : sql`1 = 1`;
  let perConversion = db
    .selectFrom('ledger_entries')
    .select([
      'conversion_id',
      'party',
      'currency',
      sql<number>`sum(case when ${inRange} then amount else 0 end)`.as('net'),
      sql<number>`max(case when ${inRange} and amount < 0 then 1 else 0 end)`.as('debited'),
      // The conversion's receivable at the end of the range: 0 once it is no longer approved.
      (eb) => eb.fn.sum<number | string>('amount').as('position'),
    ])
    .where('account', '=', 'advertiser_receivable')
    .where('conversion_id', 'is not', null)
    .groupBy(['conversion_id', 'party', 'currency']);
  if (range.end) perConversion = perConversion.where('created_at', '<', range.end);
  const rows = await db
    .selectFrom(perConversion.as('m'))
    .select([
      'm.party',
      'm.currency',
      sql<number>`sum(case when m.net > 0 then 1 else 0 end)`.as('added'),
      sql<number>`sum(case when m.debited = 1 and (m.net < 0 or m.position = 0) then 1 else 0 end)`.as(
        'reversed',
      ),
    ])
    .groupBy(['m.party', 'm.currency'])
    .execute();
  return rows
    .map((r) => ({
      advertiserId: Number(r.party),
      currency: r.currency,
      added: Number(r.added),
      reversed: Number(r.reversed),
    }))
    .filter((m) => m.added > 0 || m.reversed > 0);
}

export interface RatedTotal {
  /** UTC day the entries were posted. */
  day: string;
  account: Account;
  party: number | null;
  currency: string;
  /** The day whose exchange rates apply: the conversion's creation day (the entry's day for payouts). */
  asOf: string;
  /** The rate recorded on the conversion, when there is one. */
  rate: string | null;
  total: number;
}

/**
 * Sums like conversionTotalsByLocalDay and partyTotals, further split by the exchange-rate day and the
 * conversion's recorded rate, so a report in another currency converts each part at its own rate.
 */
export async function ratedTotals(
  db: DbOrTx,
  filter: { accounts: readonly Account[]; start?: string; end?: string; conversionsOnly?: boolean },
): Promise<RatedTotal[]> {
  const day = sql<string>`substr(${sql.ref('e.created_at')}, 1, 10)`;
  const asOf = sql<string>`coalesce(substr(${sql.ref('c.created_at')}, 1, 10), substr(${sql.ref('e.created_at')}, 1, 10))`;
  let query = db
    .selectFrom('ledger_entries as e')
    .leftJoin('conversions as c', 'c.id', 'e.conversion_id')
    .select([
      day.as('day'),
      'e.account',
      'e.party',
      'e.currency',
      asOf.as('as_of'),
      'c.rate',
      (eb) => eb.fn.sum<number | string>('e.amount').as('total'),
    ])
    .where('e.account', 'in', filter.accounts)
    .groupBy([day, 'e.account', 'e.party', 'e.currency', asOf, 'c.rate']);
  if (filter.conversionsOnly) query = query.where('e.conversion_id', 'is not', null);
  if (filter.start) query = query.where('e.created_at', '>=', filter.start);
  if (filter.end) query = query.where('e.created_at', '<', filter.end);
  const rows = await query.execute();
  return rows.map((r) => ({
    day: r.day,
    account: r.account as Account,
    party: r.party,
    currency: r.currency,
    asOf: r.as_of,
    rate: r.rate,
    total: toSafeNumber(r.total),
  }));
}

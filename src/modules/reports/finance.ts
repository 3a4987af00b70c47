import type { AppContext } from '../../context.js';
import { differenceOf, formatAmount, negateAmount, sumAmounts } from '../../lib/money.js';
import { type Converter, converterFor, convertRows, type MissingRate } from '../currency/rate-book.js';
import { billedAndReceived } from '../invoices/collected.js';
import type { DayAmount } from '../invoices/queries.js';
import {
  type ConversionMovement,
  type PartyTotal,
  partyTotals,
  ratedTotals,
  receivableMovements,
} from '../ledger/period-totals.js';
import type { Account } from '../ledger/postings.js';
import { payableBalances } from '../payouts/payable.js';
import { checkRange } from '../stats/publisher-stats.js';

type Sums = Partial<Record<Account, number>>;

/** Group party totals by (party, currency) into sums per account. */
function byPartyAndCurrency(
  totals: PartyTotal[],
): Map<string, { party: number | null; currency: string; sums: Sums }> {
  const groups = new Map<string, { party: number | null; currency: string; sums: Sums }>();
  for (const t of totals) {
    const key = `${t.party ?? ''}|${t.currency}`;
    const group = groups.get(key) ?? { party: t.party, currency: t.currency, sums: {} };
    group.sums[t.account] = sumAmounts([group.sums[t.account] ?? 0, t.total]);
    groups.set(key, group);
  }
  return groups;
}

async function namesOf(ctx: AppContext, table: 'advertisers' | 'publishers') {
  const rows = await ctx.db.selectFrom(table).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

type Accounts = readonly Account[];

/** Party totals in their own currencies, or converted into the report currency. */
function totalsIn(ctx: AppContext, converter: Converter | undefined) {
  return async (filter: { accounts: Accounts; start?: string; end?: string }): Promise<PartyTotal[]> =>
    converter ? convertRows(await ratedTotals(ctx.db, filter), converter) : partyTotals(ctx.db, filter);
}

/** Movements and payable balances of every currency counted under the report currency. */
function mergeCurrencies<T extends { currency: string }>(
  rows: T[],
  key: (row: T) => string,
  add: (into: T, row: T) => void,
  currency: string,
): T[] {
  const merged = new Map<string, T>();
  for (const row of rows) {
    const found = merged.get(key(row));
    if (found) add(found, row);
    else merged.set(key(row), { ...row, currency });
  }
  return [...merged.values()];
}

async function reportMovements(
  ctx: AppContext,
  range: { start?: string; end?: string },
  converter: Converter | undefined,
): Promise<ConversionMovement[]> {
  const movements = await receivableMovements(ctx.db, range);
  if (!converter) return movements;
  return mergeCurrencies(
    movements,
    (m) => String(m.advertiserId),
    (into, m) => {
      into.added += m.added;
      into.reversed += m.reversed;
    },
    converter.target,
  );
}

/** Payable balances, converted at today's rates in a report currency. */
async function reportPayable(ctx: AppContext, converter: Converter | undefined) {
  const now = ctx.clock.now();
  const balances = await payableBalances(ctx.db, { asOf: now });
  if (!converter) return balances;
  const today = now.toISOString().slice(0, 10);
  const converted = balances.flatMap((b) => {
    const convert = (amount: number) => converter.convert({ currency: b.currency, day: today, amount });
    const requested = convert(b.requested);
    const payable = convert(Math.max(b.payable, 0));
    return requested === null || payable === null ? [] : [{ ...b, requested, payable }];
  });
  return mergeCurrencies(
    converted,
    (b) => String(b.publisherId),
    (into, b) => {
      into.requested = sumAmounts([into.requested, b.requested]);
      into.payable = sumAmounts([into.payable, b.payable]);
    },
    converter.target,
  );
}

/**
 * Invoiced or received amounts summed per `advertiser|currency` (and per currency under the key
 * `|currency`), only the days `from`…`to` when given; in a report currency each day's sum is converted
 * at that day's rate (left out and listed when there is none).
 */
function sumByAdvertiser(
  rows: readonly DayAmount[],
  converter: Converter | undefined,
  days?: { from: string; to: string },
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) {
    if (days && (row.day < days.from || row.day > days.to)) continue;
    const amount = converter
      ? converter.convert({ currency: row.currency, day: row.day, amount: row.amount })
      : row.amount;
    if (amount === null) continue;
    const currency = converter?.target ?? row.currency;
    for (const key of [`${row.advertiserId}|${currency}`, `|${currency}`]) {
      sums.set(key, sumAmounts([sums.get(key) ?? 0, amount]));
    }
  }
  return sums;
}

/**
 * The Finance tab (seed 000). Cards per currency over the whole ledger: advertiser revenue (approved
 * advertiser payouts), owed to publishers (approved + pending balances, paid-out amounts taken off),
 * already paid, net profit (the network's margin). "Collect from advertisers": conversions and revenue
 * per advertiser for a date range (the whole ledger without one), with what was invoiced and received
 * (invoice payments and prepayment top-ups) on those days and what is left to collect. "Pay to publishers": each
 * publisher's approved, pending and paid balances, what open requests hold, and what is payable now.
 * With a report `currency` every amount is converted into it (conversions at their recorded rate or
 * the latest on or before their day, payouts at their day's, payable balances at today's); amounts
 * without a rate are left out and listed in `missing_rates`.
 */
export async function adminFinance(
  ctx: AppContext,
  query: { from?: string; to?: string; currency?: string; zone: string },
) {
  // from and to are local days of the zone; the cards and balances are the whole ledger.
  const range = query.from && query.to ? checkRange(query.from, query.to, query.zone) : undefined;
  const accounts: Account[] = [
    'advertiser_receivable',
    'advertiser_pending',
    'publisher_approved',
    'publisher_pending',
    'publisher_paid',
    'network_margin',
  ];
  const converter = query.currency ? await converterFor(ctx, query.currency) : undefined;
  const totals = totalsIn(ctx, converter);
  const [all, inRange, movements, payable, advertiserNames, publisherNames, billed] = await Promise.all([
    totals({ accounts }),
    range ? totals({ accounts: ['advertiser_receivable'], ...range }) : Promise.resolve(undefined),
    reportMovements(ctx, range ?? {}, converter),
    reportPayable(ctx, converter),
    namesOf(ctx, 'advertisers'),
    namesOf(ctx, 'publishers'),
    billedAndReceived(ctx),
  ]);
  // Invoice and payment days are calendar days as entered, compared with the local days asked for.
  const days = query.from && query.to ? { from: query.from, to: query.to } : undefined;
  const receivedEver = sumByAdvertiser(billed.received, converter);
  const received = days ? sumByAdvertiser(billed.received, converter, days) : receivedEver;
  const invoiced = sumByAdvertiser(billed.invoiced, converter, days);
  const fmt = (v: number | undefined, currency: string) => formatAmount(v ?? 0, currency);

  // A publisher's approved balance below zero is a clawback to net, not money owed: it is counted on
  // its own, so "owed to publishers" is never lowered by one publisher's debt to the network.
  const clawbackOf = (approved: number | undefined) => Math.max(approved ?? 0, 0);
  const clawbacks = new Map<string, number>();
  for (const { party, currency, sums } of byPartyAndCurrency(
    all.filter((t) => t.account === 'publisher_approved' && t.party !== null),
  ).values()) {
    if (party === null) continue;
    clawbacks.set(currency, sumAmounts([clawbacks.get(currency) ?? 0, clawbackOf(sums.publisher_approved)]));
  }
  const cards = [...byPartyAndCurrency(all.map((t) => ({ ...t, party: null }))).values()].map(
    ({ currency, sums }) => {
      const clawedBack = clawbacks.get(currency) ?? 0;
      return {
        currency,
        advertiser_revenue: fmt(sums.advertiser_receivable, currency),
        owed_to_publishers: fmt(
          sumAmounts([
            negateAmount(sumAmounts([sums.publisher_approved ?? 0, sums.publisher_pending ?? 0])),
            clawedBack,
          ]),
          currency,
        ),
        clawbacks_outstanding: fmt(clawedBack, currency),
        already_paid: fmt(negateAmount(sums.publisher_paid ?? 0), currency),
        net_profit: fmt(negateAmount(sums.network_margin ?? 0), currency),
        to_collect: fmt(
          differenceOf(sums.advertiser_receivable ?? 0, receivedEver.get(`|${currency}`) ?? 0),
          currency,
        ),
      };
    },
  );

  const revenueSource = inRange ?? all.filter((t) => t.account === 'advertiser_receivable');
  const advertiserGroups = byPartyAndCurrency([
    ...revenueSource,
    ...all.filter((t) => t.account === 'advertiser_pending'),
  ]);
  // An advertiser who only paid in the range (or only topped up) still gets a row.
  for (const key of new Set([...invoiced.keys(), ...received.keys()])) {
    const [party, currency = ''] = key.split('|');
    if (party && !advertiserGroups.has(key))
      advertiserGroups.set(key, { party: Number(party), currency, sums: {} });
  }
  const advertisers = [...advertiserGroups.values()].map(({ party, currency, sums }) => {
    const moved = movements.find((m) => m.advertiserId === party && m.currency === currency);
    const key = `${party}|${currency}`;
    return {
      advertiser_id: String(party),
      name: advertiserNames.get(Number(party)) ?? '',
      currency,
      conversions: moved?.added ?? 0,
      reversed: moved?.reversed ?? 0,
      revenue: fmt(sums.advertiser_receivable, currency),
      pending: fmt(sums.advertiser_pending, currency),
      invoiced: fmt(invoiced.get(key), currency),
      received: fmt(received.get(key), currency),
      to_collect: fmt(differenceOf(sums.advertiser_receivable ?? 0, received.get(key) ?? 0), currency),
    };
  });

  const publisherGroups = byPartyAndCurrency(
    all.filter((t) => t.account.startsWith('publisher_') && t.party !== null),
  );
  const publishers = [...publisherGroups.values()].map(({ party, currency, sums }) => {
    const balance = payable.find((p) => p.publisherId === party && p.currency === currency);
    return {
      publisher_id: String(party),
      name: publisherNames.get(Number(party)) ?? '',
      currency,
      approved: fmt(negateAmount(sums.publisher_approved ?? 0), currency),
      pending: fmt(negateAmount(sums.publisher_pending ?? 0), currency),
      paid: fmt(negateAmount(sums.publisher_paid ?? 0), currency),
      clawback_outstanding: fmt(clawbackOf(sums.publisher_approved), currency),
      requested: fmt(balance?.requested, currency),
      payable: fmt(Math.max(balance?.payable ?? 0, 0), currency),
    };
  });

  const byCurrency = (a: { currency: string }, b: { currency: string }) =>
    a.currency.localeCompare(b.currency);
  const byParty =
    <K extends 'advertiser_id' | 'publisher_id'>(key: K) =>
    (a: Record<K | 'currency', string>, b: Record<K | 'currency', string>) =>
      Number(a[key]) - Number(b[key]) || a.currency.localeCompare(b.currency);
  return {
    from: range?.start ?? null,
    to: range?.end ?? null,
    tz: query.zone,
    report_currency: query.currency ?? null,
    missing_rates: converter?.missingRates() ?? ([] as MissingRate[]),
    cards: cards.sort(byCurrency),
    advertisers: advertisers.sort(byParty('advertiser_id')),
    publishers: publishers.sort(byParty('publisher_id')),
  };
}

import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { formatAmount, negateAmount, sumAmounts } from '../../lib/money.js';
import { UTC } from '../../lib/time.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import { type Converter, converterFor, type MissingRate } from '../currency/rate-book.js';
import { SUB_KEYS, type SubKey } from '../leads/lead-fields.js';
import { readWithRollup, rollupRows, utcDays } from '../rollups/read-rollups.js';
import { checkRange } from '../stats/publisher-stats.js';

export const CUSTOM_GROUPS = ['day', 'offer', 'publisher', 'advertiser', 'country', ...SUB_KEYS] as const;
export type CustomGroupBy = (typeof CUSTOM_GROUPS)[number];

const isSub = (group: CustomGroupBy): group is SubKey => (SUB_KEYS as readonly string[]).includes(group);

export interface CustomReportQuery {
  from: string;
  to: string;
  groupBy: CustomGroupBy;
  offerId?: number;
  publisherId?: number;
  advertiserId?: number;
  /** Only clicks and leads with these exact sub values (a lead keeps its click's subs). */
  subs?: Partial<Record<SubKey, string>>;
  /** Report every amount in this currency; without it, rows are per currency. */
  currency?: string;
  /** IANA zone whose local days `from`, `to` and the day rows are (default UTC). */
  zone?: string;
  /** An account manager's advertisers and publishers. */
  scope?: AccessScope;
}

/** The query's [start, end) instants and the zone its days are in. */
interface Range {
  start: string;
  end: string;
  zone: string;
}

/** Leads that did not pass the fraud checks or were never real, left out as on the dashboard. */
const NOT_LEADS = ['spam', 'duplicate', 'test'] as const;
/** Leads the advertiser turned down or took back. */
const REJECTED = ['cancelled', 'wrong_number', 'chargedback'] as const;
const MONEY_ACCOUNTS = ['advertiser_receivable', 'publisher_approved', 'network_margin'] as const;

interface Figures {
  key: string;
  currency: string;
  clicks: number;
  leads: number;
  approved: number;
  hold: number;
  rejected: number;
  revenue: number;
  publisherPayouts: number;
  profit: number;
}

/** Where each source table's columns are: its own, or its lead's (l) for subs and country. */
interface Columns {
  day: string;
  offer: string;
  publisher: string;
  advertiser: string;
  country: string;
  /** The alias whose sub1…sub10 apply: the click (c) or the lead (l). */
  subs: 'c' | 'l';
}

/**
 * Where each group's key comes from, per source table: its local day, offer, publisher, advertiser,
 * country or sub value ('' for none).
 */
function keyOf(ctx: AppContext, groupBy: CustomGroupBy, range: Range, t: Columns): RawBuilder<string> {
  if (groupBy === 'day') return localDay(dialectOf(ctx.db), t.day, range.zone, range);
  if (isSub(groupBy)) return sql<string>`coalesce(${sql.ref(`${t.subs}.${groupBy}`)}, '')`;
  const column = sql.ref(t[groupBy]);
  if (groupBy === 'country') return sql<string>`coalesce(${column}, '')`;
  return sql<string>`coalesce(cast(${column} as text), '')`;
}

/** The exact-sub filters as one condition on alias `c` or `l` (true when there are none). */
function subsMatch(q: CustomReportQuery, alias: 'c' | 'l'): RawBuilder<boolean> {
  const wanted = Object.entries(q.subs ?? {}).filter(([, v]) => v !== undefined) as [SubKey, string][];
  if (wanted.length === 0) return sql<boolean>`1 = 1`;
  return sql<boolean>`${sql.join(
    wanted.map(([key, value]) => sql`${sql.ref(`${alias}.${key}`)} = ${value}`),
    sql` and `,
  )}`;
}

async function rawClickCounts(ctx: AppContext, q: CustomReportQuery, range: Range) {
  const key = keyOf(ctx, q.groupBy, range, {
    day: 'c.created_at',
    offer: 'c.offer_id',
    publisher: 'c.publisher_id',
    advertiser: 'o.advertiser_id',
    country: 'c.country',
    subs: 'c',
  });
  return ctx.db
    .selectFrom('clicks as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select([key.as('key'), 'o.currency', (eb) => eb.fn.countAll<number>().as('clicks')])
    .where('c.status', '=', 'accepted')
    .where('c.created_at', '>=', range.start)
    .where('c.created_at', '<', range.end)
    .where(subsMatch(q, 'c'))
    .$if(q.offerId !== undefined, (b) => b.where('c.offer_id', '=', q.offerId as number))
    .$if(q.publisherId !== undefined, (b) => b.where('c.publisher_id', '=', q.publisherId as number))
    .$if(q.advertiserId !== undefined, (b) => b.where('o.advertiser_id', '=', q.advertiserId as number))
    .$if(q.scope !== undefined, (b) =>
      b.where(
        inScope(q.scope as AccessScope, { advertiser: 'o.advertiser_id', publisher: 'c.publisher_id' }),
      ),
    )
    .groupBy([key, 'o.currency'])
    .execute();
}

async function rawLeadCounts(ctx: AppContext, q: CustomReportQuery, range: Range) {
  const key = keyOf(ctx, q.groupBy, range, {
    day: 'l.created_at',
    offer: 'l.offer_id',
    publisher: 'l.publisher_id',
    advertiser: 'l.advertiser_id',
    country: 'l.country',
    subs: 'l',
  });
  const count = (statuses: readonly string[]) =>
    sql<number>`sum(case when l.status in (${sql.join(statuses)}) then 1 else 0 end)`;
  return ctx.db
    .selectFrom('leads as l')
    .innerJoin('offers as o', 'o.id', 'l.offer_id')
    .select([
      key.as('key'),
      'o.currency',
      (eb) => eb.fn.countAll<number>().as('leads'),
      count(['approved']).as('approved'),
      count(['hold']).as('hold'),
      count(REJECTED).as('rejected'),
    ])
    .where('l.status', 'not in', NOT_LEADS)
    .where('l.created_at', '>=', range.start)
    .where('l.created_at', '<', range.end)
    .where(subsMatch(q, 'l'))
    .$if(q.offerId !== undefined, (b) => b.where('l.offer_id', '=', q.offerId as number))
    .$if(q.publisherId !== undefined, (b) => b.where('l.publisher_id', '=', q.publisherId as number))
    .$if(q.advertiserId !== undefined, (b) => b.where('l.advertiser_id', '=', q.advertiserId as number))
    .$if(q.scope !== undefined, (b) =>
      b.where(
        inScope(q.scope as AccessScope, { advertiser: 'l.advertiser_id', publisher: 'l.publisher_id' }),
      ),
    )
    .groupBy([key, 'o.currency'])
    .execute();
}

/** Groupings and filters the hourly rollups hold: the day, offer, publisher, advertiser, country, sub1. */
function rollupFits(q: CustomReportQuery): boolean {
  const subs = Object.entries(q.subs ?? {}).filter(([, v]) => v !== undefined);
  // An empty sub1 filter matches no click raw, but '' stands for "none" in the rollup.
  return (!isSub(q.groupBy) || q.groupBy === 'sub1') && subs.every(([k, v]) => k === 'sub1' && v !== '');
}

/** The group key over a rollup table (0 and '' stand for "none" there). */
function rollupKey(
  ctx: AppContext,
  q: CustomReportQuery,
  range: Range,
  advertiser: string,
): RawBuilder<string> {
  if (q.groupBy === 'day') return localDay(dialectOf(ctx.db), 'r.hour', range.zone, range);
  if (q.groupBy === 'offer') return sql<string>`cast(r.offer_id as text)`;
  if (q.groupBy === 'publisher')
    return sql<string>`case when r.publisher_id = 0 then '' else cast(r.publisher_id as text) end`;
  if (q.groupBy === 'advertiser') return sql<string>`cast(${sql.ref(advertiser)} as text)`;
  if (q.groupBy === 'country') return sql<string>`r.country`;
  return sql<string>`r.sub1`;
}

/** Day rows serve every grouping but the day, and the day in UTC. */
const daysFit = (q: CustomReportQuery, range: Range) => q.groupBy !== 'day' || utcDays(range);

/** The report's filters on a rollup read as `r` (the advertiser from the rollup row or its offer `o`). */
function rollupFilters(q: CustomReportQuery, advertiser: 'o.advertiser_id' | 'r.advertiser_id') {
  const parts: RawBuilder<unknown>[] = [];
  if (q.subs?.sub1 !== undefined) parts.push(sql`r.sub1 = ${q.subs.sub1}`);
  if (q.offerId !== undefined) parts.push(sql`r.offer_id = ${q.offerId}`);
  if (q.publisherId !== undefined) parts.push(sql`r.publisher_id = ${q.publisherId}`);
  if (q.advertiserId !== undefined) parts.push(sql`${sql.ref(advertiser)} = ${q.advertiserId}`);
  if (q.scope !== undefined) parts.push(inScope(q.scope, { advertiser, publisher: 'r.publisher_id' }));
  return parts.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`${sql.join(parts, sql` and `)}`;
}

function clickCounts(ctx: AppContext, q: CustomReportQuery, range: Range) {
  return readWithRollup(ctx, 'c', range, {
    raw: (w) => rawClickCounts(ctx, q, { ...range, ...w }),
    rollup: !rollupFits(q)
      ? undefined
      : (skip) => {
          const key = rollupKey(ctx, q, range, 'o.advertiser_id');
          return ctx.db
            .selectFrom(rollupRows('clicks', range, skip, daysFit(q, range)).as('r'))
            .innerJoin('offers as o', 'o.id', 'r.offer_id')
            .select([key.as('key'), 'o.currency', sql<number>`sum(r.clicks)`.as('clicks')])
            .where('r.clicks', '>', 0)
            .where(rollupFilters(q, 'o.advertiser_id'))
            .groupBy([key, 'o.currency'])
            .execute();
        },
  });
}

function leadCounts(ctx: AppContext, q: CustomReportQuery, range: Range) {
  const count = (statuses: readonly string[]) =>
    sql<number>`sum(case when r.status in (${sql.join(statuses)}) then r.leads else 0 end)`;
  return readWithRollup(ctx, 'l', range, {
    raw: (w) => rawLeadCounts(ctx, q, { ...range, ...w }),
    rollup: !rollupFits(q)
      ? undefined
      : (skip) => {
          const key = rollupKey(ctx, q, range, 'r.advertiser_id');
          return ctx.db
            .selectFrom(rollupRows('leads', range, skip, daysFit(q, range)).as('r'))
            .innerJoin('offers as o', 'o.id', 'r.offer_id')
            .select([
              key.as('key'),
              'o.currency',
              sql<number>`sum(r.leads)`.as('leads'),
              count(['approved']).as('approved'),
              count(['hold']).as('hold'),
              count(REJECTED).as('rejected'),
            ])
            .where('r.status', 'not in', NOT_LEADS)
            .where(rollupFilters(q, 'r.advertiser_id'))
            .groupBy([key, 'o.currency'])
            .execute();
        },
  });
}

interface MoneyRow {
  key: string;
  account: string;
  currency: string;
  as_of: string;
  rate: string | null;
  total: number | string | null;
}

/**
 * Ledger money posted in the range (reversals on their own day), as the dashboard and Finance count
 * it: from the money rollup (hours still marked read raw), raw for sub2…sub10.
 */
function ledgerMoney(ctx: AppContext, q: CustomReportQuery, range: Range): Promise<MoneyRow[]> {
  return readWithRollup<MoneyRow>(ctx, 'm', range, {
    raw: (w) => rawLedgerMoney(ctx, q, { ...range, ...w }),
    rollup: !rollupFits(q)
      ? undefined
      : (skip) => {
          const key = rollupKey(ctx, q, range, 'r.advertiser_id');
          const rate = sql<string | null>`nullif(r.rate, '')`;
          return ctx.db
            .selectFrom(rollupRows('money', range, skip, daysFit(q, range)).as('r'))
            .select([
              key.as('key'),
              'r.account',
              'r.currency',
              'r.as_of',
              rate.as('rate'),
              sql<number | string>`sum(r.amount)`.as('total'),
            ])
            .where(rollupFilters(q, 'r.advertiser_id'))
            .groupBy([key, 'r.account', 'r.currency', 'r.as_of', 'r.rate'])
            .execute();
        },
  });
}

async function rawLedgerMoney(ctx: AppContext, q: CustomReportQuery, range: Range) {
  const key = keyOf(ctx, q.groupBy, range, {
    day: 'e.created_at',
    offer: 'v.offer_id',
    publisher: 'v.publisher_id',
    advertiser: 'v.advertiser_id',
    country: 'l.country',
    subs: 'l',
  });
  // Rates apply by the conversion's UTC day, whatever zone the rows are counted in.
  const asOf = sql<string>`substr(v.created_at, 1, 10)`;
  return ctx.db
    .selectFrom('ledger_entries as e')
    .innerJoin('conversions as v', 'v.id', 'e.conversion_id')
    .innerJoin('leads as l', 'l.id', 'v.lead_id')
    .select([
      key.as('key'),
      'e.account',
      'e.currency',
      asOf.as('as_of'),
      'v.rate',
      (eb) => eb.fn.sum<number | string>('e.amount').as('total'),
    ])
    .where('e.account', 'in', MONEY_ACCOUNTS)
    .where('e.created_at', '>=', range.start)
    .where('e.created_at', '<', range.end)
    .where(subsMatch(q, 'l'))
    .$if(q.offerId !== undefined, (b) => b.where('v.offer_id', '=', q.offerId as number))
    .$if(q.publisherId !== undefined, (b) => b.where('v.publisher_id', '=', q.publisherId as number))
    .$if(q.advertiserId !== undefined, (b) => b.where('v.advertiser_id', '=', q.advertiserId as number))
    .$if(q.scope !== undefined, (b) =>
      b.where(
        inScope(q.scope as AccessScope, { advertiser: 'v.advertiser_id', publisher: 'v.publisher_id' }),
      ),
    )
    .groupBy([key, 'e.account', 'e.currency', asOf, 'v.rate'])
    .execute();
}

async function labelsOf(ctx: AppContext, groupBy: CustomGroupBy): Promise<Map<string, string>> {
  if (groupBy !== 'offer' && groupBy !== 'publisher' && groupBy !== 'advertiser') return new Map();
  const table = groupBy === 'offer' ? 'offers' : groupBy === 'publisher' ? 'publishers' : 'advertisers';
  const rows = await ctx.db.selectFrom(table).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

function present(f: Figures, label: string) {
  return {
    key: f.key,
    label,
    currency: f.currency,
    clicks: f.clicks,
    leads: f.leads,
    approved: f.approved,
    hold: f.hold,
    rejected: f.rejected,
    revenue: formatAmount(f.revenue, f.currency),
    publisher_payouts: formatAmount(f.publisherPayouts, f.currency),
    profit: formatAmount(f.profit, f.currency),
  };
}

export type CustomReportRow = ReturnType<typeof present>;

function accumulate(rows: Map<string, Figures>, key: string, currency: string): Figures {
  const id = `${key}|${currency}`;
  let found = rows.get(id);
  if (!found) {
    found = {
      key,
      currency,
      clicks: 0,
      leads: 0,
      approved: 0,
      hold: 0,
      rejected: 0,
      revenue: 0,
      publisherPayouts: 0,
      profit: 0,
    };
    rows.set(id, found);
  }
  return found;
}

function addMoney(into: Figures, account: string, amount: number) {
  if (account === 'advertiser_receivable') into.revenue = sumAmounts([into.revenue, amount]);
  if (account === 'publisher_approved')
    into.publisherPayouts = sumAmounts([into.publisherPayouts, negateAmount(amount)]);
  if (account === 'network_margin') into.profit = sumAmounts([into.profit, negateAmount(amount)]);
}

/**
 * A custom date-range report (seed 000 Reports) for invoicing and reconciliation: per day, offer,
 * publisher, advertiser, country or sub1…sub10 (filtered by exact sub values too), accepted clicks and leads (by the local day they arrived), approved,
 * hold and rejected leads among them, and the money posted on the ledger in the range — revenue,
 * publisher payouts and profit exactly as the dashboard and Finance sum them, reversals included.
 * Rows are per currency, or all in one report currency converted with the stored rates.
 */
export async function customReport(ctx: AppContext, q: CustomReportQuery) {
  const zone = q.zone ?? UTC;
  const range = { ...checkRange(q.from, q.to, zone), zone };
  const [clicks, leads, money, labels, converter] = await Promise.all([
    clickCounts(ctx, q, range),
    leadCounts(ctx, q, range),
    ledgerMoney(ctx, q, range),
    labelsOf(ctx, q.groupBy),
    q.currency ? converterFor(ctx, q.currency) : Promise.resolve(undefined as Converter | undefined),
  ]);
  const shown = (currency: string) => converter?.target ?? currency;
  const rows = new Map<string, Figures>();
  const totals = new Map<string, Figures>();
  const both = (key: string, currency: string) => [
    accumulate(rows, key, shown(currency)),
    accumulate(totals, '', shown(currency)),
  ];
  for (const c of clicks) for (const f of both(c.key, c.currency)) f.clicks += Number(c.clicks);
  for (const l of leads) {
    for (const f of both(l.key, l.currency)) {
      f.leads += Number(l.leads);
      f.approved += Number(l.approved);
      f.hold += Number(l.hold);
      f.rejected += Number(l.rejected);
    }
  }
  for (const m of money) {
    const amount = Number(m.total);
    const converted = converter
      ? converter.convert({ currency: m.currency, day: m.as_of, recordedRate: m.rate, amount })
      : amount;
    if (converted === null) continue;
    for (const f of both(m.key, m.currency)) addMoney(f, m.account, converted);
  }
  const numeric = q.groupBy === 'offer' || q.groupBy === 'publisher' || q.groupBy === 'advertiser';
  const order = (a: Figures, b: Figures) =>
    (numeric ? Number(a.key) - Number(b.key) : a.key.localeCompare(b.key)) ||
    a.currency.localeCompare(b.currency);
  return {
    from: q.from,
    to: q.to,
    tz: zone,
    group_by: q.groupBy,
    report_currency: q.currency ?? null,
    missing_rates: converter?.missingRates() ?? ([] as MissingRate[]),
    data: [...rows.values()]
      .sort(order)
      .map((f) =>
        present(f, labels.get(f.key) ?? (f.key === '' && isSub(q.groupBy) ? `(no ${q.groupBy})` : f.key)),
      ),
    totals: [...totals.values()].sort(order).map((f) => present(f, 'Total')),
  };
}

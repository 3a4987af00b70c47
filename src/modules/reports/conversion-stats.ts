import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import type { LeadStatus } from '../../db/schema.js';
import { formatAmount, formatPercent, perUnit, sumAmounts } from '../../lib/money.js';
import { tsvCell } from '../../lib/spreadsheet.js';
import { UTC } from '../../lib/time.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import { converterFor } from '../currency/rate-book.js';
import { hourNotIn, readWithRollup } from '../rollups/read-rollups.js';
import { checkRange } from '../stats/publisher-stats.js';

/** Seed 000's status column groups, in the order of the table and the export. */
export const STATUS_GROUPS = [
  { key: 'processing', label: 'Processing', status: 'processing' },
  { key: 'cancelled', label: 'Cancelled', status: 'cancelled' },
  { key: 'accepted', label: 'Accepted', status: 'approved' },
  { key: 'wrong_number', label: 'Wrong # / DNO', status: 'wrong_number' },
  { key: 'spam', label: 'Spam', status: 'spam' },
  { key: 'duplicate', label: 'Duplicate', status: 'duplicate' },
] as const satisfies readonly { key: string; label: string; status: LeadStatus }[];

export type GroupBy = 'date' | 'offer' | 'publisher' | 'country';
export type Granularity = 'day' | 'week' | 'month';

export interface ConversionStatsQuery {
  from: string;
  to: string;
  groupBy: GroupBy;
  granularity: Granularity;
  /** Only offers paying in this currency; without it (in a report currency) every offer. */
  currency?: string;
  /** Convert every Sum into this currency with the stored rates. */
  reportCurrency?: string;
  offerId?: number;
  publisherId?: number;
  /** IANA zone whose local days `from`, `to` and the date rows are (default UTC). */
  zone?: string;
  /** An account manager's advertisers and publishers. */
  scope?: AccessScope;
}

interface Cell {
  qty: number;
  sum: number;
}

/** A week is named by its Monday, a month by its YYYY-MM: calendar arithmetic on an already local day. */
function bucketOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00.000Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The currency of the offers with the most leads from start to end (within the query's offer,
 * publisher and access scope), USD when there are none: a EUR-only network's statistics open on EUR.
 */
async function busiestCurrency(
  ctx: AppContext,
  query: ConversionStatsQuery,
  start: string,
  end: string,
): Promise<string> {
  let rows = ctx.db
    .selectFrom('leads as l')
    .innerJoin('offers as o', 'o.id', 'l.offer_id')
    .select(['o.currency', (eb) => eb.fn.countAll<number | string>().as('qty')])
    .where('l.created_at', '>=', start)
    .where('l.created_at', '<', end)
    .groupBy('o.currency')
    .orderBy('qty', 'desc')
    .orderBy('o.currency')
    .limit(1);
  if (query.offerId !== undefined) rows = rows.where('l.offer_id', '=', query.offerId);
  if (query.publisherId !== undefined) rows = rows.where('l.publisher_id', '=', query.publisherId);
  if (query.scope) {
    rows = rows.where(inScope(query.scope, { advertiser: 'l.advertiser_id', publisher: 'l.publisher_id' }));
  }
  return (await rows.executeTakeFirst())?.currency ?? 'USD';
}

async function labelsOf(ctx: AppContext, groupBy: GroupBy): Promise<Map<string, string>> {
  if (groupBy !== 'offer' && groupBy !== 'publisher') return new Map();
  const table = groupBy === 'offer' ? 'offers' : 'publishers';
  const rows = await ctx.db.selectFrom(table).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

/**
 * Conversion statistics (seed 000): leads of offers in one currency, grouped by date (day, week or
 * month of the zone's local days), offer, publisher or country, each row with Total and six status groups of Qty, %, Sum, Avg.
 * Every filter applies before aggregation. Sum is the advertiser payout of each lead's status
 * conversion (0 for a lead without one); % is the group's share of the row's leads. With a report
 * currency, each conversion's payout is converted at its recorded rate (else the latest on or before
 * its day); sums without a rate are left out and listed in `missingRates`.
 */
export async function conversionStats(ctx: AppContext, asked: ConversionStatsQuery) {
  const zone = asked.zone ?? UTC;
  const { start, end } = checkRange(asked.from, asked.to, zone);
  // Neither a currency nor a report currency: the offers' currency with the most leads in the days.
  const query =
    asked.currency === undefined && asked.reportCurrency === undefined
      ? { ...asked, currency: await busiestCurrency(ctx, asked, start, end) }
      : asked;
  const range = { start, end, zone };
  const dimension = (w: { start: string; end: string }) =>
    query.groupBy === 'date'
      ? localDay(dialectOf(ctx.db), 'l.created_at', zone, w)
      : query.groupBy === 'offer'
        ? sql<string>`cast(l.offer_id as text)`
        : query.groupBy === 'publisher'
          ? sql<string>`coalesce(cast(l.publisher_id as text), '')`
          : sql<string>`coalesce(l.country, '')`;
  // Rates apply by the conversion's UTC day, whatever zone the rows are counted in.
  const asOf = sql<string | null>`substr(c.created_at, 1, 10)`;
  const raw = (w: { start: string; end: string } = range) => {
    let rows = ctx.db
      .selectFrom('leads as l')
      .innerJoin('offers as o', 'o.id', 'l.offer_id')
      .leftJoin('conversions as c', (join) =>
        join.onRef('c.lead_id', '=', 'l.id').on('c.external_payment_id', 'is', null),
      )
      .select([
        dimension(w).as('key'),
        'l.status',
        (eb) => eb.fn.countAll<number>().as('qty'),
        sql<number | string>`coalesce(sum(c.adv_payout), 0)`.as('sum'),
        'o.currency as currency',
        // Split by rate only when converting: each part is converted at its own rate.
        (query.reportCurrency !== undefined ? asOf : sql<null>`null`).as('as_of'),
        (query.reportCurrency !== undefined ? sql<string | null>`c.rate` : sql<null>`null`).as('rate'),
      ])
      .where('l.created_at', '>=', w.start)
      .where('l.created_at', '<', w.end)
      .groupBy([dimension(w), 'l.status', 'o.currency'])
      .$if(query.reportCurrency !== undefined, (q) => q.groupBy([asOf, 'c.rate']));
    if (query.currency !== undefined) rows = rows.where('o.currency', '=', query.currency);
    if (query.offerId !== undefined) rows = rows.where('l.offer_id', '=', query.offerId);
    if (query.publisherId !== undefined) rows = rows.where('l.publisher_id', '=', query.publisherId);
    if (query.scope) {
      rows = rows.where(inScope(query.scope, { advertiser: 'l.advertiser_id', publisher: 'l.publisher_id' }));
    }
    return rows.execute();
  };
  // Sums in a report currency are converted per conversion day and rate: only the raw rows have those.
  const rollup =
    query.reportCurrency !== undefined
      ? undefined
      : (skip: readonly string[]) => {
          const key =
            query.groupBy === 'date'
              ? localDay(dialectOf(ctx.db), 'r.hour', zone, range)
              : query.groupBy === 'offer'
                ? sql<string>`cast(r.offer_id as text)`
                : query.groupBy === 'publisher'
                  ? sql<string>`case when r.publisher_id = 0 then '' else cast(r.publisher_id as text) end`
                  : sql<string>`r.country`;
          let rows = ctx.db
            .selectFrom('rollup_leads as r')
            .innerJoin('offers as o', 'o.id', 'r.offer_id')
            .select([
              key.as('key'),
              'r.status',
              sql<number>`sum(r.leads)`.as('qty'),
              sql<number | string>`sum(r.adv_sum)`.as('sum'),
              'o.currency as currency',
              sql<null>`null`.as('as_of'),
              sql<null>`null`.as('rate'),
            ])
            .where('r.hour', '>=', start)
            .where('r.hour', '<', end)
            .where(hourNotIn('r.hour', skip))
            .groupBy([key, 'r.status', 'o.currency']);
          if (query.currency !== undefined) rows = rows.where('o.currency', '=', query.currency);
          if (query.offerId !== undefined) rows = rows.where('r.offer_id', '=', query.offerId);
          if (query.publisherId !== undefined) rows = rows.where('r.publisher_id', '=', query.publisherId);
          if (query.scope) {
            rows = rows.where(
              inScope(query.scope, { advertiser: 'r.advertiser_id', publisher: 'r.publisher_id' }),
            );
          }
          return rows.execute();
        };
  const reportCurrency = query.reportCurrency ?? query.currency ?? 'USD';
  const [found, labels, converter] = await Promise.all([
    readWithRollup<{
      key: string;
      status: string;
      qty: number;
      sum: number | string;
      currency: string;
      as_of: string | null;
      rate: string | null;
    }>(ctx, 'l', range, { raw, rollup }),
    labelsOf(ctx, query.groupBy),
    query.reportCurrency ? converterFor(ctx, query.reportCurrency) : undefined,
  ]);

  const byKey = new Map<string, Map<string, Cell>>();
  for (const r of found) {
    const key = query.groupBy === 'date' ? bucketOf(r.key, query.granularity) : r.key;
    const cells = byKey.get(key) ?? new Map<string, Cell>();
    for (const status of ['total', r.status]) {
      const cell = cells.get(status) ?? { qty: 0, sum: 0 };
      cell.qty += Number(r.qty);
      const sum =
        converter && r.as_of
          ? converter.convert({
              currency: r.currency,
              day: r.as_of,
              recordedRate: r.rate,
              amount: Number(r.sum),
            })
          : r.sum;
      cell.sum = sumAmounts([cell.sum, sum ?? 0]);
      cells.set(status, cell);
    }
    byKey.set(key, cells);
  }
  const money = (minor: number) => formatAmount(minor, reportCurrency);
  const data = [...byKey.entries()]
    .sort(([a], [b]) =>
      query.groupBy === 'offer' || query.groupBy === 'publisher' ? Number(a) - Number(b) : a.localeCompare(b),
    )
    .map(([key, cells]) => {
      const total = cells.get('total') ?? { qty: 0, sum: 0 };
      const groups = Object.fromEntries(
        STATUS_GROUPS.map((g) => {
          const cell = cells.get(g.status) ?? { qty: 0, sum: 0 };
          return [
            g.key,
            {
              qty: cell.qty,
              percent: formatPercent(perUnit(cell.qty * 10_000, total.qty)),
              sum: money(cell.sum),
              avg: money(perUnit(cell.sum, cell.qty)),
            },
          ];
        }),
      );
      return {
        key,
        label: labels.get(key) ?? key,
        total: { qty: total.qty, sum: money(total.sum), avg: money(perUnit(total.sum, total.qty)) },
        ...groups,
      } as StatsRow;
    });
  return { data, currency: reportCurrency, missingRates: converter?.missingRates() ?? [] };
}

export interface GroupCell {
  qty: number;
  percent: string;
  sum: string;
  avg: string;
}

export type StatsRow = {
  key: string;
  label: string;
  total: { qty: number; sum: string; avg: string };
} & Record<(typeof STATUS_GROUPS)[number]['key'], GroupCell>;

const GROUP_TITLES: Record<GroupBy, string> = {
  date: 'Date',
  offer: 'Offer',
  publisher: 'Webmaster',
  country: 'Country',
};

/** The Excel-compatible export: tab-separated, 28 columns (group, Total ×3, six groups ×4). */
export function statsTsv(rows: StatsRow[], groupBy: GroupBy): string {
  const header = [
    GROUP_TITLES[groupBy],
    'Total Qty',
    'Total Sum',
    'Total Avg',
    ...STATUS_GROUPS.flatMap((g) => [`${g.label} Qty`, `${g.label} %`, `${g.label} Sum`, `${g.label} Avg`]),
  ];
  const lines = rows.map((r) =>
    [
      r.label,
      r.total.qty,
      r.total.sum,
      r.total.avg,
      ...STATUS_GROUPS.flatMap((g) => [r[g.key].qty, r[g.key].percent, r[g.key].sum, r[g.key].avg]),
    ]
      .map(tsvCell)
      .join('\t'),
  );
  return `${[header.map(tsvCell).join('\t'), ...lines].join('\r\n')}\r\n`;
}

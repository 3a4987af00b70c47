import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import { rollupRows, utcDays } from '../rollups/read-rollups.js';
import { MONEY_ACCOUNTS } from '../rollups/refresh-rollups.js';
import type { Dimension, ReportRange } from './report-dimensions.js';

/** The groupings (and filters) the rollups carry; any other reads the raw rows. */
const ROLLED_UP: ReadonlySet<Dimension> = new Set([
  'date',
  'hour',
  'offer',
  'publisher',
  'advertiser',
  'flow',
  'country',
  'sub1',
]);

export interface RollupQuery {
  groupBy: Dimension[];
  filters: Partial<Record<Dimension, string>>;
  scope?: AccessScope;
  publisherId?: number;
}

/** Whether every grouping and filter of the query is one the rollups carry. */
export function groupedRollupFits(q: RollupQuery): boolean {
  return [...q.groupBy, ...(Object.keys(q.filters) as Dimension[])].every((d) => ROLLED_UP.has(d));
}

/** Day rows stand for their 24 hours unless the hour is grouped, or the day in a zone other than UTC. */
function daysFit(q: RollupQuery, range: ReportRange): boolean {
  const dims = [...q.groupBy, ...(Object.keys(q.filters) as Dimension[])];
  if (dims.includes('hour')) return false;
  return !dims.includes('date') || utcDays(range);
}

/** The same value rawKey gives, read from a rollup row `r` (0 and '' stand for none there). */
function rollupKey(
  ctx: AppContext,
  d: Dimension,
  range: ReportRange,
  advertiser: string,
): RawBuilder<string> {
  const id = (column: string) =>
    sql<string>`case when ${sql.ref(column)} = 0 then '' else cast(${sql.ref(column)} as text) end`;
  switch (d) {
    case 'date':
      return localDay(dialectOf(ctx.db), 'r.hour', range.zone, range);
    case 'hour':
      return sql<string>`substr(r.hour, 1, 13)`;
    case 'offer':
      return id('r.offer_id');
    case 'publisher':
      return id('r.publisher_id');
    case 'advertiser':
      return id(advertiser);
    case 'flow':
      return id('r.flow_id');
    case 'country':
      return sql<string>`r.country`;
    default:
      return sql<string>`r.sub1`;
  }
}

function filters(ctx: AppContext, q: RollupQuery, range: ReportRange, advertiser: string) {
  const parts: RawBuilder<unknown>[] = [];
  for (const [d, value] of Object.entries(q.filters) as [Dimension, string][]) {
    // The hour of day is finished (and filtered) in JavaScript, as for the raw rows.
    if (d === 'hour') continue;
    parts.push(sql`${rollupKey(ctx, d, range, advertiser)} = ${value}`);
  }
  if (q.publisherId !== undefined) parts.push(sql`r.publisher_id = ${q.publisherId}`);
  if (q.scope) parts.push(inScope(q.scope, { advertiser, publisher: 'r.publisher_id' }));
  return parts.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/** Clicks and unique clicks from the click rollup, keyed k0…kN like the raw rows. */
export function rollupClickRows(
  ctx: AppContext,
  q: RollupQuery,
  range: ReportRange,
  dims: Dimension[],
  skip: readonly string[],
) {
  const keys = dims.map((d) => rollupKey(ctx, d, range, 'o.advertiser_id'));
  return ctx.db
    .selectFrom(rollupRows('clicks', range, skip, daysFit(q, range)).as('r'))
    .innerJoin('offers as o', 'o.id', 'r.offer_id')
    .select(keys.map((k, i) => k.as(`k${i}`)))
    .select([
      'o.currency',
      sql<number>`sum(r.clicks)`.as('clicks'),
      sql<number>`sum(r.unique_clicks)`.as('uniq'),
    ])
    .where('r.clicks', '>', 0)
    .where(filters(ctx, q, range, 'o.advertiser_id'))
    .groupBy([...keys, 'o.currency'])
    .execute();
}

const NOT_LEADS = ['spam', 'duplicate', 'test'] as const;

export function rollupLeadRows(
  ctx: AppContext,
  q: RollupQuery,
  range: ReportRange,
  dims: Dimension[],
  skip: readonly string[],
) {
  const keys = dims.map((d) => rollupKey(ctx, d, range, 'r.advertiser_id'));
  const count = (status: string) => sql<number>`sum(case when r.status = ${status} then r.leads else 0 end)`;
  return ctx.db
    .selectFrom(rollupRows('leads', range, skip, daysFit(q, range)).as('r'))
    .innerJoin('offers as o', 'o.id', 'r.offer_id')
    .select(keys.map((k, i) => k.as(`k${i}`)))
    .select([
      'o.currency',
      sql<number>`sum(r.leads)`.as('leads'),
      count('approved').as('approved'),
      count('hold').as('hold'),
    ])
    .where('r.status', 'not in', NOT_LEADS)
    .where(filters(ctx, q, range, 'r.advertiser_id'))
    .groupBy([...keys, 'o.currency'])
    .execute();
}

export function rollupMoneyRows(
  ctx: AppContext,
  q: RollupQuery,
  range: ReportRange,
  dims: Dimension[],
  skip: readonly string[],
) {
  const keys = dims.map((d) => rollupKey(ctx, d, range, 'r.advertiser_id'));
  return ctx.db
    .selectFrom(rollupRows('money', range, skip, daysFit(q, range)).as('r'))
    .select(keys.map((k, i) => k.as(`k${i}`)))
    .select([
      'r.account',
      'r.currency',
      'r.as_of',
      sql<string | null>`nullif(r.rate, '')`.as('rate'),
      sql<number | string>`sum(r.amount)`.as('total'),
    ])
    .where('r.account', 'in', MONEY_ACCOUNTS)
    .where(filters(ctx, q, range, 'r.advertiser_id'))
    .groupBy([...keys, 'r.account', 'r.currency', 'r.as_of', 'r.rate'])
    .execute();
}

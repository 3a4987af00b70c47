import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { formatAmount, negateAmount, proportionOf, sumAmounts } from '../../lib/money.js';
import { UTC } from '../../lib/time.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import { type Converter, converterFor, type MissingRate } from '../currency/rate-book.js';
import { readWithRollup } from '../rollups/read-rollups.js';
import { checkRange } from '../stats/publisher-stats.js';
import {
  groupedRollupFits,
  rollupClickRows,
  rollupLeadRows,
  rollupMoneyRows,
} from './grouped-report-rollups.js';
import {
  type Dimension,
  finishKey,
  isDerived,
  labelsOf,
  type ReportRange,
  rawKey,
  type SourceColumns,
} from './report-dimensions.js';

export interface GroupedReportQuery {
  from: string;
  to: string;
  /** One to three groupings, outermost first. */
  groupBy: Dimension[];
  /** Exact values of any grouping (the drill-down path and the form's filters). */
  filters: Partial<Record<Dimension, string>>;
  currency?: string;
  zone?: string;
  /** An account manager's advertisers and publishers. */
  scope?: AccessScope;
  /** The publisher portal: only this publisher's traffic. */
  publisherId?: number;
}

const NOT_LEADS = ['spam', 'duplicate', 'test'] as const;
const MONEY_ACCOUNTS = ['advertiser_receivable', 'publisher_approved', 'network_margin'] as const;

interface Figures {
  keys: string[];
  currency: string;
  clicks: number;
  unique: number;
  leads: number;
  approved: number;
  hold: number;
  revenue: number;
  payout: number;
  profit: number;
}

const CLICK: SourceColumns = {
  created: 'c.created_at',
  offer: 'c.offer_id',
  publisher: 'c.publisher_id',
  advertiser: 'o.advertiser_id',
  flow: 'c.flow_id',
  country: 'c.country',
  subs: 'c',
  userAgent: 'c.user_agent',
  destination: 'c.destination',
};
const LEAD: SourceColumns = {
  created: 'l.created_at',
  offer: 'l.offer_id',
  publisher: 'l.publisher_id',
  advertiser: 'l.advertiser_id',
  flow: 'l.flow_id',
  country: 'l.country',
  subs: 'l',
  userAgent: 'c.user_agent',
  destination: 'c.destination',
};
const LEDGER: SourceColumns = {
  ...LEAD,
  created: 'e.created_at',
  offer: 'v.offer_id',
  publisher: 'v.publisher_id',
  advertiser: 'v.advertiser_id',
  flow: 'v.flow_id',
};

/** The dimensions read per row: the groupings, then any derived filter (finished in JavaScript too). */
function readDimensions(q: GroupedReportQuery): Dimension[] {
  const derivedFilters = (Object.keys(q.filters) as Dimension[]).filter((d) => isDerived(d));
  return [...new Set([...q.groupBy, ...derivedFilters])];
}

/** The filters SQL can apply (the others are applied once the keys are finished). */
function sqlFilters(ctx: AppContext, q: GroupedReportQuery, range: ReportRange, t: SourceColumns) {
  const parts: RawBuilder<unknown>[] = [];
  for (const [d, value] of Object.entries(q.filters) as [Dimension, string][]) {
    if (!isDerived(d)) parts.push(sql`${rawKey(ctx, d, range, t)} = ${value}`);
  }
  if (q.publisherId !== undefined) parts.push(sql`${sql.ref(t.publisher)} = ${q.publisherId}`);
  if (q.scope) parts.push(inScope(q.scope, { advertiser: t.advertiser, publisher: t.publisher }));
  return parts.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`${sql.join(parts, sql` and `)}`;
}

function keyColumns(ctx: AppContext, dims: Dimension[], range: ReportRange, t: SourceColumns) {
  return dims.map((d, i) => rawKey(ctx, d, range, t).as(`k${i}`));
}

async function clickRows(ctx: AppContext, q: GroupedReportQuery, range: ReportRange, dims: Dimension[]) {
  const keys = dims.map((d) => rawKey(ctx, d, range, CLICK));
  return ctx.db
    .selectFrom('clicks as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select(keyColumns(ctx, dims, range, CLICK))
    .select([
      'o.currency',
      (eb) => eb.fn.countAll<number>().as('clicks'),
      sql<number>`sum(c.is_unique)`.as('uniq'),
    ])
    .where('c.status', '=', 'accepted')
    .where('c.created_at', '>=', range.start)
    .where('c.created_at', '<', range.end)
    .where(sqlFilters(ctx, q, range, CLICK))
    .groupBy([...keys, 'o.currency'])
    .execute();
}

async function leadRows(ctx: AppContext, q: GroupedReportQuery, range: ReportRange, dims: Dimension[]) {
  const keys = dims.map((d) => rawKey(ctx, d, range, LEAD));
  const count = (status: string) => sql<number>`sum(case when l.status = ${status} then 1 else 0 end)`;
  return ctx.db
    .selectFrom('leads as l')
    .innerJoin('offers as o', 'o.id', 'l.offer_id')
    .leftJoin('clicks as c', 'c.id', 'l.click_id')
    .select(keyColumns(ctx, dims, range, LEAD))
    .select([
      'o.currency',
      (eb) => eb.fn.countAll<number>().as('leads'),
      count('approved').as('approved'),
      count('hold').as('hold'),
    ])
    .where('l.status', 'not in', NOT_LEADS)
    .where('l.created_at', '>=', range.start)
    .where('l.created_at', '<', range.end)
    .where(sqlFilters(ctx, q, range, LEAD))
    .groupBy([...keys, 'o.currency'])
    .execute();
}

async function moneyRows(ctx: AppContext, q: GroupedReportQuery, range: ReportRange, dims: Dimension[]) {
  const keys = dims.map((d) => rawKey(ctx, d, range, LEDGER));
  const asOf = sql<string>`substr(v.created_at, 1, 10)`;
  return ctx.db
    .selectFrom('ledger_entries as e')
    .innerJoin('conversions as v', 'v.id', 'e.conversion_id')
    .innerJoin('leads as l', 'l.id', 'v.lead_id')
    .leftJoin('clicks as c', 'c.id', 'l.click_id')
    .select(keyColumns(ctx, dims, range, LEDGER))
    .select([
      'e.account',
      'e.currency',
      asOf.as('as_of'),
      'v.rate',
      (eb) => eb.fn.sum<number | string>('e.amount').as('total'),
    ])
    .where('e.account', 'in', MONEY_ACCOUNTS)
    .where('e.created_at', '>=', range.start)
    .where('e.created_at', '<', range.end)
    .where(sqlFilters(ctx, q, range, LEDGER))
    .groupBy([...keys, 'e.account', 'e.currency', asOf, 'v.rate'])
    .execute();
}

type Keyed = Record<string, unknown>;

/** One period's figures per (group keys, currency); the derived filters applied. */
async function figuresFor(
  ctx: AppContext,
  q: GroupedReportQuery,
  range: ReportRange,
  converter: Converter | undefined,
): Promise<Map<string, Figures>> {
  const dims = readDimensions(q);
  // The groupings the rollups carry read them (hours still marked raw); the others read raw rows.
  const fits = groupedRollupFits(q);
  const [clicks, leads, money] = await Promise.all([
    readWithRollup<Keyed & { currency: string; clicks: number | string; uniq: number | string }>(
      ctx,
      'c',
      range,
      {
        raw: (w) => clickRows(ctx, q, { ...range, ...w }, dims),
        rollup: fits ? (skip) => rollupClickRows(ctx, q, range, dims, skip) : undefined,
      },
    ),
    readWithRollup<
      Keyed & { currency: string; leads: number | string; approved: number | string; hold: number | string }
    >(ctx, 'l', range, {
      raw: (w) => leadRows(ctx, q, { ...range, ...w }, dims),
      rollup: fits ? (skip) => rollupLeadRows(ctx, q, range, dims, skip) : undefined,
    }),
    readWithRollup<
      Keyed & {
        account: string;
        currency: string;
        as_of: string;
        rate: string | null;
        total: number | string | null;
      }
    >(ctx, 'm', range, {
      raw: (w) => moneyRows(ctx, q, { ...range, ...w }, dims),
      rollup: fits ? (skip) => rollupMoneyRows(ctx, q, range, dims, skip) : undefined,
    }),
  ]);
  const out = new Map<string, Figures>();
  /** The row's finished group keys, or undefined when a derived filter leaves it out. */
  const keysOf = (row: Keyed): string[] | undefined => {
    const finished = dims.map((d, i) => finishKey(d, String(row[`k${i}`] ?? ''), range.zone));
    for (const [i, d] of dims.entries()) {
      const wanted = q.filters[d];
      if (wanted !== undefined && isDerived(d) && finished[i] !== wanted) return undefined;
    }
    return finished.slice(0, q.groupBy.length);
  };
  const at = (row: Keyed, currency: string): Figures | undefined => {
    const keys = keysOf(row);
    if (!keys) return undefined;
    const shown = converter?.target ?? currency;
    const id = JSON.stringify([...keys, shown]);
    let found = out.get(id);
    if (!found) {
      found = {
        keys,
        currency: shown,
        clicks: 0,
        unique: 0,
        leads: 0,
        approved: 0,
        hold: 0,
        revenue: 0,
        payout: 0,
        profit: 0,
      };
      out.set(id, found);
    }
    return found;
  };
  for (const c of clicks) {
    const f = at(c, c.currency);
    if (!f) continue;
    f.clicks += Number(c.clicks);
    f.unique += Number(c.uniq);
  }
  for (const l of leads) {
    const f = at(l, l.currency);
    if (!f) continue;
    f.leads += Number(l.leads);
    f.approved += Number(l.approved);
    f.hold += Number(l.hold);
  }
  for (const m of money) {
    const amount = Number(m.total);
    const converted = converter
      ? converter.convert({ currency: m.currency, day: m.as_of, recordedRate: m.rate, amount })
      : amount;
    if (converted === null) continue;
    const f = at(m, m.currency);
    if (!f) continue;
    if (m.account === 'advertiser_receivable') f.revenue = sumAmounts([f.revenue, converted]);
    if (m.account === 'publisher_approved') f.payout = sumAmounts([f.payout, negateAmount(converted)]);
    if (m.account === 'network_margin') f.profit = sumAmounts([f.profit, negateAmount(converted)]);
  }
  return out;
}

/** A ratio as a percentage with two decimals, or null when the base is zero. */
const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;

/** Money per click (EPC), rounded to the currency's minor unit by money.ts. */
function perClick(amount: number, clicks: number, currency: string): string | null {
  if (clicks === 0) return null;
  return formatAmount(proportionOf(amount, 1, clicks), currency);
}

function present(f: Figures, forPublisher: boolean) {
  const paying = f.approved + f.hold;
  const common = {
    currency: f.currency,
    clicks: f.clicks,
    unique_clicks: f.unique,
    leads: f.leads,
    cr: percent(f.leads, f.clicks),
    approved: f.approved,
    approval: percent(paying, f.leads),
    payout: formatAmount(f.payout, f.currency),
  };
  if (forPublisher) return { ...common, epc: perClick(f.payout, f.clicks, f.currency) };
  return {
    ...common,
    epc: perClick(f.revenue, f.clicks, f.currency),
    revenue: formatAmount(f.revenue, f.currency),
    profit: formatAmount(f.profit, f.currency),
    roi: percent(f.profit, f.payout),
  };
}

export type GroupedFigures = ReturnType<typeof present>;

/** The period just before [start, end), as long. */
function previousRange(range: ReportRange): ReportRange {
  const length = Date.parse(range.end) - Date.parse(range.start);
  return {
    start: new Date(Date.parse(range.start) - length).toISOString(),
    end: range.start,
    zone: range.zone,
  };
}

const NUMERIC: ReadonlySet<Dimension> = new Set(['offer', 'publisher', 'advertiser', 'flow']);

/**
 * The grouped report (issue 21): up to three groupings at once, filters on any grouping's value
 * (drill-down), clicks, unique clicks, leads, CR, approved, approval % (hold counts, SPEC), EPC,
 * revenue, payout, profit and ROI, and the previous period of the same length beside each row.
 * Groupings and filters among date, hour, offer, publisher, advertiser, flow, country and sub1 read
 * the rollups (clicks, leads, ledger money; hours still marked read raw); landing, device, OS,
 * browser and sub2–5 read the raw clicks, leads and ledger entries. Money is the ledger's, as in the
 * custom report.
 * The portal's version (publisherId set) has only the publisher's payout: no revenue, profit or ROI.
 */
export async function groupedReport(ctx: AppContext, q: GroupedReportQuery) {
  const zone = q.zone ?? UTC;
  const range = { ...checkRange(q.from, q.to, zone), zone };
  const converter = q.currency ? await converterFor(ctx, q.currency) : undefined;
  const [now, before, labels] = await Promise.all([
    figuresFor(ctx, q, range, converter),
    figuresFor(ctx, q, previousRange(range), converter),
    Promise.all(q.groupBy.map((d) => labelsOf(ctx, d))),
  ]);
  const forPublisher = q.publisherId !== undefined;
  const empty = (keys: string[], currency: string): Figures => ({
    keys,
    currency,
    clicks: 0,
    unique: 0,
    leads: 0,
    approved: 0,
    hold: 0,
    revenue: 0,
    payout: 0,
    profit: 0,
  });
  const totals = new Map<string, [Figures, Figures]>();
  const addTo = (into: Figures, f: Figures) => {
    into.clicks += f.clicks;
    into.unique += f.unique;
    into.leads += f.leads;
    into.approved += f.approved;
    into.hold += f.hold;
    into.revenue = sumAmounts([into.revenue, f.revenue]);
    into.payout = sumAmounts([into.payout, f.payout]);
    into.profit = sumAmounts([into.profit, f.profit]);
  };
  const totalOf = (currency: string) => {
    let found = totals.get(currency);
    if (!found) {
      found = [empty([], currency), empty([], currency)];
      totals.set(currency, found);
    }
    return found;
  };
  for (const f of now.values()) addTo(totalOf(f.currency)[0], f);
  for (const f of before.values()) addTo(totalOf(f.currency)[1], f);
  const order = (a: Figures, b: Figures) => {
    for (const [i, d] of q.groupBy.entries()) {
      const x = a.keys[i] ?? '';
      const y = b.keys[i] ?? '';
      const c = NUMERIC.has(d) ? Number(x) - Number(y) : x.localeCompare(y);
      if (c !== 0) return c;
    }
    return a.currency.localeCompare(b.currency);
  };
  return {
    from: q.from,
    to: q.to,
    tz: zone,
    group_by: q.groupBy,
    filters: q.filters,
    previous: { from: previousRange(range).start, to: range.start },
    report_currency: q.currency ?? null,
    missing_rates: converter?.missingRates() ?? ([] as MissingRate[]),
    data: [...now.values()].sort(order).map((f) => ({
      keys: f.keys,
      labels: f.keys.map((k, i) => labels[i]?.get(k) ?? (k === '' ? `(no ${q.groupBy[i]})` : k)),
      ...present(f, forPublisher),
      previous: present(
        before.get(JSON.stringify([...f.keys, f.currency])) ?? empty(f.keys, f.currency),
        forPublisher,
      ),
    })),
    totals: [...totals.values()]
      .sort((a, b) => a[0].currency.localeCompare(b[0].currency))
      .map(([t, p]) => ({ ...present(t, forPublisher), previous: present(p, forPublisher) })),
  };
}

import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { ValidationError } from '../../lib/errors.js';
import { formatAmount, perUnit, toSafeNumber } from '../../lib/money.js';
import { csvDocument } from '../../lib/spreadsheet.js';
import { DAY_MS, localDayRange, rangeEnd, rangeStart, UTC } from '../../lib/time.js';
import type { SubKey } from '../leads/lead-fields.js';
import { hourNotIn, readWithRollup } from '../rollups/read-rollups.js';

export type StatsGroup = 'day' | 'offer' | SubKey;

export interface StatsQuery {
  publisherId: number;
  offerId?: number;
  from: string;
  to: string;
  group: StatsGroup;
  /** IANA zone whose days `from`, `to` and the day rows are (default UTC). */
  zone?: string;
}

export interface StatsRow {
  key: string;
  currency: string;
  clicks: number;
  unique_clicks: number;
  leads: number;
  approved: number;
  payout: string;
  epc: string;
}

/** Longest range one request may ask for. */
export const MAX_RANGE_DAYS = 366;

/**
 * [start, end) UTC instants of a range of days, `from` through `to`, in a zone's local days (UTC by
 * default; a day with a daylight-saving change is 23 or 25 hours long).
 */
export function checkRange(from: string, to: string, zone: string = UTC): { start: string; end: string } {
  const start = rangeStart(from);
  const end = rangeEnd(to);
  if (end <= start) throw new ValidationError('to must not be before from', 'to', 'range_reversed');
  // Counted in calendar days, so a range that takes in a 25-hour day is not one hour too long.
  if (Date.parse(end) - Date.parse(start) > MAX_RANGE_DAYS * DAY_MS) {
    throw new ValidationError(`a range may cover at most ${MAX_RANGE_DAYS} days`, 'from', 'range_too_long');
  }
  return zone === UTC ? { start, end } : localDayRange(from, to, zone);
}

/** Hold is confirmed money (seed 003): it counts in payout and EPC like approved. */
const PAYING = ['approved', 'hold'] as const;

/**
 * One publisher's clicks, unique clicks, leads (test leads left out), approved leads, payout and EPC
 * per day (the zone's local days), offer or sub1…sub10 — and per currency, since money of two currencies is
 * never added.
 */
export async function publisherStats(ctx: AppContext, query: StatsQuery): Promise<StatsRow[]> {
  const zone = query.zone ?? UTC;
  const { start, end } = checkRange(query.from, query.to, zone);
  const dialect = dialectOf(ctx.db);
  const range = { start, end, zone };
  const key = (table: 'c' | 'l' | 'v', w: { start: string; end: string } = range) =>
    query.group === 'day'
      ? localDay(dialect, `${table}.created_at`, zone, w)
      : query.group === 'offer'
        ? sql<string>`cast(${sql.ref(`${table}.offer_id`)} as text)`
        : sql<string>`coalesce(${sql.ref(`${table === 'v' ? 'l' : table}.${query.group}`)}, '')`;
  // The rollups hold the day, offer and sub1; sub2…sub10 are read from the raw rows.
  const rollupKey =
    query.group === 'day'
      ? localDay(dialect, 'r.hour', zone, range)
      : query.group === 'offer'
        ? sql<string>`cast(r.offer_id as text)`
        : sql<string>`r.sub1`;
  const fits = query.group === 'day' || query.group === 'offer' || query.group === 'sub1';

  const rawClicks = (w: { start: string; end: string } = range) =>
    ctx.db
      .selectFrom('clicks as c')
      .innerJoin('offers as o', 'o.id', 'c.offer_id')
      .select([
        key('c', w).as('key'),
        'o.currency as currency',
        (eb) => eb.fn.countAll<number>().as('clicks'),
        sql<number>`sum(c.is_unique)`.as('unique_clicks'),
      ])
      .where('c.publisher_id', '=', query.publisherId)
      .where('c.status', '=', 'accepted')
      .where('c.created_at', '>=', w.start)
      .where('c.created_at', '<', w.end)
      .$if(query.offerId !== undefined, (q) => q.where('c.offer_id', '=', query.offerId as number))
      .groupBy(['key', 'o.currency'])
      .execute();
  const rollupClicks = (skip: readonly string[]) =>
    ctx.db
      .selectFrom('rollup_clicks as r')
      .innerJoin('offers as o', 'o.id', 'r.offer_id')
      .select([
        rollupKey.as('key'),
        'o.currency as currency',
        sql<number>`sum(r.clicks)`.as('clicks'),
        sql<number>`sum(r.unique_clicks)`.as('unique_clicks'),
      ])
      .where('r.publisher_id', '=', query.publisherId)
      .where('r.clicks', '>', 0)
      .where('r.hour', '>=', start)
      .where('r.hour', '<', end)
      .where(hourNotIn('r.hour', skip))
      .$if(query.offerId !== undefined, (q) => q.where('r.offer_id', '=', query.offerId as number))
      .groupBy(['key', 'o.currency'])
      .execute();
  const rawLeads = (w: { start: string; end: string } = range) =>
    ctx.db
      .selectFrom('leads as l')
      .innerJoin('offers as o', 'o.id', 'l.offer_id')
      .select([
        key('l', w).as('key'),
        'o.currency as currency',
        (eb) => eb.fn.countAll<number>().as('leads'),
        sql<number>`sum(case when l.status = 'approved' then 1 else 0 end)`.as('approved'),
      ])
      .where('l.publisher_id', '=', query.publisherId)
      .where('l.status', '!=', 'test')
      .where('l.created_at', '>=', w.start)
      .where('l.created_at', '<', w.end)
      .$if(query.offerId !== undefined, (q) => q.where('l.offer_id', '=', query.offerId as number))
      .groupBy(['key', 'o.currency'])
      .execute();
  const rollupLeads = (skip: readonly string[]) =>
    ctx.db
      .selectFrom('rollup_leads as r')
      .innerJoin('offers as o', 'o.id', 'r.offer_id')
      .select([
        rollupKey.as('key'),
        'o.currency as currency',
        sql<number>`sum(r.leads)`.as('leads'),
        sql<number>`sum(case when r.status = 'approved' then r.leads else 0 end)`.as('approved'),
      ])
      .where('r.publisher_id', '=', query.publisherId)
      .where('r.status', '!=', 'test')
      .where('r.hour', '>=', start)
      .where('r.hour', '<', end)
      .where(hourNotIn('r.hour', skip))
      .$if(query.offerId !== undefined, (q) => q.where('r.offer_id', '=', query.offerId as number))
      .groupBy(['key', 'o.currency'])
      .execute();
  let money = ctx.db
    .selectFrom('conversions as v')
    .innerJoin('leads as l', 'l.id', 'v.lead_id')
    .select([key('v').as('key'), 'v.currency as currency', sql<number>`sum(v.pub_payout)`.as('payout')])
    .where('v.publisher_id', '=', query.publisherId)
    .where('v.status', 'in', PAYING)
    .where('v.created_at', '>=', start)
    .where('v.created_at', '<', end);
  if (query.offerId !== undefined) money = money.where('v.offer_id', '=', query.offerId);
  const [clickRows, leadRows, moneyRows] = await Promise.all([
    readWithRollup(ctx, 'c', range, { raw: rawClicks, rollup: fits ? rollupClicks : undefined }),
    readWithRollup(ctx, 'l', range, { raw: rawLeads, rollup: fits ? rollupLeads : undefined }),
    money.groupBy(['key', 'v.currency']).execute(),
  ]);

  const rows = new Map<
    string,
    {
      key: string;
      currency: string;
      clicks: number;
      unique: number;
      leads: number;
      approved: number;
      payout: number;
    }
  >();
  const at = (k: string, currency: string) => {
    const id = `${k}\u0000${currency}`;
    let row = rows.get(id);
    if (!row) {
      row = { key: k, currency, clicks: 0, unique: 0, leads: 0, approved: 0, payout: 0 };
      rows.set(id, row);
    }
    return row;
  };
  // Rollup rows and raw hours alike: add them up.
  for (const r of clickRows) {
    const row = at(r.key, r.currency);
    row.clicks += Number(r.clicks);
    row.unique += Number(r.unique_clicks);
  }
  for (const r of leadRows) {
    const row = at(r.key, r.currency);
    row.leads += Number(r.leads);
    row.approved += Number(r.approved);
  }
  for (const r of moneyRows) at(r.key, r.currency).payout = toSafeNumber(r.payout);
  return [...rows.values()]
    .sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency))
    .map((r) => ({
      key: r.key,
      currency: r.currency,
      clicks: r.clicks,
      unique_clicks: r.unique,
      leads: r.leads,
      approved: r.approved,
      payout: formatAmount(r.payout, r.currency),
      epc: formatAmount(perUnit(r.payout, r.clicks), r.currency),
    }));
}

const CSV_COLUMNS = [
  'key',
  'currency',
  'clicks',
  'unique_clicks',
  'leads',
  'approved',
  'payout',
  'epc',
] as const;

/** One line per row, the first column named after the grouping (csv.ts: BOM, CRLF, no formulas). */
export function statsCsv(rows: StatsRow[], group: StatsGroup): string {
  return csvDocument(
    [group, ...CSV_COLUMNS.slice(1)],
    rows.map((r) => CSV_COLUMNS.map((c) => r[c])),
  );
}

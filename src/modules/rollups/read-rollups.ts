import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { RollupClicksTable, RollupLeadsTable, RollupMoneyTable } from '../../db/schema.js';
import { offsetSpans } from '../../lib/time.js';
import { DAY_COLUMNS, dayOfHour } from './refresh-rollups.js';

/** Past this many hours still marked in a range, the screen reads the raw rows for all of it. */
const MAX_RAW_HOURS = 48;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface ReportRange {
  start: string;
  end: string;
  zone: string;
}

/**
 * Whether a range can be answered from hourly buckets: its bounds and every local-day boundary in it
 * fall on a whole UTC hour, i.e. the zone's offset is whole hours throughout (not Asia/Kolkata's
 * +05:30, not a half-hour DST change).
 */
export function hourAligned(range: ReportRange): boolean {
  if (Date.parse(range.start) % HOUR_MS !== 0 || Date.parse(range.end) % HOUR_MS !== 0) return false;
  return offsetSpans(range.zone, range.start, range.end).every(
    (span) => span.offsetSeconds % 3600 === 0 && Date.parse(span.from) % HOUR_MS === 0,
  );
}

/** A rollup's `hour` column is none of `hours`. */
export function hourNotIn(column: string, hours: readonly string[]): RawBuilder<boolean> {
  if (hours.length === 0) return sql<boolean>`1 = 1`;
  return sql<boolean>`${sql.ref(column)} not in (${sql.join(hours)})`;
}

/**
 * Read a screen's figures from the rollup where it is exact, and from the raw rows elsewhere: hours
 * still marked for recomputing (written to since the last refresh) are read raw, the rest from the
 * rollup, and the caller adds the two row sets up. A range not on whole hours, or with many marked
 * hours (a rebuild under way), is read raw throughout — the old query, same answer.
 * `raw(window)` reads [window.start, window.end) (the whole range when undefined) — marked hours
 * are read in runs of consecutive hours; `rollup(skip)` leaves those hours out.
 */
export async function readWithRollup<R>(
  ctx: AppContext,
  kind: 'c' | 'l' | 'm',
  range: ReportRange,
  reads: {
    rollup: ((skip: readonly string[]) => Promise<R[]>) | undefined;
    raw: (window: { start: string; end: string } | undefined) => Promise<R[]>;
  },
): Promise<R[]> {
  if (!reads.rollup || !hourAligned(range)) return reads.raw(undefined);
  const marked = await ctx.db
    .selectFrom('rollup_dirty')
    .select('hour')
    .distinct()
    .where('kind', '=', kind)
    .where('hour', '>=', range.start)
    .where('hour', '<', range.end)
    .limit(MAX_RAW_HOURS + 1)
    .execute();
  if (marked.length > MAX_RAW_HOURS) return reads.raw(undefined);
  const hours = marked.map((m) => m.hour).sort();
  const [fromRollup, ...fromRaw] = await Promise.all([
    reads.rollup(hours),
    ...runsOf(hours).map((window) => reads.raw(window)),
  ]);
  return [...(fromRollup ?? []), ...fromRaw.flat()];
}

/** Sorted hours as [start, end) windows of consecutive hours. */
function runsOf(hours: readonly string[]): { start: string; end: string }[] {
  const runs: { start: string; end: string }[] = [];
  for (const hour of hours) {
    const last = runs.at(-1);
    const end = new Date(Date.parse(hour) + HOUR_MS).toISOString();
    if (last && last.end === hour) last.end = end;
    else runs.push({ start: hour, end });
  }
  return runs;
}

/**
 * Whether UTC day rows can stand for a range's days: its zone is UTC throughout (offset 0), so a UTC
 * day is a local day. Groupings other than the day (offer, country…) may read day rows in any
 * whole-hour zone; a day or hour grouping needs this.
 */
export function utcDays(range: ReportRange): boolean {
  return offsetSpans(range.zone, range.start, range.end).every((span) => span.offsetSeconds === 0);
}

type Rows = { clicks: RollupClicksTable; leads: RollupLeadsTable; money: RollupMoneyTable };

/**
 * The rollup rows of [range.start, range.end) as one table `hour, dims…, sums…`: whole UTC days with
 * no hour in `skip` from the day rollup (`withDays`), every other hour not in `skip` from the hour
 * rollup. A day row's `hour` is the day's first hour, so it must not be grouped by hour, nor by
 * day in a zone other than UTC (see utcDays).
 */
export function rollupRows<K extends keyof Rows>(
  kind: K,
  range: { start: string; end: string },
  skip: readonly string[],
  withDays: boolean,
): RawBuilder<Rows[K]> {
  const { dims, sums } = DAY_COLUMNS[kind];
  const columns = sql.join(['hour', ...dims, ...sums].map((c) => sql.ref(c)));
  const skipDays = new Set(skip.map(dayOfHour));
  const days: { start: string; end: string }[] = [];
  if (withDays) {
    const first = Math.ceil(Date.parse(range.start) / DAY_MS) * DAY_MS;
    for (let d = first; d + DAY_MS <= Date.parse(range.end); d += DAY_MS) {
      const day = new Date(d).toISOString();
      if (skipDays.has(day)) continue;
      const end = new Date(d + DAY_MS).toISOString();
      const last = days.at(-1);
      if (last && last.end === day) last.end = end;
      else days.push({ start: day, end });
    }
  }
  // The hours left: the range less the day runs.
  const hours: { start: string; end: string }[] = [];
  let from = range.start;
  for (const d of days) {
    if (d.start > from) hours.push({ start: from, end: d.start });
    from = d.end;
  }
  if (from < range.end) hours.push({ start: from, end: range.end });
  const within = (runs: { start: string; end: string }[]) =>
    runs.length === 0
      ? sql<boolean>`1 = 0`
      : sql<boolean>`(${sql.join(
          runs.map((r) => sql`(hour >= ${r.start} and hour < ${r.end})`),
          sql` or `,
        )})`;
  const hourRows = sql`select ${columns} from ${sql.table(`rollup_${kind}`)} where ${within(hours)} and ${hourNotIn('hour', skip)}`;
  if (days.length === 0) return sql<Rows[K]>`(${hourRows})`;
  return sql<
    Rows[K]
  >`(${hourRows} union all select ${columns} from ${sql.table(`rollup_${kind}_day`)} where ${within(days)})`;
}

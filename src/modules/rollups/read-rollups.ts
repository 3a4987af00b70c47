import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { offsetSpans } from '../../lib/time.js';

/** Past this many hours still marked in a range, the screen reads the raw rows for all of it. */
const MAX_RAW_HOURS = 48;
const HOUR_MS = 3_600_000;

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
  kind: 'c' | 'l',
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

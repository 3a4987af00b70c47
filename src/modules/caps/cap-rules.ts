import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';
import { offsetSeconds } from '../../lib/time.js';

export type CapRow = Row<'caps'>;
export type CapPeriod = CapRow['period'];
export type CapMetric = CapRow['metric'];
export type CapMode = CapRow['mode'];
export type CapOnReached = CapRow['on_reached'];

export const CAP_PERIODS = ['hourly', 'daily', 'monthly', 'total'] as const;
export const CAP_METRICS = ['clicks', 'leads', 'conversions', 'payout'] as const;

/** A cap as the hot paths read it: numbers, not database text. */
export interface Cap {
  id: number;
  offerId: number | null;
  publisherId: number | null;
  period: CapPeriod;
  metric: CapMetric;
  limit: number;
  currency: string | null;
  mode: CapMode;
  onReached: CapOnReached;
  timeZone: string;
}

export function toCap(row: CapRow): Cap {
  return {
    id: Number(row.id),
    offerId: row.offer_id === null ? null : Number(row.offer_id),
    publisherId: row.publisher_id === null ? null : Number(row.publisher_id),
    period: row.period,
    metric: row.metric,
    limit: Number(row.cap_limit),
    currency: row.currency,
    mode: row.mode,
    onReached: row.on_reached,
    timeZone: row.time_zone,
  };
}

/**
 * The period a moment falls in, in the cap's time zone: "2026-06-01T14" (hourly), "2026-06-01"
 * (daily), "2026-06" (monthly) or "total". A counter row exists per cap and period key, so a new
 * period starts at zero without any reset job.
 */
export function periodKey(period: CapPeriod, zone: string, atMs: number): string {
  if (period === 'total') return 'total';
  const wall = new Date(atMs + offsetSeconds(atMs, zone) * 1000).toISOString();
  if (period === 'hourly') return wall.slice(0, 13);
  if (period === 'daily') return wall.slice(0, 10);
  return wall.slice(0, 7);
}

const CAPS_TTL_MS = 5_000;

/**
 * Every active cap, indexed by offer and by publisher, read at most every few seconds per process
 * (the click path is hot): an offer without caps costs a map look-up, no database read. A change
 * through the admin API clears this process's cache at once; other processes follow within the TTL,
 * so a cap created or raised takes up to five seconds to reach every process. The counters
 * themselves are never cached: every reservation is one conditional statement in the database.
 */
interface CapIndex {
  byOffer: Map<number, Cap[]>;
  byPublisher: Map<number, Cap[]>;
}

function capCache(ctx: AppContext) {
  return ctx.caches.named<'all', CapIndex>('caps', CAPS_TTL_MS, 1);
}

async function capIndex(ctx: AppContext, db: DbOrTx): Promise<CapIndex> {
  return capCache(ctx).getOrLoad('all', () => readCapIndex(db));
}

async function readCapIndex(db: DbOrTx): Promise<CapIndex> {
  const rows = await db.selectFrom('caps').selectAll().where('active', '=', 1).execute();
  const index: CapIndex = { byOffer: new Map(), byPublisher: new Map() };
  for (const cap of rows.map(toCap)) {
    // A cap naming an offer is found through the offer; a publisher-wide cap through the publisher.
    if (cap.offerId !== null)
      index.byOffer.set(cap.offerId, [...(index.byOffer.get(cap.offerId) ?? []), cap]);
    else if (cap.publisherId !== null)
      index.byPublisher.set(cap.publisherId, [...(index.byPublisher.get(cap.publisherId) ?? []), cap]);
  }
  return index;
}

/** The active caps that apply to traffic of this offer from this publisher, any metric. */
export async function capsFor(
  ctx: AppContext,
  target: { offerId: number; publisherId: number | null },
  db: DbOrTx = ctx.db,
): Promise<readonly Cap[]> {
  return capsIn(await capIndex(ctx, db), target);
}

const NO_CAPS: readonly Cap[] = Object.freeze([]);

/** capsFor without a promise when the caps are cached (the click path); undefined otherwise. */
export function cachedCapsFor(
  ctx: AppContext,
  target: { offerId: number; publisherId: number | null },
): readonly Cap[] | undefined {
  const index = capCache(ctx).peek('all', () => readCapIndex(ctx.db));
  return index && capsIn(index, target);
}

/**
 * Read-only: the answer may be the shared frozen empty list or one of the cached index's own lists,
 * so a caller that changed it would change every later click's caps.
 */
function capsIn(index: CapIndex, target: { offerId: number; publisherId: number | null }): readonly Cap[] {
  const forOffer = index.byOffer.get(target.offerId);
  const ofPublisher = target.publisherId === null ? undefined : index.byPublisher.get(target.publisherId);
  // Traffic without caps (most of it) allocates nothing here.
  if (forOffer === undefined && ofPublisher === undefined) return NO_CAPS;
  const ofOffer = (forOffer ?? []).filter(
    (c) => c.publisherId === null || c.publisherId === target.publisherId,
  );
  return ofOffer.length === 0
    ? (ofPublisher ?? [])
    : ofPublisher === undefined || ofPublisher.length === 0
      ? ofOffer
      : [...ofOffer, ...ofPublisher];
}

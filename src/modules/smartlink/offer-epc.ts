import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { sumAmounts, toSafeNumber } from '../../lib/money.js';
import { DAY_MS } from '../../lib/time.js';
import { converterFor } from '../currency/rate-book.js';
import { readWithRollup, rollupRows } from '../rollups/read-rollups.js';

/** EPC looks back this many days (Affise's smart link: the last seven days). */
export const EPC_WINDOW_DAYS = 7;
/** Fewer accepted clicks than this in the window: no EPC (publisher × offer, then offer-wide). */
export const EPC_MIN_CLICKS = 50;
/**
 * The EPC table is computed at most once a minute per process (and after an admin change, which
 * clears every cache): two grouped queries over the window, never a query per click. Each process
 * keeps its own copy; N processes run the two queries N times a minute.
 */
const EPC_TTL_MS = 60_000;

/** Approved and hold money count toward EPC, as in split tests and reports. */
const EPC_STATUSES = ['approved', 'hold'] as const;

interface EpcCell {
  clicks: number;
  /** Advertiser payout of approved + hold conversions, minor units of the base currency. */
  revenue: number;
}

export interface EpcTable {
  byOffer: Map<number, EpcCell>;
  /** Key `publisherId:offerId`. */
  byPair: Map<string, EpcCell>;
}

function cellOf<K>(map: Map<K, EpcCell>, key: K): EpcCell {
  let cell = map.get(key);
  if (!cell) {
    cell = { clicks: 0, revenue: 0 };
    map.set(key, cell);
  }
  return cell;
}

const HOUR_MS = 3_600_000;

interface ClickCount {
  offer_id: number | null;
  publisher_id: number | null;
  n: number | string;
}

/**
 * Accepted clicks per offer × publisher in [start, end): from the click rollup (its day rows over
 * whole days), hours still marked read raw — never a scan of a week of raw clicks per refresh.
 */
function clickCounts(ctx: AppContext, start: string, end: string): Promise<ClickCount[]> {
  const raw = (window: { start: string; end: string } | undefined) =>
    ctx.db
      .selectFrom('clicks')
      .where('created_at', '>=', window?.start ?? start)
      .where('created_at', '<', window?.end ?? end)
      .where('status', '=', 'accepted')
      .where('offer_id', 'is not', null)
      .select(['offer_id', 'publisher_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['offer_id', 'publisher_id'])
      .execute();
  return readWithRollup<ClickCount>(
    ctx,
    'c',
    { start, end, zone: 'UTC' },
    {
      raw,
      rollup: (skip) =>
        ctx.db
          .selectFrom(rollupRows('clicks', { start, end }, skip, true).as('r'))
          .where('r.offer_id', '<>', 0)
          .where('r.clicks', '>', 0)
          .select([
            'r.offer_id',
            sql<number | null>`nullif(r.publisher_id, 0)`.as('publisher_id'),
            sql<number | string>`sum(r.clicks)`.as('n'),
          ])
          .groupBy(['r.offer_id', 'r.publisher_id'])
          .execute(),
    },
  );
}

async function computeEpcTable(ctx: AppContext): Promise<EpcTable> {
  const now = ctx.clock.now();
  const from = new Date(now.getTime() - EPC_WINDOW_DAYS * DAY_MS).toISOString();
  // Clicks over whole hours (the window starts at the top of its first hour, and takes in the current
  // hour whole), so the hourly rollups can answer them.
  const clickFrom = new Date(Math.floor(Date.parse(from) / HOUR_MS) * HOUR_MS).toISOString();
  const clickTo = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS).toISOString();
  const [clicks, revenue, converter] = await Promise.all([
    clickCounts(ctx, clickFrom, clickTo),
    ctx.db
      .selectFrom('conversions')
      .where('created_at', '>=', from)
      .where('status', 'in', EPC_STATUSES)
      .select([
        'offer_id',
        'publisher_id',
        'currency',
        (eb) => eb.fn.sum<number | string>('adv_payout').as('revenue'),
      ])
      .groupBy(['offer_id', 'publisher_id', 'currency'])
      .execute(),
    converterFor(ctx, ctx.config.baseCurrency),
  ]);
  const table: EpcTable = { byOffer: new Map(), byPair: new Map() };
  for (const row of clicks) {
    const n = Number(row.n);
    cellOf(table.byOffer, Number(row.offer_id)).clicks += n;
    if (row.publisher_id !== null) cellOf(table.byPair, `${row.publisher_id}:${row.offer_id}`).clicks += n;
  }
  const day = now.toISOString().slice(0, 10);
  for (const row of revenue) {
    // Today's rate into the base currency; an amount without a rate is left out, never guessed.
    const amount = converter.convert({ currency: row.currency, day, amount: toSafeNumber(row.revenue) });
    if (amount === null) continue;
    const offer = cellOf(table.byOffer, row.offer_id);
    offer.revenue = sumAmounts([offer.revenue, amount]);
    if (row.publisher_id === null) continue;
    const pair = cellOf(table.byPair, `${row.publisher_id}:${row.offer_id}`);
    pair.revenue = sumAmounts([pair.revenue, amount]);
  }
  return table;
}

export function loadEpcTable(ctx: AppContext): Promise<EpcTable> {
  return ctx.caches
    .named<'all', EpcTable>('smartlink.epc', EPC_TTL_MS)
    .getOrLoad('all', () => computeEpcTable(ctx));
}

/**
 * The EPC the smart link ranks an offer by for this publisher: the publisher's own on the offer when
 * they sent at least EPC_MIN_CLICKS accepted clicks in the window, else the offer's across all
 * publishers with the same minimum, else null (unknown: the offer is reached by exploration only).
 */
export function epcFor(table: EpcTable, publisherId: number, offerId: number): number | null {
  const pair = table.byPair.get(`${publisherId}:${offerId}`);
  if (pair && pair.clicks >= EPC_MIN_CLICKS) return pair.revenue / pair.clicks;
  const offer = table.byOffer.get(offerId);
  if (offer && offer.clicks >= EPC_MIN_CLICKS) return offer.revenue / offer.clicks;
  return null;
}

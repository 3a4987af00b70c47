import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { convertAmount } from '../../lib/money.js';

export interface RateOnDay {
  /** The day the rate was set for; null for the base currency (always 1). */
  date: string | null;
  rate: string;
}

/** Every stored rate in memory, answering "the latest rate on or before this day" per currency. */
export class RateBook {
  private readonly byCurrency = new Map<string, { date: string; rate: string }[]>();

  constructor(
    readonly base: string,
    rows: readonly { currency: string; rate_date: string; rate: string }[],
  ) {
    for (const r of rows) {
      const list = this.byCurrency.get(r.currency) ?? [];
      list.push({ date: r.rate_date, rate: r.rate });
      this.byCurrency.set(r.currency, list);
    }
    for (const list of this.byCurrency.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  }

  /** The rate in effect for `currency` on `day` (YYYY-MM-DD): the latest with date ≤ day. */
  rateOn(currency: string, day: string): RateOnDay | undefined {
    if (currency === this.base) return { date: null, rate: '1' };
    const list = this.byCurrency.get(currency);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    let found: { date: string; rate: string } | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const entry = list[mid] as { date: string; rate: string };
      if (entry.date <= day) {
        found = entry;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }
}

const CACHE_TTL_MS = 30_000;

/**
 * The rate book, cached per process for a short while (admin writes clear ctx.caches at once).
 * `db` lets a caller inside a transaction read through it.
 */
export function loadRateBook(ctx: AppContext, db: DbOrTx = ctx.db): Promise<RateBook> {
  return ctx.caches.named<'all', RateBook>('currency.rates', CACHE_TTL_MS, 1).getOrLoad('all', async () => {
    const rows = await db.selectFrom('currency_rates').select(['currency', 'rate_date', 'rate']).execute();
    return new RateBook(ctx.config.baseCurrency, rows);
  });
}

/** What a new conversion records: its currency's rate in effect on its day (nulls for the base or none). */
export async function rateForConversion(
  ctx: AppContext,
  db: DbOrTx,
  currency: string,
  at: Date,
): Promise<{ rate_date: string | null; rate: string | null }> {
  const found = (await loadRateBook(ctx, db)).rateOn(currency, at.toISOString().slice(0, 10));
  if (!found || found.date === null) return { rate_date: null, rate: null };
  return { rate_date: found.date, rate: found.rate };
}

/** An amount of one currency on one day, to be reported in another. */
export interface Convertible {
  currency: string;
  /** Day whose rates apply (YYYY-MM-DD). */
  day: string;
  /** A rate recorded on the conversion, used instead of looking one up for `currency`. */
  recordedRate?: string | null;
  amount: number;
}

export interface MissingRate {
  currency: string;
  date: string;
}

/**
 * Converts amounts into one report currency, remembering which (currency, day) had no rate: those
 * amounts are left out (null) and listed, never summed at a made-up rate.
 */
export class Converter {
  private readonly missing = new Map<string, MissingRate>();

  constructor(
    private readonly book: RateBook,
    readonly target: string,
  ) {}

  convert(item: Convertible): number | null {
    if (item.currency === this.target) return item.amount;
    const from = item.recordedRate
      ? { date: item.day, rate: item.recordedRate }
      : this.book.rateOn(item.currency, item.day);
    const to = this.book.rateOn(this.target, item.day);
    if (!from) this.note(item.currency, item.day);
    if (!to) this.note(this.target, item.day);
    if (!from || !to) return null;
    return convertAmount(
      item.amount,
      { currency: item.currency, rate: from.rate },
      { currency: this.target, rate: to.rate },
    );
  }

  private note(currency: string, date: string) {
    this.missing.set(`${currency}|${date}`, { currency, date });
  }

  /** (currency, day) pairs that had no rate on or before the day, sorted. */
  missingRates(): MissingRate[] {
    return [...this.missing.values()].sort(
      (a, b) => a.currency.localeCompare(b.currency) || a.date.localeCompare(b.date),
    );
  }
}

export async function converterFor(ctx: AppContext, target: string): Promise<Converter> {
  return new Converter(await loadRateBook(ctx), target);
}

/**
 * Rows of amounts in their own currencies, each converted into the report currency (rows without a
 * rate are dropped here and listed by the converter). Per-row rounding: a row is one rate's sum.
 */
export function convertRows<
  T extends { currency: string; total: number; asOf: string; rate?: string | null },
>(rows: readonly T[], converter: Converter): T[] {
  const out: T[] = [];
  for (const row of rows) {
    const total = converter.convert({
      currency: row.currency,
      day: row.asOf,
      recordedRate: row.rate,
      amount: row.total,
    });
    if (total !== null) out.push({ ...row, currency: converter.target, total });
  }
  return out;
}

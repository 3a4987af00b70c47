import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { Row } from '../../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { assertCurrency, parseRate } from '../../lib/money.js';

export const CurrencyRate = Type.Object({
  id: Type.String(),
  currency: Type.String(),
  rate_date: Type.String(),
  rate: Type.String({ description: 'units of the base currency per one unit of currency' }),
  base_currency: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export interface RateInput {
  currency: string;
  rate_date: string;
  rate: string | number;
}

function present(ctx: AppContext, row: Row<'currency_rates'>) {
  return {
    id: String(row.id),
    currency: row.currency,
    rate_date: row.rate_date,
    rate: row.rate,
    base_currency: ctx.config.baseCurrency,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** A real calendar day: 2026-02-30 is refused, not rolled over. */
export function assertDay(value: string, field: string): string {
  const day = value.trim();
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00.000Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new ValidationError(`${field} must be a date like 2026-06-01`, field, 'day_invalid');
  }
  return day;
}

function checked(ctx: AppContext, input: RateInput) {
  const currency = assertCurrency(input.currency);
  if (currency === ctx.config.baseCurrency) {
    throw new ValidationError(
      `${currency} is the base currency (BASE_CURRENCY); its rate is always 1`,
      'currency',
      'base_currency_rate',
    );
  }
  return { currency, rate_date: assertDay(input.rate_date, 'rate_date'), rate: parseRate(input.rate) };
}

export async function listRates(
  ctx: AppContext,
  filter: { currency?: string; limit: number; offset: number },
) {
  let query = ctx.db.selectFrom('currency_rates');
  if (filter.currency) query = query.where('currency', '=', assertCurrency(filter.currency));
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('rate_date', 'desc')
      .orderBy('currency')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => present(ctx, r)), total: Number(total.n) };
}

/** Create the rate of (currency, day), or replace its value when that day already has one. */
export async function upsertRate(ctx: AppContext, input: RateInput) {
  const values = checked(ctx, input);
  const now = ctx.clock.now().toISOString();
  const existing = await ctx.db
    .selectFrom('currency_rates')
    .select('id')
    .where('currency', '=', values.currency)
    .where('rate_date', '=', values.rate_date)
    .executeTakeFirst();
  const row = await ctx.db
    .insertInto('currency_rates')
    .values({ ...values, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['currency', 'rate_date']).doUpdateSet({ rate: values.rate, updated_at: now }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { rate: present(ctx, row), created: !existing };
}

export async function updateRate(ctx: AppContext, id: number, input: Partial<RateInput>) {
  const current = await ctx.db
    .selectFrom('currency_rates')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) throw new NotFoundError('currency rate');
  const values = checked(ctx, {
    currency: input.currency ?? current.currency,
    rate_date: input.rate_date ?? current.rate_date,
    rate: input.rate ?? current.rate,
  });
  try {
    const row = await ctx.db
      .updateTable('currency_rates')
      .set({ ...values, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return present(ctx, row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(
        `${values.currency} already has a rate on ${values.rate_date}`,
        'rate_date',
        'rate_exists',
      );
    }
    throw error;
  }
}

export async function deleteRate(ctx: AppContext, id: number) {
  const result = await ctx.db.deleteFrom('currency_rates').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('currency rate');
}

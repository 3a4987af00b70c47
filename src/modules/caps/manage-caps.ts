import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { assertCurrency, formatAmount, parseAmount } from '../../lib/money.js';
import { isTimeZone } from '../../lib/time.js';
import { type CapRow, periodKey, toCap } from './cap-rules.js';
import type { CapCreate, CapUpdate, CapView } from './schemas.js';

function limitUnits(limit: string, metric: CapRow['metric'], currency: string | null): number {
  if (metric === 'payout') return parseAmount(limit, currency ?? 'USD', 'limit');
  if (!/^[0-9]+$/.test(limit))
    throw new ValidationError('limit must be a whole number of units', 'limit', 'cap_limit_whole');
  const units = Number(limit);
  if (!Number.isSafeInteger(units))
    throw new ValidationError('limit is too large', 'limit', 'cap_limit_too_large');
  return units;
}

function shown(units: number, cap: { metric: CapRow['metric']; currency: string | null }): string {
  return cap.metric === 'payout' && cap.currency ? formatAmount(units, cap.currency) : String(units);
}

/** Caps with the running period's usage, optionally of one offer and/or one publisher. */
export async function listCaps(
  ctx: AppContext,
  filter: { offerId?: number; publisherId?: number; activeOnly?: boolean },
): Promise<CapView[]> {
  let query = ctx.db.selectFrom('caps').selectAll();
  if (filter.offerId !== undefined) query = query.where('offer_id', '=', filter.offerId);
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  if (filter.activeOnly) query = query.where('active', '=', 1);
  const rows = await query.orderBy('id').execute();
  if (rows.length === 0) return [];
  const nowMs = ctx.clock.now().getTime();
  const keys = rows.map((r) => ({ row: r, key: periodKey(r.period, r.time_zone, nowMs) }));
  const counters = await ctx.db
    .selectFrom('cap_counters')
    .select(['cap_id', 'period_key', 'used'])
    .where(
      'cap_id',
      'in',
      rows.map((r) => Number(r.id)),
    )
    .execute();
  const used = new Map(counters.map((c) => [`${c.cap_id}/${c.period_key}`, Number(c.used)]));
  return keys.map(({ row, key }) => present(row, key, used.get(`${row.id}/${key}`) ?? 0));
}

function present(row: CapRow, key: string, used: number): CapView {
  const cap = toCap(row);
  return {
    id: String(cap.id),
    offer_id: cap.offerId === null ? null : String(cap.offerId),
    publisher_id: cap.publisherId === null ? null : String(cap.publisherId),
    period: cap.period,
    metric: cap.metric,
    limit: shown(cap.limit, cap),
    currency: cap.currency,
    mode: cap.mode,
    on_reached: cap.onReached,
    time_zone: cap.timeZone,
    active: Number(row.active) === 1,
    period_key: key,
    used: shown(used, cap),
    percent: cap.limit > 0 ? Math.floor((used * 100) / cap.limit) : 100,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

async function capView(ctx: AppContext, id: number): Promise<CapView> {
  const row = await ctx.db.selectFrom('caps').select('offer_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('cap');
  const found = (await listCaps(ctx, { offerId: row.offer_id ?? undefined })).find(
    (c) => c.id === String(id),
  );
  if (!found) throw new NotFoundError('cap');
  return found;
}

export async function createCap(ctx: AppContext, input: CapCreate): Promise<CapView> {
  if (!input.offer_id && !input.publisher_id)
    throw new ValidationError(
      'a cap needs an offer_id, a publisher_id or both',
      'offer_id',
      'cap_subject_required',
    );
  const offer = input.offer_id
    ? await ctx.db
        .selectFrom('offers')
        .select(['id', 'currency'])
        .where('id', '=', Number(input.offer_id))
        .executeTakeFirst()
    : undefined;
  if (input.offer_id && !offer)
    throw new ValidationError('offer_id: no such offer', 'offer_id', 'offer_missing');
  if (input.publisher_id) {
    const publisher = await ctx.db
      .selectFrom('publishers')
      .select('id')
      .where('id', '=', Number(input.publisher_id))
      .executeTakeFirst();
    if (!publisher)
      throw new ValidationError('publisher_id: no such publisher', 'publisher_id', 'publisher_missing');
  }
  const zone = input.time_zone ?? 'UTC';
  if (!isTimeZone(zone))
    throw new ValidationError(
      'time_zone must be an IANA zone such as Asia/Kolkata',
      'time_zone',
      'time_zone_invalid',
    );
  let currency: string | null = null;
  if (input.metric === 'payout') {
    const code = input.currency ?? offer?.currency;
    if (!code)
      throw new ValidationError(
        'a payout cap without an offer needs a currency',
        'currency',
        'cap_currency_required',
      );
    currency = assertCurrency(code);
  } else if (input.currency)
    throw new ValidationError('only payout caps have a currency', 'currency', 'cap_currency_unused');
  const now = ctx.clock.now().toISOString();
  const inserted = await ctx.db
    .insertInto('caps')
    .values({
      offer_id: input.offer_id ? Number(input.offer_id) : null,
      publisher_id: input.publisher_id ? Number(input.publisher_id) : null,
      period: input.period,
      metric: input.metric,
      cap_limit: limitUnits(input.limit, input.metric, currency),
      currency,
      mode: input.mode ?? 'hard',
      on_reached: input.on_reached ?? 'trafficback',
      time_zone: zone,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.caches.clear();
  return capView(ctx, Number(inserted.id));
}

/**
 * Change a cap's limit, mode, action or switch it off. Lowering a limit below what is used now
 * stops the rest of the period at once; the counters are never rewritten.
 */
export async function updateCap(ctx: AppContext, id: number, input: CapUpdate): Promise<CapView> {
  const row = await ctx.db.selectFrom('caps').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('cap');
  await ctx.db
    .updateTable('caps')
    .set({
      ...(input.limit !== undefined ? { cap_limit: limitUnits(input.limit, row.metric, row.currency) } : {}),
      ...(input.mode ? { mode: input.mode } : {}),
      ...(input.on_reached ? { on_reached: input.on_reached } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: ctx.clock.now().toISOString(),
    })
    .where('id', '=', id)
    .execute();
  ctx.caches.clear();
  return capView(ctx, id);
}

import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { lockKey } from '../../db/dialect.js';
import type { LeadStatus } from '../../db/schema.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import {
  assertCurrency,
  differenceOf,
  formatAmount,
  limitInMinorUnits,
  parseAmount,
  sumAmounts,
} from '../../lib/money.js';
import { assertDay } from './days.js';
import {
  type BillingRow,
  findBilling,
  insertNotification,
  insertTopup,
  pauseOffersAtZero,
  prepaidSums,
  resumePausedOffers,
  topupsOf,
  upsertBilling,
} from './queries.js';

/**
 * Prepayment advertisers pay before: top-ups raise a balance per currency, and the advertiser payout
 * of every approved conversion posted since they became prepaid (advertiser_receivable on the ledger,
 * reversals giving it back) draws it down. At or below the alert level the operator is notified once
 * per crossing; at zero, with pause_at_zero, the advertiser's active offers in that currency are paused,
 * and a top-up that lifts the balance above zero resumes exactly those.
 */

export class NotPrepaidError extends AppError {
  constructor() {
    super('the advertiser is not a prepayment advertiser', 409, 'not_prepaid');
  }
}

const TTL_MS = 5_000;

/** The advertiser's billing row, cached like the postback path's offer terms (cleared by any admin write). */
function billingOf(ctx: AppContext, tx: Tx, advertiserId: number): Promise<BillingRow | null> {
  return ctx.caches
    .named<number, BillingRow | null>('invoices.billing', TTL_MS, 10_000)
    .getOrLoad(advertiserId, async () => (await findBilling(tx, advertiserId)) ?? null);
}

export interface BalanceView {
  currency: string;
  topups: string;
  drawn: string;
  balance: string;
  low: boolean;
}

export interface BillingView {
  advertiser_id: string;
  mode: 'invoice' | 'prepayment';
  low_balance_alert: string | null;
  pause_at_zero: boolean;
  prepaid_since: string | null;
  balances: BalanceView[];
  topups: {
    id: string;
    amount: string;
    currency: string;
    received_on: string;
    reference: string;
    created_at: string;
  }[];
}

async function assertAdvertiser(ctx: AppContext, id: number) {
  const row = await ctx.db
    .selectFrom('advertisers')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('advertiser');
  return row;
}

export async function getBilling(ctx: AppContext, advertiserId: number): Promise<BillingView> {
  await assertAdvertiser(ctx, advertiserId);
  const billing = await findBilling(ctx.db, advertiserId);
  const mode = billing?.mode ?? 'invoice';
  const since = billing?.prepaid_since ?? null;
  const balances: BalanceView[] = [];
  if (mode === 'prepayment' && since) {
    const sums = await prepaidSums(ctx.db, advertiserId, since);
    for (const [currency, s] of [...sums.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const balance = differenceOf(s.topups, s.drawn);
      const alert = billing?.low_balance_alert;
      balances.push({
        currency,
        topups: formatAmount(s.topups, currency),
        drawn: formatAmount(s.drawn, currency),
        balance: formatAmount(balance, currency),
        low: balance <= (alert ? limitInMinorUnits(alert, currency) : 0),
      });
    }
  }
  const topups = await topupsOf(ctx.db, advertiserId);
  return {
    advertiser_id: String(advertiserId),
    mode,
    low_balance_alert: billing?.low_balance_alert ?? null,
    pause_at_zero: billing?.pause_at_zero === 1,
    prepaid_since: since,
    balances,
    topups: topups.map((t) => ({
      id: t.id,
      amount: formatAmount(Number(t.amount), t.currency),
      currency: t.currency,
      received_on: t.received_on,
      reference: t.reference,
      created_at: t.created_at,
    })),
  };
}

export interface BillingInput {
  mode: 'invoice' | 'prepayment';
  low_balance_alert?: string | null;
  pause_at_zero?: boolean;
}

export async function saveBilling(
  ctx: AppContext,
  advertiserId: number,
  input: BillingInput,
): Promise<BillingView> {
  await assertAdvertiser(ctx, advertiserId);
  const alert = input.low_balance_alert?.trim() || null;
  if (alert !== null && !/^\d{1,12}(\.\d{1,4})?$/.test(alert)) {
    throw new ValidationError(
      'low_balance_alert must be a decimal amount like "100.00"',
      'low_balance_alert',
      'amount_invalid',
    );
  }
  const existing = await findBilling(ctx.db, advertiserId);
  const iso = ctx.clock.now().toISOString();
  // Becoming prepaid starts the draw-down now; what was approved before stays on invoices.
  const since =
    input.mode === 'prepayment' ? (existing?.mode === 'prepayment' ? existing.prepaid_since : iso) : null;
  await upsertBilling(ctx.db, {
    advertiser_id: advertiserId,
    mode: input.mode,
    low_balance_alert: alert,
    pause_at_zero: input.pause_at_zero ? 1 : 0,
    prepaid_since: since,
    updated_at: iso,
  });
  return getBilling(ctx, advertiserId);
}

export interface TopupInput {
  amount: string;
  currency: string;
  receivedOn: string;
  reference: string;
}

/** A top-up received; when it lifts the balance above zero, the offers a zero balance paused resume. */
export async function recordTopup(
  ctx: AppContext,
  advertiserId: number,
  input: TopupInput,
): Promise<BillingView> {
  await assertAdvertiser(ctx, advertiserId);
  const currency = assertCurrency(input.currency);
  const amount = parseAmount(input.amount, currency);
  if (amount <= 0) throw new ValidationError('amount must be more than 0', 'amount', 'amount_not_positive');
  assertDay(input.receivedOn, 'received_on');
  await inTransaction(ctx.db, async (tx) => {
    await lockKey(tx, `prepayment:${advertiserId}`);
    const billing = await findBilling(tx, advertiserId);
    if (billing?.mode !== 'prepayment' || !billing.prepaid_since) throw new NotPrepaidError();
    const now = ctx.clock.now();
    const iso = now.toISOString();
    await insertTopup(tx, {
      id: newId(now.getTime()),
      advertiser_id: advertiserId,
      amount,
      currency,
      received_on: input.receivedOn,
      reference: input.reference.trim(),
      created_at: iso,
    });
    const balance = await balanceOf(tx, advertiserId, billing.prepaid_since, currency);
    if (balance > 0) await resumePausedOffers(tx, advertiserId, currency, iso);
  });
  ctx.caches.clear();
  return getBilling(ctx, advertiserId);
}

async function balanceOf(tx: Tx, advertiserId: number, since: string, currency: string): Promise<number> {
  const s = (await prepaidSums(tx, advertiserId, since, currency)).get(currency) ?? { topups: 0, drawn: 0 };
  return differenceOf(s.topups, s.drawn);
}

interface MoneyState {
  status: LeadStatus | null;
  advPayout: number;
  currency: string;
}

/** What a conversion in this state draws from a prepaid balance in `currency`: its payout when approved. */
const drawOf = (s: MoneyState, currency: string) =>
  s.status === 'approved' && s.currency === currency ? s.advPayout : 0;

/**
 * Called by the one status-change path (conversions/apply-lead-status.ts) in its transaction, after
 * the ledger moved. Costs nothing for an advertiser who is not prepaid (a cached read) or a change
 * that draws nothing.
 */
export async function drawPrepayment(
  ctx: AppContext,
  tx: Tx,
  change: { advertiserId: number; from: MoneyState; to: MoneyState; at: string },
): Promise<void> {
  // Read (from the cache) on every change, so the cache is warm before the first approval.
  const billing = await billingOf(ctx, tx, change.advertiserId);
  if (billing?.mode !== 'prepayment' || !billing.prepaid_since) return;
  const currency = change.to.currency;
  const draw = differenceOf(drawOf(change.to, currency), drawOf(change.from, currency));
  if (draw <= 0) return;
  // Approvals of one prepaid advertiser at once take turns here (and with top-ups), so each sees the
  // others' draws and a crossing is told once. Advertisers who are not prepaid never get here.
  await lockKey(tx, `prepayment:${change.advertiserId}`);
  const after = await balanceOf(tx, change.advertiserId, billing.prepaid_since, currency);
  const before = sumAmounts([after, draw]);
  // Without an alert level the operator is told when the balance runs out.
  const alertAt = billing.low_balance_alert ? limitInMinorUnits(billing.low_balance_alert, currency) : 0;
  const crossedAlert = before > alertAt && after <= alertAt;
  const reachedZero = after <= 0;
  if (!crossedAlert && !reachedZero) return;
  const advertiser = await tx
    .selectFrom('advertisers')
    .select('name')
    .where('id', '=', change.advertiserId)
    .executeTakeFirst();
  const name = advertiser?.name ?? `advertiser ${change.advertiserId}`;
  // The name, or none (the web says "advertiser N" in the reader's language from the id).
  const named = {
    ...(advertiser?.name ? { advertiser: advertiser.name } : {}),
    advertiser_id: String(change.advertiserId),
  };
  const left = `${formatAmount(after, currency)} ${currency}`;
  const details = {
    advertiser_id: String(change.advertiserId),
    currency,
    balance: formatAmount(after, currency),
  };
  if (crossedAlert) {
    await insertNotification(tx, {
      id: newId(Date.parse(change.at)),
      title: `Low prepaid balance: ${name}`,
      message: `${name} has ${left} of prepayment left (alert at ${formatAmount(alertAt, currency)} ${currency}).`,
      code: 'prepayment_low',
      params: {
        ...named,
        balance: formatAmount(after, currency),
        alert_at: formatAmount(alertAt, currency),
        currency,
      },
      details: { ...details, kind: 'prepayment_low' },
      at: change.at,
    });
  }
  if (!reachedZero || !billing.pause_at_zero) return;
  const paused = await pauseOffersAtZero(tx, change.advertiserId, currency, change.at);
  if (paused.length === 0) return;
  ctx.caches.clear();
  await insertNotification(tx, {
    id: newId(Date.parse(change.at)),
    title: `Offers paused: ${name}'s prepayment is used up`,
    message: `${name} has ${left} of prepayment; paused ${paused.map((o) => `${o.name} (#${o.id})`).join(', ')} until a top-up.`,
    code: 'prepayment_paused',
    params: {
      ...named,
      balance: formatAmount(after, currency),
      currency,
      offers: paused.map((o) => `${o.name} (#${o.id})`).join(', '),
    },
    details: { ...details, kind: 'prepayment_paused', offer_ids: paused.map((o) => String(o.id)) },
    at: change.at,
  });
}

import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import type { NewRow } from '../../db/schema.js';
import { parseGeoList } from '../../lib/countries.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { newToken } from '../../lib/ids.js';
import { assertCurrency, formatAmount, formatPercent, parseAmount, parsePercent } from '../../lib/money.js';
import { pastedHttpUrl } from '../../lib/paste-hygiene.js';
import { assertMacroFreeHost } from '../../lib/urls.js';
import { findAdvertiser } from '../advertisers/queries.js';
import { LANDING_MACROS } from '../clicks/landing-url.js';
import {
  findOffer,
  type GoalRow,
  goalsOf,
  insertOffer,
  type OfferRow,
  replaceGoals,
  updateOfferRow,
} from './queries.js';
import type { GoalInput, Offer, OfferCreate, OfferUpdate } from './schemas.js';

async function assertAdvertiser(db: DbOrTx, id: string): Promise<number> {
  const advertiserId = Number(id);
  if (!(await findAdvertiser(db, advertiserId))) {
    throw new ValidationError(
      `advertiser_id: advertiser ${id} does not exist`,
      'advertiser_id',
      'advertiser_missing',
    );
  }
  return advertiserId;
}

function goalRows(
  offerId: number,
  goals: GoalInput[],
  currency: string,
  now: string,
): NewRow<'offer_goals'>[] {
  const seen = new Set<string>();
  return goals.map((goal, i) => {
    const names = [goal.key, ...(goal.aliases ?? []).map((a) => a.toLowerCase())];
    for (const name of names) {
      if (seen.has(name))
        throw new ValidationError(
          `goals.${i}: "${name}" is used by two goals`,
          `goals.${i}`,
          'goal_name_twice',
        );
      seen.add(name);
    }
    return {
      offer_id: offerId,
      key: goal.key,
      name: goal.name ?? goal.key,
      aliases: JSON.stringify(names.slice(1)),
      adv_payout: parseAmount(goal.adv_payout, currency, `goals.${i}.adv_payout`),
      pub_payout: parseAmount(goal.pub_payout, currency, `goals.${i}.pub_payout`),
      revshare_bps:
        goal.revshare_percent === undefined || goal.revshare_percent === null
          ? null
          : parsePercent(goal.revshare_percent, `goals.${i}.revshare_percent`),
      created_at: now,
    };
  });
}

export async function createOffer(ctx: AppContext, input: OfferCreate): Promise<Offer> {
  const currency = assertCurrency(input.currency ?? 'USD');
  const now = ctx.clock.now().toISOString();
  const notices: string[] = [];
  const landingUrl = assertMacroFreeHost(
    pastedHttpUrl(input.landing_url, 'landing_url', LANDING_MACROS, notices),
    'landing_url',
  );
  const trafficbackUrl = input.trafficback_url
    ? assertMacroFreeHost(
        pastedHttpUrl(input.trafficback_url, 'trafficback_url', LANDING_MACROS, notices),
        'trafficback_url',
      )
    : null;
  const advPayout = parseAmount(input.adv_payout, currency, 'adv_payout');
  const pubPayout = parseAmount(input.pub_payout, currency, 'pub_payout');
  const geo = parseGeoList(input.geo ?? []);
  // Validate goals before anything is written.
  goalRows(0, input.goals ?? [], currency, now);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const advertiserId = await assertAdvertiser(tx, input.advertiser_id);
    const offer = await insertOffer(tx, {
      name: input.name.trim(),
      advertiser_id: advertiserId,
      adv_offer_id: input.adv_offer_id ?? '',
      landing_url: landingUrl,
      adv_payout: advPayout,
      pub_payout: pubPayout,
      currency,
      geo: JSON.stringify(geo),
      visibility: input.visibility ?? 'public',
      status: input.status ?? 'active',
      daily_cap: input.daily_cap ?? null,
      hold_days: input.hold_days ?? 0,
      trafficback_url: trafficbackUrl,
      append_click_id: input.append_click_id ? 1 : 0,
      description: input.description ?? '',
      allowed_traffic: input.allowed_traffic ?? '',
      creatives: input.creatives ?? '',
      marketplace: input.marketplace ? 1 : 0,
      push_created_leads: input.push_created_leads ? 1 : 0,
      ingest_key: newToken(24),
      pixel_mode: input.pixel_mode ?? 'off',
      pixel_max_per_click: input.pixel_max_per_click ?? 1,
      pixel_require_sig: input.pixel_require_sig ? 1 : 0,
      pixel_key: newToken(24),
      allow_pub_above_adv: input.allow_pub_above_adv ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    if (input.goals?.length) await replaceGoals(tx, offer.id, goalRows(offer.id, input.goals, currency, now));
    return offer;
  });
  return withNotices(await getOffer(ctx, row.id), notices);
}

/** A save answer carries `notices` only when paste hygiene repaired something. */
function withNotices(offer: Offer, notices: string[]): Offer {
  return notices.length > 0 ? { ...offer, notices } : offer;
}

export async function updateOffer(ctx: AppContext, id: number, input: OfferUpdate): Promise<Offer> {
  const existing = await findOffer(ctx.db, id);
  if (!existing) throw new NotFoundError('offer');
  const currency = input.currency === undefined ? existing.currency : assertCurrency(input.currency);
  const now = ctx.clock.now().toISOString();
  const notices: string[] = [];
  const changes = {
    name: input.name?.trim(),
    adv_offer_id: input.adv_offer_id,
    landing_url:
      input.landing_url === undefined
        ? undefined
        : assertMacroFreeHost(
            pastedHttpUrl(input.landing_url, 'landing_url', LANDING_MACROS, notices),
            'landing_url',
          ),
    adv_payout:
      input.adv_payout === undefined ? undefined : parseAmount(input.adv_payout, currency, 'adv_payout'),
    pub_payout:
      input.pub_payout === undefined ? undefined : parseAmount(input.pub_payout, currency, 'pub_payout'),
    currency: input.currency === undefined ? undefined : currency,
    geo: input.geo === undefined ? undefined : JSON.stringify(parseGeoList(input.geo)),
    visibility: input.visibility,
    status: input.status,
    daily_cap: input.daily_cap,
    hold_days: input.hold_days,
    trafficback_url:
      input.trafficback_url === undefined
        ? undefined
        : input.trafficback_url
          ? assertMacroFreeHost(
              pastedHttpUrl(input.trafficback_url, 'trafficback_url', LANDING_MACROS, notices),
              'trafficback_url',
            )
          : null,
    append_click_id: input.append_click_id === undefined ? undefined : input.append_click_id ? 1 : 0,
    description: input.description,
    allowed_traffic: input.allowed_traffic,
    creatives: input.creatives,
    marketplace: input.marketplace === undefined ? undefined : input.marketplace ? 1 : 0,
    pixel_mode: input.pixel_mode,
    pixel_max_per_click: input.pixel_max_per_click,
    pixel_require_sig: flag(input.pixel_require_sig),
    allow_pub_above_adv: flag(input.allow_pub_above_adv),
    push_created_leads: flag(input.push_created_leads),
    updated_at: now,
  };
  const goals = input.goals === undefined ? undefined : goalRows(id, input.goals, currency, now);
  await ctx.db.transaction().execute(async (tx) => {
    const advertiserId =
      input.advertiser_id === undefined ? undefined : await assertAdvertiser(tx, input.advertiser_id);
    await updateOfferRow(tx, id, { ...changes, advertiser_id: advertiserId });
    if (goals) await replaceGoals(tx, id, goals);
  });
  return withNotices(await getOffer(ctx, id), notices);
}

const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);

/** A new pixel key for the offer: pixels signed with the old one are refused from now on. */
export async function rotatePixelKey(ctx: AppContext, id: number): Promise<string> {
  const pixelKey = newToken(24);
  const row = await updateOfferRow(ctx.db, id, {
    pixel_key: pixelKey,
    updated_at: ctx.clock.now().toISOString(),
  });
  if (!row) throw new NotFoundError('offer');
  return pixelKey;
}

export async function getOffer(ctx: AppContext, id: number): Promise<Offer> {
  const row = await findOffer(ctx.db, id);
  if (!row) throw new NotFoundError('offer');
  return presentOffer(ctx, row, await goalsOf(ctx.db, [id]));
}

export async function presentOffers(ctx: AppContext, rows: OfferRow[]): Promise<Offer[]> {
  const goals = await goalsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    presentOffer(
      ctx,
      row,
      goals.filter((g) => g.offer_id === row.id),
    ),
  );
}

export function offerTrackingUrl(ctx: AppContext, offerId: number, pubId = '{pub_id}'): string {
  return `${ctx.config.publicUrl}/click?offer_id=${offerId}&pub_id=${pubId}`;
}

export function presentOffer(ctx: AppContext, row: OfferRow, goals: GoalRow[]): Offer {
  return {
    id: String(row.id),
    name: row.name,
    advertiser_id: String(row.advertiser_id),
    adv_offer_id: row.adv_offer_id,
    landing_url: row.landing_url,
    adv_payout: formatAmount(row.adv_payout, row.currency),
    pub_payout: formatAmount(row.pub_payout, row.currency),
    currency: row.currency,
    geo: JSON.parse(row.geo),
    visibility: row.visibility,
    status: row.status,
    daily_cap: row.daily_cap,
    hold_days: row.hold_days,
    trafficback_url: row.trafficback_url,
    append_click_id: row.append_click_id === 1,
    description: row.description,
    allowed_traffic: row.allowed_traffic,
    creatives: row.creatives,
    marketplace: row.marketplace === 1,
    push_created_leads: row.push_created_leads === 1,
    goals: goals.map((g) => ({
      key: g.key,
      name: g.name,
      aliases: JSON.parse(g.aliases),
      adv_payout: formatAmount(g.adv_payout, row.currency),
      pub_payout: formatAmount(g.pub_payout, row.currency),
      revshare_percent: g.revshare_bps === null ? null : formatPercent(g.revshare_bps),
    })),
    ingest_key: row.ingest_key,
    pixel_mode: row.pixel_mode,
    pixel_max_per_click: row.pixel_max_per_click,
    pixel_require_sig: row.pixel_require_sig === 1,
    pixel_key: row.pixel_key,
    allow_pub_above_adv: row.allow_pub_above_adv === 1,
    tracking_url: offerTrackingUrl(ctx, row.id),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

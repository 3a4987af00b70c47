import type { AppContext } from '../../context.js';
import { parseAmount } from '../../lib/money.js';
import { clickIdTime, findClick } from '../clicks/find-click.js';
import { recogniseStatus } from '../conversions/recognise-status.js';
import { findLeadByNetworkId } from '../conversions/resolve-lead.js';
import {
  ADV_PAYOUT_PARAMS,
  CLICK_ID_PARAMS,
  CURRENCY_PARAMS,
  kindOf,
  PUB_PAYOUT_PARAM,
  STATUS_PARAMS,
  TXID_PARAMS,
} from './inbound-params.js';
import { type InboundProfile, normaliseInboundProfile } from './inbound-profile.js';
import type { RawParams } from './params.js';

/** Which parameter of a sample carries what, as the inspector found it. */
export type DetectedParams = Partial<
  Record<
    'click' | 'lead_id' | 'status' | 'payout' | 'currency' | 'txid' | 'goal',
    { param: string; value: string }
  >
>;

const TXID_NAMES = [
  ...TXID_PARAMS,
  'transaction_id',
  'transactionid',
  'conversion_id',
  'conv_id',
  'order_id',
];
const GOAL_NAMES = ['goal', 'goal_id', 'event', 'event_id', 'event_name', 'action', 'goal_name'];
const LEAD_ID_NAMES = ['lead', 'lead_id', 'leadid', 'order_id', 'orderid'];
/** At most this many values are looked up as click ids: a pasted URL is the admin's, but keep it bounded. */
const MAX_CLICK_LOOKUPS = 20;

const isAmount = (value: string) => {
  try {
    parseAmount(value, 'USD', 'payout');
    return true;
  } catch {
    return false;
  }
};

function firstNamed(params: RawParams, names: readonly string[], skip: Set<string>) {
  for (const name of names) {
    const value = params[name]?.trim();
    if (value && !skip.has(name)) return { param: name, value };
  }
  return undefined;
}

/** The first parameter, by name order in the URL, that `fits`. */
function firstWhere(params: RawParams, skip: Set<string>, fits: (name: string, value: string) => boolean) {
  for (const [name, raw] of Object.entries(params)) {
    const value = raw.trim();
    if (value && !skip.has(name) && fits(name, value)) return { param: name, value };
  }
  return undefined;
}

/** The parameter whose value is one of our clicks; else the first click id alias sent. */
async function detectClick(ctx: AppContext, params: RawParams) {
  let lookups = 0;
  for (const [name, raw] of Object.entries(params)) {
    const value = raw.trim();
    if (clickIdTime(value) === undefined || lookups >= MAX_CLICK_LOOKUPS) continue;
    lookups += 1;
    if (await findClick(ctx, value)) return { param: name, value, known: true };
  }
  const alias = firstNamed(params, CLICK_ID_PARAMS, new Set());
  return alias ? { ...alias, known: false } : undefined;
}

async function detectLeadId(ctx: AppContext, params: RawParams, advertiserId: number, skip: Set<string>) {
  for (const name of LEAD_ID_NAMES) {
    const value = params[name]?.trim();
    if (!value || skip.has(name)) continue;
    const lead = await findLeadByNetworkId(ctx.db, advertiserId, value).catch(() => undefined);
    if (lead) return { param: name, value };
  }
  return undefined;
}

/**
 * Read a sample postback's parameter names: which one holds a known click (or a click id alias),
 * the network's lead id (when it finds a lead of this advertiser), the status, the payout, the
 * currency, a transaction id and a goal. Names are found by what the value is first (a known click,
 * a recognised status word, an amount, a 3-letter code), then by the name.
 */
export async function detectParams(
  ctx: AppContext,
  params: RawParams,
  advertiserId: number,
): Promise<DetectedParams> {
  const detected: DetectedParams = {};
  const taken = new Set<string>(['token', 'id']);
  const click = await detectClick(ctx, params);
  if (click) {
    detected.click = { param: click.param, value: click.value };
    taken.add(click.param);
  }
  const lead = await detectLeadId(ctx, params, advertiserId, taken);
  if (lead) {
    detected.lead_id = lead;
    taken.add(lead.param);
  }
  const status =
    firstNamed(params, STATUS_PARAMS, taken) ??
    firstWhere(params, taken, (name, value) => kindOf(name) === 'status' && !!recogniseStatus(value));
  if (status) {
    detected.status = status;
    taken.add(status.param);
  }
  const payout =
    firstNamed(params, ADV_PAYOUT_PARAMS, taken) ??
    firstWhere(
      params,
      taken,
      (name, value) => name !== PUB_PAYOUT_PARAM && kindOf(name) === 'payout' && isAmount(value),
    );
  if (payout) {
    detected.payout = payout;
    taken.add(payout.param);
  }
  const currency =
    firstNamed(params, CURRENCY_PARAMS, taken) ??
    firstWhere(params, taken, (name, value) => kindOf(name) === 'currency' && /^[A-Za-z]{3}$/.test(value));
  if (currency) {
    detected.currency = currency;
    taken.add(currency.param);
  }
  const txid = firstNamed(params, TXID_NAMES, taken);
  if (txid) {
    detected.txid = txid;
    taken.add(txid.param);
  }
  const goal = firstNamed(params, GOAL_NAMES, taken);
  if (goal) detected.goal = goal;
  return detected;
}

/** The current profile with every detected name set: what "Use this profile" saves. */
export function proposeProfile(current: InboundProfile, detected: DetectedParams): InboundProfile {
  const proposed: InboundProfile = { ...current };
  if (detected.click) proposed.click_params = [detected.click.param];
  if (detected.lead_id) proposed.lead_id_param = detected.lead_id.param;
  if (detected.status) proposed.status_param = detected.status.param;
  if (detected.payout) proposed.payout_param = detected.payout.param;
  if (detected.currency) proposed.currency_param = detected.currency.param;
  if (detected.txid) proposed.txid_param = detected.txid.param;
  if (detected.goal) proposed.goal_param = detected.goal.param;
  return normaliseInboundProfile(proposed);
}

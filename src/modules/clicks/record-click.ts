import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import { type Cap, cachedCapsFor } from '../caps/cap-rules.js';
import { fullHardCap, takeClickCaps } from '../caps/traffic-caps.js';
import { cachedIpBlocked, isIpBlocked } from '../fraud/blocklist.js';
import { isBotAgent } from '../fraud/bot-agent.js';
import { isHostingAddress } from '../fraud/hosting.js';
import { cachedFraudSettings, type FraudSettings, fraudSettings } from '../fraud/rules.js';
import { capDay, capUsed } from '../offers/caps.js';
import { cachedCompiledStreams } from '../streams/load-streams.js';
import { routeAroundFullCap, routeFlowClick } from '../streams/route-click.js';
import { visitorOf } from '../streams/visitor.js';
import { checkAddress, checkAddressNow } from './address-checks.js';
import {
  type ClickFlow,
  type ClickOffer,
  cachedOffer,
  cachedPublisherStatus,
  loadAssigned,
  loadOffer,
  loadPublisherStatus,
} from './click-targets.js';
import { countryOf } from './geo.js';
import { buildDestination, cleanParam, type MacroValues } from './landing-url.js';

export type RejectReason =
  | 'offer_not_found'
  | 'offer_paused'
  | 'publisher_not_found'
  | 'publisher_not_approved'
  | 'offer_not_assigned'
  | 'flow_paused'
  | 'ip_blocked'
  | 'bot_ua'
  | 'ip_velocity'
  | 'geo_mismatch'
  | 'daily_cap'
  | 'datacenter_ip'
  | 'cap_reached';

export interface ClickInput {
  source: 'link' | 'flow' | 'ref' | 'smart';
  offerId: number;
  publisherId: number;
  flow?: ClickFlow;
  /** The raw query string: subs, fbclid, gclid, utm_* and anything else worth keeping. */
  query: Record<string, unknown>;
  ip: string;
  userAgent: string;
  referer?: string;
  acceptLanguage?: string;
  /** /r always carries the click id to the landing page. */
  forceClickId?: boolean;
}

export interface ClickOutcome {
  clickId: string;
  accepted: boolean;
  reason?: RejectReason;
  /** Where to send the visitor: the landing page, or the trafficback URL of a rejected click. */
  location?: string;
}

/** sub1…sub10, each also read as s1…s10 (seed 004's /r links send s1 and s2). */
const SUB_NAMES = Array.from({ length: 10 }, (_, i) => [`sub${i + 1}`, `s${i + 1}`] as const);

const KNOWN_PARAMS = new Set(['offer_id', 'pub_id', ...SUB_NAMES.flat(), 'fbclid', 'gclid', 'ref']);
const MAX_EXTRA_PARAMS = 20;

function extraParams(query: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  let n = 0;
  // for…in, not Object.entries: no pair array per parameter on every click. The query is a plain
  // object of its own keys (the fast path's firstValues, Fastify's querystring).
  for (const key in query) {
    if (!Object.hasOwn(query, key) || KNOWN_PARAMS.has(key) || n >= MAX_EXTRA_PARAMS || key.length > 64)
      continue;
    const cleaned = cleanParam(query[key]);
    if (cleaned !== null) {
      kept[key] = cleaned;
      n++;
    }
  }
  return kept;
}

/**
 * Why the offer, flow or publisher refuses the click. Without a promise when what it needs is cached
 * (a warm click of a public offer): the click path's look-ups take no promise each (see recordClick).
 */
function targetReason(
  ctx: AppContext,
  input: ClickInput,
  offer: ClickOffer | null,
): RejectReason | undefined | Promise<RejectReason | undefined> {
  if (!offer) return 'offer_not_found';
  if (offer.status !== 'active') return 'offer_paused';
  if (input.flow && input.flow.status !== 'active') return 'flow_paused';
  const publisherStatus = cachedPublisherStatus(ctx, input.publisherId);
  if (publisherStatus === undefined || offer.visibility === 'private')
    return loadedTargetReason(ctx, input, offer);
  return publisherReason(publisherStatus);
}

function publisherReason(status: string | null): RejectReason | undefined {
  if (status === null) return 'publisher_not_found';
  if (status !== 'approved') return 'publisher_not_approved';
  return undefined;
}

async function loadedTargetReason(
  ctx: AppContext,
  input: ClickInput,
  offer: ClickOffer,
): Promise<RejectReason | undefined> {
  const publisher = publisherReason(await loadPublisherStatus(ctx, input.publisherId));
  if (publisher) return publisher;
  if (offer.visibility === 'private' && !(await loadAssigned(ctx, input.publisherId, offer.id))) {
    return 'offer_not_assigned';
  }
  return undefined;
}

/** takeClickCaps, without a promise for traffic that has no caps (the cached index says so). */
function clickCapStop(
  ctx: AppContext,
  target: { offerId: number; publisherId: number },
  atMs: number,
): Promise<Cap | undefined> | undefined {
  const caps = cachedCapsFor(ctx, target);
  return caps !== undefined && caps.length === 0 ? undefined : takeClickCaps(ctx, target, atMs);
}

/** The fraud rules' settings, cached: a promise only when they must be read. */
function settingsOf(ctx: AppContext): FraudSettings | Promise<FraudSettings> {
  return cachedFraudSettings(ctx) ?? fraudSettings(ctx);
}

export interface CheckResult {
  check:
    | 'target'
    | 'ip_blocked'
    | 'bot_ua'
    | 'ip_velocity'
    | 'datacenter_ip'
    | 'geo_mismatch'
    | 'daily_cap'
    | 'cap';
  passed: boolean;
  /** The rule is switched off (fraud rules) or does not apply (no GEO list, no cap). */
  skipped?: boolean;
  reason?: RejectReason;
  /** The click cap that stopped the click (check 'cap'). */
  cap?: Cap;
}

export interface CheckFacts {
  country: string | null;
  inVelocityWindow: number;
  /** The address is on the hosting/datacenter list and the datacenter_ip rule is on. */
  hosting: boolean;
  now: Date;
  /**
   * A flow click: the click-cap unit is taken after routing (recordClick), from the offer the
   * click counts for (an offer arm's offer), not here from the flow's own offer.
   */
  deferClickCap?: boolean;
}

/** A check's result is kept: every one with `all` (the simulator), else only a failure. True when the click stops here. */
function noted(
  results: CheckResult[],
  all: boolean,
  check: CheckResult['check'],
  passed: boolean,
  reason: RejectReason | undefined,
): boolean {
  if (all || !passed) results.push({ check, passed, reason });
  return !passed && !all;
}

function skipped(results: CheckResult[], all: boolean, check: CheckResult['check']): void {
  if (all) results.push({ check, passed: true, skipped: true });
}

/**
 * The click checks in their fixed order. A click stops at the first failure (its reason), and only
 * that failing check is returned (none: the click passed); the simulator
 * (src/modules/streams/simulate.ts) asks for `all` to show every check's result.
 */
export async function runClickChecks(
  ctx: AppContext,
  input: ClickInput,
  offer: ClickOffer | null,
  facts: CheckFacts,
  all = false,
): Promise<CheckResult[]> {
  // Thresholds come from the fraud_rules table through a per-process cache: no database read per click.
  const settings = settingsOf(ctx);
  const rules = settings instanceof Promise ? await settings : settings;
  const velocity = rules.ip_velocity;
  const { country, now } = facts;
  const results: CheckResult[] = [];
  // The click path (not `all`) keeps the failing check only: no object per passed check.
  const targetCheck = targetReason(ctx, input, offer);
  const target = targetCheck instanceof Promise ? await targetCheck : targetCheck;
  if (noted(results, all, 'target', !target, target)) return results;
  if (!rules.ip_blocked.enabled) skipped(results, all, 'ip_blocked');
  else if (
    noted(
      results,
      all,
      'ip_blocked',
      !(cachedIpBlocked(ctx, input.ip) ?? (await isIpBlocked(ctx, input.ip))),
      'ip_blocked',
    )
  )
    return results;
  if (!rules.bot_ua.enabled) skipped(results, all, 'bot_ua');
  else if (noted(results, all, 'bot_ua', !isBotAgent(input.userAgent), 'bot_ua')) return results;
  if (!velocity.enabled) skipped(results, all, 'ip_velocity');
  else if (
    noted(results, all, 'ip_velocity', facts.inVelocityWindow < (velocity.threshold ?? 10), 'ip_velocity')
  )
    return results;
  const datacenter = rules.datacenter_ip;
  if (!datacenter.enabled || datacenter.action !== 'reject') skipped(results, all, 'datacenter_ip');
  else if (noted(results, all, 'datacenter_ip', !facts.hosting, 'datacenter_ip')) return results;
  if (!offer || offer.geo.size === 0) skipped(results, all, 'geo_mismatch');
  else if (noted(results, all, 'geo_mismatch', Boolean(country && offer.geo.has(country)), 'geo_mismatch'))
    return results;
  if (!offer || offer.dailyCap === null) skipped(results, all, 'daily_cap');
  else if (
    noted(
      results,
      all,
      'daily_cap',
      (await capUsed(ctx.db, offer.id, capDay(now))) < offer.dailyCap,
      'daily_cap',
    )
  )
    return results;
  if (!offer || (facts.deferClickCap && !all)) return results;
  // Last: only a click that passed every other check takes a unit of a click cap. The simulator
  // (all) only looks: fullHardCap reserves nothing.
  const capTarget = { offerId: offer.id, publisherId: input.publisherId };
  if (all) {
    const full = await fullHardCap(ctx, capTarget, now.getTime());
    results.push({ check: 'cap', passed: !full, reason: 'cap_reached', ...(full ? { cap: full } : {}) });
  } else {
    const taking = clickCapStop(ctx, capTarget, now.getTime());
    const stop = taking && (await taking);
    if (stop) results.push({ check: 'cap', passed: false, reason: 'cap_reached', cap: stop });
  }
  return results;
}

/** Record one visit and decide where it goes. Checks run in a fixed order; the first failing one is the reason. */
export async function recordClick(ctx: AppContext, input: ClickInput): Promise<ClickOutcome> {
  const now = ctx.clock.now();
  const clickId = newId(now.getTime());
  // Warm caches answer without a promise: a click used to create 38 (each a heap object).
  const cached = cachedOffer(ctx, input.offerId);
  const offer = cached !== undefined ? cached : await loadOffer(ctx, input.offerId);
  const country = countryOf(input.ip);
  const settings = settingsOf(ctx);
  const rules = settings instanceof Promise ? await settings : settings;
  const velocity = rules.ip_velocity;
  // In memory, recorded as it is read: no database round trip per click (address-checks.ts).
  const address = {
    ip: input.ip,
    offerId: offer?.id ?? null,
    userAgent: input.userAgent,
    nowMs: now.getTime(),
    velocity,
  };
  const history = checkAddressNow(ctx, address) ?? (await checkAddress(ctx, address));
  const inVelocityWindow = history.inVelocityWindow;
  const seenBefore = history.seenBefore;

  const datacenter = rules.datacenter_ip;
  const hosting = datacenter.enabled && isHostingAddress(input.ip);
  const deferClickCap = Boolean(input.flow);
  const facts = { country, inVelocityWindow, hosting, now, deferClickCap };
  const checks = await runClickChecks(ctx, input, offer, facts);
  const failed = checks.find((c) => !c.passed);
  let reason = failed?.reason;
  let capStop = failed?.cap;

  const q = input.query;
  const subs = SUB_NAMES.map(([name, alias]) => cleanParam(q[name] ?? q[alias]));
  const fbclid = cleanParam(q.fbclid, 500);
  const gclid = cleanParam(q.gclid, 500);
  const macros: MacroValues = {
    click_id: clickId,
    offer_id: String(input.offerId),
    pub_id: String(input.publisherId),
    flow: input.flow?.code ?? '',
    sub1: subs[0] ?? '',
    sub2: subs[1] ?? '',
    sub3: subs[2] ?? '',
    sub4: subs[3] ?? '',
    sub5: subs[4] ?? '',
    sub6: subs[5] ?? '',
    sub7: subs[6] ?? '',
    sub8: subs[7] ?? '',
    sub9: subs[8] ?? '',
    sub10: subs[9] ?? '',
    country: country ?? '',
    fbclid: fbclid ?? '',
    gclid: gclid ?? '',
  };
  // Streams (issue 19) pick the target of an accepted flow click; none: the offer's landing as before.
  const routeInput = (flow: ClickFlow, o: ClickOffer) => ({
    flow,
    offer: o,
    visitor: visitorOf(input, { country, unique: !seenBefore, now, subs }),
    macros,
    forceClickId: input.forceClickId === true,
  });
  // A flow whose streams are cached and none: no routing (and no promise for it).
  const noStreams = input.flow !== undefined && cachedCompiledStreams(ctx, input.flow.id)?.length === 0;
  let routed =
    offer && !reason && input.flow && !noStreams
      ? await routeFlowClick(ctx, routeInput(input.flow, offer))
      : undefined;
  if (offer && !reason && deferClickCap) {
    // The last check, after routing: the unit comes from the offer the click counts for.
    const target = { offerId: routed?.offerId ?? offer.id, publisherId: input.publisherId };
    const taking = clickCapStop(ctx, target, now.getTime());
    capStop = taking && (await taking);
    if (capStop) {
      reason = 'cap_reached';
      routed = undefined;
    }
  }
  // The flow's own offer's cap stopped the click with on_reached 'next_stream': a stream to another
  // offer may take it (that offer's caps are taken then); none: trafficback as before.
  if (offer && input.flow && reason === 'cap_reached' && capStop?.onReached === 'next_stream') {
    routed = await routeAroundFullCap(ctx, routeInput(input.flow, offer), now.getTime());
    if (routed) reason = undefined;
  }
  let location: string | undefined;
  if (routed) location = routed.location;
  else if (offer && !reason)
    location = buildDestination(
      offer.landingUrl,
      macros,
      offer.appendClickId || input.forceClickId ? offer.clickParam : null,
    );
  // A cap that refuses sends no one to trafficback; 'next_stream' that no stream could take goes to trafficback.
  else if (offer?.trafficbackUrl && capStop?.onReached !== 'refuse')
    location = buildDestination(offer.trafficbackUrl, macros, null);

  // Resolves once the click is in the spool (one write per event-loop turn): answered only then.
  await ctx.clickWriter.add({
    id: clickId,
    created_at: now.toISOString(),
    source: input.source,
    offer_id: routed?.offerId ?? input.offerId,
    publisher_id: input.publisherId,
    flow_id: input.flow?.id ?? null,
    status: reason ? 'rejected' : 'accepted',
    reject_reason: reason ?? null,
    is_unique: seenBefore ? 0 : 1,
    ip: input.ip,
    country,
    user_agent: input.userAgent.slice(0, 1000),
    referer: cleanParam(input.referer, 1000),
    sub1: subs[0] ?? null,
    sub2: subs[1] ?? null,
    sub3: subs[2] ?? null,
    sub4: subs[3] ?? null,
    sub5: subs[4] ?? null,
    sub6: subs[5] ?? null,
    sub7: subs[6] ?? null,
    sub8: subs[7] ?? null,
    sub9: subs[8] ?? null,
    sub10: subs[9] ?? null,
    fbclid,
    gclid,
    params: JSON.stringify(extraParams(q)),
    destination: location ?? null,
    hosting: hosting ? 1 : 0,
    stream_id: routed?.streamId ?? null,
    arm_id: routed?.armId ?? null,
  });
  return { clickId, accepted: !reason, reason, location };
}

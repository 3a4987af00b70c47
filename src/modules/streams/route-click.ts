import type { AppContext } from '../../context.js';
import { capAvailable, takeClickCaps } from '../caps/traffic-caps.js';
import { type ClickFlow, type ClickOffer, loadAssigned, loadOffer } from '../clicks/click-targets.js';
import { buildDestination, type MacroValues } from '../clicks/landing-url.js';
import { capDay, capUsed } from '../offers/caps.js';
import { type CompiledStream, chooseArm, type StreamArm } from './compile.js';
import { loadCompiledStreams } from './load-streams.js';
import type { Random } from './rotation.js';
import type { Visitor } from './visitor.js';

export interface RouteInput {
  flow: ClickFlow;
  /** The flow's own offer (its checks have passed). */
  offer: ClickOffer;
  visitor: Visitor;
  macros: MacroValues;
  /** /r always carries the click id. */
  forceClickId: boolean;
  /** The flow's offer is capped: only offer arms of other offers may take the click. */
  awayFromOwnOffer?: boolean;
  /** An editor's unsaved streams (simulate's preview) instead of the flow's saved ones. */
  streams?: readonly CompiledStream[];
}

export interface Routed {
  streamId: number;
  armId: number;
  /** The offer the click counts for: an offer arm's, otherwise the flow's. */
  offerId: number;
  target: string;
  /** Undefined for a trafficback arm on an offer without a trafficback URL. */
  location: string | undefined;
}

/** Why an arm cannot take this visitor, or undefined when it can. */
async function armUnavailable(
  ctx: AppContext,
  input: RouteInput,
  arm: StreamArm,
): Promise<ArmRefusal | undefined> {
  if (
    input.awayFromOwnOffer &&
    (arm.type !== 'offer' || arm.offerId === null || arm.offerId === input.offer.id)
  )
    return { code: 'own_cap_full', offer_id: String(input.offer.id) };
  if (arm.type === 'landing') return arm.siteSlug === null ? { code: 'site_off', offer_id: null } : undefined;
  if (arm.type !== 'offer' || arm.offerId === null || arm.offerId === input.offer.id) return undefined;
  const offerId = String(arm.offerId);
  // Another offer's own rules still hold: active, the publisher may run it, the visitor's GEO.
  const offer = await loadOffer(ctx, arm.offerId);
  if (offer?.status !== 'active' || !offer) return { code: 'offer_inactive', offer_id: offerId };
  if (offer.visibility === 'private' && !(await loadAssigned(ctx, input.flow.publisherId, offer.id)))
    return { code: 'offer_not_assigned', offer_id: offerId };
  const country = input.visitor.facts.country;
  if (offer.geo.size > 0 && (!country || !offer.geo.has(country)))
    return { code: 'offer_geo', offer_id: offerId };
  // The offer's legacy daily click cap (offers.daily_cap), as runClickChecks applies it to a flow's offer.
  if (
    offer.dailyCap !== null &&
    (await capUsed(ctx.db, offer.id, capDay(input.visitor.facts.now))) >= offer.dailyCap
  )
    return { code: 'offer_daily_cap', offer_id: offerId };
  // A full hard cap (src/modules/caps) of that offer for this publisher: the arm is skipped like an
  // ineligible one, so the click falls to the next arm or stream. A read only: recordClick takes the
  // click-cap unit after routing, from this offer's caps (not the flow's offer's).
  const capTarget = { offerId: offer.id, publisherId: input.flow.publisherId };
  if (!(await capAvailable(ctx, capTarget, input.visitor.facts.now.getTime())))
    return { code: 'offer_cap', offer_id: offerId };
  return undefined;
}

/**
 * Why an arm cannot take the visitor: a stable code (the web says it in the reader's language,
 * `messages.streamArm.<code>`) and the offer it names; `armRefusalText` is the English.
 */
export interface ArmRefusal {
  code:
    | 'own_cap_full'
    | 'site_off'
    | 'offer_inactive'
    | 'offer_not_assigned'
    | 'offer_geo'
    | 'offer_daily_cap'
    | 'offer_cap';
  offer_id: string | null;
}

const ARM_REFUSAL_TEXT: Record<ArmRefusal['code'], string> = {
  own_cap_full: 'counts for offer {offer}, whose cap is full',
  site_off: 'hosted site disabled or removed',
  offer_inactive: 'offer {offer} is not active',
  offer_not_assigned: 'offer {offer} is not assigned to the publisher',
  offer_geo: 'offer {offer} is not open to this GEO',
  offer_daily_cap: 'offer {offer} reached its daily cap',
  offer_cap: 'offer {offer} reached a cap',
};

export const armRefusalText = (r: ArmRefusal) =>
  ARM_REFUSAL_TEXT[r.code].replace('{offer}', r.offer_id ?? '');

export function describeArm(arm: StreamArm): string {
  if (arm.type === 'offer') return `offer ${arm.offerId}`;
  if (arm.type === 'landing') return `landing /s/${arm.siteSlug ?? '?'}/`;
  if (arm.type === 'url') return `url ${arm.url}`;
  return 'trafficback';
}

async function destination(
  ctx: AppContext,
  input: RouteInput,
  arm: StreamArm,
): Promise<{ offerId: number; location: string | undefined }> {
  const { offer, macros } = input;
  const clickParam = (o: ClickOffer) => (o.appendClickId || input.forceClickId ? o.clickParam : null);
  if (arm.type === 'offer' && arm.offerId !== null) {
    const target = arm.offerId === offer.id ? offer : await loadOffer(ctx, arm.offerId);
    if (target) {
      const values = { ...macros, offer_id: String(target.id) };
      return {
        offerId: target.id,
        location: buildDestination(target.landingUrl, values, clickParam(target)),
      };
    }
  }
  if (arm.type === 'landing' && arm.siteSlug !== null) {
    // A hosted page reads its click from ?click_id= (docs/operator-guide.md "Local sites").
    const page = `${ctx.config.publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(arm.siteSlug)}/`;
    return { offerId: offer.id, location: buildDestination(page, macros, 'click_id') };
  }
  if (arm.type === 'url' && arm.url !== null)
    return {
      offerId: offer.id,
      location: buildDestination(arm.url, macros, input.forceClickId ? offer.clickParam : null),
    };
  return {
    offerId: offer.id,
    location: offer.trafficbackUrl ? buildDestination(offer.trafficbackUrl, macros, null) : undefined,
  };
}

export interface StreamTrace {
  stream: CompiledStream;
  note?: string;
  /** With `note`: each arm's refusal, coded (the note is their English). */
  refusals?: ArmRefusal[];
}

/**
 * Route an accepted flow click: the first enabled stream whose filters match and that has an arm
 * able to take the visitor picks the target. Undefined when the flow has no streams or none takes
 * the visitor: the click then goes where a flow without streams sends it (the offer's landing URL).
 */
export async function routeFlowClick(
  ctx: AppContext,
  input: RouteInput,
  random: Random = Math.random,
  trace?: StreamTrace[],
): Promise<Routed | undefined> {
  const streams = input.streams ?? (await loadCompiledStreams(ctx, input.flow.id));
  for (const stream of streams) {
    if (!stream.enabled || !stream.filter.test(input.visitor)) continue;
    const reasons = await Promise.all(stream.arms.map((arm) => armUnavailable(ctx, input, arm)));
    const arm = chooseArm(
      stream,
      input.visitor,
      reasons.map((r) => r === undefined),
      random,
    );
    if (!arm) {
      const refusals = reasons.filter((r): r is ArmRefusal => r !== undefined);
      trace?.push({
        stream,
        note: `matched, but no target can take the visitor: ${refusals.map(armRefusalText).join('; ')}`,
        refusals,
      });
      continue;
    }
    const { offerId, location } = await destination(ctx, input, arm);
    return { streamId: stream.id, armId: arm.id, offerId, target: describeArm(arm), location };
  }
  return undefined;
}

/**
 * The flow's own offer's hard cap stopped the click and says `next_stream`: the first stream with
 * an offer arm of ANOTHER offer that can take the visitor (its caps are read first) gets it, and
 * one unit of that offer's click caps is taken now, so a unit is only taken for the offer the click
 * goes to (the capped offer's full cap took nothing). Undefined: no such stream, or that offer's
 * cap filled meanwhile; the click then stays refused by the cap (trafficback).
 */
export async function routeAroundFullCap(
  ctx: AppContext,
  input: RouteInput,
  atMs: number,
  random: Random = Math.random,
): Promise<Routed | undefined> {
  const routed = await routeFlowClick(ctx, { ...input, awayFromOwnOffer: true }, random);
  if (!routed) return undefined;
  const stop = await takeClickCaps(
    ctx,
    { offerId: routed.offerId, publisherId: input.flow.publisherId },
    atMs,
  );
  return stop ? undefined : routed;
}

import type { AppContext } from '../../context.js';
import { ValidationError } from '../../lib/errors.js';
import { normaliseIp } from '../../lib/ip.js';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import { peekAddress } from '../clicks/address-checks.js';
import { type ClickFlow, loadOffer } from '../clicks/click-targets.js';
import { countryOf } from '../clicks/geo.js';
import { buildDestination, type MacroValues } from '../clicks/landing-url.js';
import { type ClickInput, runClickChecks } from '../clicks/record-click.js';
import { isHostingAddress } from '../fraud/hosting.js';
import { fraudSettings } from '../fraud/rules.js';
import type { CompiledStream } from './compile.js';
import { explainStreams } from './compile.js';
import { compileDraftStreams } from './draft-streams.js';
import { loadCompiledStreams } from './load-streams.js';
import { routeFlowClick, type StreamTrace } from './route-click.js';
import { flowFor } from './save-streams.js';
import type { SimulateBody, SimulateReply } from './schemas.js';
import { visitorOf } from './visitor.js';

const FRAUD_CHECKS = new Set<string>(['ip_blocked', 'bot_ua', 'ip_velocity', 'datacenter_ip']);

/** Shown where the click id would be: a simulated click has none and is never stored. */
export const SIMULATED_CLICK_ID = 'SIMULATED';

/**
 * "Simulate a click": the flow's real checks (runClickChecks, every one evaluated) and every stream
 * with each filter's result, the target and the final URL. Reads only: no click, no cap use, no job.
 */
export async function simulateClick(
  ctx: AppContext,
  flowId: number,
  body: SimulateBody,
  publisherId?: number,
): Promise<SimulateReply> {
  const row = await flowFor(ctx, flowId, publisherId);
  const flow: ClickFlow = {
    id: row.id,
    code: row.code,
    publisherId: row.publisher_id,
    offerId: row.offer_id,
    status: row.status,
  };
  const ip = body.ip === undefined ? undefined : normaliseIp(body.ip);
  if (body.ip !== undefined && !ip)
    throw new ValidationError('ip: not an IPv4 or IPv6 address', 'ip', 'ip_invalid');
  const now = body.time ? new Date(body.time) : ctx.clock.now();
  const country = body.country?.toUpperCase() ?? (ip ? countryOf(ip) : null);
  const offer = await loadOffer(ctx, flow.offerId);
  const query: Record<string, string> = { ...(body.params ?? {}), ...(body.subs ?? {}) };
  const input: ClickInput = {
    source: 'flow',
    offerId: flow.offerId,
    publisherId: flow.publisherId,
    flow,
    query,
    ip: ip ?? '',
    userAgent: body.user_agent ?? '',
    referer: body.referer,
    acceptLanguage: body.accept_language,
  };
  // A publisher does not get a fraud oracle (is this address blocked, this agent a bot?) nor
  // another's click history: their simulation leaves the fraud checks out and needs `repeat` told.
  const forPublisher = publisherId !== undefined;
  const { inVelocityWindow, seenBefore } = forPublisher
    ? { inVelocityWindow: 0, seenBefore: false }
    : await history(ctx, input, now);
  const unique = body.repeat === undefined ? !seenBefore : !body.repeat;
  const datacenter = await fraudSettings(ctx).then((r) => r.datacenter_ip);
  const hosting = Boolean(ip) && datacenter.enabled && isHostingAddress(ip ?? '');
  const checks = (
    await runClickChecks(ctx, input, offer, { country, inVelocityWindow, hosting, now }, true)
  ).filter((c) => !forPublisher || !FRAUD_CHECKS.has(c.check));
  let failed = checks.find((c) => !c.passed);
  const subs = SUB_KEYS.map((k) => query[k] ?? null);
  const visitor = visitorOf(input, { country, unique, now, subs });
  const macros = macroValues(flow, country, subs, query);
  const streams = body.streams
    ? await compileDraftStreams(ctx, row, body.streams, publisherId)
    : await loadCompiledStreams(ctx, flow.id);
  const explained = explainStreams(streams, visitor);
  const trace: StreamTrace[] = [];
  let routed =
    offer && !failed
      ? await routeFlowClick(
          ctx,
          { flow, offer, visitor, macros, forceClickId: false, streams },
          Math.random,
          trace,
        )
      : undefined;
  // As recordClick: a full 'next_stream' cap of the flow's offer lets a stream to another offer take
  // the click (read only here: that offer's caps were read by the router, nothing is taken).
  if (offer && failed?.reason === 'cap_reached' && failed.cap?.onReached === 'next_stream') {
    const input = { flow, offer, visitor, macros, forceClickId: false, awayFromOwnOffer: true, streams };
    routed = await routeFlowClick(ctx, input, Math.random, trace);
    if (routed) failed = undefined;
  }
  let location: string | undefined;
  if (routed) location = routed.location;
  else if (offer && !failed)
    location = buildDestination(offer.landingUrl, macros, offer.appendClickId ? offer.clickParam : null);
  else if (offer?.trafficbackUrl) location = buildDestination(offer.trafficbackUrl, macros, null);
  return {
    visitor: {
      ip: ip ?? null,
      country,
      device: visitor.ua.device,
      os: visitor.ua.os,
      browser: visitor.ua.browser,
      languages: visitor.languages.map((l) => `${l.tag};q=${l.q}`),
      asn: visitor.asn ? `AS${visitor.asn.number} ${visitor.asn.organisation}` : null,
      region: visitor.region
        ? `${visitor.region.name}${visitor.region.code ? ` (${visitor.region.code})` : ''}`
        : null,
      unique,
      time: now.toISOString(),
    },
    checks: checks.map((c) => ({
      check: c.check,
      passed: c.passed,
      ...(c.skipped ? { skipped: true } : {}),
    })),
    accepted: !failed,
    reason: failed?.reason ?? null,
    streams: explained.map((s) => {
      const traced = trace.find((t) => t.stream.id === s.id);
      return {
        ...s,
        id: String(s.id),
        ...(traced?.note
          ? {
              note: traced.note,
              note_reasons: (traced.refusals ?? []).map((r) => ({
                code: r.code,
                params: (r.offer_id === null ? {} : { offer_id: r.offer_id }) as Record<string, string>,
              })),
            }
          : {}),
      };
    }),
    stream_id: routed ? String(routed.streamId) : null,
    arm_id: routed ? String(routed.armId) : null,
    ...positionOf(streams, routed),
    target:
      routed?.target ??
      (failed ? (offer?.trafficbackUrl ? 'trafficback' : null) : 'offer landing (no stream)'),
    offer_id: routed ? String(routed.offerId) : offer && !failed ? String(offer.id) : null,
    location: location ?? null,
  };
}

function positionOf(
  streams: readonly CompiledStream[],
  routed: { streamId: number; armId: number } | undefined,
): { stream_index: number | null; arm_index: number | null } {
  const streamIndex = routed ? streams.findIndex((s) => s.id === routed.streamId) : -1;
  if (streamIndex === -1) return { stream_index: null, arm_index: null };
  const armIndex = streams[streamIndex]?.arms.findIndex((a) => a.id === routed?.armId) ?? -1;
  return { stream_index: streamIndex, arm_index: armIndex === -1 ? null : armIndex };
}

async function history(ctx: AppContext, input: ClickInput, now: Date) {
  if (!input.ip) return { inVelocityWindow: 0, seenBefore: false };
  const rules = await fraudSettings(ctx);
  // This process's in-memory window (clicks/address-checks.ts), read without recording.
  return peekAddress(ctx, {
    ip: input.ip,
    offerId: input.offerId,
    userAgent: input.userAgent,
    nowMs: now.getTime(),
    velocity: rules.ip_velocity,
  });
}

function macroValues(
  flow: ClickFlow,
  country: string | null,
  subs: readonly (string | null)[],
  query: Record<string, string>,
): MacroValues {
  const sub = (i: number) => subs[i] ?? '';
  return {
    click_id: SIMULATED_CLICK_ID,
    offer_id: String(flow.offerId),
    pub_id: String(flow.publisherId),
    flow: flow.code,
    sub1: sub(0),
    sub2: sub(1),
    sub3: sub(2),
    sub4: sub(3),
    sub5: sub(4),
    sub6: sub(5),
    sub7: sub(6),
    sub8: sub(7),
    sub9: sub(8),
    sub10: sub(9),
    country: country ?? '',
    fbclid: query.fbclid ?? '',
    gclid: query.gclid ?? '',
  };
}

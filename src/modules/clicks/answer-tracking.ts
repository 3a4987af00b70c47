import type { IncomingHttpHeaders } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import type { AppContext } from '../../context.js';
import { DAY_MS } from '../../lib/time.js';
import { resolveSmartClick } from '../smartlink/resolve-smart-click.js';
import { cachedFlow, loadFlow } from './click-targets.js';
import { findClick } from './find-click.js';
import { type ClickInput, type ClickOutcome, recordClick } from './record-click.js';
import { clickReference } from './reference.js';
import { missingPage, refusedPage } from './refusal-page.js';

/** Referral attribution lasts 60 days (seed 004). */
export const REF_COOKIE_DAYS = 60;
const refCookie = (offerId: number) => `lr_ref_${offerId}`;

/** The first-party tracking cookie the conversion pixel reads (src/modules/pixel). */
export const CLICK_COOKIE = 'lr_click';
export const CLICK_COOKIE_DAYS = 60;

/**
 * The attributes of `lr_click`, built once per process: the fast path only appends the click id.
 * Over https it is SameSite=None; Secure so the pixel on the advertiser's domain can send it back
 * (when the browser allows third-party cookies); over plain http browsers refuse None, so Lax.
 */
const clickCookieTails = new Map<string, string>();
function clickCookieTail(publicUrl: string): string {
  let tail = clickCookieTails.get(publicUrl);
  if (tail === undefined) {
    const https = publicUrl.startsWith('https://');
    tail = `; Max-Age=${CLICK_COOKIE_DAYS * 86_400}; Path=/; HttpOnly; ${https ? 'SameSite=None; Secure' : 'SameSite=Lax'}`;
    clickCookieTails.set(publicUrl, tail);
  }
  return tail;
}

/** `lr_click=<id>; …`: click ids are Crockford base32, so nothing needs encoding. */
export function clickCookie(ctx: AppContext, clickId: string): string {
  return `${CLICK_COOKIE}=${clickId}${clickCookieTail(ctx.config.publicUrl)}`;
}

export interface TrackingRequest {
  path: string;
  /** First value of each query parameter. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  ip: string;
}

export interface TrackingAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

const NUMERIC_ID = /^[0-9]{1,15}$/;
const FLOW_PATH = /^\/f\/([^/]{1,64})$/;
/** A publisher's smart link (src/modules/smartlink). */
const SMART_PATH = /^\/go\/([^/]{1,64})$/;

/** The metrics route label for a tracking path, or undefined when the path is not a tracking one. */
export function trackingRoute(path: string): string | undefined {
  if (path === '/click') return '/click';
  if (path === '/r') return '/r';
  if (FLOW_PATH.test(path)) return '/f/:code';
  if (SMART_PATH.test(path)) return '/go/:code';
  return undefined;
}

function invalid(message: string): TrackingAnswer {
  return {
    status: 400,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: 'validation', message }),
  };
}

/** A path whose percent-encoding is not UTF-8: the same answer Fastify's router gives (http/app.ts). */
function badUrl(path: string): TrackingAnswer {
  return {
    status: 400,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: 'bad_request', message: `'${path}' is not a valid url component` }),
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function redirect(location: string, extra: Record<string, string | string[]> = {}): TrackingAnswer {
  return { status: 302, headers: { location, 'cache-control': 'no-store', ...extra }, body: '' };
}

function answerOutcome(
  ctx: AppContext,
  request: TrackingRequest,
  outcome: ClickOutcome,
  cookies: string[] = [],
): TrackingAnswer {
  if (outcome.location) {
    if (!outcome.accepted) return redirect(outcome.location);
    const cookie = clickCookie(ctx, outcome.clickId);
    // Built here rather than through redirect()'s spread: every accepted click comes this way.
    return {
      status: 302,
      headers: {
        location: outcome.location,
        'cache-control': 'no-store',
        'set-cookie': cookies.length === 0 ? cookie : [...cookies, cookie],
      },
      body: '',
    };
  }
  const language = request.headers['accept-language'];
  if (outcome.reason === 'offer_not_found' || outcome.reason === 'publisher_not_found') {
    return missingPage(language, 'offer');
  }
  return refusedPage(language, clickReference(outcome.clickId));
}

function visitor(
  request: TrackingRequest,
): Pick<ClickInput, 'ip' | 'userAgent' | 'referer' | 'acceptLanguage' | 'query'> {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    referer: request.headers.referer,
    acceptLanguage: request.headers['accept-language'],
    query: request.query,
  };
}

/**
 * The three tracking endpoints in one place, independent of the HTTP framework: the Fastify routes
 * and the raw fast path in front of Fastify both call this, so they cannot drift apart.
 */
export async function answerTracking(
  ctx: AppContext,
  request: TrackingRequest,
): Promise<TrackingAnswer | undefined> {
  if (request.path === '/click') {
    const { offer_id: offerId, pub_id: pubId } = request.query;
    if (!offerId || !NUMERIC_ID.test(offerId))
      return invalid('querystring.offer_id: must be a numeric offer id');
    if (!pubId || !NUMERIC_ID.test(pubId))
      return invalid('querystring.pub_id: must be a numeric publisher id');
    const outcome = await recordClick(ctx, {
      source: 'link',
      offerId: Number(offerId),
      publisherId: Number(pubId),
      ...visitor(request),
    });
    return answerOutcome(ctx, request, outcome);
  }
  const flowCode = FLOW_PATH.exec(request.path)?.[1];
  if (flowCode !== undefined) {
    const code = decodeSegment(flowCode);
    if (code === undefined) return badUrl(request.path);
    // A warm flow is read without a promise (as recordClick reads the offer).
    const cached = cachedFlow(ctx, code);
    const flow = cached !== undefined ? cached : await loadFlow(ctx, code);
    if (!flow) return missingPage(request.headers['accept-language'], 'link');
    const outcome = await recordClick(ctx, {
      source: 'flow',
      offerId: flow.offerId,
      publisherId: flow.publisherId,
      flow,
      ...visitor(request),
    });
    return answerOutcome(ctx, request, outcome);
  }
  if (request.path === '/r') return answerReferral(ctx, request);
  const smartCode = SMART_PATH.exec(request.path)?.[1];
  if (smartCode !== undefined) return answerSmartLink(ctx, request, smartCode);
  return undefined;
}

/** `/go/:code`: the smart link picks the offer, then the click is an ordinary click of that offer. */
async function answerSmartLink(
  ctx: AppContext,
  request: TrackingRequest,
  raw: string,
): Promise<TrackingAnswer> {
  const code = decodeSegment(raw);
  if (code === undefined) return badUrl(request.path);
  const seen = visitor(request);
  const found = await resolveSmartClick(ctx, code, { ...seen, query: request.query });
  const language = request.headers['accept-language'];
  if (found.kind === 'missing') return missingPage(language, 'link');
  if (found.kind === 'refused') return refusedPage(language, clickReference(found.clickId));
  const outcome = await recordClick(ctx, {
    source: 'smart',
    offerId: found.offerId,
    publisherId: found.publisherId,
    ...seen,
  });
  return answerOutcome(ctx, request, outcome);
}

async function answerReferral(ctx: AppContext, request: TrackingRequest): Promise<TrackingAnswer> {
  const ref = request.query.ref;
  if (!ref || ref.length > 64) return invalid('querystring.ref: must be a referral code');
  const flow = await loadFlow(ctx, ref);
  if (!flow) return missingPage(request.headers['accept-language'], 'link');
  const cookieName = refCookie(flow.offerId);
  const previousId = request.headers.cookie
    ? fastifyCookie.parse(request.headers.cookie)[cookieName]
    : undefined;
  if (previousId) {
    const previous = await findClick(ctx, previousId);
    const fresh =
      previous && ctx.clock.now().getTime() - Date.parse(previous.created_at) < REF_COOKIE_DAYS * DAY_MS;
    // A returning visitor keeps the first click's attribution: same click id, no new click.
    if (previous && fresh && previous.status === 'accepted' && previous.destination) {
      return redirect(previous.destination, { 'set-cookie': clickCookie(ctx, previous.id) });
    }
  }
  const outcome = await recordClick(ctx, {
    source: 'ref',
    offerId: flow.offerId,
    publisherId: flow.publisherId,
    flow,
    forceClickId: true,
    ...visitor(request),
  });
  const cookies = outcome.accepted
    ? [
        fastifyCookie.serialize(cookieName, outcome.clickId, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.publicUrl.startsWith('https://'),
          maxAge: REF_COOKIE_DAYS * 86_400,
        }),
      ]
    : [];
  return answerOutcome(ctx, request, outcome, cookies);
}

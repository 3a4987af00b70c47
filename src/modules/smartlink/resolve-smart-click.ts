import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import { loadPublisherStatus } from '../clicks/click-targets.js';
import { countryOf } from '../clicks/geo.js';
import { cleanParam } from '../clicks/landing-url.js';
import { chooseSmartOffer } from './choose-offer.js';
import { loadSmartLink, smartLinksOnNetwork } from './smart-link.js';

export interface SmartVisit {
  ip: string;
  userAgent: string;
  referer?: string;
  query: Record<string, string>;
}

export type SmartResolution =
  /** No such link, or switched off: the "link does not exist" page. */
  | { kind: 'missing' }
  /** Record an ordinary click of this offer (recordClick, source 'smart'). */
  | { kind: 'offer'; publisherId: number; offerId: number }
  /** A rejected click was recorded (no offer): the refusal page with its reference. */
  | { kind: 'refused'; clickId: string };

const sub = (q: Record<string, string>, n: number) => cleanParam(q[`sub${n}`] ?? q[`s${n}`]);

/**
 * A refused smart-link click has no offer: it is written here with offer_id null, so the operator
 * finds its reference in Clicks (source smart, the reason) like any refused click.
 */
async function recordRefusal(
  ctx: AppContext,
  visit: SmartVisit,
  publisherId: number,
  country: string | null,
  reason: 'no_eligible_offer' | 'publisher_not_approved',
): Promise<string> {
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const q = visit.query;
  // Answered (with its reference) only once it is in the click spool.
  await ctx.clickWriter.add({
    id,
    created_at: now.toISOString(),
    source: 'smart',
    offer_id: null,
    publisher_id: publisherId,
    flow_id: null,
    status: 'rejected',
    reject_reason: reason,
    is_unique: 1,
    ip: visit.ip,
    country,
    user_agent: visit.userAgent.slice(0, 1000),
    referer: cleanParam(visit.referer, 1000),
    sub1: sub(q, 1),
    sub2: sub(q, 2),
    sub3: sub(q, 3),
    sub4: sub(q, 4),
    sub5: sub(q, 5),
    fbclid: cleanParam(q.fbclid, 500),
    gclid: cleanParam(q.gclid, 500),
    params: '{}',
    destination: null,
  });
  return id;
}

/**
 * `/go/<code>`: which offer this visitor's click is for. The click itself is then recorded by the
 * click path exactly as a `/click` of that offer (every check, fraud rule, cap unit and macro).
 */
export async function resolveSmartClick(
  ctx: AppContext,
  code: string,
  visit: SmartVisit,
): Promise<SmartResolution> {
  const link = await loadSmartLink(ctx, code);
  if (!link?.enabled || !(await smartLinksOnNetwork(ctx))) return { kind: 'missing' };
  const { publisherId } = link;
  const country = countryOf(visit.ip);
  if ((await loadPublisherStatus(ctx, publisherId)) !== 'approved')
    return {
      kind: 'refused',
      clickId: await recordRefusal(ctx, visit, publisherId, country, 'publisher_not_approved'),
    };
  const pick = await chooseSmartOffer(ctx, publisherId, { country, now: ctx.clock.now() });
  if (pick) return { kind: 'offer', publisherId, offerId: pick.offerId };
  return {
    kind: 'refused',
    clickId: await recordRefusal(ctx, visit, publisherId, country, 'no_eligible_offer'),
  };
}

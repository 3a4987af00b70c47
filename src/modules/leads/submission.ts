import { looksLikeId } from '../../lib/ids.js';
import { type LeadInput, SUB_KEYS, type SubKey } from './lead-fields.js';
import { type LeadSubmission, SUBMISSION_FIELDS } from './schemas.js';

const KNOWN: ReadonlySet<string> = new Set(SUBMISSION_FIELDS);
const META_KEY = /^meta\[([^\]]+)\]$/;

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

/** "1", 1, true, "true", "yes", "on" → true. */
export function isTruthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  return typeof value === 'string' && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/**
 * Custom fields from any of the three spellings: `meta: {…}` (JSON), `meta[xxx]` keys (forms, seed
 * 003) and any field the API does not know (a landing page's hidden inputs are kept, not lost).
 */
export function customFields(body: Record<string, unknown>): Record<string, string> {
  const meta: Record<string, string> = {};
  const nested = body.meta;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [key, value] of Object.entries(nested)) {
      const v = text(value);
      if (v !== undefined) meta[key] = v;
    }
  }
  for (const [key, value] of Object.entries(body)) {
    if (KNOWN.has(key)) continue;
    const v = text(value);
    if (v === undefined) continue;
    meta[META_KEY.exec(key)?.[1] ?? key] = v;
  }
  return meta;
}

const id = (value: string | number | null | undefined) =>
  value === undefined || value === null || value === '' ? undefined : Number(value);

/**
 * The click a submission is about. An explicit click_id (or click) wins. Without one and without a
 * flow, a `subid` shaped like our click id is the click: what a local site's form sends (seed 003,
 * `<input type="hidden" name="subid" value="{click}">`); with a flow, subid stays the publisher's
 * unique lead id. Last, when nothing else attributes the lead, the lr_click cookie of a visitor who
 * came through a tracking link, when the post carries it: a hosted page is sandboxed (an opaque
 * origin), so its posts are cross-site and a SameSite=Lax cookie (plain http) stays behind; its form
 * gets the click from the server-filled hidden field instead.
 */
function clickOf(body: LeadSubmission, cookieClickId: string | undefined) {
  const explicit = (body.click_id ?? body.click)?.trim();
  if (explicit) return { clickId: explicit, subidIsClick: false };
  const subid = body.subid?.trim();
  if (!body.flow?.trim() && looksLikeId(subid)) return { clickId: subid, subidIsClick: true };
  const attributed = body.flow?.trim() || id(body.offer_id) !== undefined;
  if (!attributed && looksLikeId(cookieClickId)) return { clickId: cookieClickId, subidIsClick: false };
  return { clickId: undefined, subidIsClick: false };
}

/** A landing page's submission as the lead use case takes it. */
export function submissionToInput(
  body: LeadSubmission,
  request: { ip: string; userAgent: string | undefined; cookieClickId?: string },
): LeadInput {
  const subs: Partial<Record<SubKey, string>> = {};
  for (const key of SUB_KEYS) {
    const v = body[key];
    if (v !== undefined && v !== null) subs[key] = v;
  }
  const { clickId, subidIsClick } = clickOf(body, request.cookieClickId);
  return {
    source: 'api',
    clickId,
    flowCode: body.flow?.trim() || undefined,
    offerId: id(body.offer_id),
    publisherId: id(body.pub_id),
    externalId: subidIsClick ? undefined : (body.subid ?? undefined),
    name: body.name ?? undefined,
    phone: text(body.phone),
    email: body.email ?? undefined,
    country: body.country ?? body.geo ?? undefined,
    ip: body.ip ?? undefined,
    userAgent: body.user_agent ?? undefined,
    address: body.address ?? undefined,
    comment: body.comment ?? undefined,
    subs,
    meta: customFields(body as Record<string, unknown>),
    test: isTruthy(body.test),
    requestIp: request.ip,
    requestUserAgent: request.userAgent,
  };
}

import type { LeadInput, SubKey } from './lead-fields.js';
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

/** A landing page's submission as the lead use case takes it. */
export function submissionToInput(
  body: LeadSubmission,
  request: { ip: string; userAgent: string | undefined },
): LeadInput {
  const subs: Partial<Record<SubKey, string>> = {};
  for (const key of ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const) {
    const v = body[key];
    if (v !== undefined && v !== null) subs[key] = v;
  }
  const clickId = (body.click_id ?? body.click)?.trim();
  const id = (value: string | number | null | undefined) =>
    value === undefined || value === null || value === '' ? undefined : Number(value);
  return {
    source: 'api',
    clickId: clickId === '' ? undefined : clickId,
    flowCode: body.flow?.trim() || undefined,
    offerId: id(body.offer_id),
    publisherId: id(body.pub_id),
    externalId: body.subid ?? undefined,
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

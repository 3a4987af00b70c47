import { isCountryCode } from '../../lib/countries.js';
import { ValidationError } from '../../lib/errors.js';
import { normaliseIp } from '../../lib/ip.js';
import { SUB_KEYS, type SubKey } from '../../lib/sub-keys.js';
import { countryOf } from '../clicks/geo.js';
import { checkPhone } from './phone.js';

/** Where a lead came from: the landing form, a CSV import, and later postbacks, pixels and the admin panel. */
export type LeadSource = 'api' | 'import' | 'postback' | 'pixel' | 'admin';

export { SUB_KEYS, type SubKey };

/** sub1…sub10 of a click or lead (a click still in the write batch may leave some out). */
export function subsOf(
  row: Partial<Record<SubKey, string | null>> | null | undefined,
): Record<SubKey, string | null> {
  const subs = {} as Record<SubKey, string | null>;
  for (const key of SUB_KEYS) subs[key] = row?.[key] ?? null;
  return subs;
}

/** sub1…sub10 in order, as publisher postbacks fill {sub1}…{sub10}. */
export function subList(row: Partial<Record<SubKey, string | null>>): (string | null)[] {
  return SUB_KEYS.map((key) => row[key] ?? null);
}

/** A lead as any source hands it in, already typed by that source's schema. */
export interface LeadInput {
  source: LeadSource;
  /** Attribution, one of: a click id; a flow code; an offer with its publisher (optional for admin sources). */
  clickId?: string;
  flowCode?: string;
  offerId?: number;
  publisherId?: number;
  /** A unique lead id: a flow lead's subid (seed 003), one lead per flow and subid. */
  externalId?: string;
  name?: string;
  phone?: string;
  email?: string;
  /** ISO 3166-1 alpha-2; from the click, else the IP's GEO, when left out. */
  country?: string;
  /** The visitor's address and browser; from the click, else the request, when left out. */
  ip?: string;
  userAgent?: string;
  address?: string;
  comment?: string;
  subs?: Partial<Record<SubKey, string>>;
  /** Custom fields meta[xxx] (seed 003). */
  meta?: Record<string, string>;
  goal?: string;
  /** A test lead: stored, never pushed, counted nowhere. */
  test?: boolean;
  /** The HTTP request's own address and user agent (a server-side lander's, not the visitor's). */
  requestIp?: string;
  requestUserAgent?: string;
}

/** What the click already knows about the visitor. */
export interface ClickFacts {
  id: string;
  ip: string;
  userAgent: string;
  country: string | null;
  subs: Record<SubKey, string | null>;
}

export interface LeadFields {
  name: string | null;
  phone: string | null;
  phoneE164: string | null;
  email: string | null;
  country: string | null;
  ip: string | null;
  userAgent: string | null;
  address: string | null;
  comment: string | null;
  subs: Record<SubKey, string | null>;
  meta: Record<string, string>;
  externalId: string | null;
  goal: string | null;
  test: boolean;
}

export const MAX_META_FIELDS = 50;
export const MAX_META_KEY = 64;
export const MAX_META_VALUE = 2000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trim, drop control characters (line breaks kept where `multiline`), empty → null. */
export function cleanText(value: string | undefined | null, max: number, multiline = false): string | null {
  if (value === undefined || value === null) return null;
  const pattern = multiline
    ? // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g
    : // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      /[\u0000-\u001f\u007f]/g;
  const text = value.replace(pattern, ' ').trim().slice(0, max);
  return text === '' ? null : text;
}

function cleanMeta(meta: Record<string, string> | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  const entries = Object.entries(meta ?? {});
  if (entries.length > MAX_META_FIELDS) {
    throw new ValidationError(
      `meta: at most ${MAX_META_FIELDS} custom fields`,
      'meta',
      'too_many_meta_fields',
    );
  }
  for (const [rawKey, rawValue] of entries) {
    const key = cleanText(rawKey, MAX_META_KEY + 1);
    if (!key || key.length > MAX_META_KEY) {
      throw new ValidationError(
        `meta: field names are 1 to ${MAX_META_KEY} characters`,
        'meta',
        'meta_name_length',
      );
    }
    const value = cleanText(rawValue, MAX_META_VALUE, true);
    if (value !== null) kept[key] = value;
  }
  return kept;
}

/**
 * Validate and complete a lead's own fields. Contact: a phone or an email is required (unless the
 * caller says otherwise); a phone must be one (libphonenumber-js), an email must look like one.
 * The visitor's country, IP, user agent and subs come from the input, else from the click.
 */
export function normaliseLeadFields(
  input: LeadInput,
  click: ClickFacts | null,
  options: { requireContact?: boolean } = {},
): LeadFields {
  const phone = cleanText(input.phone, 50);
  const email = cleanText(input.email, 254)?.toLowerCase() ?? null;
  if (options.requireContact !== false && !phone && !email) {
    throw new ValidationError('phone or email is required', 'phone', 'contact_required');
  }
  if (email && !EMAIL.test(email))
    throw new ValidationError(`email: "${email}" is not an email address`, 'email', 'email_invalid');

  let ip: string | null = null;
  if (input.ip !== undefined && input.ip.trim() !== '') {
    ip = normaliseIp(input.ip) ?? null;
    if (!ip)
      throw new ValidationError(`ip: "${input.ip}" is not an IPv4 or IPv6 address`, 'ip', 'ip_invalid');
  } else {
    ip = click?.ip ?? normaliseIp(input.requestIp) ?? null;
  }

  let country: string | null = null;
  const givenCountry = cleanText(input.country, 8)?.toUpperCase();
  if (givenCountry) {
    if (!isCountryCode(givenCountry)) {
      throw new ValidationError(
        `country: "${givenCountry}" is not an ISO 3166-1 country code`,
        'country',
        'country_invalid',
      );
    }
    country = givenCountry;
  } else {
    country = click?.country ?? (ip ? countryOf(ip) : null);
  }

  let phoneE164: string | null = null;
  if (phone) {
    const checked = checkPhone(phone, country);
    if (!checked.ok)
      throw new ValidationError(`phone: "${phone}" ${checked.reason}`, 'phone', 'phone_invalid');
    phoneE164 = checked.e164;
  }

  const subs = {} as Record<SubKey, string | null>;
  for (const key of SUB_KEYS) subs[key] = cleanText(input.subs?.[key], 500) ?? click?.subs[key] ?? null;

  return {
    name: cleanText(input.name, 200),
    phone,
    phoneE164,
    email,
    country,
    ip,
    userAgent:
      cleanText(input.userAgent, 1000) ?? click?.userAgent ?? cleanText(input.requestUserAgent, 1000),
    address: cleanText(input.address, 500, true),
    comment: cleanText(input.comment, 2000, true),
    subs,
    meta: cleanMeta(input.meta),
    externalId: cleanText(input.externalId, 200),
    goal: cleanText(input.goal, 32),
    test: input.test === true,
  };
}

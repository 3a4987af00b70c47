import { fillString } from '../../lib/template.js';
import type { TEMPLATE_VARIABLES } from '../advertisers/template-variables.js';

/**
 * The advertiser push adapter: one lead → the exact HTTP request the advertiser expects (seed 000,
 * "Integration types", "Payload Template", "Lead push flow"). Pure, so the dry run shows exactly what a
 * push sends.
 */

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string>;

export interface PushSettings {
  integrationType: string;
  postEncoding: string;
  endpointUrl: string;
  authKey: string | null;
  authLocation: string;
  authHeaderName: string;
  authFieldName: string;
  payloadTemplate: Record<string, unknown> | null;
  extraParams: Record<string, unknown>;
}

export interface PushRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export const PUSH_USER_AGENT = 'Leadrail/0.1 (lead push)';

/** Sent when the advertiser has no template: the lead's fields under their usual names, empty ones left out. */
const DEFAULT_TEMPLATE: Readonly<Record<string, string>> = {
  name: '{name}',
  phone: '{phone}',
  email: '{email}',
  country: '{country}',
  ip: '{ip}',
  address: '{address}',
  comment: '{comment}',
  click_id: '{click_id}',
  offer_id: '{adv_offer_id}',
  sub1: '{sub1}',
  sub2: '{sub2}',
  sub3: '{sub3}',
  sub4: '{sub4}',
  sub5: '{sub5}',
};

/** `{variable}` placeholders filled in every string, at any depth; numbers, booleans and null stay as they are. */
export function fillTemplate(value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') return fillString(value, values);
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, values)]));
  }
  return value;
}

/** The payload's fields: the filled template (or the default), then extra_params for keys it does not set. */
export function pushPayload(settings: PushSettings, values: TemplateValues): Record<string, unknown> {
  let payload: Record<string, unknown>;
  if (settings.payloadTemplate) {
    payload = fillTemplate(settings.payloadTemplate, values) as Record<string, unknown>;
  } else {
    payload = {};
    for (const [key, template] of Object.entries(DEFAULT_TEMPLATE)) {
      const filled = fillString(template, values);
      if (filled !== '') payload[key] = filled;
    }
  }
  for (const [key, value] of Object.entries(settings.extraParams)) {
    if (!(key in payload)) payload[key] = value;
  }
  return payload;
}

/** A form or query value: text as it is, JSON for nested objects and arrays, empty for null. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** RFC 3986 query encoding: space → %20, + → %2B, so no server reads a phone's + as a space. */
function queryString(fields: [string, unknown][]): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(fieldText(v))}`).join('&');
}

/** application/x-www-form-urlencoded as browsers send it (WHATWG): space → +, + → %2B. */
function formBody(fields: [string, unknown][]): string {
  return new URLSearchParams(fields.map(([k, v]) => [k, fieldText(v)])).toString();
}

function withQuery(url: string, query: string): string {
  if (query === '') return url;
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${query}`;
}

/**
 * The request for one lead. Auth goes where the advertiser wants it: a header (`auth_header_name`), a
 * body field or a query parameter (`auth_field_name`); a body field of an S2S GET goes in the query.
 * An auth field the template already sets (e.g. `"api_key": "{auth_key}"`) is not added twice;
 * otherwise it comes first, as in the seed's examples.
 */
export function buildPushRequest(settings: PushSettings, values: TemplateValues): PushRequest {
  const payload = pushPayload(settings, values);
  const url = fillString(settings.endpointUrl, values, encodeURIComponent);
  const headers: Record<string, string> = {
    'user-agent': PUSH_USER_AGENT,
    accept: 'application/json, */*;q=0.5',
  };
  const key = settings.authKey;
  const isGet = settings.integrationType === 's2s_get';
  const authInFields = key !== null && key !== '' && settings.authLocation !== 'header';
  if (key !== null && key !== '' && settings.authLocation === 'header')
    headers[settings.authHeaderName] = key;

  const fields = Object.entries(payload);
  const authField = settings.authFieldName;
  const needsAuthField = authInFields && !(authField in payload);

  if (isGet) {
    const query = needsAuthField ? [[authField, key] as [string, unknown], ...fields] : fields;
    return { method: 'GET', url: withQuery(url, queryString(query)), headers };
  }
  const inBody = needsAuthField && settings.authLocation === 'body';
  const inQuery = needsAuthField && settings.authLocation === 'query';
  const bodyFields = inBody ? [[authField, key] as [string, unknown], ...fields] : fields;
  const target = inQuery ? withQuery(url, queryString([[authField, key]])) : url;
  if (settings.postEncoding === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { method: 'POST', url: target, headers, body: formBody(bodyFields) };
  }
  headers['content-type'] = 'application/json';
  return { method: 'POST', url: target, headers, body: JSON.stringify(Object.fromEntries(bodyFields)) };
}

/** Field names tried, in order, for the advertiser's lead id when they have not named one. */
export const DEFAULT_LEAD_ID_FIELDS = ['id', 'lead_id', 'leadId', 'data.id', 'uuid'] as const;

function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The advertiser's own id for the lead, from a JSON answer: their configured field, or the usual names. */
export function advertiserLeadId(responseBody: string, field: string | null): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(responseBody);
  } catch {
    return null;
  }
  for (const path of field ? [field] : DEFAULT_LEAD_ID_FIELDS) {
    const value = pick(parsed, path);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '' && value.length <= 200) return value.trim();
  }
  return null;
}

import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { newToken } from '../../lib/ids.js';
import { pastedHttpUrl } from '../../lib/paste-hygiene.js';
import { assertMacroFreeHost } from '../../lib/urls.js';
import { normaliseStatusMap } from '../conversions/recognise-status.js';
import {
  type InboundProfile,
  normaliseInboundProfile,
  parseInboundProfile,
} from '../postbacks/inbound-profile.js';
import { type AdvertiserRow, findAdvertiser, insertAdvertiser, updateAdvertiserRow } from './queries.js';
import type { Advertiser, AdvertiserCreate, AdvertiserUpdate } from './schemas.js';
import { assertKnownTemplateVariables, TEMPLATE_VARIABLES } from './template-variables.js';

/** The profile as saved: a reversal by parameter names that parameter. */
function inboundProfileText(profile: InboundProfile): string {
  const normalised = normaliseInboundProfile(profile);
  // The postback token travels in these: read as anything else, it would be echoed (txid) or misread.
  const names = [
    ...(normalised.click_params ?? []),
    ...Object.entries(normalised)
      .filter(([key]) => key.endsWith('_param'))
      .map(([, value]) => String(value)),
  ];
  const secret = names.find((name) => name === 'token' || name === 'id');
  if (secret) {
    throw new ValidationError(
      `inbound_profile: "${secret}" carries the postback token and cannot name anything else`,
      'inbound_profile',
      'inbound_token_param',
    );
  }
  if (normalised.reversal === 'param' && !normalised.reversal_param) {
    throw new ValidationError(
      'inbound_profile.reversal_param: name the parameter that marks a reversal',
      'inbound_profile.reversal_param',
      'reversal_param_required',
    );
  }
  return JSON.stringify(normalised);
}

export async function createAdvertiser(ctx: AppContext, input: AdvertiserCreate): Promise<Advertiser> {
  const notices: string[] = [];
  const endpointUrl = assertMacroFreeHost(
    pastedHttpUrl(input.endpoint_url, 'endpoint_url', TEMPLATE_VARIABLES, notices),
    'endpoint_url',
  );
  if (input.payload_template) assertKnownTemplateVariables(input.payload_template, 'payload_template');
  const now = ctx.clock.now().toISOString();
  const row = await insertAdvertiser(ctx.db, {
    name: input.name.trim(),
    integration_type: input.integration_type ?? 'api_post',
    post_encoding: input.post_encoding ?? 'json',
    endpoint_url: endpointUrl,
    auth_key: input.auth_key ?? null,
    auth_location: input.auth_location ?? 'header',
    auth_header_name: input.auth_header_name ?? 'X-API-Key',
    auth_field_name: input.auth_field_name ?? 'api_key',
    payload_template: input.payload_template ? JSON.stringify(input.payload_template) : null,
    extra_params: JSON.stringify(input.extra_params ?? {}),
    lead_id_field: input.lead_id_field ?? null,
    status_map: JSON.stringify(normaliseStatusMap(input.status_map ?? {})),
    inbound_profile: inboundProfileText(input.inbound_profile ?? {}),
    click_param: input.click_param ?? '',
    auto_click_id: input.auto_click_id ? 1 : 0,
    postback_strict: input.postback_strict ? 1 : 0,
    postback_token: newToken(24),
    status: input.status ?? 'active',
    notes: input.notes ?? '',
    created_at: now,
    updated_at: now,
  });
  return withNotices(presentAdvertiser(ctx, row), notices);
}

/** A save answer carries `notices` only when paste hygiene repaired something. */
function withNotices(advertiser: Advertiser, notices: string[]): Advertiser {
  return notices.length > 0 ? { ...advertiser, notices } : advertiser;
}

export async function updateAdvertiser(
  ctx: AppContext,
  id: number,
  input: AdvertiserUpdate,
): Promise<Advertiser> {
  const existing = await findAdvertiser(ctx.db, id);
  if (!existing) throw new NotFoundError('advertiser');
  if (input.payload_template) assertKnownTemplateVariables(input.payload_template, 'payload_template');
  const notices: string[] = [];
  const row = await updateAdvertiserRow(ctx.db, id, {
    name: input.name?.trim(),
    integration_type: input.integration_type,
    post_encoding: input.post_encoding,
    endpoint_url:
      input.endpoint_url === undefined
        ? undefined
        : assertMacroFreeHost(
            pastedHttpUrl(input.endpoint_url, 'endpoint_url', TEMPLATE_VARIABLES, notices),
            'endpoint_url',
          ),
    auth_key: input.auth_key,
    auth_location: input.auth_location,
    auth_header_name: input.auth_header_name,
    auth_field_name: input.auth_field_name,
    payload_template:
      input.payload_template === undefined
        ? undefined
        : input.payload_template === null
          ? null
          : JSON.stringify(input.payload_template),
    extra_params: input.extra_params === undefined ? undefined : JSON.stringify(input.extra_params),
    lead_id_field: input.lead_id_field,
    status_map:
      input.status_map === undefined ? undefined : JSON.stringify(normaliseStatusMap(input.status_map)),
    inbound_profile:
      input.inbound_profile === undefined ? undefined : inboundProfileText(input.inbound_profile),
    click_param: input.click_param,
    auto_click_id: input.auto_click_id === undefined ? undefined : input.auto_click_id ? 1 : 0,
    postback_strict: input.postback_strict === undefined ? undefined : input.postback_strict ? 1 : 0,
    status: input.status,
    notes: input.notes,
    updated_at: ctx.clock.now().toISOString(),
  });
  if (!row) throw new NotFoundError('advertiser');
  return withNotices(presentAdvertiser(ctx, row), notices);
}

export async function getAdvertiser(ctx: AppContext, id: number): Promise<Advertiser> {
  const row = await findAdvertiser(ctx.db, id);
  if (!row) throw new NotFoundError('advertiser');
  return presentAdvertiser(ctx, row);
}

/** The URL the operator gives the advertiser (seed 000, "URLs to Give Advertisers"). */
export function advertiserPostbackUrl(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/postback?click_id={click_id}&status={status}&payout={payout}&comment={comment}&token=${token}`;
}

export function presentAdvertiser(ctx: AppContext, row: AdvertiserRow): Advertiser {
  return {
    id: String(row.id),
    name: row.name,
    integration_type: row.integration_type,
    post_encoding: row.post_encoding,
    endpoint_url: row.endpoint_url,
    auth_key: row.auth_key,
    auth_location: row.auth_location,
    auth_header_name: row.auth_header_name,
    auth_field_name: row.auth_field_name,
    payload_template: row.payload_template ? JSON.parse(row.payload_template) : null,
    extra_params: JSON.parse(row.extra_params),
    lead_id_field: row.lead_id_field,
    postback_token: row.postback_token,
    postback_url: advertiserPostbackUrl(ctx, row.postback_token),
    status_map: JSON.parse(row.status_map),
    inbound_profile: parseInboundProfile(row.inbound_profile),
    click_param: row.click_param,
    auto_click_id: row.auto_click_id === 1,
    postback_strict: row.postback_strict === 1,
    status: row.status,
    notes: row.notes,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

import { STATUS_MAP_VALUES } from '../../../../src/modules/conversions/recognise-status.js';
import { tr } from '../../i18n';
import { labelsOf } from '../../i18n/labels';
import { type IntegrationPreset, TEMPLATE_VARIABLES } from '../../lib/presets';
import type { Advertiser, InboundProfile } from '../../lib/types';
import { type FieldErrors, isHttpUrl, parseJsonObject, unknownTemplateVariables } from '../../lib/validate';

/** The advertiser form as typed: every seed 000 field, JSON fields as text. */
export interface AdvertiserForm {
  name: string;
  integration_type: Advertiser['integration_type'];
  post_encoding: Advertiser['post_encoding'];
  endpoint_url: string;
  auth_key: string;
  auth_location: Advertiser['auth_location'];
  auth_header_name: string;
  auth_field_name: string;
  payload_template: string;
  extra_params: string;
  click_param: string;
  auto_click_id: boolean;
  postback_strict: boolean;
  /** The inbound profile: click id parameter names as a comma list, the rest one name each. */
  inbound_click_params: string;
  inbound_lead_id_param: string;
  inbound_status_param: string;
  inbound_payout_param: string;
  inbound_currency_param: string;
  inbound_txid_param: string;
  inbound_goal_param: string;
  inbound_without_status: '' | NonNullable<InboundProfile['without_status']>;
  inbound_reversal: NonNullable<InboundProfile['reversal']>;
  inbound_reversal_param: string;
  /** The status word map, one row per word: their word → our status (or `new`, a new lead). */
  status_map_rows: StatusMapRow[];
  status: Advertiser['status'];
  notes: string;
}

/** What a status word may mean: the values the advertisers API accepts in status_map. */
export const STATUS_MAP_CHOICES = STATUS_MAP_VALUES;
export type StatusMapValue = (typeof STATUS_MAP_VALUES)[number];
export interface StatusMapRow {
  word: string;
  status: StatusMapValue;
}

export const STATUS_MAP_LABELS: Record<StatusMapValue, string> = labelsOf(
  STATUS_MAP_VALUES,
  'forms.statusMap',
);

const isStatusMapValue = (value: string): value is StatusMapValue =>
  (STATUS_MAP_VALUES as readonly string[]).includes(value);

/** The saved map as rows, in the order the API answers it (a value we do not know is left out). */
export function statusMapToRows(map: Record<string, string>): StatusMapRow[] {
  return Object.entries(map).flatMap(([word, status]) =>
    isStatusMapValue(status) ? [{ word, status }] : [],
  );
}

/** The map the rows describe: blank words left out, a word typed twice keeps its last row. */
export function statusMapOfRows(rows: readonly StatusMapRow[]): Record<string, StatusMapValue> {
  const map: Record<string, StatusMapValue> = {};
  for (const { word, status } of rows) {
    const trimmed = word.trim();
    if (trimmed !== '') map[trimmed] = status;
  }
  return map;
}

/** The single-name profile fields, form field → profile key. */
export const INBOUND_NAME_FIELDS = [
  ['inbound_lead_id_param', 'lead_id_param'],
  ['inbound_status_param', 'status_param'],
  ['inbound_payout_param', 'payout_param'],
  ['inbound_currency_param', 'currency_param'],
  ['inbound_txid_param', 'txid_param'],
  ['inbound_goal_param', 'goal_param'],
  ['inbound_reversal_param', 'reversal_param'],
] as const;

const EMPTY_PROFILE_FORM = {
  inbound_click_params: '',
  inbound_lead_id_param: '',
  inbound_status_param: '',
  inbound_payout_param: '',
  inbound_currency_param: '',
  inbound_txid_param: '',
  inbound_goal_param: '',
  inbound_without_status: '',
  inbound_reversal: 'status',
  inbound_reversal_param: '',
} as const;

/** A profile as the form shows it. */
export function profileToForm(
  profile: InboundProfile,
): Pick<AdvertiserForm, keyof typeof EMPTY_PROFILE_FORM> {
  const form: Pick<AdvertiserForm, keyof typeof EMPTY_PROFILE_FORM> = {
    ...EMPTY_PROFILE_FORM,
    inbound_click_params: (profile.click_params ?? []).join(', '),
    inbound_without_status: profile.without_status ?? '',
    inbound_reversal: profile.reversal ?? 'status',
  };
  for (const [field, key] of INBOUND_NAME_FIELDS) form[field] = profile[key] ?? '';
  return form;
}

/** The profile the form describes: empty names left out, so they fall back to the aliases. */
export function profileOfForm(form: AdvertiserForm): InboundProfile {
  const profile: InboundProfile = {};
  const clicks = form.inbound_click_params
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (clicks.length > 0) profile.click_params = clicks;
  for (const [field, key] of INBOUND_NAME_FIELDS) {
    const value = form[field].trim();
    if (value !== '') profile[key] = value;
  }
  if (form.inbound_without_status) profile.without_status = form.inbound_without_status;
  if (form.inbound_reversal !== 'status') profile.reversal = form.inbound_reversal;
  return profile;
}

export type AdvertiserField = keyof AdvertiserForm;

export const EMPTY_ADVERTISER: AdvertiserForm = {
  name: '',
  integration_type: 'api_post',
  post_encoding: 'json',
  endpoint_url: '',
  auth_key: '',
  auth_location: 'header',
  auth_header_name: 'X-API-Key',
  auth_field_name: 'api_key',
  payload_template: '',
  extra_params: '',
  click_param: '',
  auto_click_id: false,
  postback_strict: false,
  ...EMPTY_PROFILE_FORM,
  status_map_rows: [],
  status: 'active',
  notes: '',
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function advertiserToForm(advertiser: Advertiser): AdvertiserForm {
  return {
    name: advertiser.name,
    integration_type: advertiser.integration_type,
    post_encoding: advertiser.post_encoding,
    endpoint_url: advertiser.endpoint_url,
    auth_key: advertiser.auth_key ?? '',
    auth_location: advertiser.auth_location,
    auth_header_name: advertiser.auth_header_name,
    auth_field_name: advertiser.auth_field_name,
    payload_template: advertiser.payload_template ? json(advertiser.payload_template) : '',
    extra_params: Object.keys(advertiser.extra_params).length > 0 ? json(advertiser.extra_params) : '',
    click_param: advertiser.click_param,
    auto_click_id: advertiser.auto_click_id,
    postback_strict: advertiser.postback_strict,
    ...profileToForm(advertiser.inbound_profile ?? {}),
    status_map_rows: statusMapToRows(advertiser.status_map ?? {}),
    status: advertiser.status,
    notes: advertiser.notes,
  };
}

/** A preset sets how to talk to the network; a template is filled only where none was typed yet. */
export function applyPreset(form: AdvertiserForm, preset: IntegrationPreset): AdvertiserForm {
  return {
    ...form,
    integration_type: preset.integration_type,
    post_encoding: preset.post_encoding,
    auth_location: preset.auth_location,
    auth_header_name: preset.auth_header_name,
    auth_field_name: preset.auth_field_name,
    payload_template:
      form.payload_template.trim() === '' && preset.payload_template
        ? json(preset.payload_template)
        : form.payload_template,
  };
}

export function validateAdvertiser(form: AdvertiserForm): FieldErrors<AdvertiserField> {
  const errors: FieldErrors<AdvertiserField> = {};
  if (form.name.trim() === '') errors.name = tr('forms.err.company');
  if (!isHttpUrl(form.endpoint_url))
    errors.endpoint_url = tr('forms.err.endpoint', { url: 'https://api.example.com/leads' });
  if (form.auth_location === 'header' && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(form.auth_header_name)) {
    errors.auth_header_name = tr('forms.err.header');
  }
  if (form.auth_location !== 'header' && form.auth_field_name.trim() === '') {
    errors.auth_field_name = tr('forms.err.field');
  }
  const template = parseJsonObject(form.payload_template);
  if (template.error) errors.payload_template = template.error;
  else if (template.value) {
    const unknown = unknownTemplateVariables(template.value, TEMPLATE_VARIABLES);
    if (unknown.length > 0)
      errors.payload_template = tr('forms.err.unknownVar', { list: unknown.map((v) => `{${v}}`).join(', ') });
  }
  if (!/^[A-Za-z0-9_.[\]-]*$/.test(form.click_param.trim())) errors.click_param = tr('forms.err.clickParam');
  const name = /^[A-Za-z0-9_.[\]-]+$/;
  const badClick = form.inbound_click_params
    .split(/[,\s]+/)
    .filter((p) => p !== '')
    .find((p) => !name.test(p));
  if (badClick) errors.inbound_click_params = tr('forms.err.badParam', { name: badClick });
  for (const [field] of INBOUND_NAME_FIELDS) {
    const value = form[field].trim();
    if (value !== '' && !name.test(value)) errors[field] = tr('forms.err.paramName');
  }
  if (form.inbound_reversal === 'param' && form.inbound_reversal_param.trim() === '')
    errors.inbound_reversal_param = tr('forms.err.reversalParam');
  const words = form.status_map_rows.map((r) => r.word.trim()).filter((w) => w !== '');
  if (words.some((w) => w.length > 64)) errors.status_map_rows = tr('forms.err.wordLength');
  else if (words.length > 100) errors.status_map_rows = tr('forms.err.wordCount');
  else if (new Set(words.map((w) => w.toLowerCase())).size < words.length)
    errors.status_map_rows = tr('forms.err.wordOnce');
  const extra = parseJsonObject(form.extra_params);
  if (extra.error) errors.extra_params = extra.error;
  return errors;
}

/** The request body; call only after validateAdvertiser found nothing. */
export function advertiserBody(form: AdvertiserForm) {
  return {
    name: form.name.trim(),
    integration_type: form.integration_type,
    post_encoding: form.post_encoding,
    endpoint_url: form.endpoint_url.trim(),
    auth_key: form.auth_key.trim() === '' ? null : form.auth_key.trim(),
    auth_location: form.auth_location,
    auth_header_name: form.auth_header_name.trim(),
    auth_field_name: form.auth_field_name.trim(),
    payload_template: parseJsonObject(form.payload_template).value ?? null,
    extra_params: parseJsonObject(form.extra_params).value ?? {},
    click_param: form.click_param.trim(),
    auto_click_id: form.auto_click_id,
    postback_strict: form.postback_strict,
    inbound_profile: profileOfForm(form),
    status_map: statusMapOfRows(form.status_map_rows),
    status: form.status,
    notes: form.notes,
  };
}

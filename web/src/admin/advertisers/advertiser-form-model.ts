import { type IntegrationPreset, TEMPLATE_VARIABLES } from '../../lib/presets';
import type { Advertiser } from '../../lib/types';
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
  status: Advertiser['status'];
  notes: string;
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
  if (form.name.trim() === '') errors.name = 'Enter the company name';
  if (!isHttpUrl(form.endpoint_url))
    errors.endpoint_url = 'Enter an http(s) URL, e.g. https://api.example.com/leads';
  if (form.auth_location === 'header' && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(form.auth_header_name)) {
    errors.auth_header_name = 'A header name: letters, digits and - only';
  }
  if (form.auth_location !== 'header' && form.auth_field_name.trim() === '') {
    errors.auth_field_name = 'Enter the field name, e.g. api_key';
  }
  const template = parseJsonObject(form.payload_template);
  if (template.error) errors.payload_template = template.error;
  else if (template.value) {
    const unknown = unknownTemplateVariables(template.value, TEMPLATE_VARIABLES);
    if (unknown.length > 0)
      errors.payload_template = `Unknown variable: ${unknown.map((v) => `{${v}}`).join(', ')}`;
  }
  if (!/^[A-Za-z0-9_.[\]-]*$/.test(form.click_param.trim()))
    errors.click_param = 'A query parameter name: letters, digits, _ . - [ ] only, e.g. sub1';
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
    status: form.status,
    notes: form.notes,
  };
}

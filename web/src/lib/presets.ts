import type { Advertiser } from './types';

/** Seed 000 "Integration types": what each kind of network expects, filled in with one click. */
export interface IntegrationPreset {
  id: string;
  label: string;
  integration_type: Advertiser['integration_type'];
  post_encoding: Advertiser['post_encoding'];
  auth_location: Advertiser['auth_location'];
  auth_header_name: string;
  auth_field_name: string;
  endpoint_hint: string;
  payload_template?: Record<string, string>;
}

/** Seed 000's WhoCPA field mapping (its static aff_id belongs in Extra Static Params). */
const WHOCPA_TEMPLATE = {
  api_key: '{auth_key}',
  phone: '{phone}',
  name: '{name}',
  comment: '{comment}',
  offer_id: '{adv_offer_id}',
  ip: '{ip}',
  click_id: '{click_id}',
  source: '{sub1}',
  subid1: '{sub1}',
  subid2: '{sub2}',
  subid3: '{sub3}',
};

export const INTEGRATION_PRESETS: readonly IntegrationPreset[] = [
  {
    id: 'whocpa',
    label: 'WhoCPA / Affise',
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_header_name: 'X-API-Key',
    auth_field_name: 'api_key',
    endpoint_hint: 'https://api2.whocpa.asia/lead/add',
    payload_template: WHOCPA_TEMPLATE,
  },
  {
    id: 'hasoffers',
    label: 'HasOffers / Tune',
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'X-API-Key',
    auth_field_name: 'api_key',
    endpoint_hint: 'https://api.advertiser.com/leads',
  },
  {
    id: 'cake',
    label: 'Cake / HitPath',
    integration_type: 's2s_get',
    post_encoding: 'json',
    auth_location: 'query',
    auth_header_name: 'X-API-Key',
    auth_field_name: 'api_key',
    endpoint_hint: 'https://tracker.com/lead',
  },
  {
    id: 'custom',
    label: 'Custom REST API',
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'Authorization',
    auth_field_name: 'api_key',
    endpoint_hint: 'https://api.example.com/v1/leads',
  },
];

// One list for the form's check and the server's (seed 000 "Available template variables").
export { TEMPLATE_VARIABLES } from '../../../src/modules/advertisers/template-variables.js';

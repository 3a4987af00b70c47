import type { IntegrationTemplate } from '../template.js';

export const shakes: IntegrationTemplate = {
  key: 'shakes',
  name: 'Shakes',
  kind: 'cpa_network',
  website: 'https://shakes.pro',
  docs_url: 'https://blog.shakes.pro/en/blog/guides/nastroyka-statistiki/',
  verification: 'unverified',
  notes:
    'Unverified: Shakes’ own postback guide describes a postback with the click id and the statuses approved, rejected, trash and hold, but not its macro names. Assumed: our click in sub1 ({sub1}), {status}, {payout}; hold is read as a lead still being confirmed (a new lead).',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://shakes.pro/api/lead',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      sub1: '{click_id}',
    },
  },
  click_param: 'sub1',
  postback: { click: '{sub1}', status: '{status}', pay: '{payout}', auto: '1' },
  status_map: { hold: 'new', approved: 'approved', rejected: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{payout}': '16.00' },
  sample_statuses: [
    { word: 'hold', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

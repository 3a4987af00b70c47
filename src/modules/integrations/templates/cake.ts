import type { IntegrationTemplate } from '../template.js';

export const cake: IntegrationTemplate = {
  key: 'cake',
  name: 'CAKE',
  kind: 'platform',
  website: 'https://getcake.com',
  notes:
    'Macros are #token# style: the click in s2 (#s2#), the lead in #leadid#, the disposition in #disposition# (Pending, Approved, Rejected, Scrubbed).',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://NETWORK.com/d.ashx',
    payload_template: {
      ckm_offer_id: '{adv_offer_id}',
      first_name: '{name}',
      phone_home: '{phone}',
      ip_address: '{ip}',
      s2: '{click_id}',
    },
  },
  click_param: 's2',
  postback: { click: '#s2#', exto: '#leadid#', status: '#disposition#', pay: '#price#' },
  status_map: { pending: 'new', approved: 'approved', rejected: 'cancelled', scrubbed: 'wrong_number' },
  sample_values: { '#leadid#': 'A1B2C3', '#price#': '11.00' },
  sample_statuses: [
    { word: 'Pending', lands_as: 'new' },
    { word: 'Approved', lands_as: 'approved' },
    { word: 'Rejected', lands_as: 'cancelled' },
    { word: 'Scrubbed', lands_as: 'wrong_number' },
  ],
};

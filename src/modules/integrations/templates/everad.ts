import type { IntegrationTemplate } from '../template.js';

export const everad: IntegrationTemplate = {
  key: 'everad',
  name: 'Everad',
  kind: 'cpa_network',
  website: 'https://everad.com',
  docs_url: 'https://docs.bemob.com/en/everad-settings',
  verification: 'partial',
  notes:
    'Everad’s postback macros, as BeMob’s Everad template documents them: {sid1} (our click, passed in sid1), {payout}, {status}; it has no transaction macro. The status words are not on that page: new, hold, approved, rejected and trash are assumed.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://tracker.everad.com/conversion/new',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      sid1: '{click_id}',
    },
  },
  click_param: 'sid1',
  postback: { click: '{sid1}', status: '{status}', pay: '{payout}', auto: '1' },
  status_map: {
    new: 'new',
    hold: 'hold',
    approved: 'approved',
    rejected: 'cancelled',
    trash: 'wrong_number',
  },
  sample_values: { '{payout}': '15.50' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

import type { IntegrationTemplate } from '../template.js';

export const everad: IntegrationTemplate = {
  key: 'everad',
  name: 'Everad',
  kind: 'cpa_network',
  website: 'https://everad.com',
  notes: 'Sends the click back in sid1; statuses new, hold, approved, rejected, trash.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://api.everad.com/v1/orders',
    payload_template: {
      campaign_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      ip: '{ip}',
      country_code: '{country}',
      sid1: '{click_id}',
      sid2: '{sub1}',
    },
    lead_id_field: 'id',
  },
  click_param: 'sid1',
  postback: { click: '{sid1}', exto: '{order_id}', status: '{status}', pay: '{payout}' },
  status_map: {
    new: 'new',
    hold: 'hold',
    approved: 'approved',
    rejected: 'cancelled',
    trash: 'wrong_number',
  },
  sample_values: { '{order_id}': '9f1c2a77', '{payout}': '15.50' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

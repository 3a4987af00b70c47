import type { IntegrationTemplate } from '../template.js';

export const scaleo: IntegrationTemplate = {
  key: 'scaleo',
  name: 'Scaleo',
  kind: 'platform',
  website: 'https://scaleo.io',
  docs_url: 'https://help.scaleo.io/article/384-affiliate-parameters',
  verification: 'partial',
  notes:
    'Scaleo documents the affiliate click id: pass ours in aff_click_id and it comes back as {aff_click_id}. Its conversion statuses are pending, approved, rejected, hold and trash (help.scaleo.io/article/483); the macros {conv_status}, {payout} and {transaction_id} are assumed from its postback vocabulary.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api-key',
    endpoint_url_hint: 'https://NETWORK.scaletrk.com/api/v2/affiliate/leads',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      aff_click_id: '{click_id}',
    },
  },
  click_param: 'aff_click_id',
  postback: {
    click: '{aff_click_id}',
    exto: '{transaction_id}',
    status: '{conv_status}',
    pay: '{payout}',
    auto: '1',
  },
  status_map: {
    pending: 'new',
    hold: 'hold',
    approved: 'approved',
    rejected: 'cancelled',
    trash: 'wrong_number',
  },
  sample_values: { '{transaction_id}': 'sc-31337', '{payout}': '25.00' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

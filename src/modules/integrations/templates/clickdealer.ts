import type { IntegrationTemplate } from '../template.js';

export const clickdealer: IntegrationTemplate = {
  key: 'clickdealer',
  name: 'ClickDealer',
  kind: 'cpa_network',
  website: 'https://www.clickdealer.com',
  notes:
    'CPL offers fire one postback when a lead is paid, with status "lead": here lead means approved, not a new lead. Pending and hold come as pending/hold, reversals as rejected or fraud.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://partners.clickdealer.com/leads',
    payload_template: { offer_id: '{adv_offer_id}', name: '{name}', phone: '{phone}', aff_sub: '{click_id}' },
  },
  click_param: 'aff_sub',
  postback: { click: '{aff_sub}', exto: '{transaction_id}', status: '{status}', pay: '{payout}' },
  status_map: {
    pending: 'new',
    hold: 'hold',
    lead: 'approved',
    rejected: 'cancelled',
    fraud: 'wrong_number',
  },
  sample_values: { '{transaction_id}': 'cd-4c1b9e', '{payout}': '6.00' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'lead', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'fraud', lands_as: 'wrong_number' },
  ],
};

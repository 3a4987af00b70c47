import type { IntegrationTemplate } from '../template.js';

export const everflow: IntegrationTemplate = {
  key: 'everflow',
  name: 'Everflow',
  kind: 'platform',
  website: 'https://www.everflow.io',
  notes:
    'The click travels in sub1; {conversion_status} is pending, approved, rejected or invalid; {payout_amount} and {transaction_id} are filled.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'X-Eflow-API-Key',
    endpoint_url_hint: 'https://api.eflow.team/v1/networks/leads',
    payload_template: { offer_id: '{adv_offer_id}', name: '{name}', phone: '{phone}', sub1: '{click_id}' },
  },
  click_param: 'sub1',
  postback: {
    click: '{sub1}',
    exto: '{transaction_id}',
    status: '{conversion_status}',
    pay: '{payout_amount}',
  },
  status_map: { pending: 'new', approved: 'approved', rejected: 'cancelled', invalid: 'wrong_number' },
  sample_values: { '{transaction_id}': 'ef0c9d2b8a7e4f61', '{payout_amount}': '22.50' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'invalid', lands_as: 'wrong_number' },
  ],
};

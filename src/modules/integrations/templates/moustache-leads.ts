import type { IntegrationTemplate } from '../template.js';

export const moustacheLeads: IntegrationTemplate = {
  key: 'moustache-leads',
  name: 'Moustache Leads',
  kind: 'cpa_network',
  website: 'https://moustacheleads.com',
  docs_url: 'https://moustacheleads.com',
  verification: 'unverified',
  notes:
    'Unverified: no public Moustache Leads page documenting its postback was found. Assumed: our click in sub1 ({sub1}), {payout}, {transaction_id}; the postback fires on a conversion, so the URL says status=approved. Confirm the macros with your Moustache Leads manager.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://NETWORK/api/leads',
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
  postback: { click: '{sub1}', exto: '{transaction_id}', status: 'approved', pay: '{payout}', auto: '1' },
  status_map: { approved: 'approved' },
  sample_values: { '{transaction_id}': 'ml-51002', '{payout}': '1.80' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

import type { IntegrationTemplate } from '../template.js';

export const hasoffersTune: IntegrationTemplate = {
  key: 'hasoffers-tune',
  name: 'HasOffers / TUNE',
  kind: 'platform',
  website: 'https://www.tune.com',
  notes:
    'The click travels in aff_sub; TUNE sends {status} as approved, pending or rejected (one postback per status change in the offer settings).',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'X-API-Key',
    endpoint_url_hint: 'https://NETWORK.api.hasoffers.com/leads',
    payload_template: {
      name: '{name}',
      phone: '{phone}',
      offer_id: '{adv_offer_id}',
      aff_sub: '{click_id}',
      aff_sub2: '{sub1}',
    },
  },
  click_param: 'aff_sub',
  postback: { click: '{aff_sub}', exto: '{transaction_id}', status: '{status}', pay: '{payout}' },
  status_map: { pending: 'new', approved: 'approved', rejected: 'cancelled' },
  sample_values: { '{transaction_id}': '102a8f3c7b1d4e', '{payout}': '30.00' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
  ],
};

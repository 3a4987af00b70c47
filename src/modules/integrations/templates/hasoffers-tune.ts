import type { IntegrationTemplate } from '../template.js';

export const hasoffersTune: IntegrationTemplate = {
  key: 'hasoffers-tune',
  name: 'HasOffers / TUNE',
  kind: 'platform',
  website: 'https://www.tune.com',
  docs_url:
    'https://support.tune.com/hc/en-us/articles/1500008248741-Passing-Values-to-a-Partner-Conversion-URL',
  verification: 'partial',
  notes:
    'TUNE’s partner conversion link returns the partner click id passed in aff_click_id as {aff_click_id} (documented on the page); {transaction_id} and {payout} are from its macro tables (not quoted here). The partner postback fires on a conversion, so the URL says status=approved.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'X-API-Key',
    endpoint_url_hint: 'https://NETWORK.api.hasoffers.com/leads',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      aff_click_id: '{click_id}',
      aff_sub2: '{sub1}',
    },
  },
  click_param: 'aff_click_id',
  postback: {
    click: '{aff_click_id}',
    exto: '{transaction_id}',
    status: 'approved',
    pay: '{payout}',
    auto: '1',
  },
  status_map: { approved: 'approved' },
  sample_values: { '{transaction_id}': '102a8f3c7b1d4e', '{payout}': '30.00' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

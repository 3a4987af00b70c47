import type { IntegrationTemplate } from '../template.js';

export const monetizer: IntegrationTemplate = {
  key: 'monetizer',
  name: 'Monetizer',
  kind: 'cpa_network',
  website: 'https://monetizer.com',
  docs_url: 'https://docs.bemob.com/en/monetizer-settings',
  verification: 'verified',
  notes:
    'Monetizer’s postback macros, as BeMob’s Monetizer template documents them: {clickID} (our click, passed in clickID), {amount}, {transactionID}. It sends no status (BeMob removes status=OPTIONAL), so the URL says status=approved.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://NETWORK.monetizer.com/api/leads',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      clickID: '{click_id}',
    },
  },
  click_param: 'clickID',
  postback: { click: '{clickID}', exto: '{transactionID}', status: 'approved', pay: '{amount}', auto: '1' },
  status_map: { approved: 'approved' },
  sample_values: { '{transactionID}': 'mz-7731', '{amount}': '2.40' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

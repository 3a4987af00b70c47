import type { IntegrationTemplate } from '../template.js';

export const offer18: IntegrationTemplate = {
  key: 'offer18',
  name: 'Offer18',
  kind: 'platform',
  website: 'https://www.offer18.com',
  docs_url: 'https://offer18.gitbook.io/knowledge-base/global-postback-parameters',
  verification: 'unverified',
  notes:
    'Unverified: Offer18’s public page documents the postback a network receives (tid, adv_sub1…5, sale, event), not the affiliate postback a network on Offer18 sends. Assumed: our click in aff_click_id ({aff_click_id}), {payout}, {tid}; the postback fires on a conversion, so the URL says status=approved.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://NETWORK.offer18.com/api/leads',
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
  postback: { click: '{aff_click_id}', exto: '{tid}', status: 'approved', pay: '{payout}', auto: '1' },
  status_map: { approved: 'approved' },
  sample_values: { '{tid}': 'o18-2210', '{payout}': '5.00' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

import type { IntegrationTemplate } from '../template.js';

export const clickdealer: IntegrationTemplate = {
  key: 'clickdealer',
  name: 'ClickDealer',
  kind: 'cpa_network',
  website: 'https://www.clickdealer.com',
  docs_url: 'https://blog.clickdealer.com/clickdealer-platform-feature-breakdown-global-postbacks',
  verification: 'verified',
  notes:
    'ClickDealer runs on CAKE: its global postback (Tools → Global Postback) takes #s2# for the click (pass ours in s2), #price# for the payout and #leadid# for its conversion id (#tid# for e-commerce order ids). No status token: the postback fires on a conversion, so the URL says status=approved.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'ckm_key',
    endpoint_url_hint: 'https://NETWORK.clickdealer.com/d.ashx',
    payload_template: {
      ckm_campaign_id: '{adv_offer_id}',
      first_name: '{name}',
      phone_home: '{phone}',
      ip_address: '{ip}',
      s2: '{click_id}',
    },
  },
  click_param: 's2',
  postback: { click: '#s2#', exto: '#leadid#', status: 'approved', pay: '#price#', auto: '1' },
  status_map: { approved: 'approved' },
  sample_values: { '#leadid#': 'CD-4C1B9E', '#price#': '6.00' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

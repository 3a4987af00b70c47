import type { IntegrationTemplate } from '../template.js';

export const cake: IntegrationTemplate = {
  key: 'cake',
  name: 'CAKE',
  kind: 'platform',
  website: 'https://getcake.com',
  docs_url: 'https://support.getcake.com/en/support/solutions/articles/5000546096',
  verification: 'verified',
  notes:
    'CAKE tokens are #token#: pass our click in s2 (CAKE recommends s2 for click ids) and it comes back as #s2#; #leadid# is CAKE’s conversion id, #price# the payout. CAKE fires the affiliate postback on a conversion and has no status token, so the URL says status=approved (and auto=1 to create the lead).',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'ckm_key',
    endpoint_url_hint: 'https://NETWORK.com/d.ashx',
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
  sample_values: { '#leadid#': 'A1B2C3', '#price#': '11.00' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

import type { IntegrationTemplate } from '../template.js';

export const terraleads: IntegrationTemplate = {
  key: 'terraleads',
  name: 'TerraLeads',
  kind: 'cpa_network',
  website: 'https://terraleads.com',
  docs_url: 'https://docs.bemob.com/en/terraleads-settings',
  verification: 'partial',
  notes:
    'TerraLeads’ postback macros, as BeMob’s TerraLeads template documents them: {sub_id_1} (our click, passed in sub_id_1), {payment}, {status}; no transaction macro. The status words are not on that page: expect (a new lead), confirm, reject and trash are assumed.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://tl-api.com/api/lead/create',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      sub_id_1: '{click_id}',
    },
  },
  click_param: 'sub_id_1',
  postback: { click: '{sub_id_1}', status: '{status}', pay: '{payment}', auto: '1' },
  status_map: { expect: 'new', confirm: 'approved', reject: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{payment}': '12.00' },
  sample_statuses: [
    { word: 'expect', lands_as: 'new' },
    { word: 'confirm', lands_as: 'approved' },
    { word: 'reject', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

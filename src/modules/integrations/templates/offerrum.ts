import type { IntegrationTemplate } from '../template.js';

export const offerrum: IntegrationTemplate = {
  key: 'offerrum',
  name: 'OFFERRUM',
  kind: 'cpa_network',
  website: 'https://offerrum.com',
  docs_url: 'https://docs.bemob.com/en/offerrum-settings',
  verification: 'partial',
  notes:
    'OFFERRUM’s postback macros, as BeMob’s template documents them: {subid1} (our click, passed in subid1), {summ_approved} (the approved payout), {lead_id}, {status}. The status words are not on that page: new, approved, rejected and trash are assumed.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://offerrum.com/api/lead',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      subid1: '{click_id}',
    },
  },
  click_param: 'subid1',
  postback: { click: '{subid1}', exto: '{lead_id}', status: '{status}', pay: '{summ_approved}', auto: '1' },
  status_map: { new: 'new', approved: 'approved', rejected: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{lead_id}': 'OF-60071', '{summ_approved}': '11.00' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

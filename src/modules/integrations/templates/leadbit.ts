import type { IntegrationTemplate } from '../template.js';

export const leadbit: IntegrationTemplate = {
  key: 'leadbit',
  name: 'Leadbit',
  kind: 'cpa_network',
  website: 'https://leadbit.com',
  docs_url: 'https://docs.bemob.com/en/leadbit-settings',
  verification: 'partial',
  notes:
    'Leadbit’s postback macros, as BeMob’s Leadbit template documents them: {sub1} (our click, passed in sub1), {cost} (the payout), {id} (the lead), {status}. The status words are not on that page: new, approved, rejected and trash are assumed.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://leadbit.com/api/new-order/',
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
  postback: { click: '{sub1}', exto: '{id}', status: '{status}', pay: '{cost}', auto: '1' },
  status_map: { new: 'new', approved: 'approved', rejected: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{id}': 'LB-310558', '{cost}': '13.00' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

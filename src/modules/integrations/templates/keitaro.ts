import type { IntegrationTemplate } from '../template.js';

export const keitaro: IntegrationTemplate = {
  key: 'keitaro',
  name: 'Keitaro (as advertiser)',
  kind: 'tracker',
  website: 'https://keitaro.io',
  notes:
    'An advertiser running Keitaro sends its S2S postback with {sub_id_1} (our click, passed in sub_id_1) and {status}: lead (a new lead), sale (approved), rejected, trash, rebill.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'token',
    endpoint_url_hint: 'https://TRACKER/click_api/v3',
    payload_template: { name: '{name}', phone: '{phone}', sub_id_1: '{click_id}', sub_id_2: '{sub1}' },
  },
  click_param: 'sub_id_1',
  postback: { click: '{sub_id_1}', exto: '{tid}', status: '{status}', pay: '{revenue}' },
  status_map: {
    lead: 'new',
    sale: 'approved',
    rejected: 'cancelled',
    trash: 'wrong_number',
    rebill: 'approved',
  },
  sample_values: { '{tid}': 'kt-88123', '{revenue}': '9.00' },
  sample_statuses: [
    { word: 'lead', lands_as: 'new' },
    { word: 'sale', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

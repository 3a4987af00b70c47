import type { IntegrationTemplate } from '../template.js';

export const keitaro: IntegrationTemplate = {
  key: 'keitaro',
  name: 'Keitaro (advertiser’s tracker)',
  kind: 'tracker',
  website: 'https://keitaro.io',
  docs_url: 'https://docs.keitaro.io/en/campaigns-and-streams/s2s-postback-placeholders.html',
  verification: 'partial',
  notes:
    'An advertiser running Keitaro sends us its S2S postback: our click, passed as external_id (Keitaro’s traffic-source parameter), comes back as {external_id}; {tid} is the transaction, {revenue} the amount. Keitaro’s statuses are lead (a new lead), sale (approved), rejected and rebill. The page documents {status:mapping}; the bare {status} used here is assumed to send Keitaro’s own word.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'token',
    endpoint_url_hint: 'https://TRACKER/click_api/v3',
    payload_template: { name: '{name}', phone: '{phone}', external_id: '{click_id}', sub_id_2: '{sub1}' },
  },
  click_param: 'external_id',
  postback: { click: '{external_id}', exto: '{tid}', status: '{status}', pay: '{revenue}', auto: '1' },
  status_map: { lead: 'new', sale: 'approved', rejected: 'cancelled', rebill: 'approved' },
  sample_values: { '{tid}': 'kt-88123', '{revenue}': '9.00' },
  sample_statuses: [
    { word: 'lead', lands_as: 'new' },
    { word: 'sale', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
  ],
};

import type { IntegrationTemplate } from '../template.js';

export const kma: IntegrationTemplate = {
  key: 'kma',
  name: 'KMA',
  kind: 'cpa_network',
  website: 'https://kma.biz',
  notes:
    'Statuses are single letters (seed 003): P new order, A approve, D cancel, F trash. Put the click in data1.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'header',
    auth_header_name: 'Authorization',
    endpoint_url_hint: 'https://api.kma.biz/lead/add',
    payload_template: {
      channel: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      ip: '{ip}',
      country: '{country}',
      data1: '{click_id}',
      data2: '{sub1}',
    },
    lead_id_field: 'order',
  },
  click_param: 'data1',
  postback: { click: '{data1}', exto: '{order}', status: '{status}', pay: '{payout}' },
  status_map: { p: 'new', a: 'approved', d: 'cancelled', f: 'wrong_number' },
  sample_values: { '{order}': '55501234', '{payout}': '12.00' },
  sample_statuses: [
    { word: 'P', lands_as: 'new' },
    { word: 'A', lands_as: 'approved' },
    { word: 'D', lands_as: 'cancelled' },
    { word: 'F', lands_as: 'wrong_number' },
  ],
};

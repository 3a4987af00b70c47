import type { IntegrationTemplate } from '../template.js';

export const drCash: IntegrationTemplate = {
  key: 'dr-cash',
  name: 'Dr.Cash',
  kind: 'cpa_network',
  website: 'https://dr.cash',
  notes: 'Sends sub1 back; statuses lead (new), hold, approve, reject, trash.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'Authorization',
    endpoint_url_hint: 'https://order.drcash.sh/v1/order',
    payload_template: {
      stream_code: '{adv_offer_id}',
      client: { name: '{name}', phone: '{phone}', ip: '{ip}', country: '{country}' },
      sub1: '{click_id}',
      sub2: '{sub1}',
    },
    lead_id_field: 'uuid',
  },
  click_param: 'sub1',
  postback: { click: '{sub1}', exto: '{uuid}', status: '{status}', pay: '{payout}' },
  status_map: { lead: 'new', hold: 'hold', approve: 'approved', reject: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{uuid}': '3fa85f64-5717-4562-b3fc-2c963f66afa6', '{payout}': '18.00' },
  sample_statuses: [
    { word: 'lead', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'approve', lands_as: 'approved' },
    { word: 'reject', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

import type { IntegrationTemplate } from '../template.js';

export const adcombo: IntegrationTemplate = {
  key: 'adcombo',
  name: 'AdCombo',
  kind: 'cpa_network',
  website: 'https://adcombo.com',
  notes: 'The click goes in clickid (subacc for a sub id); statuses hold, confirmed, cancelled, trash.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'json',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://api.adcombo.com/api/v2/order/create/',
    payload_template: {
      name: '{name}',
      phone: '{phone}',
      offer_id: '{adv_offer_id}',
      country_code: '{country}',
      ip: '{ip}',
      clickid: '{click_id}',
      subacc: '{sub1}',
    },
    lead_id_field: 'order_id',
  },
  click_param: 'clickid',
  postback: { click: '{clickid}', exto: '{order_id}', status: '{status}', pay: '{revenue}' },
  status_map: {
    new: 'new',
    hold: 'hold',
    confirmed: 'approved',
    cancelled: 'cancelled',
    trash: 'wrong_number',
  },
  sample_values: { '{order_id}': '77001', '{revenue}': '21.00' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'confirmed', lands_as: 'approved' },
    { word: 'cancelled', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

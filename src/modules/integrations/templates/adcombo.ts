import type { IntegrationTemplate } from '../template.js';

export const adcombo: IntegrationTemplate = {
  key: 'adcombo',
  name: 'AdCombo',
  kind: 'cpa_network',
  website: 'https://adcombo.com',
  docs_url:
    'https://docs.keitaro.io/en/conversions-and-postback/integration-with-affiliate-networks/adcombo.html',
  verification: 'partial',
  notes:
    "AdCombo's postback macros, as Keitaro's AdCombo page shows them: {clickid} (our click, passed in clickid), {revenue}, {trans_id} (AdCombo's order). That page sets one URL per status field in AdCombo's Postbacks → Settings; with {status} one URL serves them all. Its raw {status} words are not on that page; as published postbacks use them (pastebin.com/j1NRkc8A, pastebin.com/r4j3f1UA): hold — with the call centre (a new lead), lead and confirmed — a sale (approved), reject and cancelled — refused, trash — invalid.",
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
  postback: { click: '{clickid}', exto: '{trans_id}', status: '{status}', pay: '{revenue}', auto: '1' },
  status_map: {
    hold: 'new',
    lead: 'approved',
    confirmed: 'approved',
    reject: 'cancelled',
    cancelled: 'cancelled',
    trash: 'wrong_number',
  },
  sample_values: { '{trans_id}': '52949935', '{revenue}': '21.0' },
  sample_statuses: [
    { word: 'hold', lands_as: 'new' },
    { word: 'lead', lands_as: 'approved' },
    { word: 'confirmed', lands_as: 'approved' },
    { word: 'reject', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

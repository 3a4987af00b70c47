import type { IntegrationTemplate } from '../template.js';

export const m1Shop: IntegrationTemplate = {
  key: 'm1-shop',
  name: 'M1-Shop',
  kind: 'cpa_network',
  website: 'https://m1-shop.ru',
  docs_url: 'https://telegra.ph/api-03-05',
  verification: 'unverified',
  notes:
    'Unverified: no public M1-Shop postback page was found; the linked copy of its order API shows the s, w, t, p and m sub parameters on orders (our click goes in s). Assumed: {s}, {id}, {payment}, numeric statuses 0 new, 1 approved, 2 cancelled, 3 trash. M1-Shop pays in roubles and the postback carries no currency: give the offer RUB.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://m1-shop.ru/send_order/',
    payload_template: {
      product_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      ip: '{ip}',
      s: '{click_id}',
    },
    lead_id_field: 'id',
  },
  click_param: 's',
  postback: { click: '{s}', exto: '{id}', status: '{status}', pay: '{payment}', auto: '1' },
  status_map: { '0': 'new', '1': 'approved', '2': 'cancelled', '3': 'wrong_number' },
  sample_values: { '{id}': '4412093', '{payment}': '900' },
  sample_statuses: [
    { word: '0', lands_as: 'new' },
    { word: '1', lands_as: 'approved' },
    { word: '2', lands_as: 'cancelled' },
    { word: '3', lands_as: 'wrong_number' },
  ],
};

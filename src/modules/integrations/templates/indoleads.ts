import type { IntegrationTemplate } from '../template.js';

export const indoleads: IntegrationTemplate = {
  key: 'indoleads',
  name: 'Indoleads',
  kind: 'cpa_network',
  website: 'https://indoleads.com',
  docs_url:
    'https://indoleads.atlassian.net/wiki/pages/diffpages.action?originalId=338755611&pageId=439091204',
  verification: 'partial',
  notes:
    'Indoleads’ publisher postback macros: {p1}…{p4} (custom sub ids: pass our click in p1), {conversion_id}, {payout}, {currency}. A status macro is not in the part of the list seen, so the URL says status=approved; its conversions are pending, approved or declined on the advertiser side.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://app.indoleads.com/api/leads',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      p1: '{click_id}',
    },
  },
  click_param: 'p1',
  postback: {
    click: '{p1}',
    exto: '{conversion_id}',
    status: 'approved',
    pay: '{payout}',
    currency: '{currency}',
    auto: '1',
  },
  status_map: { approved: 'approved' },
  sample_values: { '{conversion_id}': 'il-99120', '{payout}': '3.75', '{currency}': 'USD' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

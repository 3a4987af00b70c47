import type { IntegrationTemplate } from '../template.js';

export const alfaleads: IntegrationTemplate = {
  key: 'alfaleads',
  name: 'Alfaleads',
  kind: 'cpa_network',
  website: 'https://alfaleads.net',
  docs_url: 'https://alfaleads.net/en/faq.html',
  verification: 'unverified',
  notes:
    'Unverified: no public Alfaleads page documents its postback macros (its FAQ does not). Assumed from how Keitaro-fed networks send it: our click in sub_id ({sub_id}), {status} pending / approved / rejected / trash, {payout}. Confirm the macro names in Alfaleads → Postback before going live.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://api.alfaleads.net/v1/leads',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      sub_id: '{click_id}',
    },
  },
  click_param: 'sub_id',
  postback: { click: '{sub_id}', status: '{status}', pay: '{payout}', auto: '1' },
  status_map: { pending: 'new', approved: 'approved', rejected: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{payout}': '9.00' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

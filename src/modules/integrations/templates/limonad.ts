import type { IntegrationTemplate } from '../template.js';

export const limonad: IntegrationTemplate = {
  key: 'limonad',
  name: 'Limonad',
  kind: 'cpa_network',
  website: 'https://limonad.com',
  docs_url: 'https://docs.limonad.com/doc/en-postback',
  verification: 'partial',
  notes:
    'Limonad’s postback macros: {clickid} (the click id of your campaign: ours, passed in clickid), {leadid}, {payout} ({payoutOrZero} sends 0 before Paid), {status}. Limonad lets you name each status in its postback form: name them new, paid, rejected and trash as below (the page shows New Lead; the other status names are ours to choose).',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://api.limonad.com/v1/lead',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      clickid: '{click_id}',
    },
  },
  click_param: 'clickid',
  postback: { click: '{clickid}', exto: '{leadid}', status: '{status}', pay: '{payout}', auto: '1' },
  status_map: { new: 'new', paid: 'approved', rejected: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{leadid}': 'LM-55012', '{payout}': '8.50' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'paid', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

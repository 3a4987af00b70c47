import type { IntegrationTemplate } from '../template.js';

export const leadrock: IntegrationTemplate = {
  key: 'leadrock',
  name: 'LeadRock',
  kind: 'cpa_network',
  website: 'https://leadrock.com',
  docs_url: 'https://leadrock.com',
  verification: 'unverified',
  notes:
    'Unverified: no public LeadRock postback page was found. Assumed: our click in sub1 ({sub1}), {id}, {payout}, {status} pending / hold / approved / rejected / trash.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'Authorization',
    endpoint_url_hint: 'https://leadrock.com/api/v2/lead/save',
    payload_template: {
      flow_url: '{adv_offer_id}',
      user_name: '{name}',
      user_phone: '{phone}',
      ip: '{ip}',
      sub1: '{click_id}',
    },
    lead_id_field: 'id',
  },
  click_param: 'sub1',
  postback: { click: '{sub1}', exto: '{id}', status: '{status}', pay: '{payout}', auto: '1' },
  status_map: {
    pending: 'new',
    hold: 'hold',
    approved: 'approved',
    rejected: 'cancelled',
    trash: 'wrong_number',
  },
  sample_values: { '{id}': 'LR-20931', '{payout}': '14' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

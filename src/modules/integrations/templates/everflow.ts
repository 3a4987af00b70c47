import type { IntegrationTemplate } from '../template.js';

export const everflow: IntegrationTemplate = {
  key: 'everflow',
  name: 'Everflow',
  kind: 'platform',
  website: 'https://www.everflow.io',
  docs_url: 'https://helpdesk.everflow.io/collaborator/managing-postbacks-as-a-partner',
  verification: 'verified',
  notes:
    'Everflow partner postbacks fill {sub1}…{sub10} (our click, passed in sub1), {transaction_id} (Everflow’s click/conversion id) and {payout}. A partner postback fires on a conversion and has no status macro, so the URL says status=approved.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'X-Eflow-API-Key',
    endpoint_url_hint: 'https://api.eflow.team/v1/networks/leads',
    payload_template: { offer_id: '{adv_offer_id}', name: '{name}', phone: '{phone}', sub1: '{click_id}' },
  },
  click_param: 'sub1',
  postback: { click: '{sub1}', exto: '{transaction_id}', status: 'approved', pay: '{payout}', auto: '1' },
  status_map: { approved: 'approved' },
  sample_values: { '{transaction_id}': 'ef0c9d2b8a7e4f61', '{payout}': '22.50' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

import type { IntegrationTemplate } from '../template.js';

export const voluum: IntegrationTemplate = {
  key: 'voluum',
  name: 'Voluum (advertiser’s tracker)',
  kind: 'tracker',
  website: 'https://voluum.com',
  docs_url: 'https://doc.voluum.com/en/traffic_source_postback_url.html',
  verification: 'partial',
  notes:
    'An advertiser tracking in Voluum maps our click into the traffic source’s External ID field and relays it to our postback with the {externalid} token (documented); {payout} and {transaction.id} are from Voluum’s token list (not quoted here). A traffic-source postback fires on a registered conversion and carries no status, so the URL says status=approved.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://TRACKER.voluumtrk.com/click',
    payload_template: { name: '{name}', phone: '{phone}', click_id: '{click_id}' },
  },
  click_param: 'click_id',
  postback: {
    click: '{externalid}',
    exto: '{transaction.id}',
    status: 'approved',
    pay: '{payout}',
    auto: '1',
  },
  status_map: { approved: 'approved' },
  sample_values: { '{transaction.id}': 'vl-90817', '{payout}': '4.40' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

import type { IntegrationTemplate } from '../template.js';

export const trackier: IntegrationTemplate = {
  key: 'trackier',
  name: 'Trackier',
  kind: 'platform',
  website: 'https://trackier.com',
  docs_url:
    'https://help.trackier.com/en/articles/8107293-publisher-tracking-link-parameters-and-postback-macros',
  verification: 'verified',
  notes:
    'Trackier asks publishers to pass their click id in p1 and returns it as {p1}; {payout} is the payout in USD, {txn_id} the advertiser’s transaction id. The postback fires on a conversion and has no status macro, so the URL says status=approved and currency=USD.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://NETWORK.gotrackier.com/api/leads',
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
    exto: '{txn_id}',
    status: 'approved',
    pay: '{payout}',
    currency: 'USD',
    auto: '1',
  },
  status_map: { approved: 'approved' },
  sample_values: { '{txn_id}': 'trk-2024-77', '{payout}': '3.30' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

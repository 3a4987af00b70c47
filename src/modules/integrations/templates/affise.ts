import type { IntegrationTemplate } from '../template.js';

export const affise: IntegrationTemplate = {
  key: 'affise',
  name: 'Affise',
  kind: 'platform',
  website: 'https://affise.com',
  docs_url: 'https://help-center.affise.com/en/articles/6483741-affiliate-postback-url-macros',
  verification: 'verified',
  notes:
    'Affise has no click-id macro for affiliate postbacks: our click travels in sub1 and comes back as {sub1}. {status} is numeric: 1 approved, 2 pending, 3 declined, 5 approved and put on hold. {sum} is the payout and {currency} its currency; {transactionid} is the advertiser’s conversion id.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://api-NETWORK.affise.com/3.0/partner/lead/add',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      sub1: '{click_id}',
    },
    lead_id_field: 'lead.id',
  },
  click_param: 'sub1',
  postback: {
    click: '{sub1}',
    exto: '{transactionid}',
    status: '{status}',
    pay: '{sum}',
    currency: '{currency}',
    auto: '1',
  },
  status_map: { '1': 'approved', '2': 'new', '3': 'cancelled', '5': 'hold' },
  sample_values: { '{transactionid}': '5c8a1f0e9b2d', '{sum}': '12.34', '{currency}': 'EUR' },
  sample_statuses: [
    { word: '2', lands_as: 'new' },
    { word: '5', lands_as: 'hold' },
    { word: '1', lands_as: 'approved' },
    { word: '3', lands_as: 'cancelled' },
  ],
};

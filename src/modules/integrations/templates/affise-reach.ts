import type { IntegrationTemplate } from '../template.js';

export const affiseReach: IntegrationTemplate = {
  key: 'affise-reach',
  name: 'Affise Reach',
  kind: 'cpa_network',
  website: 'https://affisereach.com',
  docs_url: 'https://help-center.affisereach.com/en/articles/6127765-postback-macros',
  verification: 'partial',
  notes:
    'Reach fills {pub_click_id} (the click id of your system: ours, passed in pub_click_id), {conversion_id}, {sum} (the publisher payout) and {currency} (its currency), and {status}. The page lists {status} but its values are in a footnote not quoted here: approved, pending and declined are assumed — check them in Reach.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://NETWORK.affisereach.com/api/leads',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      pub_click_id: '{click_id}',
    },
  },
  click_param: 'pub_click_id',
  postback: {
    click: '{pub_click_id}',
    exto: '{conversion_id}',
    status: '{status}',
    pay: '{sum}',
    currency: '{currency}',
    auto: '1',
  },
  status_map: { pending: 'new', approved: 'approved', declined: 'cancelled' },
  sample_values: { '{conversion_id}': 'rc-20931', '{sum}': '4.20', '{currency}': 'USD' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'declined', lands_as: 'cancelled' },
  ],
};

import type { IntegrationTemplate } from '../template.js';

export const clickflare: IntegrationTemplate = {
  key: 'clickflare',
  name: 'ClickFlare (advertiser’s tracker)',
  kind: 'tracker',
  website: 'https://clickflare.io',
  docs_url: 'https://help.clickflare.io/en/tracking/how-to-configure-a-traffic-source-s2s-postback-url',
  verification: 'partial',
  notes:
    'An advertiser tracking in ClickFlare records our click as the external id and relays it to our postback as {externalid}, with {transaction.id}; its payout token is in the page’s table of conversion tokens (not quoted here, {payout} assumed). The traffic-source postback fires on a conversion and carries no status, so the URL says status=approved.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://TRACKER/cf/click',
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
  sample_values: { '{transaction.id}': 'cf-tx-5521', '{payout}': '6.60' },
  sample_statuses: [{ word: 'approved', lands_as: 'approved' }],
};

import type { IntegrationTemplate } from '../template.js';

export const binom: IntegrationTemplate = {
  key: 'binom',
  name: 'Binom (advertiser’s tracker)',
  kind: 'tracker',
  website: 'https://binom.org',
  docs_url: 'https://docs.binom.org/conv-to-source.php',
  verification: 'partial',
  notes:
    'An advertiser tracking in Binom adds us as a traffic source and sends its S2S postback: our click, passed in the traffic source’s click parameter, comes back as {externalid}; {cnv_status} is the status the network gave Binom and {cnv_currency} its currency (both on Binom’s token table). The payout token {payout} is assumed (the part of the table seen does not show it); so are the status words, which are whatever the advertiser’s network sends Binom: lead, approved, rejected and trash here.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://TRACKER/click.php',
    payload_template: { name: '{name}', phone: '{phone}', click_id: '{click_id}' },
  },
  click_param: 'click_id',
  postback: {
    click: '{externalid}',
    status: '{cnv_status}',
    pay: '{payout}',
    currency: '{cnv_currency}',
    auto: '1',
  },
  status_map: { lead: 'new', approved: 'approved', rejected: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{payout}': '18.00', '{cnv_currency}': 'USD' },
  sample_statuses: [
    { word: 'lead', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

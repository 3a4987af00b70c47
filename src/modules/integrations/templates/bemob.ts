import type { IntegrationTemplate } from '../template.js';

export const bemob: IntegrationTemplate = {
  key: 'bemob',
  name: 'BeMob (advertiser’s tracker)',
  kind: 'tracker',
  website: 'https://bemob.com',
  docs_url: 'https://docs.bemob.com/en/postbacks-for-selected-statuses',
  verification: 'verified',
  notes:
    'An advertiser tracking in BeMob adds us as a traffic source: our click goes in the External ID field (click_id={click_id} on our links) and comes back as {externalId}; {payout} is the amount; with “Postbacks for selected statuses” ticked, {status} is new, confirm, decline or charge (BeMob’s own words, whatever the network sent it). Tick every status for reversals to reach us.',
  push: {
    integration_type: 's2s_get',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'key',
    endpoint_url_hint: 'https://TRACKER.bemobtrcks.com/click',
    payload_template: { name: '{name}', phone: '{phone}', click_id: '{click_id}' },
  },
  click_param: 'click_id',
  postback: { click: '{externalId}', status: '{status}', pay: '{payout}', auto: '1' },
  status_map: { new: 'new', confirm: 'approved', decline: 'cancelled', charge: 'chargedback' },
  sample_values: { '{payout}': '7.00' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'confirm', lands_as: 'approved' },
    { word: 'decline', lands_as: 'cancelled' },
  ],
};

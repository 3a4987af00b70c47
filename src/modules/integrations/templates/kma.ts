import type { IntegrationTemplate } from '../template.js';

export const kma: IntegrationTemplate = {
  key: 'kma',
  name: 'KMA',
  kind: 'cpa_network',
  website: 'https://kma.biz',
  docs_url: 'https://wiki.kadam.net/en/index.php?diff=prev&oldid=6847&title=Configuring_postback_for_KMA',
  verification: 'partial',
  notes:
    'KMA’s global postback (Tools → Global Postback, GET, all statuses), as Kadam documents it: our click goes in the stream’s data1 and comes back as {data1}; {sum} is the payout; {status}. Statuses are single letters: P (processing, a new lead), A (approved), D (declined), F (fake/trash) — these words are assumed, not on that page.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'header',
    auth_header_name: 'Authorization',
    endpoint_url_hint: 'https://api.kma.biz/lead/add',
    payload_template: {
      channel: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      ip: '{ip}',
      country: '{country}',
      data1: '{click_id}',
    },
    lead_id_field: 'order',
  },
  click_param: 'data1',
  postback: { click: '{data1}', status: '{status}', pay: '{sum}', auto: '1' },
  status_map: { p: 'new', a: 'approved', d: 'cancelled', f: 'wrong_number' },
  sample_values: { '{sum}': '12.00' },
  sample_statuses: [
    { word: 'P', lands_as: 'new' },
    { word: 'A', lands_as: 'approved' },
    { word: 'D', lands_as: 'cancelled' },
    { word: 'F', lands_as: 'wrong_number' },
  ],
};

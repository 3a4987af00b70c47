import type { IntegrationTemplate } from '../template.js';

export const trafficmanager: IntegrationTemplate = {
  key: 'trafficmanager',
  name: 'TrafficManager',
  kind: 'platform',
  website: 'https://www.trafficmanager.com',
  docs_url: 'https://demo.trafficmanager.com/it/help/api/leads/status/put',
  verification: 'unverified',
  notes:
    'Partly unverified: TrafficManager’s public API page documents its lead statuses (STATUS_PENDING, STATUS_CONFIRMED, STATUS_CANCELED, STATUS_TRASH, STATUS_DOUBLE, STATUS_CALL_BACK, STATUS_SHIPPED, STATUS_DELIVERED, STATUS_RETURNED, STATUS_UNREACHABLE) and its lead API, but not the macros of the postback a network on TrafficManager sends its affiliates. Assumed: the postback names the lead by TrafficManager’s own lead id ({id}, the id its lead API answers the push with, read at lead_id_field "id"), {payout}, {status}; no click. Only a lead our push delivered (and whose answer carried the id) can be found this way; our click still rides in sub1 of the push.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'header',
    auth_header_name: 'x-api-key',
    endpoint_url_hint: 'https://NETWORK.trafficmanager.com/api/v1/leads/new',
    payload_template: { offer: '{adv_offer_id}', name: '{name}', tel: '{phone}', sub1: '{click_id}' },
    lead_id_field: 'id',
  },
  click_param: 'sub1',
  // Keyed by TrafficManager's own lead id (lead=), which our push stored from its answer (adv_lead_id).
  postback: { lead: '{id}', status: '{status}', pay: '{payout}' },
  status_map: {
    STATUS_PENDING: 'new',
    STATUS_CALL_BACK: 'processing',
    STATUS_CONFIRMED: 'approved',
    STATUS_SHIPPED: 'approved',
    STATUS_DELIVERED: 'approved',
    STATUS_CANCELED: 'cancelled',
    STATUS_RETURNED: 'cancelled',
    STATUS_UNREACHABLE: 'cancelled',
    STATUS_TRASH: 'wrong_number',
    STATUS_DOUBLE: 'duplicate',
  },
  sample_values: { '{payout}': '19.00' },
  sample_statuses: [
    { word: 'STATUS_PENDING', lands_as: 'new' },
    { word: 'STATUS_CALL_BACK', lands_as: 'processing' },
    { word: 'STATUS_CONFIRMED', lands_as: 'approved' },
    { word: 'STATUS_CANCELED', lands_as: 'cancelled' },
    { word: 'STATUS_TRASH', lands_as: 'wrong_number' },
  ],
};

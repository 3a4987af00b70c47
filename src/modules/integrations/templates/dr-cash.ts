import type { IntegrationTemplate } from '../template.js';

export const drCash: IntegrationTemplate = {
  key: 'dr-cash',
  name: 'Dr.Cash',
  kind: 'cpa_network',
  website: 'https://dr.cash',
  docs_url: 'https://pastebin.com/0iZRzFJ2',
  verification: 'unverified',
  notes:
    'Unverified: no public Dr.Cash documentation of its postback macros was found. A published sample postback (the linked paste) shows Dr.Cash sending our click in tracking_uuid, its order in transaction_id, status new or approved and a payout; the macro names here ({sub1}, {uuid}, {status}, {payout}) and the words hold, rejected and trash are assumed — confirm them in Dr.Cash’s postback settings.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'Authorization',
    endpoint_url_hint: 'https://order.dr.cash/v1/order',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      sub1: '{click_id}',
    },
    lead_id_field: 'uuid',
  },
  click_param: 'sub1',
  postback: { click: '{sub1}', exto: '{uuid}', status: '{status}', pay: '{payout}', auto: '1' },
  status_map: {
    new: 'new',
    lead: 'new',
    hold: 'hold',
    approved: 'approved',
    approve: 'approved',
    rejected: 'cancelled',
    reject: 'cancelled',
    trash: 'wrong_number',
  },
  sample_values: { '{uuid}': 'DC-778812', '{payout}': '14.50' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

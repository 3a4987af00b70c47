import type { IntegrationTemplate } from '../template.js';

export const mylead: IntegrationTemplate = {
  key: 'mylead',
  name: 'MyLead',
  kind: 'cpa_network',
  website: 'https://mylead.global',
  docs_url: 'https://docs.bemob.com/en/mylead-settings',
  verification: 'partial',
  notes:
    'MyLead’s postback macros are in square brackets, as BeMob’s MyLead template documents them: [ml_sub1] (our click, passed in ml_sub1), [payout_decimal], [transaction_id], [status]. The status words are not on that page: pending, approved and rejected are assumed.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://mylead.global/api/leads',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      ml_sub1: '{click_id}',
    },
  },
  click_param: 'ml_sub1',
  postback: {
    click: '[ml_sub1]',
    exto: '[transaction_id]',
    status: '[status]',
    pay: '[payout_decimal]',
    auto: '1',
  },
  status_map: { pending: 'new', approved: 'approved', rejected: 'cancelled' },
  sample_values: { '[transaction_id]': 'ML-88412', '[payout_decimal]': '3.10' },
  sample_statuses: [
    { word: 'pending', lands_as: 'new' },
    { word: 'approved', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
  ],
};

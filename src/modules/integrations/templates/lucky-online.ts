import type { IntegrationTemplate } from '../template.js';

export const luckyOnline: IntegrationTemplate = {
  key: 'lucky-online',
  name: 'Lucky.online',
  kind: 'cpa_network',
  website: 'https://lucky.online',
  docs_url: 'https://faq.lucky.online/en/articles/5234757-postback-settings',
  verification: 'verified',
  notes:
    'LuckyOnline’s postback macros: {click_id} is its own lead number (our txid), {status} is new, confirmed, rejected or trash, {amount} the webmaster payout, {get.subid1} the subid1 we passed (our click). {amount} is in your LuckyOnline account currency (its lead API answers amounts in RUB): give the offer that currency.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'query',
    auth_field_name: 'api_key',
    endpoint_url_hint: 'https://lucky.online/api-webmaster/lead.html',
    payload_template: {
      campaign_hash: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      ip: '{ip}',
      country: '{country}',
      subid1: '{click_id}',
    },
    lead_id_field: 'response.content.click_id',
  },
  click_param: 'subid1',
  postback: { click: '{get.subid1}', exto: '{click_id}', status: '{status}', pay: '{amount}', auto: '1' },
  status_map: { new: 'new', confirmed: 'approved', rejected: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{click_id}': '2084340300', '{amount}': '8.50' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'confirmed', lands_as: 'approved' },
    { word: 'rejected', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

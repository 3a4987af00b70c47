import type { IntegrationTemplate } from '../template.js';

export const altercpa: IntegrationTemplate = {
  key: 'altercpa',
  name: 'AlterCPA',
  kind: 'platform',
  website: 'https://www.altercpa.pro',
  docs_url: 'https://www.altercpa.pro/en/help/postbacks',
  verification: 'partial',
  notes:
    'A network on AlterCPA Pro sends its main postback with the subid tags it received: {subid} carries our click (pass it in subid). Its lead statuses are new, hold, approve, cancel and trash (the same words AlterCPA’s postback API takes, altercpa.red/en/api.html). The status and payout macro names, {status} and {wm}, are assumed: the page excerpt seen lists the subid macros only.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_location: 'body',
    auth_field_name: 'id',
    endpoint_url_hint: 'https://NETWORK/api/wm/push.json',
    payload_template: {
      offer_id: '{adv_offer_id}',
      name: '{name}',
      phone: '{phone}',
      country: '{country}',
      ip: '{ip}',
      subid: '{click_id}',
    },
  },
  click_param: 'subid',
  postback: { click: '{subid}', exto: '{id}', status: '{status}', pay: '{wm}', auto: '1' },
  status_map: { new: 'new', hold: 'hold', approve: 'approved', cancel: 'cancelled', trash: 'wrong_number' },
  sample_values: { '{id}': '481516', '{wm}': '14.00' },
  sample_statuses: [
    { word: 'new', lands_as: 'new' },
    { word: 'hold', lands_as: 'hold' },
    { word: 'approve', lands_as: 'approved' },
    { word: 'cancel', lands_as: 'cancelled' },
    { word: 'trash', lands_as: 'wrong_number' },
  ],
};

/** The publisher's "add a postback" form → POST /api/publisher/postbacks body, checked first. */

export const POSTBACK_EVENTS = [
  'lead',
  'hold',
  'approved',
  'cancelled',
  'trash',
  'chargeback',
  'sale',
  'rebill',
];
export const POSTBACK_PRESETS = [
  { key: 'custom', name: 'Custom URL' },
  { key: 'keitaro', name: 'Keitaro' },
  { key: 'binom', name: 'Binom' },
  { key: 'voluum', name: 'Voluum' },
  { key: 'redtrack', name: 'RedTrack' },
] as const;

export interface PostbackForm {
  preset: string;
  domain: string;
  url: string;
  method: 'GET' | 'POST';
  events: string[];
  offer_id: string;
}

export const EMPTY_POSTBACK: PostbackForm = {
  preset: 'custom',
  domain: '',
  url: '',
  method: 'GET',
  events: ['lead', 'approved', 'cancelled', 'trash'],
  offer_id: '',
};

const HOST =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/;

export function postbackProblems(form: PostbackForm): Partial<Record<'domain' | 'url' | 'events', string>> {
  const problems: Partial<Record<'domain' | 'url' | 'events', string>> = {};
  if (form.preset === 'custom') {
    const url = form.url.trim();
    if (!url) problems.url = 'Your tracker’s postback URL, with macros like {click_id}';
    else if (!/^https?:\/\/\S+$/i.test(url)) problems.url = 'An http:// or https:// URL';
  } else if (
    !HOST.test(
      form.domain
        .trim()
        .replace(/^https?:\/\//, '')
        .replace(/\/$/, ''),
    )
  ) {
    problems.domain = 'Your tracker’s host, e.g. tracker.example.com';
  }
  if (form.events.length === 0) problems.events = 'Pick at least one event';
  return problems;
}

export function postbackBody(form: PostbackForm): Record<string, unknown> {
  const common = {
    events: POSTBACK_EVENTS.filter((e) => form.events.includes(e)),
    offer_id: form.offer_id || null,
  };
  if (form.preset === 'custom')
    return { ...common, preset: 'custom', url: form.url.trim(), method: form.method };
  return {
    ...common,
    preset: form.preset,
    domain: form.domain
      .trim()
      .replace(/^https?:\/\//, '')
      .replace(/\/$/, ''),
  };
}

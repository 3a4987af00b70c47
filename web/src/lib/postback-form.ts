/** The publisher's "add a postback" form → POST /api/publisher/postbacks body, checked first. */
import { PRESET_ADDRESS, presetUrl } from '../../../src/modules/publisher-postbacks/tracker-address.js';

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

export function postbackProblems(form: PostbackForm): Partial<Record<'domain' | 'url' | 'events', string>> {
  const problems: Partial<Record<'domain' | 'url' | 'events', string>> = {};
  if (form.preset === 'custom') {
    const url = form.url.trim();
    if (!url) problems.url = 'Your tracker’s postback URL, with macros like {click_id}';
    else if (!/^https?:\/\/\S+$/i.test(url)) problems.url = 'An http:// or https:// URL';
  } else if (form.domain.trim() === '') {
    problems.domain = 'Your tracker’s address, e.g. tracker.example.com';
  } else {
    const checked = presetUrl(PRESET_ADDRESS, form.domain);
    if (!checked.ok) problems.domain = `Your tracker’s address: ${checked.problem}`;
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
  // As typed: the server keeps a path (Keitaro's key) and an explicit http://.
  return { ...common, preset: form.preset, domain: form.domain.trim() };
}

/** A preset as GET /api/publisher/postback-presets gives it: the URL template and its status words. */
export interface PostbackPresetTemplate {
  key: string;
  url: string;
  status_words: Record<string, string>;
  /** What to set up in the tracker (where its click id goes), and its own documentation. */
  setup?: string;
  docs_url?: string | null;
}

/** What the preview fills the macros with: an approved 10.00 USD conversion of a sample click. */
export const PREVIEW_VALUES: Record<string, string> = {
  click_id: 'CLICK123',
  clickid: 'CLICK123',
  subid: 'CLICK123',
  event: 'approved',
  payout: '10.00',
  currency: 'USD',
  offer_id: '42',
  publisher_id: '7',
  goal: 'lead',
  txid: 'TX123',
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sub${i + 1}`, `sub${i + 1}-value`])),
};

/**
 * The URL the tracker would get for the sample conversion, filled as the server fills it (each value
 * URL-encoded, an unknown macro left as written): a preset's template on the publisher's tracker
 * address (its path kept: Keitaro's key), with the preset's word for "approved" as {status}.
 * Undefined until there is a valid address or a URL to fill.
 */
export function postbackPreview(
  form: PostbackForm,
  presets: readonly PostbackPresetTemplate[],
): string | undefined {
  let template: string;
  let status = 'approved';
  if (form.preset === 'custom') {
    template = form.url.trim();
  } else {
    const preset = presets.find((p) => p.key === form.preset);
    const filled = preset ? presetUrl(preset.url, form.domain) : undefined;
    if (!preset || !filled?.ok) return undefined;
    template = filled.url;
    status = preset.status_words.approved ?? status;
  }
  if (template === '') return undefined;
  const values: Record<string, string> = { ...PREVIEW_VALUES, status };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

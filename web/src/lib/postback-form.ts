/** The publisher's "add a postback" form → POST /api/publisher/postbacks body, checked first. */
import {
  type StatusWords,
  sendsZeroPayout,
  statusWordsFor,
  TRACKER_KEY_PATTERN,
  withTrackerKey,
} from '../../../src/modules/publisher-postbacks/event-words.js';
import {
  POSTBACK_EVENTS as EVENTS,
  type PostbackEvent,
  type PostbackPreset,
  POSTBACK_PRESETS as PRESETS,
  type PresetNoteId,
  presetNoteCode,
} from '../../../src/modules/publisher-postbacks/presets.js';
import { PRESET_ADDRESS, presetUrl } from '../../../src/modules/publisher-postbacks/tracker-address.js';
import { tr } from '../i18n';

export const POSTBACK_EVENTS: readonly string[] = EVENTS;
/** The tracker list of the form: a custom URL, then the server's presets in their order. */
export const POSTBACK_PRESETS: readonly { key: string; name: string }[] = [
  {
    key: 'custom',
    get name() {
      return tr('common.customUrl');
    },
  },
  ...Object.values(PRESETS).map((p) => ({ key: p.key, name: p.name })),
];

export function presetOf(key: string): PostbackPreset | undefined {
  return PRESETS[key];
}

/** The i18n key of a preset's note (`portal.presetNotes.<preset>.<note>`), codes in it marked `<c>…</c>`. */
export function presetNoteKey(preset: PostbackPreset, note: PresetNoteId): string {
  return `portal.presetNotes.${presetNoteCode(preset, note)}`;
}

/** The server's English for a preset's note (what the API answers), if the preset has that note. */
export function presetNoteEnglish(preset: PostbackPreset, note: PresetNoteId): string | undefined {
  if (note === 'setup') return preset.setup;
  if (note === 'events') return preset.eventsNote;
  return preset.trackerKey?.label;
}

/**
 * A preset's note in the reader's language (the server's English for a note the web has no text
 * for): its set-up note (with `<c>…</c>` around codes: show it with `Coded`), why some events are
 * not offered, the token field's label. Brand names stay as they are.
 */
export function presetNote(preset: PostbackPreset, note: PresetNoteId): string | undefined {
  const english = presetNoteEnglish(preset, note);
  if (english === undefined) return undefined;
  return tr(presetNoteKey(preset, note), { defaultValue: english });
}

export interface PostbackForm {
  preset: string;
  domain: string;
  tracker_key: string;
  url: string;
  method: 'GET' | 'POST';
  events: string[];
  offer_id: string;
  /** The publisher's own words, by event; an empty one keeps the preset's. */
  status_words: Record<string, string>;
}

const CUSTOM_EVENTS = ['lead', 'approved', 'cancelled', 'trash'];

export const EMPTY_POSTBACK: PostbackForm = {
  preset: 'custom',
  domain: '',
  tracker_key: '',
  url: '',
  method: 'GET',
  events: CUSTOM_EVENTS,
  offer_id: '',
  status_words: {},
};

/** Choosing a tracker starts from what it takes by default, with its own words. */
export function withPreset(form: PostbackForm, preset: string): PostbackForm {
  const known = presetOf(preset);
  return { ...form, preset, events: [...(known?.defaultEvents ?? CUSTOM_EVENTS)], status_words: {} };
}

/** The events the chosen tracker can be told (all for a custom URL). */
export function eventsOffered(form: PostbackForm): readonly string[] {
  return presetOf(form.preset)?.events ?? POSTBACK_EVENTS;
}

type Problems = Partial<Record<'domain' | 'url' | 'events' | 'tracker_key', string>>;

export function postbackProblems(form: PostbackForm): Problems {
  const problems: Problems = {};
  const preset = presetOf(form.preset);
  if (!preset) {
    const url = form.url.trim();
    if (!url) problems.url = tr('common.postbackCheck.url');
    else if (!/^https?:\/\/\S+$/i.test(url)) problems.url = tr('common.postbackCheck.scheme');
  } else if (form.domain.trim() === '') {
    problems.domain = tr('common.postbackCheck.domain');
  } else {
    const checked = presetUrl(PRESET_ADDRESS, form.domain);
    if (!checked.ok)
      problems.domain = tr('common.postbackCheck.domainBad', {
        problem: tr(`common.postbackCheck.address.${checked.code}`, { defaultValue: checked.problem }),
      });
    else if (preset.pathRequired && new URL(checked.url).pathname === '/')
      problems.domain = tr('common.postbackCheck.path', { name: preset.name });
  }
  if (preset?.trackerKey && !new RegExp(TRACKER_KEY_PATTERN).test(form.tracker_key.trim()))
    problems.tracker_key = tr('common.postbackCheck.trackerKey', {
      label: presetNote(preset, 'trackerKey'),
    });
  if (form.events.length === 0) problems.events = tr('common.postbackCheck.events');
  return problems;
}

/** Only the words the publisher changed, for the events chosen. */
export function ownWords(words: Record<string, string>, events: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    events.map((e) => [e, (words[e] ?? '').trim()] as const).filter(([, word]) => word !== ''),
  );
}

export function postbackBody(form: PostbackForm): Record<string, unknown> {
  const events = POSTBACK_EVENTS.filter((e) => form.events.includes(e));
  const common = {
    events,
    offer_id: form.offer_id || null,
    status_words: ownWords(form.status_words, events),
  };
  const preset = presetOf(form.preset);
  if (!preset) return { ...common, preset: 'custom', url: form.url.trim(), method: form.method };
  // As typed: the server keeps a path (Keitaro's key) and an explicit http://.
  return {
    ...common,
    preset: form.preset,
    domain: form.domain.trim(),
    ...(preset.trackerKey ? { tracker_key: form.tracker_key.trim() } : {}),
  };
}

/** What the preview fills the macros with: a 10.00 USD conversion of a sample click. */
export const PREVIEW_VALUES: Record<string, string> = {
  click_id: 'CLICK123',
  clickid: 'CLICK123',
  subid: 'CLICK123',
  payout: '10.00',
  currency: 'USD',
  offer_id: '42',
  publisher_id: '7',
  goal: 'lead',
  txid: 'TX123',
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sub${i + 1}`, `sub${i + 1}-value`])),
};

/** The URL template the form makes: a preset on the tracker's address (and token), or the URL typed. */
export function formTemplate(form: PostbackForm): string | undefined {
  const preset = presetOf(form.preset);
  if (!preset) return form.url.trim() || undefined;
  const filled = presetUrl(preset.url, form.domain);
  if (!filled.ok) return undefined;
  const key = form.tracker_key.trim();
  return preset.trackerKey && key ? withTrackerKey(filled.url, key) : filled.url;
}

/** Whether the template sends a status word at all (so the words are worth editing). */
export function sendsStatus(form: PostbackForm): boolean {
  return (formTemplate(form) ?? presetOf(form.preset)?.url ?? form.url).includes('{status}');
}

/** The word each event goes out as, for this form's tracker and the publisher's own words. */
export function effectiveWords(preset: string, words: Record<string, string>): Record<string, string> {
  return statusWordsFor(preset, words as StatusWords);
}

export interface EventPreview {
  event: string;
  url: string;
}

/**
 * The URL the tracker would get for each chosen event, filled as the server fills it (each value
 * URL-encoded, an unknown macro left as written): the event's word as {status}, payout 0 for a
 * cancellation where the tracker expects it. Undefined until there is an address or a URL to fill.
 */
export function postbackPreviews(form: PostbackForm): EventPreview[] | undefined {
  const template = formTemplate(form);
  if (template === undefined) return undefined;
  const words = effectiveWords(form.preset, form.status_words);
  return POSTBACK_EVENTS.filter((e) => form.events.includes(e)).map((e) => {
    const event = e as PostbackEvent;
    const payout = sendsZeroPayout(form.preset, event) ? '0.00' : (PREVIEW_VALUES.payout ?? '');
    const values: Record<string, string> = {
      ...PREVIEW_VALUES,
      payout,
      event,
      status: words[event] ?? event,
    };
    const url = template.replace(/\{(\w+)\}/g, (whole, key: string) => {
      const value = values[key];
      return value === undefined ? whole : encodeURIComponent(value);
    });
    return { event, url };
  });
}

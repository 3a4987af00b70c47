/**
 * What one event looks like to a publisher's tracker: the word sent as {status}, whether the payout
 * goes out as 0, whether the tracker is told at all. Pure (no server imports): the portal's
 * per-event preview uses the same functions the sender does.
 */
import {
  CANCELLATION_EVENTS,
  CANONICAL_WORDS,
  KEY_SLOT,
  POSTBACK_EVENTS,
  POSTBACK_PRESETS,
  type PostbackEvent,
} from './presets.js';

export type StatusWords = Partial<Record<PostbackEvent, string>>;

/** The preset's words (our own event names for a custom URL), overridden by the postback's own. */
export function statusWordsFor(preset: string, overrides: StatusWords = {}): Record<PostbackEvent, string> {
  const base = POSTBACK_PRESETS[preset]?.statusWords ?? CANONICAL_WORDS;
  const words = { ...base };
  for (const event of POSTBACK_EVENTS) {
    const word = overrides[event]?.trim();
    if (word) words[event] = word;
  }
  return words;
}

/** A tracker that counts every postback as money is never told of an event it would count wrong. */
export function presetTakes(preset: string, event: PostbackEvent): boolean {
  const known = POSTBACK_PRESETS[preset];
  return known === undefined || known.events.includes(event);
}

/** Cancellations go out with payout 0 to trackers that expect the revenue taken back so. */
export function sendsZeroPayout(preset: string, event: PostbackEvent): boolean {
  return POSTBACK_PRESETS[preset]?.cancelPayout === 'zero' && CANCELLATION_EVENTS.includes(event);
}

/** The events of `events` this preset cannot take, with why, or undefined when all fit. */
export function eventsRefused(preset: string, events: readonly string[]): string | undefined {
  const known = POSTBACK_PRESETS[preset];
  if (!known) return undefined;
  const refused = events.filter((e) => !known.events.includes(e as PostbackEvent));
  if (refused.length === 0) return undefined;
  return (
    `${known.name} takes only ${known.events.join(', ')}` +
    `${known.eventsNote ? ` (${known.eventsNote})` : ''}; not ${refused.join(', ')}`
  );
}

/** A tracker token as it may sit in a URL query: letters, digits and - _ . ~ only. */
export const TRACKER_KEY_PATTERN = '^[A-Za-z0-9._~-]{1,128}$';

/** The preset's template with the tracker's token put where `{key}` stands. */
export function withTrackerKey(template: string, key: string): string {
  return template.split(KEY_SLOT).join(encodeURIComponent(key));
}

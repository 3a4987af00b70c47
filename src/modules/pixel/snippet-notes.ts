import type { CodedText } from '../../http/schemas.js';
import type { OfferRow } from '../offers/queries.js';

type Settings = Pick<OfferRow, 'pixel_mode' | 'pixel_max_per_click' | 'pixel_require_sig'>;
type Params = CodedText['params'];

/**
 * The notes under the pixel snippet, each an English sentence (API users read it) said by a stable
 * code and its values, so the admin panel says it in the reader's language (`forms.pixel.note.<code>`).
 */
const NOTES: Record<string, (params: Params) => string> = {
  off: () =>
    'Pixel mode is off: this offer records nothing from the pixel until an admin sets its pixel mode to hold or approved.',
  hold: () =>
    'Pixel mode hold: conversions are recorded on hold, payable only once the advertiser (postback) or an admin approves them.',
  approved: () =>
    'Pixel mode approved: conversions are recorded approved at once. Anyone who sees a click id can fire the pixel: prefer signed pixels.',
  per_click: ({ count }) =>
    `At most ${count} pixel conversion${count === 1 ? '' : 's'} per click (pixel_max_per_click); more are refused and listed as fraud events.`,
  signed: () =>
    "Signed pixels only: sig is the hex HMAC-SHA256 of click_id|order_id|amount|currency|goal|status (each as sent, empty when left out) with the offer's pixel key; compute it on the server, never in the page.",
  unsigned: () =>
    "Unsigned pixels record the offer's or goal's fixed payouts; amount counts (revenue-share goals) only in a pixel signed with the offer's pixel key (sig).",
  order: () => 'Fill order_id, amount and goal from the order; the same order_id is recorded once.',
  click_id: ({ macro }) =>
    `Pass click_id (the advertiser receives it as ${macro} in the landing URL): the lr_click cookie only reaches this pixel when the browser sends third-party cookies.`,
  script: () =>
    'The script takes click_id, order_id, amount, currency, goal and status from the page URL when the tag leaves them out.',
};

/** The snippet's notes for an offer's pixel settings: the English `notes` and, in the same order, their `note_codes`. */
export function pixelSnippetNotes(offer: Settings): { notes: string[]; note_codes: CodedText[] } {
  const note_codes: CodedText[] = [
    { code: offer.pixel_mode, params: {} },
    { code: 'per_click', params: { count: offer.pixel_max_per_click } },
    { code: offer.pixel_require_sig === 1 ? 'signed' : 'unsigned', params: {} },
    { code: 'order', params: {} },
    { code: 'click_id', params: { macro: '{click_id}' } },
    { code: 'script', params: {} },
  ];
  return { notes: note_codes.map(({ code, params }) => NOTES[code]?.(params) ?? code), note_codes };
}

import { Type } from '@sinclair/typebox';
import { CodedText } from '../../http/schemas.js';

const Text = (maxLength: number, description: string) =>
  Type.Optional(Type.String({ maxLength, description }));

/** `GET /pixel.gif`: every value text, as a thank-you page sends it. Unknown names are kept in the log. */
export const PixelParams = Type.Object(
  {
    click_id: Text(64, 'our click id; optional when the browser sends the lr_click cookie'),
    click: Text(64, 'alias of click_id'),
    offer: Text(15, 'the offer id; when given, the click must be one of this offer'),
    goal: Text(64, 'a goal key or alias of the offer; absent: the offer itself'),
    amount: Text(
      32,
      "the order's gross amount (decimal); a signed pixel's is what revenue-share goals take their percentage of",
    ),
    currency: Text(8, 'ISO 4217 code of amount; default the offer currency'),
    order_id: Text(200, 'the order id: the same order id on an offer is recorded once'),
    status: Text(64, 'a status word; default approved (hold at most on an offer whose pixel_mode is hold)'),
    sig: Text(
      128,
      "hex HMAC-SHA256 of click_id|order_id|amount|currency|goal|status with the offer's pixel key",
    ),
  },
  { additionalProperties: true },
);

export const OfferPixelSnippet = Type.Object({
  offer_id: Type.String(),
  gif_url: Type.String({ description: 'the pixel URL with the offer filled; add the order values' }),
  img: Type.String({ description: '<img> tag for a thank-you page' }),
  script: Type.String({ description: '<script> tag: fires the pixel with the page parameters' }),
  notes: Type.Array(Type.String()),
  note_codes: Type.Array(CodedText, {
    description:
      'the notes as stable codes with their values, in the same order: off, hold or approved (the pixel mode), per_click {count}, signed or unsigned, order, click_id {macro}, script',
  }),
});

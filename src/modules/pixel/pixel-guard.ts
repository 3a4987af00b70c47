import type { Tx } from '../../db/database.js';
import type { LeadStatus } from '../../db/schema.js';
import { hmacSha256Hex, safeEqual } from '../../lib/crypto.js';
import { RefusedError } from '../conversions/errors.js';
import { countPixelConversionsOfClick } from '../conversions/queries.js';
import type { OfferRow } from '../offers/queries.js';
import { firstOf, type RawParams } from '../postbacks/params.js';

/**
 * What an offer lets its public pixel do (issue 15): nothing unless the offer opts in, at most
 * `pixel_max_per_click` conversions per click, and only a signed pixel chooses the order's amount.
 */

/** The fields a signed pixel's `sig` covers, in order: each as sent, '' when left out. */
export const SIGNED_FIELDS = ['click_id', 'order_id', 'amount', 'currency', 'goal', 'status'] as const;

/**
 * The string the advertiser signs: `click_id|order_id|amount|currency|goal|status`. click_id is the
 * click the pixel resolved to (the `click_id` or `click` parameter).
 */
export function pixelSignatureBase(clickId: string, params: RawParams): string {
  return SIGNED_FIELDS.map((name) => (name === 'click_id' ? clickId : (firstOf(params, name) ?? ''))).join(
    '|',
  );
}

/** Hex HMAC-SHA256 of the signature base with the offer's pixel key. */
export function pixelSignature(pixelKey: string, clickId: string, params: RawParams): string {
  return hmacSha256Hex(pixelKey, pixelSignatureBase(clickId, params));
}

/** A pixel for an offer whose pixel_mode is off records nothing. */
export function assertPixelEnabled(offer: OfferRow): void {
  if (offer.pixel_mode === 'off') {
    throw new RefusedError(
      403,
      'pixel-off',
      `offer ${offer.id} does not take pixel conversions (its pixel_mode is off; see docs/conversion-pixel.md)`,
    );
  }
}

/**
 * Whether the pixel is signed with the offer's key. A `sig` that does not match is refused (never
 * read as unsigned), and so is a pixel without one when the offer requires it.
 */
export function checkPixelSignature(offer: OfferRow, clickId: string, params: RawParams): boolean {
  const sig = firstOf(params, 'sig');
  if (sig === undefined || sig === '') {
    if (offer.pixel_require_sig === 1) {
      throw new RefusedError(
        403,
        'no-sig',
        `offer ${offer.id} requires a signed pixel: sig is missing (see docs/conversion-pixel.md)`,
        'sig',
      );
    }
    return false;
  }
  for (const name of SIGNED_FIELDS) {
    const value = name === 'click_id' ? clickId : firstOf(params, name);
    if (value?.includes('|')) {
      throw new RefusedError(422, 'bad-sig', `${name} of a signed pixel may not contain "|"`, name);
    }
  }
  const expected = pixelSignature(offer.pixel_key, clickId, params);
  if (!offer.pixel_key || !safeEqual(sig.toLowerCase(), expected)) {
    throw new RefusedError(
      403,
      'bad-sig',
      `sig does not match click_id|order_id|amount|currency|goal|status signed with offer ${offer.id}'s pixel key`,
      'sig',
    );
  }
  return true;
}

/** An offer in `hold` mode records what the pixel calls approved on hold, for someone to confirm. */
export function pixelStatus(offer: OfferRow, status: LeadStatus): LeadStatus {
  return offer.pixel_mode === 'hold' && status === 'approved' ? 'hold' : status;
}

/**
 * The click has room for another pixel conversion. Run under the click's lock (findLeadFor), so
 * concurrent pixels for one click count each other.
 */
export async function assertPixelRoom(tx: Tx, offer: OfferRow, clickId: string, orderId?: string) {
  const recorded = await countPixelConversionsOfClick(tx, clickId);
  if (recorded < offer.pixel_max_per_click) return;
  const order = orderId ? `order ${orderId} refused: ` : '';
  throw new RefusedError(
    409,
    'pixel-limit',
    `${order}click ${clickId} already has ${recorded} pixel conversion${recorded === 1 ? '' : 's'}, the most offer ${offer.id} allows (pixel_max_per_click ${offer.pixel_max_per_click})`,
    'click_id',
  );
}

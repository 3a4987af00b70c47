import { createHmac } from 'node:crypto';

/** The fields a signed pixel covers, in order (docs/conversion-pixel.md). */
const SIGNED = ['click_id', 'order_id', 'amount', 'currency', 'goal', 'status'] as const;

/** `sig` for a pixel with these parameters: hex HMAC-SHA256 of the fields joined by "|". */
export function signPixel(key: string, params: Partial<Record<(typeof SIGNED)[number], string>>): string {
  return createHmac('sha256', key)
    .update(SIGNED.map((name) => params[name] ?? '').join('|'))
    .digest('hex');
}

import { ValidationError } from '../../lib/errors.js';

/** How a publisher is paid (seed 000: USDT/BTC/ETH; seed 004: USDT, Wise, PayPal). Pure. */
export const PAYOUT_METHODS = ['usdt_trc20', 'usdt_erc20', 'btc', 'eth', 'wise', 'paypal'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

const EVM = /^0x[0-9a-fA-F]{40}$/;
const TRON = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;
/** Legacy (1…) and P2SH (3…) base58 addresses. */
const BTC_BASE58 = /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/;
/** Native SegWit / Taproot bech32(m), one case only. */
const BTC_BECH32 = /^(bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[A-Za-z]{2,63}$/;

/** True for an IBAN whose check digits hold (ISO 13616 mod 97). */
export function isIban(value: string): boolean {
  const iban = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

const WHAT: Record<PayoutMethod, string> = {
  usdt_trc20: 'a TRON address (T followed by 33 base58 characters)',
  usdt_erc20: 'an Ethereum address (0x followed by 40 hex digits)',
  eth: 'an Ethereum address (0x followed by 40 hex digits)',
  btc: 'a Bitcoin address (bech32 bc1… or base58 1…/3…)',
  wise: 'an email address or an IBAN',
  paypal: 'an email address',
};

function fits(method: PayoutMethod, value: string): boolean {
  switch (method) {
    case 'usdt_trc20':
      return TRON.test(value);
    case 'usdt_erc20':
    case 'eth':
      return EVM.test(value);
    case 'btc':
      return BTC_BASE58.test(value) || BTC_BECH32.test(value);
    case 'wise':
      return EMAIL.test(value) || isIban(value);
    case 'paypal':
      return EMAIL.test(value);
  }
}

/** The destination as stored (trimmed; an IBAN without spaces, upper case), or a 422 naming the shape. */
export function normaliseDestination(method: PayoutMethod, raw: string): string {
  const value = raw.trim();
  if (!fits(method, value)) {
    throw new ValidationError(`${method} needs ${WHAT[method]}`, 'destination', 'destination_invalid');
  }
  return method === 'wise' && !value.includes('@') ? value.replace(/\s+/g, '').toUpperCase() : value;
}

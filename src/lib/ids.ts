import { randomBytes } from 'node:crypto';

// Crockford base32: URL-safe, case-insensitive friendly, sorts in time order.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(chars: number): string {
  const bytes = randomBytes(chars);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/**
 * A time-ordered id: 10 characters of millisecond time, then 16 random characters (80 bits).
 * Time order keeps B-tree inserts at the right edge of the index, which is several times
 * faster than random keys on SQLite; the random part makes ids unguessable.
 */
export function newId(nowMs: number = Date.now()): string {
  return encodeTime(nowMs) + encodeRandom(16);
}

/** A random URL-safe token with the given number of random bytes. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A short lowercase code for flows and referral links (no ambiguous characters). */
export function newShortCode(length = 8): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

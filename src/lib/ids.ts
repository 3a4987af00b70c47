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

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * Add a random step of 1 to 2^40 to a 16-digit base-32 number (80 bits); false when it overflows.
 * A step of one (as monotonic ULIDs take) would let anyone holding one click id name the next
 * visitor's click of the same millisecond; a 40-bit random step keeps the order and leaves 2^40
 * guesses per id.
 */
function addRandomStep(digits: number[]): boolean {
  const step = randomDigits(8);
  step[7] = ((step[7] as number) | 1) as number; // never a step of zero
  let carry = 0;
  for (let i = 15, j = 7; i >= 0; i--, j--) {
    const sum = (digits[i] as number) + (j >= 0 ? (step[j] as number) : 0) + carry;
    digits[i] = sum & 31;
    carry = sum >> 5;
    if (j < 0 && carry === 0) return true;
  }
  return carry === 0;
}

/**
 * A time-ordered id: 10 characters of millisecond time, then 16 random characters (80 bits).
 * Time order keeps B-tree inserts at the right edge of the index, which is several times
 * faster than random keys on SQLite; the random part makes ids unguessable. Within one
 * millisecond (or a clock that stands still) ids stay in creation order: the random part of the
 * previous id grows by a random step of up to 2^40 instead of being drawn again, so the next id
 * of the same millisecond cannot be told from the last one.
 */
export function newId(nowMs: number = Date.now()): string {
  if (nowMs <= lastTime) {
    const next = lastRandom.slice();
    if (addRandomStep(next)) {
      lastRandom = next;
      return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join('');
    }
  }
  lastTime = Math.max(nowMs, lastTime + 1);
  lastRandom = randomDigits(16);
  return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join('');
}

/**
 * Forget the last id, so the next takes its time from its caller's clock even if that is earlier.
 * For tests: test files share their worker's modules (vitest.config.ts), and a file's test clock
 * must not inherit the time of the ids another file minted.
 */
export function forgetLastId(): void {
  lastTime = -1;
  lastRandom = [];
}

/**
 * Random bytes drawn 4 kB at a time from the same CSPRNG (a randomBytes call per id was ~1 % of a
 * click's CPU); each byte is used once.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomDigits(count: number): number[] {
  if (poolAt + count > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  const digits = new Array<number>(count);
  for (let i = 0; i < count; i++) digits[i] = (pool[poolAt + i] as number) & 31;
  poolAt += count;
  return digits;
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

/**
 * True when a value has the shape of an id from newId(): 26 Crockford base32 characters whose time
 * part fits 48 bits. Tells our click id apart from a tracker's own subid; it says nothing of
 * whether such a click exists.
 */
export function looksLikeId(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(value);
}

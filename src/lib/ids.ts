import { randomBytes } from 'node:crypto';

// Crockford base32: URL-safe, case-insensitive friendly, sorts in time order.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const CODES = Buffer.from(ALPHABET, 'latin1');

/** The id's 26 characters as bytes, rewritten in place: the time part only when the millisecond changes. */
const idBytes = Buffer.alloc(26);
/** The random part of the last id, one base-32 digit a byte (its characters are idBytes[10..25]). */
let lastRandom = new Uint8Array(16);
let scratch = new Uint8Array(16);
let lastTime = -1;

function writeTime(ms: number): void {
  let rest = ms;
  for (let i = 9; i >= 0; i--) {
    idBytes[i] = CODES[rest % 32] as number;
    rest = Math.floor(rest / 32);
  }
}

function writeRandom(digits: Uint8Array): void {
  for (let i = 0; i < 16; i++) idBytes[10 + i] = CODES[digits[i] as number] as number;
}

/**
 * Add a random step of 1 to 2^40 to a 16-digit base-32 number (80 bits), writing the sum to `out`;
 * false when it overflows. A step of one (as monotonic ULIDs take) would let anyone holding one
 * click id name the next visitor's click of the same millisecond; a 40-bit random step keeps the
 * order and leaves 2^40 guesses per id.
 */
function addRandomStep(digits: Uint8Array, out: Uint8Array): boolean {
  const at = takeRandom(8);
  let carry = 0;
  for (let i = 15, j = 7; i >= 0; i--, j--) {
    // The step's last digit is odd: never a step of zero.
    const step = j < 0 ? 0 : ((pool[at + j] as number) & 31) | (j === 7 ? 1 : 0);
    const sum = (digits[i] as number) + step + carry;
    out[i] = sum & 31;
    carry = sum >> 5;
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
  if (nowMs <= lastTime && addRandomStep(lastRandom, scratch)) {
    const previous = lastRandom;
    lastRandom = scratch;
    scratch = previous;
    writeRandom(lastRandom);
    return idBytes.toString('latin1', 0, 26);
  }
  lastTime = Math.max(nowMs, lastTime + 1);
  writeTime(lastTime);
  const at = takeRandom(16);
  for (let i = 0; i < 16; i++) lastRandom[i] = (pool[at + i] as number) & 31;
  writeRandom(lastRandom);
  return idBytes.toString('latin1', 0, 26);
}

/**
 * Forget the last id, so the next takes its time from its caller's clock even if that is earlier.
 * For tests: test files share their worker's modules (vitest.config.ts), and a file's test clock
 * must not inherit the time of the ids another file minted.
 */
export function forgetLastId(): void {
  lastTime = -1;
}

/**
 * Random bytes drawn 4 kB at a time from the same CSPRNG (a randomBytes call per id was ~1 % of a
 * click's CPU); each byte is used once. Returns where in `pool` the `count` bytes start.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;
function takeRandom(count: number): number {
  if (poolAt + count > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += count;
  return at;
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

/**
 * A refused visitor's reference: 8 characters of the click id, shown as "K7Q2-9MXD". Click ids are
 * 10 characters of millisecond time then 16 random ones (lib/ids.ts); the reference is characters
 * 5–10 (the low 30 bits of the time: a millisecond within a ~12.4-day window) and the last two (10
 * random bits, which a process increments for ids made in the same millisecond). So it names one
 * click in practice, and the operator's search is a handful of primary-key range reads (one
 * millisecond in each 12.4-day window looked back), no scan.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{8}$/;
const WINDOW_MS = 2 ** 30;
/** How far back a reference is looked for: about two years. */
const WINDOWS_BACK = 60;

export function clickReference(clickId: string): string {
  const ref = clickId.slice(4, 10) + clickId.slice(-2);
  return `${ref.slice(0, 4)}-${ref.slice(4)}`;
}

/** What an operator pastes: any case, with or without the dash; O/I/L read as 0/1/1 (Crockford). */
export function normaliseReference(input: string): string | undefined {
  const ref = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return REFERENCE.test(ref) ? ref : undefined;
}

function timePrefix(ms: number): string {
  let out = '';
  let rest = Math.floor(ms / WINDOW_MS);
  for (let i = 0; i < 4; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** The next string of the same length in id order ("…Z" carries), for an exclusive upper bound. */
function successor(text: string): string {
  const digits = [...text].map((c) => ALPHABET.indexOf(c));
  for (let i = digits.length - 1; i >= 0; i--) {
    if ((digits[i] as number) < 31) {
      digits[i] = (digits[i] as number) + 1;
      return digits.map((d) => ALPHABET[d]).join('');
    }
    digits[i] = 0;
  }
  return `${text}~`;
}

export interface ReferenceSearch {
  /** Id ranges [from, to): the reference's millisecond in each window looked back. */
  ranges: [string, string][];
  /** The id's last two characters. */
  suffix: string;
}

/** Where a reference's click can be, from the window of `nowMs` back about two years. */
export function referenceSearch(ref: string, nowMs: number): ReferenceSearch {
  const time = ref.slice(0, 6);
  const ranges: [string, string][] = [];
  for (let back = 0; back <= WINDOWS_BACK; back++) {
    const start = `${timePrefix(nowMs - back * WINDOW_MS)}${time}`;
    ranges.push([start, successor(start)]);
  }
  return { ranges, suffix: ref.slice(6) };
}

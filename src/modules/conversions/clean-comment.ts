/** Advertiser comments are kept short and plain (seed 000: max 1000 characters, special characters stripped). */
export const COMMENT_MAX_LENGTH = 1000;

/**
 * Keep letters, digits, marks, spaces and ordinary punctuation; drop markup, control characters and
 * the like; collapse whitespace. Undefined when nothing is left, so an empty comment keeps the old one.
 */
export function cleanComment(value: string | undefined, max = COMMENT_MAX_LENGTH): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = value
    .normalize('NFKC')
    .replace(/[^\p{L}\p{M}\p{N}\s.,:;!?'"()\-_/@#%+&=*]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned === '') return undefined;
  return [...cleaned].slice(0, max).join('').trim();
}

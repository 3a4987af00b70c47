const ID_TIME_CHARS = 10;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The millisecond time encoded at the front of a click id, or undefined for a foreign id. */
export function clickIdTime(id: string): number | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) return undefined;
  let ms = 0;
  for (const ch of id.slice(0, ID_TIME_CHARS)) ms = ms * 32 + CROCKFORD.indexOf(ch);
  return ms;
}

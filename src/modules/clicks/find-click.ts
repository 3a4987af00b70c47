import type { AppContext } from '../../context.js';
import type { NewClick } from './click-writer.js';
import { type ClickRow, findClickRow } from './queries.js';

const ID_TIME_CHARS = 10;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The millisecond time encoded at the front of a click id, or undefined for a foreign id. */
export function clickIdTime(id: string): number | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) return undefined;
  let ms = 0;
  for (const ch of id.slice(0, ID_TIME_CHARS)) ms = ms * 32 + CROCKFORD.indexOf(ch);
  return ms;
}

/**
 * Find a click whether it is written yet or not. Another app process may still hold a very recent
 * click in its write batch, so a miss on a click id minted in the last few seconds waits one batch
 * interval and reads again before giving up.
 */
export async function findClick(ctx: AppContext, id: string): Promise<ClickRow | NewClick | undefined> {
  const pending = ctx.clickWriter.find(id);
  if (pending) return pending;
  const row = await findClickRow(ctx.db, id);
  if (row) return row;
  const minted = clickIdTime(id);
  if (minted !== undefined && Math.abs(Date.now() - minted) < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return ctx.clickWriter.find(id) ?? (await findClickRow(ctx.db, id));
  }
  return undefined;
}

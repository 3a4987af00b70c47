import type { AppContext } from '../../context.js';
import { clickIdTime } from './click-id-time.js';
import type { NewClick } from './click-writer.js';
import { type ClickRow, findClickRow } from './queries.js';

export { clickIdTime };

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

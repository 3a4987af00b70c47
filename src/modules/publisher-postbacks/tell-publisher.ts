import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { notifyCapi } from '../capi/notify-capi.js';
import { type ConversionEvent, notifyPublisher } from './notify-publisher.js';

/**
 * Everything a publisher is told about one real conversion event: their tracker postbacks and
 * their Facebook Conversions API pixel. Call it once per change, inside the change's transaction.
 */
export async function tellPublisher(
  db: DbOrTx,
  ctx: Pick<AppContext, 'clock' | 'clickWriter' | 'caches'>,
  event: ConversionEvent,
): Promise<{ postbacks: number; capi: boolean }> {
  const postbacks = await notifyPublisher(db, ctx, event);
  const capi = await notifyCapi(db, ctx, event);
  return { postbacks, capi };
}

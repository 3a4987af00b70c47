import type { AppContext } from '../../context.js';
import { newShortCode } from '../../lib/ids.js';
import { getPublisher } from '../publishers/save-publisher.js';
import {
  findNetworkSwitch,
  findSmartLinkByCode,
  findSmartLinkByPublisher,
  saveNetworkSwitch,
  upsertSmartLink,
} from './queries.js';
import type { SmartLinkView } from './schemas.js';

/** `/go/<code>`: lowercase letters and digits, as flow codes (lib/ids.ts newShortCode). */
export const SMART_CODE = /^[a-z0-9]{8,32}$/;
const CODE_LENGTH = 10;

export interface LoadedSmartLink {
  publisherId: number;
  enabled: boolean;
}

export function smartLinkUrl(ctx: AppContext, code: string): string {
  return `${ctx.config.publicUrl.replace(/\/+$/, '')}/go/${code}`;
}

async function present(
  ctx: AppContext,
  publisherId: number,
  row: { code: string; enabled: number } | undefined,
): Promise<SmartLinkView> {
  const network = await smartLinksOnNetwork(ctx);
  return {
    publisher_id: String(publisherId),
    enabled: row?.enabled === 1,
    code: row?.code ?? null,
    url: network && row && row.enabled === 1 ? smartLinkUrl(ctx, row.code) : null,
    network_enabled: network,
  };
}

export async function getSmartLink(ctx: AppContext, publisherId: number): Promise<SmartLinkView> {
  await getPublisher(ctx, publisherId); // 404 for an unknown publisher
  return present(ctx, publisherId, await findSmartLinkByPublisher(ctx.db, publisherId));
}

/** The network-wide switch, cached per process like the links (every write clears the caches). */
export function smartLinksOnNetwork(ctx: AppContext): Promise<boolean> {
  return ctx.caches
    .named<'network', boolean>('smartlink.network', 5_000)
    .getOrLoad('network', async () => (await findNetworkSwitch(ctx.db))?.enabled !== 0);
}

/** Switch smart links off (every `/go/` link answers "does not exist") or back on for the whole network. */
export async function setSmartLinksOnNetwork(
  ctx: AppContext,
  enabled: boolean,
): Promise<{ enabled: boolean }> {
  await saveNetworkSwitch(ctx.db, enabled, ctx.clock.now().toISOString());
  ctx.caches.clear();
  return { enabled: await smartLinksOnNetwork(ctx) };
}

/** Switch a publisher's smart link on (its code is made the first time) or off (the code is kept). */
export async function setSmartLink(
  ctx: AppContext,
  publisherId: number,
  enabled: boolean,
): Promise<SmartLinkView> {
  await getPublisher(ctx, publisherId);
  const at = ctx.clock.now().toISOString();
  // A clash of 10 random characters from 31 is not expected; the unique constraint is the guard.
  await upsertSmartLink(ctx.db, {
    publisher_id: publisherId,
    code: newShortCode(CODE_LENGTH),
    enabled: enabled ? 1 : 0,
    at,
  });
  ctx.caches.clear();
  return present(ctx, publisherId, await findSmartLinkByPublisher(ctx.db, publisherId));
}

/** The link behind `/go/<code>`, cached per process for a few seconds; null: no such code. */
export function loadSmartLink(ctx: AppContext, code: string): Promise<LoadedSmartLink | null> {
  // A code that cannot exist is not looked up nor cached (junk must not reach the database or fill the cache).
  if (!SMART_CODE.test(code)) return Promise.resolve(null);
  return ctx.caches
    .named<string, LoadedSmartLink | null>('smartlink.code', 5_000)
    .getOrLoad(code, async () => {
      const row = await findSmartLinkByCode(ctx.db, code);
      return row ? { publisherId: row.publisher_id, enabled: row.enabled === 1 } : null;
    });
}

import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import { sha256Hex } from '../../lib/crypto.js';
import { formatAmount } from '../../lib/money.js';
import { findClickRow } from '../clicks/queries.js';
import { findLead } from '../leads/queries.js';
import type { ConversionEvent } from '../publisher-postbacks/notify-publisher.js';
import { capiEventJob } from './send-capi-event.js';
import { capiInForce } from './settings.js';

/** Lead, StartTrial and Purchase (seed 004); other changes are not sent to Facebook. */
export function capiEventName(event: Pick<ConversionEvent, 'event' | 'trial'>): string | undefined {
  if (event.event === 'lead') return event.trial ? 'StartTrial' : 'Lead';
  if (event.event === 'approved' || event.event === 'sale' || event.event === 'rebill') return 'Purchase';
  return undefined;
}

/** Facebook's click id cookie format, built from the click's fbclid: fb.1.<click time ms>.<fbclid>. */
export function fbcOf(fbclid: string | null | undefined, clickedAt: string | undefined): string | undefined {
  if (!fbclid || !clickedAt) return undefined;
  return `fb.1.${Date.parse(clickedAt)}.${fbclid}`;
}

function hashedEmail(email: string | null | undefined): string[] | undefined {
  return email ? [sha256Hex(email.trim().toLowerCase())] : undefined;
}

/** Facebook wants digits only, with the country code. */
function hashedPhone(phone: string | null | undefined): string[] | undefined {
  const digits = phone?.replace(/\D/g, '');
  return digits ? [sha256Hex(digits)] : undefined;
}

/**
 * Queue the publisher's Conversions API event for one conversion event, in the caller's
 * transaction. event_id is deterministic (lead, event name, transaction) so a browser pixel
 * firing the same event is deduplicated by Facebook.
 */
const SETTINGS_TTL_MS = 5_000;

/**
 * A publisher's pixel settings, cached per process (every postback of a publisher reads them): 5 s,
 * cleared at once by any admin or publisher API write in this process (the only writers of the
 * table); another process sees a change within 5 s. Whether they are in force is judged at use.
 */
function capiSettingsOf(
  db: DbOrTx,
  ctx: Pick<AppContext, 'caches'>,
  publisherId: number,
): Promise<Row<'publisher_capi'> | null> {
  return ctx.caches
    .named<number, Row<'publisher_capi'> | null>('publisher.capi', SETTINGS_TTL_MS, 50_000)
    .getOrLoad(
      publisherId,
      async () =>
        (await db
          .selectFrom('publisher_capi')
          .selectAll()
          .where('publisher_id', '=', publisherId)
          .executeTakeFirst()) ?? null,
    );
}

export async function notifyCapi(
  db: DbOrTx,
  ctx: Pick<AppContext, 'clock' | 'clickWriter' | 'caches'>,
  event: ConversionEvent,
) {
  const eventName = capiEventName(event);
  if (!eventName || event.publisherId === null) return false;
  const settings = await capiSettingsOf(db, ctx, event.publisherId);
  if (!settings) return false;
  const now = ctx.clock.now();
  const target = capiInForce(settings, now);
  const lead = await findLead(db, event.leadId);
  const click = event.clickId
    ? (ctx.clickWriter.find(event.clickId) ?? (await findClickRow(db, event.clickId)))
    : undefined;
  const userData: Record<string, unknown> = {
    em: hashedEmail(lead?.email),
    ph: hashedPhone(lead?.phone_e164 ?? lead?.phone),
    fbc: fbcOf(click?.fbclid, click?.created_at),
    client_ip_address: lead?.ip ?? click?.ip ?? undefined,
    client_user_agent: lead?.user_agent ?? click?.user_agent ?? undefined,
    external_id: event.clickId ? [sha256Hex(event.clickId)] : undefined,
  };
  const fbEvent: Record<string, unknown> = {
    event_name: eventName,
    event_time: Math.floor(now.getTime() / 1000),
    event_id: ['lr', event.leadId, eventName, event.txid].filter(Boolean).join('.'),
    action_source: 'website',
    user_data: Object.fromEntries(Object.entries(userData).filter(([, v]) => v !== undefined)),
  };
  if (eventName === 'Purchase') {
    // A decimal string is what we store; the Graph API takes a number for value.
    fbEvent.custom_data = {
      value: Number(formatAmount(event.publisherPayout, event.currency)),
      currency: event.currency,
    };
  }
  await enqueueJob(db, ctx, {
    type: capiEventJob,
    payload: {
      leadId: event.leadId,
      pixelId: target.pixelId,
      tokenEncrypted: target.tokenEncrypted,
      testEventCode: target.testEventCode,
      event: fbEvent,
    },
  });
  return true;
}

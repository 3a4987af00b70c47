import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import type { LeadStatus, Row } from '../../db/schema.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import { formatAmount } from '../../lib/money.js';
import { publisherPostbackJob } from './deliver-postback.js';
import { presetTakes, sendsZeroPayout, statusWordsFor } from './event-words.js';
import { fillPostbackUrl, type MacroValues } from './macros.js';
import type { PostbackEvent } from './presets.js';

/** One real change to tell a publisher's tracker about; fired once per event, never for "no change". */
export interface ConversionEvent {
  event: PostbackEvent;
  leadId: string;
  clickId: string | null;
  offerId: number;
  publisherId: number | null;
  flowId: number | null;
  goal: string | null;
  status: LeadStatus;
  /** The publisher's payout for this event, in minor units of `currency`. */
  publisherPayout: number;
  currency: string;
  /** sub1…sub10 of the lead (copied from its click). */
  subs: readonly (string | null)[];
  /** Transaction id: the payment id for ingest events, else the lead id. */
  txid?: string;
  /**
   * An ingest `trial` payment, approved by a goal or not: a `lead` to the tracker ({status} is the
   * lead word, {event} is `trial`) and StartTrial to Facebook.
   */
  trial?: boolean;
}

type PostbackRow = Row<'publisher_postbacks'>;

/**
 * A flow-level postback beats an offer-level one, which beats the publisher's global ones. An event
 * the preset's tracker cannot take (a cancellation to a tracker that counts every postback as a
 * sale) never fires, even from a postback saved before the preset said so.
 */
export function pickPostbacks(rows: PostbackRow[], event: ConversionEvent): PostbackRow[] {
  const firing = rows.filter(
    (r) =>
      r.status === 'active' &&
      (JSON.parse(r.events) as string[]).includes(event.event) &&
      presetTakes(r.preset, event.event),
  );
  const byFlow = firing.filter((r) => r.flow_id !== null && r.flow_id === event.flowId);
  if (byFlow.length > 0) return byFlow;
  const byOffer = firing.filter(
    (r) => r.flow_id === null && r.offer_id !== null && r.offer_id === event.offerId,
  );
  if (byOffer.length > 0) return byOffer;
  return firing.filter((r) => r.flow_id === null && r.offer_id === null);
}

/** The URL in force at `at`: a change waits 24 hours, and until then the previous URL fires. */
export function urlInForce(
  row: Pick<PostbackRow, 'url' | 'previous_url' | 'url_effective_at'>,
  at: Date,
): string {
  return at.toISOString() >= row.url_effective_at || row.previous_url === null ? row.url : row.previous_url;
}

export function macroValues(
  row: Pick<PostbackRow, 'preset' | 'status_words'>,
  event: ConversionEvent,
): MacroValues {
  const words = statusWordsFor(row.preset, JSON.parse(row.status_words));
  const sub = (i: number) => event.subs[i] ?? '';
  const payout = sendsZeroPayout(row.preset, event.event) ? 0 : event.publisherPayout;
  return {
    click_id: event.clickId ?? '',
    clickid: event.clickId ?? '',
    subid: sub(0),
    status: words[event.event],
    event: event.trial ? 'trial' : event.event,
    payout: formatAmount(payout, event.currency),
    currency: event.currency,
    offer_id: String(event.offerId),
    publisher_id: event.publisherId === null ? '' : String(event.publisherId),
    goal: event.goal ?? '',
    txid: event.txid ?? event.leadId,
    sub1: sub(0),
    sub2: sub(1),
    sub3: sub(2),
    sub4: sub(3),
    sub5: sub(4),
    sub6: sub(5),
    sub7: sub(6),
    sub8: sub(7),
    sub9: sub(8),
    sub10: sub(9),
  };
}

export interface PostbackRequest {
  method: 'GET' | 'POST';
  url: string;
  body: string | null;
}

/** GET fills the URL; POST also sends the values as a JSON body. */
export function buildPostbackRequest(row: PostbackRow, event: ConversionEvent, at: Date): PostbackRequest {
  const values = macroValues(row, event);
  const url = fillPostbackUrl(urlInForce(row, at), values);
  return { method: row.method, url, body: row.method === 'POST' ? JSON.stringify(values) : null };
}

const LISTENERS_TTL_MS = 5_000;

/**
 * A publisher's postbacks, cached per process like the offer terms (every postback reads them, and
 * most publishers have none): 5 s, cleared at once by any admin or publisher API write in this
 * process (the only writers of the table); another process sees a change within 5 s.
 */
function publisherPostbacksOf(
  db: DbOrTx,
  ctx: Pick<AppContext, 'caches'>,
  publisherId: number,
): Promise<PostbackRow[]> {
  return ctx.caches
    .named<number, PostbackRow[]>('publisher.postbacks', LISTENERS_TTL_MS, 50_000)
    .getOrLoad(publisherId, () =>
      db.selectFrom('publisher_postbacks').selectAll().where('publisher_id', '=', publisherId).execute(),
    );
}

/**
 * Queue the publisher's postbacks for one event, in the caller's transaction: the event and its
 * notifications commit together. The URL is fixed now, so the 24-hour rule is judged at event time.
 */
export async function notifyPublisher(
  db: DbOrTx,
  ctx: Pick<AppContext, 'clock' | 'caches'>,
  event: ConversionEvent,
): Promise<number> {
  if (event.publisherId === null) return 0;
  const rows = await publisherPostbacksOf(db, ctx, event.publisherId);
  const now = ctx.clock.now();
  const chosen = pickPostbacks(rows, event);
  for (const row of chosen) {
    const request = buildPostbackRequest(row, event, now);
    await enqueueJob(db, ctx, {
      type: publisherPostbackJob,
      payload: { postbackId: row.id, leadId: event.leadId, event: event.event, ...request },
    });
  }
  return chosen.length;
}

import type { AppContext } from '../../context.js';
import { sendRequest } from '../outbound/send-request.js';
import { buildPostbackRequest, type ConversionEvent } from './notify-publisher.js';
import type { PostbackEvent } from './presets.js';
import { findOwnPostback } from './save-postback.js';

/** "Send test postback": the exact request a sample event makes now, sent, with the tracker's answer. */
export async function sendTestPostback(
  ctx: AppContext,
  publisherId: number,
  id: number,
  event?: PostbackEvent,
) {
  const row = await findOwnPostback(ctx, publisherId, id);
  const sample: ConversionEvent = {
    event: event ?? ((JSON.parse(row.events) as PostbackEvent[])[0] as PostbackEvent),
    leadId: 'TEST-LEAD',
    clickId: 'TEST-CLICK-ID',
    offerId: row.offer_id ?? 0,
    publisherId,
    flowId: row.flow_id,
    goal: null,
    status: 'approved',
    publisherPayout: 100,
    currency: 'USD',
    subs: ['test-sub1', 'test-sub2', null, null, null],
    txid: 'TEST-TX',
  };
  const request = buildPostbackRequest(row, sample, ctx.clock.now());
  const result = await sendRequest(ctx, {
    kind: 'publisher_postback_test',
    method: request.method,
    url: request.url,
    headers: request.body === null ? {} : { 'content-type': 'application/json' },
    body: request.body ?? undefined,
    subjectId: `postback:${row.id}`,
  });
  return {
    url: request.url,
    method: request.method,
    body: request.body,
    outcome: result.outcome,
    response_status: result.outcome === 'response' ? result.status : null,
    response_body: result.outcome === 'response' ? result.body.slice(0, 2000) : null,
    error: result.outcome === 'response' ? null : result.error,
    duration_ms: Math.round(result.durationMs),
  };
}

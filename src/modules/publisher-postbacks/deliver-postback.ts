import { defineJob } from '../../jobs/define-job.js';
import { ensureDelivered } from '../outbound/classify-result.js';
import { sendRequest } from '../outbound/send-request.js';

export interface PostbackJobPayload {
  postbackId: number;
  leadId: string;
  event: string;
  method: 'GET' | 'POST';
  url: string;
  body: string | null;
}

/**
 * Deliver one publisher postback. A tracker that hangs or answers 5xx is retried with backoff;
 * a 4xx (their URL is wrong) is logged and not retried. Every attempt is in outbound_requests.
 */
export const publisherPostbackJob = defineJob<PostbackJobPayload>({
  type: 'publisher_postback',
  maxAttempts: 6,
  backoff: { baseMs: 30_000, capMs: 3 * 3_600_000 },
  async handler(ctx, payload, job) {
    const result = await sendRequest(ctx, {
      kind: 'publisher_postback',
      method: payload.method,
      url: payload.url,
      headers: payload.body === null ? {} : { 'content-type': 'application/json' },
      body: payload.body ?? undefined,
      jobId: job.id,
      jobAttempt: job.attempts,
      subjectId: payload.leadId,
      // One job per postback (or event), so its id is the same on every retry.
      idempotencyKey: job.id,
    });
    ensureDelivered(result);
  },
});

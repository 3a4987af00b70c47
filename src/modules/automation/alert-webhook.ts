import { defineJob } from '../../jobs/define-job.js';
import { ensureDelivered } from '../outbound/classify-result.js';
import { sendRequest } from '../outbound/send-request.js';

export interface AlertWebhookPayload {
  url: string;
  notificationId: string;
  body: string;
}

/**
 * POST an automation alert to the operator's webhook. Timeouts and 5xx are retried with backoff, a
 * 4xx is not; every attempt is in GET /api/admin/outbound-requests?kind=automation_alert.
 */
export const alertWebhookJob = defineJob<AlertWebhookPayload>({
  type: 'automation_alert',
  maxAttempts: 6,
  backoff: { baseMs: 30_000, capMs: 3 * 3_600_000 },
  async handler(ctx, payload, job) {
    const result = await sendRequest(ctx, {
      kind: 'automation_alert',
      method: 'POST',
      url: payload.url,
      headers: { 'content-type': 'application/json' },
      body: payload.body,
      jobId: job.id,
      subjectId: payload.notificationId,
    });
    ensureDelivered(result);
  },
});

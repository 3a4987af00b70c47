import { defineJob } from '../../jobs/define-job.js';
import { decryptSecret } from '../../lib/crypto.js';
import { ensureDelivered } from '../outbound/classify-result.js';
import { sendRequest } from '../outbound/send-request.js';
import { TOKEN_PURPOSE } from './settings.js';

export const GRAPH_API_VERSION = 'v21.0';

export interface CapiJobPayload {
  leadId: string;
  pixelId: string;
  /** Still encrypted in the job row: the token is never stored in clear. */
  tokenEncrypted: string;
  testEventCode: string | null;
  /** One server event as the Graph API takes it. */
  event: Record<string, unknown>;
}

/** Send one event to the Conversions API: POST {graph}/{version}/{pixel}/events. */
export const capiEventJob = defineJob<CapiJobPayload>({
  type: 'capi_event',
  maxAttempts: 6,
  backoff: { baseMs: 60_000, capMs: 6 * 3_600_000 },
  async handler(ctx, payload, job) {
    const token = decryptSecret(ctx.config.secretKey, TOKEN_PURPOSE, payload.tokenEncrypted);
    const body: Record<string, unknown> = { data: [payload.event], access_token: token };
    if (payload.testEventCode) body.test_event_code = payload.testEventCode;
    const result = await sendRequest(ctx, {
      kind: 'capi',
      method: 'POST',
      url: `${ctx.config.fbGraphUrl}/${GRAPH_API_VERSION}/${encodeURIComponent(payload.pixelId)}/events`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      secrets: [token],
      jobId: job.id,
      jobAttempt: job.attempts,
      subjectId: payload.leadId,
      // One job per postback (or event), so its id is the same on every retry.
      idempotencyKey: job.id,
    });
    ensureDelivered(result, { secrets: [token] });
  },
});

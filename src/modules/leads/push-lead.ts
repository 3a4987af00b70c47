import type { AppContext } from '../../context.js';
import type { RowUpdate } from '../../db/schema.js';
import { defineJob, type JobRow, type JobRun } from '../../jobs/define-job.js';
import { PermanentError } from '../../jobs/errors.js';
import type { AdvertiserRow } from '../advertisers/queries.js';
import type { OfferRow } from '../offers/queries.js';
import { classifyResult, describeResult, ensureDelivered, resultCode } from '../outbound/classify-result.js';
import { type SendResult, sendRequest, settleInterruptedRequests } from '../outbound/send-request.js';
import {
  advertiserLeadId,
  buildPushRequest,
  type PushRequest,
  type PushSettings,
  type TemplateValues,
} from './push-request.js';
import { findLead, type LeadRow, markLeadMaybeSent, setLead, updateLead } from './queries.js';
import { loadOfferAndAdvertiser } from './resolve-lead-target.js';

/** The whole exchange with the advertiser, redirects included. */
export const PUSH_TIMEOUT_MS = 10_000;

export function pushSettingsOf(advertiser: AdvertiserRow): PushSettings {
  return {
    integrationType: advertiser.integration_type,
    postEncoding: advertiser.post_encoding,
    endpointUrl: advertiser.endpoint_url,
    authKey: advertiser.auth_key,
    authLocation: advertiser.auth_location,
    authHeaderName: advertiser.auth_header_name,
    authFieldName: advertiser.auth_field_name,
    payloadTemplate: advertiser.payload_template ? JSON.parse(advertiser.payload_template) : null,
    extraParams: JSON.parse(advertiser.extra_params),
  };
}

export type PushLeadFields = Pick<
  LeadRow,
  | 'name'
  | 'phone'
  | 'email'
  | 'country'
  | 'ip'
  | 'click_id'
  | 'comment'
  | 'address'
  | 'sub1'
  | 'sub2'
  | 'sub3'
  | 'sub4'
  | 'sub5'
  | 'sub6'
  | 'sub7'
  | 'sub8'
  | 'sub9'
  | 'sub10'
  | 'created_at'
>;

/** Every seed 000 template variable for one lead; a missing value is empty text. */
export function templateValuesOf(
  lead: PushLeadFields,
  offer: Pick<OfferRow, 'id' | 'name' | 'adv_offer_id'>,
  advertiser: Pick<AdvertiserRow, 'auth_key'>,
): TemplateValues {
  return {
    name: lead.name ?? '',
    phone: lead.phone ?? '',
    email: lead.email ?? '',
    country: lead.country ?? '',
    ip: lead.ip ?? '',
    click_id: lead.click_id ?? '',
    adv_offer_id: offer.adv_offer_id,
    offer_id: String(offer.id),
    offer_name: offer.name,
    auth_key: advertiser.auth_key ?? '',
    sub1: lead.sub1 ?? '',
    sub2: lead.sub2 ?? '',
    sub3: lead.sub3 ?? '',
    sub4: lead.sub4 ?? '',
    sub5: lead.sub5 ?? '',
    sub6: lead.sub6 ?? '',
    sub7: lead.sub7 ?? '',
    sub8: lead.sub8 ?? '',
    sub9: lead.sub9 ?? '',
    sub10: lead.sub10 ?? '',
    comment: lead.comment ?? '',
    address: lead.address ?? '',
    timestamp: lead.created_at,
  };
}

export function leadPushRequest(
  lead: PushLeadFields,
  offer: Pick<OfferRow, 'id' | 'name' | 'adv_offer_id'>,
  advertiser: AdvertiserRow,
): PushRequest {
  return buildPushRequest(pushSettingsOf(advertiser), templateValuesOf(lead, offer, advertiser));
}

/**
 * Push one lead to its advertiser. Network errors, timeouts and 5xx are retried with backoff; a 4xx
 * or a refused target is not. Once the job gives up the lead's push_status is failed, and the
 * operator may push it again (POST /api/admin/leads/:id/push). Runs at least once: a lead already
 * sent is not sent again.
 */
async function pushLead(ctx: AppContext, leadId: string, job: JobRow, run: JobRun): Promise<void> {
  const lead = await findLead(ctx.db, leadId);
  if (!lead) throw new PermanentError(`lead ${leadId} does not exist`);
  if (lead.push_status === 'sent' || lead.push_status === 'skipped') return;
  const loaded = await loadOfferAndAdvertiser(ctx, lead.offer_id);
  if (!loaded) {
    const error = `offer ${lead.offer_id} no longer exists`;
    await updateLead(ctx.db, lead.id, {
      push_status: 'failed',
      push_error: error,
      push_error_code: 'offer_gone',
      push_error_params: JSON.stringify({ offer_id: String(lead.offer_id) }),
      updated_at: ctx.clock.now().toISOString(),
    });
    throw new PermanentError(error);
  }
  const { offer, advertiser } = loaded;
  const secrets = advertiser.auth_key ? [advertiser.auth_key] : [];
  await flagIfInterrupted(ctx, lead.id, job);
  const result = await sendRequest(ctx, {
    kind: 'lead_push',
    ...leadPushRequest(lead, offer, advertiser),
    timeoutMs: PUSH_TIMEOUT_MS,
    secrets,
    jobId: job.id,
    jobAttempt: job.attempts,
    subjectId: lead.id,
    // Stable across retries and restarts: the advertiser can drop a lead it already took.
    idempotencyKey: lead.id,
    // The lead's push result goes in the request log's transaction, and so does the job's settle
    // when the lead was sent: one commit for the three (session 12; they were three commits).
    recordOutcome: async (db, result) => {
      const pushResult = pushResultOf(ctx, lead, advertiser, job, result);
      await setLead(db, lead.id, pushResult);
      if (pushResult.push_status === 'sent') await run.settleDoneIn(db);
    },
  });
  if (classifyResult(result) !== 'success' || result.outcome !== 'response')
    ensureDelivered(result, { secrets });
}

/** What a push attempt's result makes of its lead: sent, or still pending (a retry follows), or failed. */
function pushResultOf(
  ctx: AppContext,
  lead: LeadRow,
  advertiser: AdvertiserRow,
  job: JobRow,
  result: SendResult,
): RowUpdate<'leads'> {
  const delivery = classifyResult(result);
  const now = ctx.clock.now().toISOString();
  if (delivery === 'success' && result.outcome === 'response') {
    return {
      push_status: 'sent',
      push_attempts: lead.push_attempts + 1,
      push_error: null,
      push_error_code: null,
      push_error_params: null,
      adv_lead_id: advertiserLeadId(result.body, advertiser.lead_id_field),
      pushed_at: now,
      updated_at: now,
    };
  }
  const lastTry = delivery === 'permanent' || job.attempts >= job.max_attempts;
  return {
    push_status: lastTry ? 'failed' : 'pending',
    push_attempts: lead.push_attempts + 1,
    push_error: describeResult(result, advertiser.auth_key ? [advertiser.auth_key] : []),
    ...pushErrorCode(result),
    updated_at: now,
  };
}

/** The push error's code and values for the lead's columns (docs/i18n.md). */
function pushErrorCode(result: Parameters<typeof resultCode>[0]) {
  const { code, params } = resultCode(result);
  return { push_error_code: code, push_error_params: JSON.stringify(params) };
}

/**
 * A push attempt of this job still `sending` means its process stopped while the request was in
 * flight (kill -9, a lost machine) and the lease was retaken: the advertiser may hold the lead
 * already. The lead is marked so (shown on its page and in the API) before the retry goes out with
 * the same Idempotency-Key.
 */
async function flagIfInterrupted(ctx: AppContext, leadId: string, job: Pick<JobRow, 'id' | 'attempts'>) {
  if (job.attempts <= 1) return;
  const interrupted = await settleInterruptedRequests(ctx, job.id);
  if (interrupted === 0) return;
  await markLeadMaybeSent(ctx.db, leadId, ctx.clock.now().toISOString());
  ctx.logger.warn(
    { lead_id: leadId, job_id: job.id, attempts: job.attempts },
    'lead push may have been sent: its process stopped while the push was in flight; retrying with the same Idempotency-Key',
  );
}

export const pushLeadJob = defineJob<{ leadId: string }>({
  type: 'lead_push',
  // 30 s, 1, 2, 4, 8, 16, 32 min between tries: the advertiser has about an hour to come back.
  maxAttempts: 8,
  backoff: { baseMs: 30_000, capMs: 3_600_000 },
  handler: (ctx, payload, job, run) => pushLead(ctx, payload.leadId, job, run),
  // The handler marks the lead itself when it gives up; this covers a worker that died on the last try.
  onGiveUp: async (ctx, payload, job, error) => {
    await flagIfInterrupted(ctx, payload.leadId, job);
    const now = ctx.clock.now().toISOString();
    await ctx.db
      .updateTable('leads')
      // The worker's own words (a lost lease…): no code, the web shows the English.
      .set({
        push_status: 'failed',
        push_error: error,
        push_error_code: null,
        push_error_params: null,
        updated_at: now,
      })
      .where('id', '=', payload.leadId)
      .where('push_status', '=', 'pending')
      .execute();
  },
});

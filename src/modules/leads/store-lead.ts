import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { lockForTransaction } from '../../db/dialect.js';
import type { LeadStatus } from '../../db/schema.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import { newId } from '../../lib/ids.js';
import { capDay, capUsed, countTowardCap } from '../offers/caps.js';
import { LeadRefusedError } from './errors.js';
import type { LeadFields, LeadSource } from './lead-fields.js';
import { pushLeadJob } from './push-lead.js';
import { findRecentDuplicate, insertLead, type LeadRow } from './queries.js';
import type { LeadTarget } from './resolve-lead-target.js';

/** Same phone or email on the same offer within this window is a duplicate (seed 000). */
export const DUPLICATE_WINDOW_MS = 3_600_000;

export type SpamRule = 'bot_ua' | 'ip_blocked';

/** A lead checked outside any transaction: who it belongs to, its fields, and the spam rule it broke. */
export interface PreparedLead {
  source: LeadSource;
  target: LeadTarget;
  fields: LeadFields;
  spamRule: SpamRule | null;
  /** false: store it without pushing (push_status skipped), e.g. an import that only records. */
  push: boolean;
}

async function duplicateRule(tx: Tx, offerId: number, fields: LeadFields, since: string) {
  if (fields.phoneE164 && (await findRecentDuplicate(tx, offerId, 'phone_e164', fields.phoneE164, since))) {
    return 'duplicate_phone';
  }
  if (fields.email && (await findRecentDuplicate(tx, offerId, 'email', fields.email, since))) {
    return 'duplicate_email';
  }
  return null;
}

/**
 * Write one lead inside the caller's transaction: decide its status (test, spam, duplicate or
 * processing), hold the offer's daily cap, count it, and queue its push in the same transaction, so a
 * lead that is not stored is never pushed and one that is stored always is.
 * Refuses (throws before writing anything) when the offer is at its cap.
 */
export async function storeLead(tx: Tx, ctx: AppContext, lead: PreparedLead): Promise<LeadRow> {
  const { target, fields } = lead;
  const { offer } = target;
  const now = ctx.clock.now();
  // One lock per offer makes the duplicate and cap checks below race-free across app processes,
  // and, being the only lock, cannot deadlock.
  await lockForTransaction(tx, `leads:offer:${offer.id}`);

  let status: LeadStatus = 'processing';
  let fraudRule: string | null = null;
  if (fields.test) status = 'test';
  else if (lead.spamRule) {
    status = 'spam';
    fraudRule = lead.spamRule;
  } else {
    fraudRule = await duplicateRule(
      tx,
      offer.id,
      fields,
      new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString(),
    );
    if (fraudRule) status = 'duplicate';
  }

  const day = capDay(now);
  if (
    lead.push &&
    !fields.test &&
    offer.daily_cap !== null &&
    (await capUsed(tx, offer.id, day)) >= offer.daily_cap
  ) {
    throw new LeadRefusedError(
      'daily_cap',
      403,
      `offer ${offer.id} reached its daily cap of ${offer.daily_cap} leads; try again tomorrow (UTC)`,
      'offer_id',
    );
  }
  const willPush = lead.push && status === 'processing';
  if (willPush) await countTowardCap(tx, offer.id, day);

  const iso = now.toISOString();
  const row = await insertLead(tx, {
    id: newId(now.getTime()),
    created_at: iso,
    updated_at: iso,
    source: lead.source,
    click_id: target.click?.id ?? null,
    offer_id: offer.id,
    advertiser_id: offer.advertiser_id,
    publisher_id: target.publisherId,
    flow_id: target.flowId,
    status,
    fraud_rule: fraudRule,
    goal: fields.goal,
    external_id: fields.externalId,
    name: fields.name,
    phone: fields.phone,
    phone_e164: fields.phoneE164,
    email: fields.email,
    country: fields.country,
    ip: fields.ip,
    user_agent: fields.userAgent,
    address: fields.address,
    comment: fields.comment,
    status_comment: null,
    ...fields.subs,
    meta: JSON.stringify(fields.meta),
    tags: '{}',
    push_status: willPush ? 'pending' : 'skipped',
    push_attempts: 0,
    adv_lead_id: null,
    pushed_at: null,
    push_error: null,
  });
  if (willPush) await enqueueJob(tx, ctx, { type: pushLeadJob, payload: { leadId: row.id } });
  return row;
}

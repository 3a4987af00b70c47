import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { lockForTransaction } from '../../db/dialect.js';
import type { LeadStatus } from '../../db/schema.js';
import { enqueueJobs } from '../../jobs/enqueue-job.js';
import { newId } from '../../lib/ids.js';
import { capDay, capUsed, countTowardCap } from '../offers/caps.js';
import { LeadRefusedError } from './errors.js';
import type { LeadFields, LeadSource } from './lead-fields.js';
import { pushLeadJob } from './push-lead.js';
import { insertLeads, type LeadRow, recentContacts } from './queries.js';
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

export type StoreOutcome = { lead: LeadRow } | { refused: LeadRefusedError };

function newLeadRow(
  lead: PreparedLead,
  id: string,
  now: string,
  status: LeadStatus,
  fraudRule: string | null,
) {
  const { target, fields } = lead;
  const willPush = lead.push && status === 'processing';
  return {
    id,
    created_at: now,
    updated_at: now,
    source: lead.source,
    click_id: target.click?.id ?? null,
    offer_id: target.offer.id,
    advertiser_id: target.offer.advertiser_id,
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
  } satisfies LeadRow;
}

/**
 * Write leads of one offer inside the caller's transaction, in order: decide each one's status (test,
 * spam, duplicate or processing), hold the offer's daily cap, count them, and queue their pushes in
 * the same transaction, so a lead that is not stored is never pushed and one that is stored always
 * is. A lead over the cap is refused (and not written); the others are. One batch costs a handful
 * of statements however many leads it holds (CSV import).
 */
export async function storeLeads(tx: Tx, ctx: AppContext, leads: PreparedLead[]): Promise<StoreOutcome[]> {
  const first = leads[0];
  if (!first) return [];
  const offer = first.target.offer;
  if (leads.some((l) => l.target.offer.id !== offer.id))
    throw new Error('storeLeads takes leads of one offer');
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const day = capDay(now);
  // One lock per offer makes the duplicate and cap checks below race-free across app processes,
  // and, being the only lock a lead transaction takes, cannot deadlock.
  await lockForTransaction(tx, `leads:offer:${offer.id}`);

  const checked = leads.filter((l) => !l.fields.test && !l.spamRule);
  const seen = await recentContacts(
    tx,
    offer.id,
    new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString(),
    checked.map((l) => l.fields.phoneE164).filter((p): p is string => p !== null),
    checked.map((l) => l.fields.email).filter((e): e is string => e !== null),
  );
  const capped = offer.daily_cap !== null && leads.some((l) => l.push && !l.fields.test);
  let used = capped ? await capUsed(tx, offer.id, day) : 0;
  let counted = 0;

  const outcomes: (LeadRow | LeadRefusedError)[] = [];
  for (const lead of leads) {
    const { fields } = lead;
    let status: LeadStatus = 'processing';
    let fraudRule: string | null = null;
    if (fields.test) status = 'test';
    else if (lead.spamRule) {
      status = 'spam';
      fraudRule = lead.spamRule;
    } else if (fields.phoneE164 && seen.phones.has(fields.phoneE164)) fraudRule = 'duplicate_phone';
    else if (fields.email && seen.emails.has(fields.email)) fraudRule = 'duplicate_email';
    if (fraudRule?.startsWith('duplicate')) status = 'duplicate';

    if (capped && lead.push && !fields.test && used >= (offer.daily_cap as number)) {
      outcomes.push(
        new LeadRefusedError(
          'daily_cap',
          403,
          `offer ${offer.id} reached its daily cap of ${offer.daily_cap} leads; try again tomorrow (UTC)`,
          'offer_id',
        ),
      );
      continue;
    }
    if (lead.push && status === 'processing') {
      used++;
      counted++;
    }
    if (!fields.test) {
      if (fields.phoneE164) seen.phones.add(fields.phoneE164);
      if (fields.email) seen.emails.add(fields.email);
    }
    outcomes.push(newLeadRow(lead, newId(now.getTime()), iso, status, fraudRule));
  }

  // Every column is set here, so the rows as written are the rows as stored.
  const stored = outcomes.filter((o): o is LeadRow => !(o instanceof LeadRefusedError));
  await insertLeads(tx, stored);
  await countTowardCap(tx, offer.id, day, counted);
  const pushed = stored.filter((l) => l.push_status === 'pending');
  if (pushed.length > 0)
    await enqueueJobs(
      tx,
      ctx,
      pushLeadJob,
      pushed.map((l) => ({ leadId: l.id })),
    );

  let next = 0;
  return outcomes.map((o) =>
    o instanceof LeadRefusedError ? { refused: o } : { lead: stored[next++] as LeadRow },
  );
}

/** One lead; refuses with a LeadRefusedError (nothing written) when the offer is at its cap. */
export async function storeLead(tx: Tx, ctx: AppContext, lead: PreparedLead): Promise<LeadRow> {
  const [outcome] = await storeLeads(tx, ctx, [lead]);
  if (!outcome) throw new Error('storeLeads returned nothing');
  if ('refused' in outcome) throw outcome.refused;
  return outcome.lead;
}

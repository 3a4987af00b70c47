import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { lockForTransaction } from '../../db/dialect.js';
import type { LeadStatus } from '../../db/schema.js';
import { enqueueJobs } from '../../jobs/enqueue-job.js';
import { newId } from '../../lib/ids.js';
import { takeLeadCaps } from '../caps/traffic-caps.js';
import { queueLeadPostbacks } from '../flows/forward-lead.js';
import { type FraudRuleSettings, fraudSettings } from '../fraud/rules.js';
import { capDay, capUsed, countTowardCap } from '../offers/caps.js';
import { tellPublisher } from '../publisher-postbacks/tell-publisher.js';
import { LeadRefusedError } from './errors.js';
import { insertLeadRows } from './insert-lead-rows.js';
import { type LeadFields, type LeadSource, subList } from './lead-fields.js';
import { pushLeadJob } from './push-lead.js';
import { type LeadRow, recentContacts } from './queries.js';
import type { LeadTarget } from './resolve-lead-target.js';

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
    push_error_code: null,
    push_error_params: null,
    push_maybe_sent: 0,
  } satisfies LeadRow;
}

/**
 * Test first, then the spam rules, then duplicates of earlier leads (and of earlier ones in the
 * batch) for the duplicate rules that are on.
 */
function statusOf(
  lead: PreparedLead,
  seen: { phones: Set<string>; emails: Set<string> },
  on: { phones: boolean; emails: boolean },
): { status: LeadStatus; fraudRule: string | null } {
  const { fields } = lead;
  if (fields.test) return { status: 'test', fraudRule: null };
  if (lead.spamRule) return { status: 'spam', fraudRule: lead.spamRule };
  if (on.phones && fields.phoneE164 && seen.phones.has(fields.phoneE164)) {
    return { status: 'duplicate', fraudRule: 'duplicate_phone' };
  }
  if (on.emails && fields.email && seen.emails.has(fields.email))
    return { status: 'duplicate', fraudRule: 'duplicate_email' };
  return { status: 'processing', fraudRule: null };
}

/** Where a duplicate rule starts looking (seed 000: an hour back), or null when it is off. */
function duplicateSince(now: Date, rule: FraudRuleSettings): string | null {
  if (!rule.enabled) return null;
  return new Date(now.getTime() - (rule.windowMinutes ?? 60) * 60_000).toISOString();
}

function capReached(offerId: number, cap: number): LeadRefusedError {
  return new LeadRefusedError(
    'daily_cap',
    403,
    `offer ${offerId} reached its daily cap of ${cap} leads; try again tomorrow (UTC)`,
    'offer_id',
  );
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
  const rules = await fraudSettings(ctx, tx);
  const since = {
    phones: duplicateSince(now, rules.duplicate_phone),
    emails: duplicateSince(now, rules.duplicate_email),
  };
  const on = { phones: since.phones !== null, emails: since.emails !== null };
  const seen = await recentContacts(
    tx,
    offer.id,
    since,
    checked.map((l) => l.fields.phoneE164).filter((p): p is string => p !== null),
    checked.map((l) => l.fields.email).filter((e): e is string => e !== null),
  );
  const capped = offer.daily_cap !== null && leads.some((l) => l.push && !l.fields.test);
  let used = capped ? await capUsed(tx, offer.id, day) : 0;
  let counted = 0;

  const outcomes: (LeadRow | LeadRefusedError)[] = [];
  for (const lead of leads) {
    const { status, fraudRule } = statusOf(lead, seen, on);
    if (capped && lead.push && !lead.fields.test && used >= (offer.daily_cap as number)) {
      outcomes.push(capReached(offer.id, offer.daily_cap as number));
      continue;
    }
    const id = newId(now.getTime());
    if (lead.push && status === 'processing') {
      const target = { offerId: offer.id, publisherId: lead.target.publisherId };
      const cap = await takeLeadCaps(ctx, tx, { ...target, leadId: id, atMs: now.getTime() });
      if (cap) {
        outcomes.push(new LeadRefusedError('cap_reached', 403, 'this offer is not taking more leads now'));
        continue;
      }
      used++;
      counted++;
    }
    if (!lead.fields.test) {
      if (lead.fields.phoneE164) seen.phones.add(lead.fields.phoneE164);
      if (lead.fields.email) seen.emails.add(lead.fields.email);
    }
    outcomes.push(newLeadRow(lead, id, iso, status, fraudRule));
  }

  // Every column is set here, so the rows as written are the rows as stored.
  const stored = outcomes.filter((o): o is LeadRow => !(o instanceof LeadRefusedError));
  await insertLeadRows(tx, ctx.dialect, stored);
  await countTowardCap(tx, offer.id, day, counted);
  const pushed = stored.filter((l) => l.push_status === 'pending');
  if (pushed.length > 0)
    await enqueueJobs(
      tx,
      ctx,
      pushLeadJob,
      pushed.map((l) => ({ leadId: l.id })),
    );

  await tellPublishers(tx, ctx, stored, offer.currency);
  await queueLeadPostbacks(tx, ctx, stored);
  return outcomes.map((o) => (o instanceof LeadRefusedError ? { refused: o } : { lead: o }));
}

/**
 * A new lead is an event for its publisher's tracker and pixel (`lead`; spam and duplicates are
 * `trash`), queued in the lead's transaction. Whether a publisher listens comes from the same
 * per-process caches the postbacks read (publisher.postbacks, capi settings; invalidated on every
 * write of them), so on a warm cache a batch of leads nobody listens to runs no query for it.
 */
async function tellPublishers(tx: Tx, ctx: AppContext, stored: LeadRow[], currency: string): Promise<void> {
  for (const lead of stored) {
    if (lead.publisher_id === null) continue;
    const event =
      lead.status === 'processing'
        ? 'lead'
        : lead.status === 'spam' || lead.status === 'duplicate'
          ? 'trash'
          : null;
    if (!event) continue;
    await tellPublisher(tx, ctx, {
      event,
      leadId: lead.id,
      clickId: lead.click_id,
      offerId: lead.offer_id,
      publisherId: lead.publisher_id,
      flowId: lead.flow_id,
      goal: lead.goal,
      status: lead.status,
      publisherPayout: 0,
      currency,
      subs: subList(lead),
    });
  }
}

/** One lead; refuses with a LeadRefusedError (nothing written) when the offer is at its cap. */
export async function storeLead(tx: Tx, ctx: AppContext, lead: PreparedLead): Promise<LeadRow> {
  const [outcome] = await storeLeads(tx, ctx, [lead]);
  if (!outcome) throw new Error('storeLeads returned nothing');
  if ('refused' in outcome) throw outcome.refused;
  return outcome.lead;
}

import type { LeadStatus } from '../../db/schema.js';
import type { LeadStatusChange, PaymentInput } from '../conversions/lead-status-change.js';
import { subList } from '../leads/lead-fields.js';
import type { LeadRow } from '../leads/queries.js';
import type { ConversionEvent } from './notify-publisher.js';
import type { PostbackEvent } from './presets.js';

const BY_STATUS: Partial<Record<LeadStatus, PostbackEvent>> = {
  processing: 'lead',
  hold: 'hold',
  approved: 'approved',
  cancelled: 'cancelled',
  wrong_number: 'trash',
  spam: 'trash',
  duplicate: 'trash',
  chargedback: 'chargeback',
};

/** What an approved payment is to the publisher: its own ingest event, whatever goal paid it. */
const PAYMENT_EVENTS: Readonly<Record<string, PostbackEvent>> = {
  sale: 'sale',
  rebill: 'rebill',
  lead: 'lead',
  trial: 'lead',
};

/**
 * The publisher-facing event of one recorded change: a new status, or a new goal of the same
 * status (commission recalculated). A payment's approval is its ingest event (seed 004: sale and
 * rebill are sales; lead and trial are leads, a trial flagged as such) even when a `lead` or
 * `trial` goal approved it with a payout: the goal decides the money, not what the tracker and
 * Facebook are told. Test leads and changes of payout alone tell the publisher nothing.
 */
export function eventForChange(
  change: LeadStatusChange,
  lead: LeadRow,
  payment?: PaymentInput,
): ConversionEvent | undefined {
  const statusChanged = change.from.status !== change.to.status;
  const goalChanged = change.from.goal !== change.to.goal;
  if (!statusChanged && !goalChanged) return undefined;
  let event = BY_STATUS[change.to.status];
  if (!event) return undefined;
  if (payment && event === 'approved') event = PAYMENT_EVENTS[payment.event] ?? event;
  return {
    event,
    leadId: lead.id,
    clickId: lead.click_id,
    offerId: lead.offer_id,
    publisherId: lead.publisher_id,
    flowId: lead.flow_id,
    goal: change.to.goal,
    status: change.to.status,
    publisherPayout: change.to.pubPayout,
    currency: change.to.currency,
    subs: subList(lead),
    txid: payment?.externalPaymentId,
    // A refund of a trial is a chargeback, not a trial.
    trial: payment?.event === 'trial' && event === 'lead',
  };
}

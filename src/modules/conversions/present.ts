import { differenceOf, formatAmount } from '../../lib/money.js';
import { type LeadStatusOutcome, presentState } from './lead-status-change.js';
import type { ConversionRow, HistoryRow } from './queries.js';
import type { Conversion, HistoryEntry, StatusChangeReply } from './schemas.js';

const idText = (id: number | null) => (id === null ? null : String(id));
const sentAmount = (amount: number | null, currency: string | null) =>
  amount === null || currency === null ? null : formatAmount(Number(amount), currency);

/** A conversion; with its lead's external id when the query joined it (the list does). */
export function presentConversion(row: ConversionRow & { lead_external_id?: string | null }): Conversion {
  const adv = Number(row.adv_payout);
  const pub = Number(row.pub_payout);
  const { lead_external_id, ...fields } = row;
  return {
    ...fields,
    // Seed 002's UID: the advertiser's id for the lead (uid/exto), else the payment's user ref.
    ...(lead_external_id !== undefined ? { uid: lead_external_id ?? row.user_ref } : {}),
    offer_id: String(row.offer_id),
    advertiser_id: String(row.advertiser_id),
    publisher_id: idText(row.publisher_id),
    flow_id: idText(row.flow_id),
    adv_payout: formatAmount(adv, row.currency),
    pub_payout: formatAmount(pub, row.currency),
    profit: formatAmount(differenceOf(adv, pub), row.currency),
    gross_amount:
      row.gross_amount === null ? null : formatAmount(row.gross_amount, row.gross_currency ?? row.currency),
    sent_adv_payout: sentAmount(row.sent_adv_payout, row.sent_currency),
    sent_pub_payout: sentAmount(row.sent_pub_payout, row.sent_currency),
  };
}

export function presentHistory(row: HistoryRow): HistoryEntry {
  return {
    ...row,
    adv_payout: formatAmount(row.adv_payout, row.currency),
    pub_payout: formatAmount(row.pub_payout, row.currency),
  };
}

export function presentOutcome(outcome: LeadStatusOutcome): StatusChangeReply {
  const change = outcome.change;
  const current = {
    status: outcome.conversion.status,
    goal: outcome.conversion.goal,
    advPayout: Number(outcome.conversion.adv_payout),
    pubPayout: Number(outcome.conversion.pub_payout),
    currency: outcome.conversion.currency,
  };
  return {
    result: change ? 'ok' : 'no-changes',
    lead_id: outcome.lead.id,
    conversion_id: outcome.conversion.id,
    from: change ? presentState(change.from) : null,
    to: presentState(change ? change.to : current),
    ledger_event_ids: change?.ledgerEventIds ?? [],
  };
}

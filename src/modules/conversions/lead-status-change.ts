import type { LeadStatus } from '../../db/schema.js';
import { formatAmount } from '../../lib/money.js';
import type { HeldChange } from '../clawbacks/finality.js';
import type { LeadRow, NewLead } from '../leads/queries.js';
import type { ConversionRow } from './queries.js';

/** The request and answer of applyLeadStatus, the one path for a lead's status, goal and payouts. */

/** Where a change came from; recorded on the lead's status history. */
export type StatusSource = 'postback' | 'postback.json' | 'ingest' | 'pixel' | 'admin';

/** A payment reported through the ingest API: a conversion of its own, keyed by its id. */
export interface PaymentInput {
  externalPaymentId: string;
  event: string;
  userRef: string | null;
  gross: { amount: number; currency: string } | null;
}

export interface LeadStatusRequest {
  leadId: string;
  /** Undefined keeps the current status (a goal or payout change only). */
  status?: LeadStatus;
  /** A goal key or alias of the lead's offer; undefined keeps the current goal. */
  goal?: string;
  /** Decimal overrides: the advertiser payout (`pay`/`price`/`payout`), the publisher's (`wm`), their currency. */
  advPayout?: string;
  pubPayout?: string;
  currency?: string;
  /** Set for the ingest API: the change applies to this payment's conversion, not the lead's status one. */
  payment?: PaymentInput;
  /** The advertiser's comment, already cleaned; undefined keeps the stored one. */
  comment?: string;
  source: StatusSource;
  reason?: string;
  /** "admin:ID" for a manual change. */
  actor?: string;
  /** The postback log row of the request, so history and log point at each other. */
  requestId?: string;
  /** The caller created the lead in this transaction: the history starts from nothing. */
  leadCreated?: boolean;
  /**
   * The lead as the caller already holds it, locked in this transaction (findLeadFor, createLeadFor):
   * saves reading it again. Left out, applyLeadStatus locks and reads the lead itself.
   */
  lockedLead?: LeadRow;
  /**
   * A lead created by this request and not written yet (lockedLead is its row as it will read,
   * leads/queries.ts leadRowOf). applyLeadStatus inserts it with its status, goal and comment,
   * one statement instead of an insert in processing and an update right after. Only for a lead
   * with no external id: no unique index can make its insert lose a race.
   */
  unsavedLead?: NewLead;
}

export interface ConversionState {
  status: LeadStatus;
  goal: string | null;
  advPayout: number;
  pubPayout: number;
  currency: string;
}

/**
 * One real change of a lead's money state, as recorded in lead_status_history (same transaction as
 * its ledger entries). Outbound effects (publisher postbacks, issue 6) hang off this, once per change.
 */
export interface LeadStatusChange {
  historyId: string;
  leadId: string;
  conversionId: string;
  source: StatusSource;
  /** The lead was created by this request. */
  leadCreated: boolean;
  /** The conversion row was created by this change. */
  conversionCreated: boolean;
  /** Before: null only for a lead created by this request; payouts are 0 before a conversion existed. */
  from: Omit<ConversionState, 'status'> & { status: LeadStatus | null };
  to: ConversionState;
  ledgerEventIds: string[];
  at: string;
}

export interface LeadStatusOutcome {
  lead: LeadRow;
  conversion: ConversionRow;
  /** Null: nothing changed in status, goal or payouts ("no-changes"). */
  change: LeadStatusChange | null;
  /** Only the advertiser's comment changed. */
  commentChanged: boolean;
  /** The change was past the conversion's finality window: held for an admin, nothing applied. */
  queued?: HeldChange;
}

/** Two requests carried the same payment id for different leads at once; the caller answers with the first. */
export class DuplicatePaymentError extends Error {
  constructor(readonly externalPaymentId: string) {
    super(`payment ${externalPaymentId} is already recorded`);
    this.name = 'DuplicatePaymentError';
  }
}

/** Amounts of a change as the API shows them: decimal strings. */
export function presentState(state: Omit<ConversionState, 'status'> & { status: LeadStatus | null }) {
  return {
    status: state.status,
    goal: state.goal,
    adv_payout: formatAmount(state.advPayout, state.currency),
    pub_payout: formatAmount(state.pubPayout, state.currency),
    currency: state.currency,
  };
}

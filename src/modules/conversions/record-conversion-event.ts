import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { forwardCreatedLead } from '../leads/forward-created-lead.js';
import { type LeadRow, leadRowOf, type NewLead } from '../leads/queries.js';
import { applyLeadStatus } from './apply-lead-status.js';
import { commitGroupsOf } from './commit-group.js';
import { RefusedError } from './errors.js';
import type { LeadStatusOutcome, LeadStatusRequest, StatusSource } from './lead-status-change.js';
import { createLeadFor, findLeadFor, type LeadKey, lockFoundLead, newLeadRow } from './resolve-lead.js';

/** What a conversion event is about: a click's or flow's lead (found or created), or a lead named by id. */
export type EventTarget = { key: LeadKey; leadId?: undefined } | { leadId: string; key?: undefined };

/** The lead the event changes, locked for its transaction. */
export interface EventLead {
  tx: Tx;
  lead: LeadRow;
  leadCreated: boolean;
  /**
   * A lead created by this event and not written yet (ConversionEvent.newLeadWithStatus): `lead` is
   * its row as it will read; a change to it before applyLeadStatus goes into this row, not an update.
   */
  unsaved?: NewLead;
}

/**
 * One conversion event from any inbound adapter (a postback of either dialect, an ingest call, the
 * pixel), once parsed, resolved and recognised by the adapter: what the shared apply step needs.
 */
export interface ConversionEvent<R> {
  /** Who creates a lead: its `source`, and the flow forwarding's `createdBy`. */
  source: 'postback' | 'ingest' | 'pixel';
  /** The history's source, when finer than `source` (the postback dialect). */
  statusSource?: StatusSource;
  requestId: string;
  target: EventTarget;
  /**
   * Share a transaction with other events arriving together (group commit, commit-group.ts): each in
   * its own savepoint, answered after the shared commit. Postbacks use it.
   */
  grouped?: boolean;
  /**
   * A lead this event creates (with no external id) is written once, with its status, by
   * applyLeadStatus, instead of inserted in processing and updated: one statement fewer. `change`
   * must then put what it changes in the lead into `found.unsaved` (postbacks: apply-lead-data.ts).
   */
  newLeadWithStatus?: boolean;
  /**
   * Under the target's lock, before any lead is created or changed: an answer here ends the event
   * with it and changes nothing (an ingest payment or a pixel order already recorded).
   */
  repeatOf?: (tx: Tx, lead: LeadRow | undefined) => Promise<R | undefined>;
  /** The key has no lead yet: throw the refusal when this event may not create one. */
  mayCreate?: () => void;
  /** The status change to apply to the (locked, maybe just created) lead; it may replace `found.lead`. */
  change: (
    found: EventLead,
  ) => Promise<Omit<LeadStatusRequest, 'leadId' | 'source' | 'requestId' | 'leadCreated' | 'lockedLead'>>;
  /** Last in the transaction, with the applied change: the adapter's answer (and its log row). */
  finish: (found: EventLead, outcome: LeadStatusOutcome) => Promise<R>;
}

async function leadOf<R>(ctx: AppContext, tx: Tx, event: ConversionEvent<R>) {
  if (!event.target.key) {
    const lead = await lockFoundLead(tx, event.target.leadId);
    if (!lead) throw new RefusedError(404, 'no-lead', 'the lead was deleted meanwhile', 'lead');
    return { lead, key: undefined };
  }
  const key = event.target.key;
  return { lead: await findLeadFor(tx, key, ctx.clock.now().toISOString()), key };
}

/**
 * The one apply step of every inbound conversion event (issue 16: parse → resolve → recognise →
 * apply → log). In one transaction: find the target's lead under its lock, stop on a repeat, create
 * the lead when the key has none and the event may, apply the status change through applyLeadStatus,
 * hand a lead created here to its flow's postback and push, and let the adapter write its answer's
 * log row before the commit.
 */
export function recordConversionEvent<R>(ctx: AppContext, event: ConversionEvent<R>): Promise<R> {
  const work = (tx: Tx) => applyEvent(ctx, tx, event);
  if (!event.grouped) return inTransaction(ctx.db, work);
  const target = event.target;
  const lockKey = target.key
    ? target.key.click
      ? `click:${target.key.click.id}`
      : `flow:${target.key.flow.id}`
    : `lead:${target.leadId}`;
  return commitGroupsOf(ctx).run(lockKey, work);
}

async function applyEvent<R>(ctx: AppContext, tx: Tx, event: ConversionEvent<R>): Promise<R> {
  const { lead: found, key } = await leadOf(ctx, tx, event);
  const repeat = await event.repeatOf?.(tx, found);
  if (repeat !== undefined) return repeat;
  let lead = found;
  let leadCreated = false;
  let unsaved: NewLead | undefined;
  if (!lead) {
    if (!key) throw new Error('a lead named by id is always found or refused');
    event.mayCreate?.();
    if (event.newLeadWithStatus && key.externalId === null) {
      unsaved = newLeadRow(ctx, key, event.source);
      lead = leadRowOf(unsaved);
      leadCreated = true;
    } else {
      ({ lead, created: leadCreated } = await createLeadFor(ctx, tx, key, event.source));
    }
  }
  const held: EventLead = { tx, lead, leadCreated, ...(unsaved ? { unsaved } : {}) };
  const change = await event.change(held);
  const outcome = await applyLeadStatus(ctx, tx, {
    ...change,
    leadId: held.lead.id,
    source: event.statusSource ?? event.source,
    requestId: event.requestId,
    leadCreated,
    lockedLead: held.lead,
    ...(held.unsaved ? { unsavedLead: held.unsaved } : {}),
  });
  if (leadCreated && key) await forwardCreatedLead(ctx, tx, outcome.lead, key.offer, event.source);
  return event.finish(held, outcome);
}

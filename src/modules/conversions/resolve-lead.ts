import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import { dialectOf, lockKey, unlessUniqueViolation } from '../../db/dialect.js';
import { newId } from '../../lib/ids.js';
import type { ClickRow } from '../clicks/queries.js';
import type { FlowRow } from '../flows/queries.js';
import { subsOf } from '../leads/lead-fields.js';
import {
  claimExternalId,
  insertLead,
  type LeadRow,
  leadsByNetworkId,
  lockLead,
  lockLeadOfClick,
  lockLeadOfFlow,
  type NewLead,
} from '../leads/queries.js';
import type { OfferRow } from '../offers/queries.js';
import { RefusedError } from './errors.js';

/** Tags a postback may set on a lead, replacing the click's (seed 003). */
export const TAG_NAMES = [
  'utm_source',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'utm_medium',
  'subid',
  'domain',
  'adid',
  'data1',
  'data2',
] as const;

/** A click as findClick returns it: written, or still in this process's write batch. */
export type ClickLike = Pick<ClickRow, 'id'> &
  Partial<
    Pick<
      ClickRow,
      | 'offer_id'
      | 'publisher_id'
      | 'flow_id'
      | 'status'
      | 'country'
      | 'ip'
      | 'user_agent'
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
      | 'params'
    >
  >;

/** Which lead a postback or ingest call is about: a click's (by the advertiser's lead id when given) or a flow's. */
export type LeadKey =
  | { offer: OfferRow; click: ClickLike; flow?: undefined; externalId: string | null }
  | { offer: OfferRow; flow: FlowRow; click?: undefined; externalId: string };

/**
 * Find the lead under a lock on its click or flow key, so concurrent postbacks for one click take
 * turns: the first creates the lead, the rest find it. With the advertiser's lead id, a click lead
 * that has none yet (made by the landing form) takes it; another id on the same click is another lead.
 * The lead comes back locked for the transaction (pass it on as applyLeadStatus's lockedLead).
 *
 * On PostgreSQL a lead that exists is locked by its own row (`for update`): the key's advisory lock
 * (one more round trip) is taken only when there is none yet, to serialise its creation, and the lead
 * is then read again under it (another transaction may have created it meanwhile). SQLite has one
 * writer at a time and no advisory lock: one read.
 */
export async function findLeadFor(tx: Tx, key: LeadKey, now: string): Promise<LeadRow | undefined> {
  if (dialectOf(tx) === 'postgres') {
    const existing = key.click
      ? await lockLeadOfClick(tx, key.click.id, key.externalId)
      : await lockLeadOfFlow(tx, key.flow.id, key.externalId);
    if (existing) return existing;
  }
  if (key.click) {
    await lockKey(tx, `lead:click:${key.click.id}`);
    if (key.externalId === null) return lockLeadOfClick(tx, key.click.id, null);
    return (
      (await lockLeadOfClick(tx, key.click.id, key.externalId)) ??
      (await claimExternalId(tx, key.click.id, key.externalId, now))
    );
  }
  await lockKey(tx, `lead:flow:${key.flow.id}`);
  return lockLeadOfFlow(tx, key.flow.id, key.externalId);
}

function tagsOfClick(click: ClickLike): Record<string, string> {
  const params = click.params ? (JSON.parse(click.params) as Record<string, string>) : {};
  const tags: Record<string, string> = {};
  for (const name of TAG_NAMES) if (typeof params[name] === 'string') tags[name] = params[name];
  return tags;
}

/**
 * The row of a new lead in processing for a click or flow with no lead yet (source postback, ingest
 * or pixel; it was never pushed, so push_status is skipped), not written yet.
 */
export function newLeadRow(ctx: AppContext, key: LeadKey, source: 'postback' | 'ingest' | 'pixel'): NewLead {
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const click = key.click;
  return {
    id: newId(now.getTime()),
    created_at: iso,
    updated_at: iso,
    source,
    click_id: click?.id ?? null,
    offer_id: key.offer.id,
    advertiser_id: key.offer.advertiser_id,
    publisher_id: click ? (click.publisher_id ?? null) : key.flow.publisher_id,
    flow_id: click ? (click.flow_id ?? null) : key.flow.id,
    status: 'processing',
    external_id: key.externalId,
    country: click?.country ?? null,
    ip: click?.ip ?? null,
    user_agent: click?.user_agent ?? null,
    ...subsOf(click),
    meta: '{}',
    tags: JSON.stringify(click ? tagsOfClick(click) : {}),
    push_status: 'skipped',
    push_attempts: 0,
  };
}

/**
 * A new lead in processing for a click or flow with no lead yet (newLeadRow), written now. The
 * unique (click, external id) and (flow, external id) indexes back up the lock: losing a race reads
 * the winner's lead instead (created: false). Either way the lead is this transaction's to change:
 * its own insert, or the winner read under a lock.
 */
export async function createLeadFor(
  ctx: AppContext,
  tx: Tx,
  key: LeadKey,
  source: 'postback' | 'ingest' | 'pixel',
): Promise<{ lead: LeadRow; created: boolean }> {
  const iso = ctx.clock.now().toISOString();
  const click = key.click;
  const insert = () => insertLead(tx, newLeadRow(ctx, key, source));
  // Both unique indexes hold an external id; with none (NULLs are distinct in both databases) the
  // insert cannot collide, and skipping the guard saves PostgreSQL a savepoint's two round trips.
  const inserted = key.externalId === null ? await insert() : await unlessUniqueViolation(tx, insert);
  if (inserted) return { lead: inserted, created: true };
  const winner = await findLeadFor(tx, key, iso);
  if (winner) return { lead: winner, created: false };
  // The (flow, external id) index matched a lead of another click in the same flow.
  throw new RefusedError(
    409,
    'conflict',
    `lead id "${key.externalId}" is already used by another lead in flow ${click?.flow_id ?? ''}`,
    'exto',
  );
}

/**
 * The advertiser's lead its network names by its own id (TrafficManager's `lead=`): undefined when
 * none; 409 when two leads carry it (one pushed, one reported), rather than guess.
 */
export async function findLeadByNetworkId(
  db: DbOrTx,
  advertiserId: number,
  networkId: string,
): Promise<LeadRow | undefined> {
  const leads = await leadsByNetworkId(db, advertiserId, networkId);
  if (leads.length > 1) {
    throw new RefusedError(
      409,
      'conflict',
      `lead id "${networkId}" names more than one of this advertiser's leads; send the click id`,
      'lead',
    );
  }
  return leads[0];
}

/** A lead found before the transaction, read again under a lock inside it. */
export function lockFoundLead(tx: Tx, id: string): Promise<LeadRow | undefined> {
  return lockLead(tx, id);
}

/**
 * The lead a postback for this key would change, read without taking the key's lock and without
 * claiming an external id (the postback inspector: nothing changes). Outside a transaction the row
 * lock PostgreSQL takes for `FOR UPDATE` ends with the statement.
 */
export function peekLeadFor(db: DbOrTx, key: LeadKey): Promise<LeadRow | undefined> {
  return key.click
    ? lockLeadOfClick(db, key.click.id, key.externalId)
    : lockLeadOfFlow(db, key.flow.id, key.externalId);
}

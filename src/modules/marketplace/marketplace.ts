import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { formatAmount } from '../../lib/money.js';
import { flowCodeFor } from '../flows/save-flow.js';
import { findOffer, goalsOf } from '../offers/queries.js';
import { offerTrackingUrl } from '../offers/save-offer.js';
import { grantOffer } from '../publishers/assign-offer.js';
import { findPublisher } from '../publishers/queries.js';
import type { AccessRequest, MarketplaceOffer } from './schemas.js';

/**
 * The offers a publisher can find: every active public offer, and the active private ones the
 * network lists in the marketplace (or has already assigned to them), with where they stand.
 */
export async function listMarketplace(ctx: AppContext, publisherId: number): Promise<MarketplaceOffer[]> {
  const offers = await ctx.db
    .selectFrom('offers as o')
    .leftJoin('publisher_offers as po', (j) =>
      j.onRef('po.offer_id', '=', 'o.id').on('po.publisher_id', '=', publisherId),
    )
    .selectAll('o')
    .select(['po.id as assignment_id', 'po.pub_payout as assigned_payout'])
    .where('o.status', '=', 'active')
    .where((eb) =>
      eb.or([eb('o.visibility', '=', 'public'), eb('o.marketplace', '=', 1), eb('po.id', 'is not', null)]),
    )
    .orderBy('o.id', 'desc')
    .execute();
  const ids = offers.map((o) => o.id);
  const [goals, requests, flows] = await Promise.all([
    goalsOf(ctx.db, ids),
    ctx.db
      .selectFrom('offer_access_requests')
      .selectAll()
      .where('publisher_id', '=', publisherId)
      .orderBy('id', 'desc')
      .execute(),
    ctx.db
      .selectFrom('flows')
      .select(['offer_id', 'code'])
      .where('publisher_id', '=', publisherId)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute(),
  ]);
  return offers.map((o) => {
    const latest = requests.find((r) => r.offer_id === o.id);
    const access =
      o.assignment_id !== null
        ? 'granted'
        : o.visibility === 'public'
          ? 'open'
          : (latest?.status ?? 'available');
    const runnable = access === 'open' || access === 'granted';
    const refCode = runnable ? (flows.find((f) => f.offer_id === o.id)?.code ?? null) : null;
    return {
      id: String(o.id),
      name: o.name,
      description: o.description,
      allowed_traffic: o.allowed_traffic,
      creatives: o.creatives,
      payout: formatAmount(o.assigned_payout ?? o.pub_payout, o.currency),
      currency: o.currency,
      geo: JSON.parse(o.geo),
      daily_cap: o.daily_cap,
      goals: goals
        .filter((g) => g.offer_id === o.id)
        .map((g) => ({ key: g.key, name: g.name, payout: formatAmount(g.pub_payout, o.currency) })),
      access: access === 'approved' ? 'granted' : access,
      tracking_url: runnable ? offerTrackingUrl(ctx, o.id, String(publisherId)) : null,
      ref_code: refCode,
      referral_url: refCode ? `${ctx.config.publicUrl}/r?ref=${refCode}` : null,
    };
  });
}

export async function requestAccess(ctx: AppContext, publisherId: number, offerId: number, message = '') {
  const publisher = await findPublisher(ctx.db, publisherId);
  if (publisher?.status !== 'approved')
    throw new ValidationError('your account is not approved yet', undefined, 'account_not_approved');
  const offer = await ctx.db.selectFrom('offers').selectAll().where('id', '=', offerId).executeTakeFirst();
  if (!offer || (offer.visibility === 'private' && offer.marketplace !== 1)) throw new NotFoundError('offer');
  if (offer.status !== 'active')
    throw new ValidationError('offer is paused; access cannot be requested now', 'offer_id', 'offer_paused');
  if (offer.visibility === 'public')
    throw new ConflictError('this offer is public: you can run it already', 'offer_id', 'offer_public');
  const assigned = await ctx.db
    .selectFrom('publisher_offers')
    .select('id')
    .where('publisher_id', '=', publisherId)
    .where('offer_id', '=', offerId)
    .executeTakeFirst();
  if (assigned)
    throw new ConflictError('access to this offer is already granted', 'offer_id', 'access_granted');
  const waiting = new ConflictError(
    'a request for this offer is already waiting for review',
    'offer_id',
    'request_waiting',
  );
  try {
    // The unique index offer_access_requests_one_pending keeps two requests racing here to one.
    const row = await ctx.db
      .insertInto('offer_access_requests')
      .values({
        publisher_id: publisherId,
        offer_id: offerId,
        status: 'pending',
        message,
        reason: '',
        created_at: ctx.clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return getAccessRequest(ctx, row.id);
  } catch (error) {
    if (isUniqueViolation(error)) throw waiting;
    throw error;
  }
}

/**
 * Decide a request, claiming it first: the update only matches while it is pending, so of two
 * decisions at once (two admins, a double click) one wins and the other gets a 409. Runs in the
 * caller's transaction, so a later refusal (a paused offer) leaves the request pending.
 */
async function claimPending(
  ctx: AppContext,
  tx: Tx,
  id: number,
  status: 'approved' | 'rejected',
  reason: string,
) {
  const claimed = await tx
    .updateTable('offer_access_requests')
    .set({ status, reason, decided_at: ctx.clock.now().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning(['publisher_id', 'offer_id'])
    .executeTakeFirst();
  if (claimed) return claimed;
  const request = await tx
    .selectFrom('offer_access_requests')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!request) throw new NotFoundError('access request');
  throw new ConflictError(`this request is already ${request.status}`, undefined, 'request_decided');
}

/**
 * Approving assigns the offer (keeping a custom payout already assigned) and gives the publisher a
 * flow: their tracking link and refCode. All in one transaction with the decision.
 */
export async function approveAccess(ctx: AppContext, id: number) {
  const decided = await inTransaction(ctx.db, async (tx) => {
    const request = await claimPending(ctx, tx, id, 'approved', '');
    const offer = await findOffer(tx, request.offer_id);
    if (!offer) throw new NotFoundError('offer');
    if (offer.status !== 'active') {
      throw new ValidationError(
        `offer ${offer.id} is ${offer.status}: resume it before approving access`,
        'offer_id',
        'offer_not_active',
      );
    }
    await grantOffer(tx, request.publisher_id, offer.id, ctx.clock.now().toISOString());
    const code = await flowCodeFor(ctx, tx, request.publisher_id, offer);
    return { ...request, code };
  });
  return {
    request: await getAccessRequest(ctx, id),
    tracking_url: offerTrackingUrl(ctx, decided.offer_id, String(decided.publisher_id)),
    ref_code: decided.code,
    referral_url: `${ctx.config.publicUrl}/r?ref=${decided.code}`,
  };
}

export async function rejectAccess(ctx: AppContext, id: number, reason: string) {
  await inTransaction(ctx.db, (tx) => claimPending(ctx, tx, id, 'rejected', reason));
  return getAccessRequest(ctx, id);
}

function accessRequestQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('offer_access_requests as r')
    .innerJoin('offers as o', 'o.id', 'r.offer_id')
    .innerJoin('publishers as p', 'p.id', 'r.publisher_id')
    .selectAll('r')
    .select(['o.name as offer_name', 'p.name as publisher_name']);
}

type AccessRow = Awaited<ReturnType<ReturnType<typeof accessRequestQuery>['executeTakeFirstOrThrow']>>;

function present(row: AccessRow): AccessRequest {
  return {
    id: String(row.id),
    publisher_id: String(row.publisher_id),
    publisher_name: row.publisher_name,
    offer_id: String(row.offer_id),
    offer_name: row.offer_name,
    status: row.status,
    message: row.message,
    reason: row.reason,
    created_at: row.created_at,
    decided_at: row.decided_at,
  };
}

export async function getAccessRequest(ctx: AppContext, id: number): Promise<AccessRequest> {
  return present(await accessRequestQuery(ctx).where('r.id', '=', id).executeTakeFirstOrThrow());
}

export async function listAccessRequests(
  ctx: AppContext,
  filter: { status?: string; offerId?: number; publisherId?: number },
  limit: number,
  offset: number,
) {
  let query = accessRequestQuery(ctx);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.offerId) query = query.where('r.offer_id', '=', filter.offerId);
  if (filter.publisherId) query = query.where('r.publisher_id', '=', filter.publisherId);
  const rows = await query.orderBy('r.id', 'desc').limit(limit).offset(offset).execute();
  let count = ctx.db.selectFrom('offer_access_requests').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.status) count = count.where('status', '=', filter.status);
  if (filter.offerId) count = count.where('offer_id', '=', filter.offerId);
  if (filter.publisherId) count = count.where('publisher_id', '=', filter.publisherId);
  return { data: rows.map(present), total: Number((await count.executeTakeFirstOrThrow()).n) };
}

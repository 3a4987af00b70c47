import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { formatAmount, parseAmount } from '../../lib/money.js';
import { findOffer } from '../offers/queries.js';
import { assignmentsOf, findPublisher } from './queries.js';
import type { Assignment, AssignOfferBody } from './schemas.js';

/** Give a publisher a (usually private) offer, optionally at a custom payout; assigning again updates it. */
export async function assignOffer(
  ctx: AppContext,
  publisherId: number,
  input: AssignOfferBody,
): Promise<Assignment> {
  if (!(await findPublisher(ctx.db, publisherId))) throw new NotFoundError('publisher');
  const offer = await findOffer(ctx.db, Number(input.offer_id));
  if (!offer)
    throw new ValidationError(
      `offer_id: offer ${input.offer_id} does not exist`,
      'offer_id',
      'offer_missing',
    );
  const payout = input.payout ? parseAmount(input.payout, offer.currency, 'payout') : null;
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('publisher_offers')
    .values({ publisher_id: publisherId, offer_id: offer.id, pub_payout: payout, created_at: now })
    .onConflict((oc) => oc.columns(['publisher_id', 'offer_id']).doUpdateSet({ pub_payout: payout }))
    .execute();
  const all = await listAssignments(ctx, publisherId);
  return all.find((a) => a.offer_id === String(offer.id)) as Assignment;
}

/**
 * Give a publisher an offer unless it is theirs already, inside the caller's transaction (an
 * approved marketplace request): an existing assignment keeps the custom payout it has.
 */
export async function grantOffer(db: DbOrTx, publisherId: number, offerId: number, now: string) {
  await db
    .insertInto('publisher_offers')
    .values({ publisher_id: publisherId, offer_id: offerId, pub_payout: null, created_at: now })
    .onConflict((oc) => oc.columns(['publisher_id', 'offer_id']).doNothing())
    .execute();
}

export async function unassignOffer(ctx: AppContext, publisherId: number, offerId: number): Promise<void> {
  const result = await ctx.db
    .deleteFrom('publisher_offers')
    .where('publisher_id', '=', publisherId)
    .where('offer_id', '=', offerId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('assignment');
}

export async function listAssignments(ctx: AppContext, publisherId: number): Promise<Assignment[]> {
  const rows = await assignmentsOf(ctx.db, publisherId);
  return rows.map((r) => ({
    publisher_id: String(r.publisher_id),
    offer_id: String(r.offer_id),
    offer_name: r.offer_name,
    payout: r.pub_payout === null ? null : formatAmount(r.pub_payout, r.currency),
    currency: r.currency,
    created_at: r.created_at,
  }));
}

import type { DbOrTx } from '../../db/database.js';
import { containsInsensitive } from '../../db/dialect.js';
import type { NewRow, Row, RowUpdate } from '../../db/schema.js';
import type { OfferListQuery } from './schemas.js';

export type OfferRow = Row<'offers'>;
export type GoalRow = Row<'offer_goals'>;

export function findOffer(db: DbOrTx, id: number): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The offer with what the click redirect needs of its advertiser (seed 003 click parameter). */
export function findOfferForClick(db: DbOrTx, id: number) {
  return db
    .selectFrom('offers')
    .innerJoin('advertisers', 'advertisers.id', 'offers.advertiser_id')
    .selectAll('offers')
    .select(['advertisers.click_param as adv_click_param', 'advertisers.auto_click_id as adv_auto_click_id'])
    .where('offers.id', '=', id)
    .executeTakeFirst();
}

export function insertOffer(db: DbOrTx, row: NewRow<'offers'>): Promise<OfferRow> {
  return db.insertInto('offers').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateOfferRow(db: DbOrTx, id: number, changes: RowUpdate<'offers'>) {
  return db.updateTable('offers').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

export function goalsOf(db: DbOrTx, offerIds: number[]): Promise<GoalRow[]> {
  if (offerIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('offer_goals').selectAll().where('offer_id', 'in', offerIds).orderBy('id').execute();
}

/** Goals are replaced as a set: keys not sent are removed, existing keys updated in place. */
export async function replaceGoals(db: DbOrTx, offerId: number, goals: NewRow<'offer_goals'>[]) {
  const keys = goals.map((g) => g.key);
  let removal = db.deleteFrom('offer_goals').where('offer_id', '=', offerId);
  if (keys.length > 0) removal = removal.where('key', 'not in', keys);
  await removal.execute();
  for (const goal of goals) {
    await db
      .insertInto('offer_goals')
      .values(goal)
      .onConflict((oc) =>
        oc.columns(['offer_id', 'key']).doUpdateSet({
          name: goal.name,
          aliases: goal.aliases,
          adv_payout: goal.adv_payout,
          pub_payout: goal.pub_payout,
          revshare_bps: goal.revshare_bps,
        }),
      )
      .execute();
  }
}

export async function listOfferRows(db: DbOrTx, filter: OfferListQuery, limit: number, offset: number) {
  let query = db.selectFrom('offers');
  if (filter.q) query = query.where(containsInsensitive('name', filter.q));
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.visibility) query = query.where('visibility', '=', filter.visibility);
  if (filter.advertiser_id) query = query.where('advertiser_id', '=', Number(filter.advertiser_id));
  if (filter.geo) query = query.where('geo', 'like', `%"${filter.geo.toUpperCase()}"%`);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The offer a product owner's ingest calls belong to (X-Offer-Key). */
export function findOfferByIngestKey(db: DbOrTx, key: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('ingest_key', '=', key).executeTakeFirst();
}

/** The advertiser's oldest offer (a sample for their test lead). */
export function firstOfferOf(db: DbOrTx, advertiserId: number): Promise<OfferRow | undefined> {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('advertiser_id', '=', advertiserId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

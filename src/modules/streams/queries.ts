import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';

export type StreamRow = Row<'flow_streams'>;
export type ArmRow = Row<'stream_arms'>;

export function listStreamRows(db: DbOrTx, flowId: number): Promise<StreamRow[]> {
  return db
    .selectFrom('flow_streams')
    .selectAll()
    .where('flow_id', '=', flowId)
    .orderBy('position')
    .execute();
}

export async function listArmRows(db: DbOrTx, streamIds: readonly number[]): Promise<ArmRow[]> {
  if (streamIds.length === 0) return [];
  return db
    .selectFrom('stream_arms')
    .selectAll()
    .where('stream_id', 'in', streamIds)
    .orderBy('stream_id')
    .orderBy('position')
    .execute();
}

/** Slugs of the flow offer's active hosted sites, by site id. */
export async function activeSiteSlugs(
  db: DbOrTx,
  siteIds: readonly number[],
): Promise<Map<number, { slug: string; offerId: number }>> {
  if (siteIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('local_sites')
    .select(['id', 'slug', 'offer_id'])
    .where('id', 'in', siteIds)
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.id, { slug: r.slug, offerId: r.offer_id }]));
}

export function listShiftRows(db: DbOrTx, streamIds: readonly number[], limit = 50) {
  if (streamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('stream_weight_shifts')
    .selectAll()
    .where('stream_id', 'in', streamIds)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The active hosted sites of one offer (the landings a stream of its flow may rotate). */
export function listOfferLandings(db: DbOrTx, offerId: number) {
  return db
    .selectFrom('local_sites')
    .select(['id', 'name', 'slug'])
    .where('offer_id', '=', offerId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

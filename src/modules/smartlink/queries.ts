import type { DbOrTx } from '../../db/database.js';

export function findSmartLinkByPublisher(db: DbOrTx, publisherId: number) {
  return db.selectFrom('smart_links').selectAll().where('publisher_id', '=', publisherId).executeTakeFirst();
}

export function findSmartLinkByCode(db: DbOrTx, code: string) {
  return db.selectFrom('smart_links').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Insert the publisher's link with `code`, or switch an existing one; the existing code is kept. */
export async function upsertSmartLink(
  db: DbOrTx,
  row: { publisher_id: number; code: string; enabled: number; at: string },
): Promise<void> {
  await db
    .insertInto('smart_links')
    .values({
      publisher_id: row.publisher_id,
      code: row.code,
      enabled: row.enabled,
      created_at: row.at,
      updated_at: row.at,
    })
    .onConflict((oc) => oc.column('publisher_id').doUpdateSet({ enabled: row.enabled, updated_at: row.at }))
    .execute();
}

/** Clicks through smart links in [from, to), per publisher and offer and status. */
export function smartClickCounts(db: DbOrTx, filter: { from: string; to: string; publisherId?: number }) {
  let query = db
    .selectFrom('clicks')
    .where('source', '=', 'smart')
    .where('created_at', '>=', filter.from)
    .where('created_at', '<', filter.to);
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  return query
    .select(['publisher_id', 'offer_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['publisher_id', 'offer_id', 'status'])
    .execute();
}

/** The network-wide switch (migration 0046); undefined: never set (on). */
export function findNetworkSwitch(db: DbOrTx) {
  return db.selectFrom('smart_link_settings').select('enabled').where('id', '=', 1).executeTakeFirst();
}

export async function saveNetworkSwitch(db: DbOrTx, enabled: boolean, at: string): Promise<void> {
  await db
    .insertInto('smart_link_settings')
    .values({ id: 1, enabled: enabled ? 1 : 0, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ enabled: enabled ? 1 : 0, updated_at: at }))
    .execute();
}

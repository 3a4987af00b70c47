import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Two requests racing past the application's check could both be waiting; keep the first of
  // each pair pending and close the later ones, so the unique index below can be built.
  await sql`
    update offer_access_requests
    set status = 'rejected', reason = 'duplicate of an earlier pending request', decided_at = created_at
    where status = 'pending' and exists (
      select 1 from offer_access_requests earlier
      where earlier.publisher_id = offer_access_requests.publisher_id
        and earlier.offer_id = offer_access_requests.offer_id
        and earlier.status = 'pending'
        and earlier.id < offer_access_requests.id
    )`.execute(db);
  // At most one pending request per publisher and offer: a partial unique index (SQLite ≥ 3.8 and
  // PostgreSQL both have them); decided requests stay as history, any number of them.
  await db.schema
    .createIndex('offer_access_requests_one_pending')
    .on('offer_access_requests')
    .columns(['publisher_id', 'offer_id'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('offer_access_requests_one_pending').ifExists().execute();
}

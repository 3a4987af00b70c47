import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/** The pixel refusals the fraud event log lists; word for word the predicate of the index below. */
const PIXEL_FRAUD_CODES_SQL = "('pixel-limit', 'bad-sig')";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 15: the conversion pixel is an opt-in per offer (off, hold, approved), at most
  // pixel_max_per_click conversions per click, optionally signed with the offer's own pixel key.
  await db.schema
    .alterTable('offers')
    .addColumn('pixel_mode', 'text', (c) => c.notNull().defaultTo('off'))
    .execute();
  await db.schema
    .alterTable('offers')
    .addColumn('pixel_max_per_click', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('offers')
    .addColumn('pixel_require_sig', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('offers')
    .addColumn('pixel_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // A postback or ingest call may set a publisher payout above the advertiser's only where allowed.
  await db.schema
    .alterTable('offers')
    .addColumn('allow_pub_above_adv', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Every offer gets its own key (offers are few: one update each).
  const offers: { id: number }[] = await db.selectFrom('offers').select('id').execute();
  for (const offer of offers) {
    await db
      .updateTable('offers')
      .set({ pixel_key: randomBytes(24).toString('base64url') })
      .where('id', '=', offer.id)
      .execute();
  }
  // An offer whose pixel already recorded conversions keeps taking them, but on hold (confirmed by
  // the advertiser or an admin before they are payable) instead of approved: nothing that tracked
  // stops tracking, and nothing unsigned is payable by itself.
  await sql`
    update offers set pixel_mode = 'hold'
    where id in (select offer_id from conversions where external_payment_id like 'pixel:%')`.execute(db);

  // The per-click pixel limit counts a click's pixel conversions under the click's lock.
  await db.schema.createIndex('conversions_click').on('conversions').column('click_id').execute();
  // The fraud event log reads pixel refusals from the postback log; only those rows are indexed.
  await sql`create index postback_log_pixel_fraud on postback_log (created_at) where endpoint = 'pixel' and answer_code in ${sql.raw(
    PIXEL_FRAUD_CODES_SQL,
  )}`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('postback_log_pixel_fraud').ifExists().execute();
  await db.schema.dropIndex('conversions_click').ifExists().execute();
  for (const column of [
    'allow_pub_above_adv',
    'pixel_key',
    'pixel_require_sig',
    'pixel_max_per_click',
    'pixel_mode',
  ]) {
    await db.schema.alterTable('offers').dropColumn(column).execute();
  }
}

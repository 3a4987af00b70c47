import { type Kysely, sql } from 'kysely';

/**
 * Every lead insert wrote all 13 indexes of `leads`, though six of them only ever serve look-ups by a
 * value that is often absent when the lead is taken: the advertiser's lead id (set by the push, never
 * at intake), the external id (a form lead rarely has one), the click (a lead posted without one) and
 * the email or phone (a form asks for one or both). Their readers all look up an equal value
 * (`column = ?`, `column in (…)`, a join on it), which both databases take as `column is not null`, so
 * each index now holds only the rows that have that value: a lead without one writes no entry. The
 * two unique ones keep exactly their constraint, since NULLs never collide in a unique index anyway.
 * Which query uses which index: test/lead-indexes.test.ts (EXPLAIN on both databases) and
 * docs/lead-intake-throughput.md (session 13).
 */
const PARTIAL = [
  ['leads_click_order', '', 'click_id, created_at, id', 'click_id is not null'],
  [
    'leads_click_external',
    'unique',
    'click_id, external_id',
    'click_id is not null and external_id is not null',
  ],
  [
    'leads_flow_external',
    'unique',
    'flow_id, external_id',
    'flow_id is not null and external_id is not null',
  ],
  ['leads_advertiser_external', '', 'advertiser_id, external_id', 'external_id is not null'],
  ['leads_adv_lead_id', '', 'advertiser_id, adv_lead_id', 'adv_lead_id is not null'],
  ['leads_offer_phone', '', 'offer_id, phone_e164, created_at', 'phone_e164 is not null'],
  ['leads_offer_email', '', 'offer_id, email, created_at', 'email is not null'],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
async function recreate(db: Kysely<any>, partial: boolean): Promise<void> {
  for (const [name, unique, columns, where] of PARTIAL) {
    await sql.raw(`drop index if exists ${name}`).execute(db);
    await sql
      .raw(`create ${unique} index ${name} on leads (${columns})${partial ? ` where ${where}` : ''}`)
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see recreate()
export async function up(db: Kysely<any>): Promise<void> {
  await recreate(db, true);
}

// biome-ignore lint/suspicious/noExplicitAny: see recreate()
export async function down(db: Kysely<any>): Promise<void> {
  await recreate(db, false);
}

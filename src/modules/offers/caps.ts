import type { DbOrTx } from '../../db/database.js';

/** The UTC day an offer's daily cap counts in. */
export function capDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Leads counted against the offer's cap today. */
export async function capUsed(db: DbOrTx, offerId: number, day: string): Promise<number> {
  const row = await db
    .selectFrom('offer_cap_usage')
    .select('used')
    .where('offer_id', '=', offerId)
    .where('day', '=', day)
    .executeTakeFirst();
  return row ? Number(row.used) : 0;
}

/** Count one lead toward the cap, in the lead's own transaction. */
export async function countTowardCap(db: DbOrTx, offerId: number, day: string): Promise<void> {
  await db
    .insertInto('offer_cap_usage')
    .values({ offer_id: offerId, day, used: 1 })
    .onConflict((oc) =>
      oc.columns(['offer_id', 'day']).doUpdateSet((eb) => ({ used: eb('offer_cap_usage.used', '+', 1) })),
    )
    .execute();
}

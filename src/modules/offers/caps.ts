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

/** Count one lead (or `leads` of them) toward the cap, in the leads' own transaction. */
export async function countTowardCap(db: DbOrTx, offerId: number, day: string, leads = 1): Promise<void> {
  if (leads < 1) return;
  await db
    .insertInto('offer_cap_usage')
    .values({ offer_id: offerId, day, used: leads })
    .onConflict((oc) =>
      oc.columns(['offer_id', 'day']).doUpdateSet((eb) => ({ used: eb('offer_cap_usage.used', '+', leads) })),
    )
    .execute();
}

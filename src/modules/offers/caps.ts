import { compiledStatement } from '../../db/compiled-query.js';
import type { DbOrTx } from '../../db/database.js';

/** The UTC day an offer's daily cap counts in. */
export function capDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Leads counted against the offer's cap today. */
export async function capUsed(db: DbOrTx, offerId: number, day: string): Promise<number> {
  const row = await usedOnDay.takeFirst(db, { offerId, day });
  return row ? Number(row.used) : 0;
}

// Compiled once (db/compiled-query.ts): lead intake runs these for every group of leads.
const usedOnDay = compiledStatement((db, p: { offerId: number; day: string }) =>
  db.selectFrom('offer_cap_usage').select('used').where('offer_id', '=', p.offerId).where('day', '=', p.day),
);
const addUsed = compiledStatement((db, p: { offerId: number; day: string; leads: number }) =>
  db
    .insertInto('offer_cap_usage')
    .values({ offer_id: p.offerId, day: p.day, used: p.leads })
    .onConflict((oc) =>
      oc
        .columns(['offer_id', 'day'])
        .doUpdateSet((eb) => ({ used: eb('offer_cap_usage.used', '+', p.leads) })),
    ),
);

/** Count one lead (or `leads` of them) toward the cap, in the leads' own transaction. */
export async function countTowardCap(db: DbOrTx, offerId: number, day: string, leads = 1): Promise<void> {
  if (leads < 1) return;
  await addUsed.run(db, { offerId, day, leads });
}

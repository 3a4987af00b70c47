import type { DbOrTx } from '../../db/database.js';
import { forUpdate } from '../../db/dialect.js';
import type { NewRow, Row, RowUpdate } from '../../db/schema.js';

/** The leads module owns the leads table; other modules (postbacks, import, pixel) come through here. */
export type LeadRow = Row<'leads'>;
export type NewLead = NewRow<'leads'>;

export function insertLead(db: DbOrTx, lead: NewLead): Promise<LeadRow> {
  return db.insertInto('leads').values(lead).returningAll().executeTakeFirstOrThrow();
}

export function findLead(db: DbOrTx, id: string): Promise<LeadRow | undefined> {
  return db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateLead(
  db: DbOrTx,
  id: string,
  changes: RowUpdate<'leads'>,
): Promise<LeadRow | undefined> {
  return db.updateTable('leads').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

/*
 * Postbacks and the ingest API find and change leads through these (conversions module).
 */

/** The lead, locked for the rest of the transaction on PostgreSQL (SQLite has a single writer). */
export function lockLead(tx: DbOrTx, id: string): Promise<LeadRow | undefined> {
  return forUpdate(tx, tx.selectFrom('leads').selectAll().where('id', '=', id)).executeTakeFirst();
}

/** A click's lead: the one with the advertiser's lead id when given, else the click's first lead. */
export function findLeadOfClick(
  db: DbOrTx,
  clickId: string,
  externalId: string | null,
): Promise<LeadRow | undefined> {
  let query = db.selectFrom('leads').selectAll().where('click_id', '=', clickId);
  if (externalId !== null) query = query.where('external_id', '=', externalId);
  return query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

/** A flow's lead by its unique id (subid / exto) when working without a click id. */
export function findLeadOfFlow(db: DbOrTx, flowId: number, externalId: string): Promise<LeadRow | undefined> {
  return db
    .selectFrom('leads')
    .selectAll()
    .where('flow_id', '=', flowId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/**
 * Give the advertiser's lead id to the click's first lead that has none yet (a form lead the
 * advertiser now reports with its own id). Undefined when there is no such lead.
 */
export async function claimExternalId(
  tx: DbOrTx,
  clickId: string,
  externalId: string,
  now: string,
): Promise<LeadRow | undefined> {
  const candidate = await tx
    .selectFrom('leads')
    .select('id')
    .where('click_id', '=', clickId)
    .where('external_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!candidate) return undefined;
  return tx
    .updateTable('leads')
    .set({ external_id: externalId, updated_at: now })
    .where('id', '=', candidate.id)
    .where('external_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

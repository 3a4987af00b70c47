import type { DbOrTx } from '../../db/database.js';
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

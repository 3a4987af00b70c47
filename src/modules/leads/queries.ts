import type { DbOrTx } from '../../db/database.js';
import { containsInsensitive } from '../../db/dialect.js';
import type { LeadStatus, NewRow, Row, RowUpdate } from '../../db/schema.js';

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

/** An earlier lead on the offer with this phone (E.164) or email since `since`; test leads do not count. */
export async function findRecentDuplicate(
  db: DbOrTx,
  offerId: number,
  column: 'phone_e164' | 'email',
  value: string,
  since: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('leads')
    .select('id')
    .where('offer_id', '=', offerId)
    .where(column, '=', value)
    .where('created_at', '>', since)
    .where('status', '<>', 'test')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export interface LeadFilter {
  q?: string;
  statuses?: string[];
  exact: Partial<Record<LeadExactColumn, string | number>>;
  contains: Partial<Record<LeadTextColumn, string>>;
  from?: string;
  to?: string;
}

export const LEAD_EXACT_COLUMNS = [
  'id',
  'push_status',
  'source',
  'offer_id',
  'advertiser_id',
  'publisher_id',
  'flow_id',
  'click_id',
  'country',
  'fraud_rule',
  'goal',
  'ip',
  'external_id',
  'adv_lead_id',
] as const;
export type LeadExactColumn = (typeof LEAD_EXACT_COLUMNS)[number];

export const LEAD_TEXT_COLUMNS = [
  'name',
  'phone',
  'email',
  'address',
  'comment',
  'status_comment',
  'user_agent',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
] as const;
export type LeadTextColumn = (typeof LEAD_TEXT_COLUMNS)[number];

/** Every filter but status: the status chip bar counts under these. */
function filtered(db: DbOrTx, filter: LeadFilter) {
  let query = db.selectFrom('leads');
  for (const [column, value] of Object.entries(filter.exact) as [LeadExactColumn, string | number][]) {
    query = query.where(column, '=', value as never);
  }
  for (const [column, value] of Object.entries(filter.contains) as [LeadTextColumn, string][]) {
    query = query.where(containsInsensitive(column, value));
  }
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        containsInsensitive('name', q),
        containsInsensitive('phone', q),
        containsInsensitive('email', q),
        eb('click_id', '=', q),
        eb('id', '=', q),
      ]),
    );
  }
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  return query;
}

export async function listLeadRows(db: DbOrTx, filter: LeadFilter, limit: number, offset: number) {
  const base = filtered(db, filter);
  const query =
    filter.statuses && filter.statuses.length > 0
      ? base.where('status', 'in', filter.statuses as LeadStatus[])
      : base;
  const [rows, count, byStatus] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  return {
    rows,
    total: Number(count.n),
    byStatus: byStatus.map((r) => ({ status: r.status, count: Number(r.n) })),
  };
}

/** A failed push back to pending; undefined when the lead's push is not (or no longer) failed. */
export function requeueFailedPush(db: DbOrTx, id: string, now: string): Promise<LeadRow | undefined> {
  return db
    .updateTable('leads')
    .set({ push_status: 'pending', updated_at: now })
    .where('id', '=', id)
    .where('push_status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
}

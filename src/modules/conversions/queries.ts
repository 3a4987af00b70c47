import { sql } from 'kysely';
import { compiledStatement } from '../../db/compiled-query.js';
import { insertWholeRow, updateHeldRow } from '../../db/compiled-writes.js';
import type { DbOrTx } from '../../db/database.js';
import { insertLast } from '../../db/deferred-rows.js';
import type { LeadStatus, NewRow, Row, RowUpdate } from '../../db/schema.js';
import {
  byExpression,
  byText,
  byValue,
  orderList,
  type SortColumns,
  type SortRequest,
} from '../../db/sort.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import type { ConversionSort } from './schemas.js';

/** The conversions module owns conversions and lead_status_history. */
export type ConversionRow = Row<'conversions'>;
export type HistoryRow = Row<'lead_status_history'>;

export function findConversion(db: DbOrTx, id: string): Promise<ConversionRow | undefined> {
  return db.selectFrom('conversions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The lead's status conversion (postbacks, admin); payments from the ingest API are separate rows. */
const statusConversion = compiledStatement((db, p: { leadId: string }) =>
  db
    .selectFrom('conversions')
    .selectAll()
    .where('lead_id', '=', p.leadId)
    .where('external_payment_id', 'is', null),
);

export function findStatusConversion(db: DbOrTx, leadId: string): Promise<ConversionRow | undefined> {
  return statusConversion.takeFirst(db, { leadId });
}

export function findPaymentConversion(db: DbOrTx, paymentId: string): Promise<ConversionRow | undefined> {
  return db
    .selectFrom('conversions')
    .selectAll()
    .where('external_payment_id', '=', paymentId)
    .executeTakeFirst();
}

/** How many pixel conversions (payment ids `pixel:…`) a click has; index conversions_click. */
export async function countPixelConversionsOfClick(db: DbOrTx, clickId: string): Promise<number> {
  const row = await db
    .selectFrom('conversions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('click_id', '=', clickId)
    .where('external_payment_id', 'like', 'pixel:%')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Writes every column of the conversion without `returning *` and gives back that row: it is the one
 * stored (compiled-writes.ts insertWholeRow).
 */
export function insertConversion(db: DbOrTx, row: ConversionRow): Promise<ConversionRow> {
  return insertWholeRow(db, 'conversions', row);
}

/** Changes a conversion held as it is in this transaction (read under its lead's lock): no read back. */
export async function updateConversion(
  db: DbOrTx,
  conversion: ConversionRow,
  changes: RowUpdate<'conversions'>,
): Promise<ConversionRow> {
  const updated = await updateHeldRow(db, 'conversions', conversion, changes);
  if (!updated) throw new Error(`conversion ${conversion.id} is gone`);
  return updated;
}

/** Written last: in a commit group, together with the group's other history rows (db/deferred-rows.ts). */
export async function insertHistory(db: DbOrTx, row: NewRow<'lead_status_history'>): Promise<void> {
  await insertLast(db, 'lead_status_history', [row]);
}

/** The state a conversion was created in (its first history row). */
export function creationOf(db: DbOrTx, conversionId: string): Promise<HistoryRow | undefined> {
  return db
    .selectFrom('lead_status_history')
    .selectAll()
    .where('conversion_id', '=', conversionId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export function historyOfLead(db: DbOrTx, leadId: string): Promise<HistoryRow[]> {
  return db
    .selectFrom('lead_status_history')
    .selectAll()
    .where('lead_id', '=', leadId)
    .orderBy('id')
    .execute();
}

export interface ConversionFilter {
  offerId?: number;
  publisherId?: number;
  advertiserId?: number;
  flowId?: number;
  leadId?: string;
  status?: LeadStatus;
  goal?: string;
  from?: string;
  to?: string;
  scope?: AccessScope;
}

// Amounts compare as stored minor units: a list mixing currencies is not converted to sort.
const CONVERSION_SORT_COLUMNS: SortColumns<ConversionSort> = {
  created_at: byValue('created_at'),
  updated_at: byValue('updated_at'),
  id: byValue('id'),
  lead_id: byValue('lead_id'),
  status: byText('status'),
  goal: byText('goal', { nullable: true }),
  offer_id: byValue('offer_id'),
  publisher_id: byValue('publisher_id', { nullable: true }),
  adv_payout: byValue('adv_payout'),
  pub_payout: byValue('pub_payout'),
  profit: byExpression(sql`(${sql.ref('adv_payout')} - ${sql.ref('pub_payout')})`),
  currency: byText('currency'),
  comment: byText('comment', { nullable: true }),
};

function filteredConversions(db: DbOrTx, filter: ConversionFilter) {
  let query = db.selectFrom('conversions');
  if (filter.scope)
    query = query.where(inScope(filter.scope, { advertiser: 'advertiser_id', publisher: 'publisher_id' }));
  if (filter.offerId !== undefined) query = query.where('offer_id', '=', filter.offerId);
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  if (filter.advertiserId !== undefined) query = query.where('advertiser_id', '=', filter.advertiserId);
  if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId);
  if (filter.leadId) query = query.where('lead_id', '=', filter.leadId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.goal) query = query.where('goal', '=', filter.goal);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  return query;
}

/** The list's rows, newest id first, after `afterId` (keyset, for exports); `ids` narrows to a selection. */
export function conversionRowsAfter(
  db: DbOrTx,
  filter: ConversionFilter,
  afterId: string | undefined,
  limit: number,
  ids?: readonly string[],
) {
  let query = filteredConversions(db, filter);
  if (ids !== undefined) query = query.where('id', 'in', ids.length > 0 ? [...ids] : ['']);
  if (afterId !== undefined) query = query.where('id', '<', afterId);
  return query
    .selectAll('conversions')
    .select((eb) =>
      eb
        .selectFrom('leads')
        .select('leads.external_id')
        .whereRef('leads.id', '=', 'conversions.lead_id')
        .as('lead_external_id'),
    )
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function listConversionRows(
  db: DbOrTx,
  filter: ConversionFilter,
  sort: SortRequest,
  limit: number,
  offset: number,
) {
  const query = filteredConversions(db, filter);
  const [rows, count] = await Promise.all([
    orderList(
      db,
      query
        .selectAll('conversions')
        .select((eb) =>
          eb
            .selectFrom('leads')
            .select('leads.external_id')
            .whereRef('leads.id', '=', 'conversions.lead_id')
            .as('lead_external_id'),
        ),
      sort,
      CONVERSION_SORT_COLUMNS,
    )
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

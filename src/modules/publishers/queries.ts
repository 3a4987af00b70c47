import type { DbOrTx } from '../../db/database.js';
import { containsInsensitive } from '../../db/dialect.js';
import type { Row } from '../../db/schema.js';
import { byText, byValue, orderList, type SortColumns } from '../../db/sort.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import type { PublisherListQuery, PublisherSort } from './schemas.js';

export type PublisherRow = Row<'publishers'>;

export function findPublisher(db: DbOrTx, id: number): Promise<PublisherRow | undefined> {
  return db.selectFrom('publishers').selectAll().where('id', '=', id).executeTakeFirst();
}

const PUBLISHER_SORT_COLUMNS: SortColumns<PublisherSort> = {
  id: byValue('id'),
  name: byText('name'),
  email: byText('email'),
  status: byText('status'),
  created_at: byValue('created_at'),
  updated_at: byValue('updated_at'),
};

function filteredPublishers(db: DbOrTx, filter: PublisherListQuery, scope?: AccessScope) {
  let query = db.selectFrom('publishers');
  if (scope) query = query.where(inScope(scope, { publisher: 'id' }));
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([containsInsensitive('name', q), containsInsensitive('email', q)]));
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  return query;
}

/** The list's rows, newest id first, after `afterId` (keyset, for exports); `ids` narrows to a selection. */
export function publisherRowsAfter(
  db: DbOrTx,
  filter: PublisherListQuery,
  scope: AccessScope | undefined,
  afterId: number | undefined,
  limit: number,
  ids?: readonly number[],
) {
  let query = filteredPublishers(db, filter, scope);
  if (ids !== undefined) query = query.where('id', 'in', ids.length > 0 ? [...ids] : [-1]);
  if (afterId !== undefined) query = query.where('id', '<', afterId);
  return query.selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function listPublisherRows(
  db: DbOrTx,
  filter: PublisherListQuery,
  limit: number,
  offset: number,
  scope?: AccessScope,
) {
  const query = filteredPublishers(db, filter, scope);
  const [rows, count] = await Promise.all([
    orderList(db, query.selectAll(), filter, PUBLISHER_SORT_COLUMNS).limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function assignmentsOf(db: DbOrTx, publisherId: number) {
  return db
    .selectFrom('publisher_offers as po')
    .innerJoin('offers as o', 'o.id', 'po.offer_id')
    .select([
      'po.publisher_id',
      'po.offer_id',
      'po.pub_payout',
      'po.created_at',
      'o.name as offer_name',
      'o.currency',
    ])
    .where('po.publisher_id', '=', publisherId)
    .orderBy('po.id')
    .execute();
}

export function findAssignment(db: DbOrTx, publisherId: number, offerId: number) {
  return db
    .selectFrom('publisher_offers')
    .selectAll()
    .where('publisher_id', '=', publisherId)
    .where('offer_id', '=', offerId)
    .executeTakeFirst();
}

/** Active offers a publisher may run: every public one plus the private ones assigned to them. */
export function availableOfferRows(db: DbOrTx, publisherId: number, offerId?: number) {
  let query = db
    .selectFrom('offers as o')
    .leftJoin('publisher_offers as po', (join) =>
      join.onRef('po.offer_id', '=', 'o.id').on('po.publisher_id', '=', publisherId),
    )
    .selectAll('o')
    .select('po.pub_payout as assigned_payout')
    .where('o.status', '=', 'active')
    .where((eb) => eb.or([eb('o.visibility', '=', 'public'), eb('po.id', 'is not', null)]));
  if (offerId !== undefined) query = query.where('o.id', '=', offerId);
  return query.orderBy('o.id', 'desc').execute();
}

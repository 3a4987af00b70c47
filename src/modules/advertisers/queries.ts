import type { DbOrTx } from '../../db/database.js';
import { containsInsensitive } from '../../db/dialect.js';
import type { NewRow, Row, RowUpdate } from '../../db/schema.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import type { AdvertiserListQuery } from './schemas.js';

export type AdvertiserRow = Row<'advertisers'>;

export function findAdvertiser(db: DbOrTx, id: number): Promise<AdvertiserRow | undefined> {
  return db.selectFrom('advertisers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAdvertiserByPostbackToken(db: DbOrTx, token: string): Promise<AdvertiserRow | undefined> {
  return db.selectFrom('advertisers').selectAll().where('postback_token', '=', token).executeTakeFirst();
}

export async function insertAdvertiser(db: DbOrTx, row: NewRow<'advertisers'>): Promise<AdvertiserRow> {
  return db.insertInto('advertisers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateAdvertiserRow(db: DbOrTx, id: number, changes: RowUpdate<'advertisers'>) {
  return db.updateTable('advertisers').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function listAdvertiserRows(
  db: DbOrTx,
  filter: AdvertiserListQuery,
  limit: number,
  offset: number,
  scope?: AccessScope,
) {
  let query = db.selectFrom('advertisers');
  if (scope) query = query.where(inScope(scope, { advertiser: 'id' }));
  if (filter.q) query = query.where(containsInsensitive('name', filter.q));
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.integration_type) query = query.where('integration_type', '=', filter.integration_type);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';

export interface AuditFilter {
  userId?: number;
  objectType?: string;
  objectId?: string;
  from?: string;
  to?: string;
}

export type AuditRow = Row<'audit_log'>;

function filtered(db: DbOrTx, filter: AuditFilter) {
  let query = db.selectFrom('audit_log');
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
  if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  return query;
}

export async function listAuditRows(db: DbOrTx, filter: AuditFilter, limit: number, offset: number) {
  const query = filtered(db, filter);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function auditObjectTypes(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('object_type')
    .distinct()
    .orderBy('object_type')
    .execute();
  return rows.map((r) => r.object_type);
}

import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { type DbOrTx, inTransaction } from '../../db/database.js';
import { forUpdate } from '../../db/dialect.js';
import type { Row } from '../../db/schema.js';
import { hashPassword } from '../../lib/crypto.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { assertPassword } from './create-admin.js';

export const AdminUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  disabled: Type.Boolean(),
  disabled_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  advertiser_ids: Type.Array(Type.String(), { description: "an account manager's advertisers" }),
  publisher_ids: Type.Array(Type.String(), { description: "an account manager's publishers" }),
});

type UserRow = Pick<Row<'users'>, 'id' | 'email' | 'name' | 'role' | 'disabled_at' | 'created_at'>;

type Assignment = Pick<Row<'user_assignments'>, 'user_id' | 'subject_type' | 'subject_id'>;

export function presentAdmin(row: UserRow, assignments: readonly Assignment[] = []) {
  const idsOf = (type: Assignment['subject_type']) =>
    assignments
      .filter((a) => a.user_id === row.id && a.subject_type === type)
      .map((a) => String(a.subject_id));
  return {
    id: String(row.id),
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled_at !== null,
    disabled_at: row.disabled_at,
    created_at: row.created_at,
    advertiser_ids: idsOf('advertiser'),
    publisher_ids: idsOf('publisher'),
  };
}

function assignmentsOf(db: DbOrTx, userIds: number[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('user_assignments')
    .select(['user_id', 'subject_type', 'subject_id'])
    .where('user_id', 'in', userIds)
    .orderBy('subject_id')
    .execute();
}

const COLUMNS = ['id', 'email', 'name', 'role', 'disabled_at', 'created_at'] as const;

export async function findAdmin(ctx: AppContext, id: number) {
  const row = await ctx.db.selectFrom('users').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('admin user');
  return presentAdmin(row, await assignmentsOf(ctx.db, [row.id]));
}

export async function listAdmins(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('users').select(COLUMNS).orderBy('id').execute();
  const assignments = await assignmentsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentAdmin(r, assignments));
}

/** End an admin's sessions, all but `keepSessionId` when given. */
export async function endSessions(db: DbOrTx, userId: number, keepSessionId?: string) {
  let query = db.deleteFrom('sessions').where('subject_type', '=', 'admin').where('subject_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

/**
 * Disable or enable an admin. A disabled admin cannot log in and their sessions end. Nobody disables
 * themselves, and the last active owner stays: the active owners are locked and counted in the
 * same transaction, so two owners disabling each other at once cannot leave none.
 */
export async function setAdminDisabled(ctx: AppContext, actorId: number, userId: number, disabled: boolean) {
  if (disabled && actorId === userId)
    throw new ConflictError('you cannot disable yourself', 'id', 'cannot_disable_self');
  return inTransaction(ctx.db, async (tx) => {
    const active = await forUpdate(
      ctx.db,
      tx
        .selectFrom('users')
        .select(['id'])
        .where('disabled_at', 'is', null)
        .where('role', '=', 'owner')
        .orderBy('id'),
    ).execute();
    const user = await tx.selectFrom('users').select(COLUMNS).where('id', '=', userId).executeTakeFirst();
    if (!user) throw new NotFoundError('admin user');
    if ((user.disabled_at !== null) === disabled)
      return presentAdmin(user, await assignmentsOf(tx, [userId]));
    if (disabled && user.role === 'owner' && active.length <= 1)
      throw new ConflictError('the last active owner cannot be disabled', 'id', 'last_owner');
    const updated = await tx
      .updateTable('users')
      .set({ disabled_at: disabled ? ctx.clock.now().toISOString() : null })
      .where('id', '=', userId)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    if (disabled) await endSessions(tx, userId);
    return presentAdmin(updated, await assignmentsOf(tx, [userId]));
  });
}

/** Set an admin's password (argon2id); every other session of theirs ends. */
export async function changeAdminPassword(
  ctx: AppContext,
  userId: number,
  password: string,
  keepSessionId?: string,
) {
  assertPassword(password);
  const hash = await hashPassword(password);
  await inTransaction(ctx.db, async (tx) => {
    const updated = await tx
      .updateTable('users')
      .set({ password_hash: hash })
      .where('id', '=', userId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new NotFoundError('admin user');
    await endSessions(tx, userId, keepSessionId);
  });
}

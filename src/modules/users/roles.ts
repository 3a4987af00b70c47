import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { forUpdate } from '../../db/dialect.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Role } from '../auth/permissions.js';
import { findAdmin } from './manage-admins.js';

/**
 * Change a user's role. The last active owner keeps theirs (the owners are locked and counted in the
 * transaction, as when disabling). A new role takes effect on the user's next request: the role is
 * read on every admin request, so open sessions need not end.
 */
export async function setAdminRole(ctx: AppContext, userId: number, role: Role) {
  await inTransaction(ctx.db, async (tx) => {
    const owners = await forUpdate(
      ctx.db,
      tx
        .selectFrom('users')
        .select(['id'])
        .where('disabled_at', 'is', null)
        .where('role', '=', 'owner')
        .orderBy('id'),
    ).execute();
    const user = await tx
      .selectFrom('users')
      .select(['id', 'role'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw new NotFoundError('admin user');
    if (user.role === 'owner' && role !== 'owner' && owners.length <= 1 && owners[0]?.id === userId) {
      throw new ConflictError('the last active owner keeps the owner role', 'role', 'last_owner');
    }
    await tx.updateTable('users').set({ role }).where('id', '=', userId).execute();
    // Assignments mean something only to an account manager; another role starts without any.
    if (role !== 'account_manager')
      await tx.deleteFrom('user_assignments').where('user_id', '=', userId).execute();
  });
  return findAdmin(ctx, userId);
}

/** Replace an account manager's advertisers and publishers; each must exist. */
export async function setAssignments(
  ctx: AppContext,
  userId: number,
  input: { advertiserIds: number[]; publisherIds: number[] },
) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new NotFoundError('admin user');
  if (user.role !== 'account_manager') {
    throw new ValidationError(
      'only an account manager has assigned advertisers and publishers',
      'role',
      'assignments_need_manager',
    );
  }
  const advertiserIds = [...new Set(input.advertiserIds)];
  const publisherIds = [...new Set(input.publisherIds)];
  await assertExist(ctx, 'advertisers', advertiserIds, 'advertiser_ids');
  await assertExist(ctx, 'publishers', publisherIds, 'publisher_ids');
  await inTransaction(ctx.db, async (tx) => {
    await tx.deleteFrom('user_assignments').where('user_id', '=', userId).execute();
    const rows = [
      ...advertiserIds.map((id) => ({
        user_id: userId,
        subject_type: 'advertiser' as const,
        subject_id: id,
      })),
      ...publisherIds.map((id) => ({ user_id: userId, subject_type: 'publisher' as const, subject_id: id })),
    ];
    if (rows.length > 0) await tx.insertInto('user_assignments').values(rows).execute();
  });
  return findAdmin(ctx, userId);
}

async function assertExist(
  ctx: AppContext,
  table: 'advertisers' | 'publishers',
  ids: number[],
  field: string,
) {
  if (ids.length === 0) return;
  const found = await ctx.db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  if (found.length !== ids.length) {
    const known = new Set(found.map((r) => r.id));
    throw new ValidationError(
      `no such ${table.slice(0, -1)}: ${ids.filter((id) => !known.has(id)).join(', ')}`,
      field,
      'assignment_missing',
    );
  }
}

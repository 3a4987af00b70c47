import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { hashPassword, verifyPassword } from '../../lib/crypto.js';
import { ValidationError } from '../../lib/errors.js';
import { assertPassword } from '../users/create-admin.js';
import { dropLoginTickets } from './login-tickets.js';
import { endOtherSessions, type SubjectType } from './sessions.js';

const TABLE = { admin: 'users', publisher: 'publishers' } as const;

/**
 * Check a person's own password (before a change that matters: a new password, turning two-factor
 * sign-in off, new recovery codes). A wrong one is 422 on `current_password`, not 401: the session is
 * fine, and a 401 would sign the web app out.
 */
export async function assertOwnPassword(
  ctx: AppContext,
  type: SubjectType,
  id: number,
  password: string,
  field = 'current_password',
) {
  const row = await ctx.db
    .selectFrom(TABLE[type])
    .select('password_hash')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !(await verifyPassword(row.password_hash, password))) {
    throw new ValidationError('the current password is not right', field, 'wrong_password');
  }
}

/**
 * Change one's own password, knowing the current one. Every other session of the account ends and
 * pending two-factor sign-ins start over; the session asking stays.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  type: SubjectType,
  id: number,
  input: { current_password: string; new_password: string },
  keepSessionId: string,
): Promise<{ sessions_ended: number }> {
  await assertOwnPassword(ctx, type, id, input.current_password);
  try {
    assertPassword(input.new_password);
  } catch {
    throw new ValidationError(
      'the new password must be at least 8 characters',
      'new_password',
      'password_too_short',
    );
  }
  const hash = await hashPassword(input.new_password);
  const ended = await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable(TABLE[type]).set({ password_hash: hash }).where('id', '=', id).execute();
    return endOtherSessions(tx, type, id, keepSessionId);
  });
  await dropLoginTickets(ctx, type, id);
  return { sessions_ended: ended };
}

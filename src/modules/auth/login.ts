import type { AppContext } from '../../context.js';
import { verifyPassword } from '../../lib/crypto.js';
import { AccountRefusedError, UnauthorizedError } from '../../lib/errors.js';
import { normaliseEmail } from '../users/create-admin.js';
import { createSession } from './sessions.js';

// A fixed hash to verify against when the email is unknown, so timing does not reveal accounts.
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,t=3,p=4$QEgIA/J/Rxf5XtDBeRkFUA$o97/WC6N/iJXGNv7dvFoo9iHBLkuJtzkTHngnmOCkz4';

export async function loginAdmin(ctx: AppContext, email: string, password: string) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'disabled_at'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  if (!user || !ok) throw new UnauthorizedError('wrong email or password');
  if (user.disabled_at !== null) throw new AccountRefusedError('admin', 'disabled');
  return createSession(ctx, 'admin', user.id);
}

export async function loginPublisher(ctx: AppContext, email: string, password: string) {
  const publisher = await ctx.db
    .selectFrom('publishers')
    .select(['id', 'password_hash', 'status'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const ok = await verifyPassword(publisher?.password_hash ?? DUMMY_HASH, password);
  if (!publisher || !ok) throw new UnauthorizedError('wrong email or password');
  // Pending publishers may log in to see their status; suspended and rejected ones may not.
  if (publisher.status === 'suspended' || publisher.status === 'rejected') {
    throw new AccountRefusedError('publisher', publisher.status);
  }
  return createSession(ctx, 'publisher', publisher.id);
}

import type { AppContext } from '../../context.js';
import { verifyPassword } from '../../lib/crypto.js';
import { AccountRefusedError, UnauthorizedError } from '../../lib/errors.js';
import { normaliseEmail } from '../users/create-admin.js';
import { attemptLoginTicket, dropLoginTicket, issueLoginTicket, spendLoginTicket } from './login-tickets.js';
import { createSession, type SessionClient, type SubjectType } from './sessions.js';
import { checkSecondFactor, hasTwoFactor } from './two-factor.js';

// A fixed hash to verify against when the email is unknown, so timing does not reveal accounts.
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,t=3,p=4$QEgIA/J/Rxf5XtDBeRkFUA$o97/WC6N/iJXGNv7dvFoo9iHBLkuJtzkTHngnmOCkz4';

export type LoginOutcome =
  | { kind: 'session'; token: string; csrfToken: string; expiresAt: string }
  | { kind: 'two_factor'; ticket: string; expiresAt: string };

/** The password was right: a session, or, with two-factor sign-in on, a ticket to trade for one with a code. */
async function passwordAccepted(
  ctx: AppContext,
  type: SubjectType,
  id: number,
  client: SessionClient,
): Promise<LoginOutcome> {
  if (await hasTwoFactor(ctx, { type, id })) {
    const ticket = await issueLoginTicket(ctx, type, id);
    return { kind: 'two_factor', ...ticket };
  }
  return { kind: 'session', ...(await createSession(ctx, type, id, client)) };
}

async function ensureAdminMayEnter(ctx: AppContext, id: number) {
  const user = await ctx.db.selectFrom('users').select('disabled_at').where('id', '=', id).executeTakeFirst();
  if (!user) throw new UnauthorizedError('wrong email or password');
  if (user.disabled_at !== null) throw new AccountRefusedError('admin', 'disabled');
}

async function ensurePublisherMayEnter(ctx: AppContext, id: number) {
  const publisher = await ctx.db
    .selectFrom('publishers')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!publisher) throw new UnauthorizedError('wrong email or password');
  // Pending publishers may log in to see their status; suspended and rejected ones may not.
  if (publisher.status === 'suspended' || publisher.status === 'rejected') {
    throw new AccountRefusedError('publisher', publisher.status);
  }
}

const ensureMayEnter = { admin: ensureAdminMayEnter, publisher: ensurePublisherMayEnter };

export async function loginAdmin(
  ctx: AppContext,
  email: string,
  password: string,
  client: SessionClient = {},
) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  if (!user || !ok) throw new UnauthorizedError('wrong email or password');
  await ensureAdminMayEnter(ctx, user.id);
  return passwordAccepted(ctx, 'admin', user.id, client);
}

export async function loginPublisher(
  ctx: AppContext,
  email: string,
  password: string,
  client: SessionClient = {},
) {
  const publisher = await ctx.db
    .selectFrom('publishers')
    .select(['id', 'password_hash'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const ok = await verifyPassword(publisher?.password_hash ?? DUMMY_HASH, password);
  if (!publisher || !ok) throw new UnauthorizedError('wrong email or password');
  await ensurePublisherMayEnter(ctx, publisher.id);
  return passwordAccepted(ctx, 'publisher', publisher.id, client);
}

/**
 * Second step of a two-factor sign-in: the ticket from the password step and a code from the app
 * (or a recovery code). Each ticket takes a few attempts and one success; the account is checked
 * again, since it may have been disabled or suspended in between.
 */
export async function loginSecondFactor(
  ctx: AppContext,
  type: SubjectType,
  ticket: string,
  code: string,
  client: SessionClient = {},
) {
  const attempt = await attemptLoginTicket(ctx, type, ticket);
  const subject = { type, id: attempt.subjectId };
  let ok: boolean;
  try {
    ok = await checkSecondFactor(ctx, subject, code);
  } catch (error) {
    await dropLoginTicket(ctx, attempt.id);
    throw error;
  }
  if (!ok) {
    if (attempt.lastAttempt) await dropLoginTicket(ctx, attempt.id);
    throw new UnauthorizedError(
      attempt.lastAttempt ? 'wrong code; sign in again with your password' : 'wrong or already used code',
    );
  }
  await spendLoginTicket(ctx, attempt.id);
  await ensureMayEnter[type](ctx, subject.id);
  return createSession(ctx, type, subject.id, client);
}

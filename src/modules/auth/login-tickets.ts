import type { AppContext } from '../../context.js';
import { sha256 } from '../../lib/crypto.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { newToken } from '../../lib/ids.js';
import type { SubjectType } from './sessions.js';

/** Long enough to open the authenticator app, short enough that a stolen ticket soon means nothing. */
const TICKET_MINUTES = 5;
/** Wrong codes one ticket takes before it is spent; the per-account lock (two-factor.ts) counts on. */
export const TICKET_ATTEMPTS = 5;

const EXPIRED = 'the sign-in has expired or was used; sign in again with your password';

/**
 * The proof that the password was right while the second factor is asked for: random, stored
 * hashed, good for five minutes and one sign-in. It opens nothing by itself.
 */
export async function issueLoginTicket(ctx: AppContext, subjectType: SubjectType, subjectId: number) {
  const ticket = newToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + TICKET_MINUTES * 60_000).toISOString();
  // Tickets nobody came back for are swept here: sign-ins are rare enough for this to be cheap.
  await ctx.db.deleteFrom('login_tickets').where('expires_at', '<=', now.toISOString()).execute();
  await ctx.db
    .insertInto('login_tickets')
    .values({
      id: sha256(ticket),
      subject_type: subjectType,
      subject_id: subjectId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { ticket, expiresAt };
}

/**
 * Count one attempt on a ticket and say whose it is: a conditional update, so parallel guesses
 * cannot take more than TICKET_ATTEMPTS between them. Unknown, expired and used-up tickets are one 401.
 */
export async function attemptLoginTicket(ctx: AppContext, subjectType: SubjectType, ticket: string) {
  const id = sha256(ticket);
  const now = ctx.clock.now().toISOString();
  const counted = await ctx.db
    .updateTable('login_tickets')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('subject_type', '=', subjectType)
    .where('attempts', '<', TICKET_ATTEMPTS)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) {
    await ctx.db.deleteFrom('login_tickets').where('id', '=', id).execute();
    throw new UnauthorizedError(EXPIRED);
  }
  const row = await ctx.db
    .selectFrom('login_tickets')
    .select(['subject_id', 'attempts'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, subjectId: row.subject_id, lastAttempt: row.attempts >= TICKET_ATTEMPTS };
}

/** Spend the ticket: exactly one of two racing successful attempts gets to open a session. */
export async function spendLoginTicket(ctx: AppContext, id: string): Promise<void> {
  const spent = await ctx.db.deleteFrom('login_tickets').where('id', '=', id).executeTakeFirst();
  if (Number(spent.numDeletedRows) !== 1) throw new UnauthorizedError(EXPIRED);
}

export async function dropLoginTicket(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.deleteFrom('login_tickets').where('id', '=', id).execute();
}

/** A password change or a new second factor makes pending sign-ins start over. */
export async function dropLoginTickets(ctx: AppContext, subjectType: SubjectType, subjectId: number) {
  await ctx.db
    .deleteFrom('login_tickets')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .execute();
}

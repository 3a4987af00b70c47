import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { hashPassword } from '../../lib/crypto.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { newToken } from '../../lib/ids.js';
import { assertTarget, syncDefaultPostback } from '../publisher-postbacks/save-postback.js';
import { normaliseEmail } from '../users/create-admin.js';
import { findPublisher, type PublisherRow } from './queries.js';
import type { Publisher, PublisherCreate, PublisherUpdate, RegisterBody } from './schemas.js';

export const REGISTERED_MESSAGE =
  'Thank you. Your account waits for approval; sign in with the address and password you chose.';

/**
 * Self-registration from the portal: always pending until an admin approves. The answer is the same
 * whether the address was new or already had an account, so the form cannot tell a visitor who our
 * publishers are (no 409). The owner of a taken address would be told by email; there is no mail
 * here, so it is logged.
 */
export async function registerPublisher(
  ctx: AppContext,
  input: RegisterBody,
): Promise<{ status: 'pending'; message: string }> {
  try {
    await createPublisher(ctx, { ...input, status: 'pending' });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    ctx.logger.info(
      { email: normaliseEmail(input.email) },
      'publisher registration for an address that already has an account; its owner would be emailed',
    );
  }
  return { status: 'pending', message: REGISTERED_MESSAGE };
}

export async function createPublisher(ctx: AppContext, input: PublisherCreate): Promise<Publisher> {
  const now = ctx.clock.now().toISOString();
  const email = normaliseEmail(input.email);
  try {
    const row = await ctx.db
      .insertInto('publishers')
      .values({
        name: input.name.trim(),
        email,
        // An admin-created publisher without a password must use a reset; nobody can log in with this.
        password_hash: await hashPassword(input.password ?? newToken(32)),
        status: input.status ?? 'pending',
        postback_url: input.postback_url ? assertTarget(ctx, input.postback_url, 'postback_url') : null,
        stats_token: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.postback_url) await syncDefaultPostback(ctx, row.id, row.postback_url);
    return presentPublisher(row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`a publisher with email ${email} already exists`, 'email', 'email_taken');
    throw error;
  }
}

export async function updatePublisher(
  ctx: AppContext,
  id: number,
  input: PublisherUpdate,
): Promise<Publisher> {
  const row = await ctx.db
    .updateTable('publishers')
    .set({
      name: input.name?.trim(),
      status: input.status,
      postback_url:
        input.postback_url === undefined
          ? undefined
          : input.postback_url
            ? assertTarget(ctx, input.postback_url, 'postback_url')
            : null,
      payout_minimum: input.payout_minimum,
      updated_at: ctx.clock.now().toISOString(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('publisher');
  if (input.postback_url !== undefined) await syncDefaultPostback(ctx, row.id, row.postback_url);
  return presentPublisher(row);
}

export function approvePublisher(ctx: AppContext, id: number): Promise<Publisher> {
  return updatePublisher(ctx, id, { status: 'approved' });
}

export async function getPublisher(ctx: AppContext, id: number): Promise<Publisher> {
  const row = await findPublisher(ctx.db, id);
  if (!row) throw new NotFoundError('publisher');
  return presentPublisher(row);
}

export function presentPublisher(row: PublisherRow): Publisher {
  return {
    id: String(row.id),
    name: row.name,
    email: row.email,
    status: row.status,
    postback_url: row.postback_url,
    has_stats_token: row.stats_token !== null,
    payout_minimum: row.payout_minimum,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

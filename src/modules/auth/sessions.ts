import type { AppContext } from '../../context.js';
import { sha256 } from '../../lib/crypto.js';
import { newToken } from '../../lib/ids.js';

export type SubjectType = 'admin' | 'publisher';

export interface Session {
  subjectType: SubjectType;
  subjectId: number;
  csrfToken: string;
}

const SESSION_DAYS = 30;

export async function createSession(
  ctx: AppContext,
  subjectType: SubjectType,
  subjectId: number,
): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
  const token = newToken();
  const csrfToken = newToken(18);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await ctx.db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      subject_type: subjectType,
      subject_id: subjectId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function resolveSession(ctx: AppContext, token: string): Promise<Session | undefined> {
  const row = await ctx.db
    .selectFrom('sessions')
    .select(['subject_type', 'subject_id', 'csrf_token', 'expires_at'])
    .where('id', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= ctx.clock.now().toISOString()) return undefined;
  return { subjectType: row.subject_type, subjectId: row.subject_id, csrfToken: row.csrf_token };
}

export async function endSession(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

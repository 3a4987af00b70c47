import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { sha256 } from '../../lib/crypto.js';
import { NotFoundError } from '../../lib/errors.js';
import { newToken } from '../../lib/ids.js';

export type SubjectType = 'admin' | 'publisher';

export interface Session {
  /** sha256 of the token: the row's key. */
  id: string;
  subjectType: SubjectType;
  subjectId: number;
  csrfToken: string;
}

/** Where a session was opened from, shown in the person's list of sessions. */
export interface SessionClient {
  ip?: string;
  userAgent?: string;
}

const SESSION_DAYS = 30;
/** A request writes `last_seen_at` only when the stored one is older than this: one write a minute at most. */
const LAST_SEEN_EVERY_MS = 60_000;
const USER_AGENT_MAX = 300;

export async function createSession(
  ctx: AppContext,
  subjectType: SubjectType,
  subjectId: number,
  client: SessionClient = {},
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
      last_seen_at: now.toISOString(),
      ip: client.ip ?? null,
      user_agent: client.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function resolveSession(ctx: AppContext, token: string): Promise<Session | undefined> {
  const id = sha256(token);
  const row = await ctx.db
    .selectFrom('sessions')
    .select(['subject_type', 'subject_id', 'csrf_token', 'expires_at', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  const now = ctx.clock.now();
  if (!row || row.expires_at <= now.toISOString()) return undefined;
  const seen = row.last_seen_at ? Date.parse(row.last_seen_at) : 0;
  if (now.getTime() - seen >= LAST_SEEN_EVERY_MS) {
    await ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }
  return { id, subjectType: row.subject_type, subjectId: row.subject_id, csrfToken: row.csrf_token };
}

export async function endSession(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/**
 * The handle a session is shown and revoked by: derived from the stored hash, so the list never
 * carries anything that signs in (the row key is itself only a hash of the token).
 */
export function sessionRef(sessionId: string): string {
  return sha256(`session-ref:${sessionId}`).slice(0, 20);
}

export interface SessionView {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

/** A person's open sessions, the newest first; `current` marks the one asking. */
export async function listSessions(
  ctx: AppContext,
  subjectType: SubjectType,
  subjectId: number,
  currentId: string,
): Promise<SessionView[]> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('expires_at', '>', ctx.clock.now().toISOString())
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: sessionRef(r.id),
    created_at: r.created_at,
    last_seen_at: r.last_seen_at,
    expires_at: r.expires_at,
    ip: r.ip,
    user_agent: r.user_agent,
    current: r.id === currentId,
  }));
}

/** End one of a person's own sessions by its listed id; another person's id is not found. */
export async function revokeSession(
  ctx: AppContext,
  subjectType: SubjectType,
  subjectId: number,
  ref: string,
): Promise<void> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .execute();
  const match = rows.find((r) => sessionRef(r.id) === ref);
  if (!match) throw new NotFoundError('session');
  await ctx.db.deleteFrom('sessions').where('id', '=', match.id).execute();
}

/** End every session of a person but `keepId` (the one asking); returns how many ended. */
export async function endOtherSessions(
  db: DbOrTx,
  subjectType: SubjectType,
  subjectId: number,
  keepId?: string,
): Promise<number> {
  let query = db
    .deleteFrom('sessions')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId);
  if (keepId) query = query.where('id', '!=', keepId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

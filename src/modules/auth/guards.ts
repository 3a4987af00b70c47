import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { cookiesOf } from '../../http/cookies.js';
import { safeEqual } from '../../lib/crypto.js';
import { AccountRefusedError, ForbiddenError, UnauthorizedError } from '../../lib/errors.js';
import { resolveSession, type SubjectType } from './sessions.js';

export const CSRF_HEADER = 'x-csrf-token';

/**
 * Each role has its own pair of cookies, so one browser can be signed in to the admin panel and the
 * publisher portal at once: the session (httpOnly) and the readable double-submit CSRF token.
 */
export const SESSION_COOKIES = {
  admin: { session: 'lr_session', csrf: 'lr_csrf' },
  publisher: { session: 'lr_pub_session', csrf: 'lr_pub_csrf' },
} as const satisfies Record<SubjectType, { session: string; csrf: string }>;

export interface Principal {
  type: SubjectType;
  id: number;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const publicHosts = new Map<string, string>();
function publicHost(publicUrl: string): string {
  let host = publicHosts.get(publicUrl);
  if (host === undefined) {
    host = new URL(publicUrl).host;
    publicHosts.set(publicUrl, host);
  }
  return host;
}

/**
 * Defence in depth behind the CSRF token: browsers name the page a change comes from in `Origin`.
 * A change from another site, or from an opaque origin (`Origin: null`: a hosted page under /s/,
 * which is served sandboxed, or a data: URL), is refused even if it carries the cookies. The host
 * must be the one asked (`Host`) or PUBLIC_URL's; requests without Origin (API clients) pass here
 * and are judged by their token alone.
 */
export function assertSameOrigin(ctx: AppContext, request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    // "null" and anything else that is not a URL.
  }
  if (host && (host === request.headers.host || host === publicHost(ctx.config.publicUrl))) return;
  throw new ForbiddenError(`a signed-in change from another origin (${origin.slice(0, 100)}) is refused`);
}

export function readToken(
  request: FastifyRequest,
  role: SubjectType,
): { token: string; viaCookie: boolean } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), viaCookie: false };
  const cookie = cookiesOf(request)[SESSION_COOKIES[role].session];
  if (cookie) return { token: cookie, viaCookie: true };
  return undefined;
}

/**
 * Bearer tokens are not sent by browsers on their own, so only cookie-authenticated changes need a
 * CSRF defence: the double-submit token from login must come back in the X-CSRF-Token header.
 */
export async function authenticate(ctx: AppContext, request: FastifyRequest, expected: SubjectType) {
  const found = readToken(request, expected);
  if (!found) throw new UnauthorizedError();
  const session = await resolveSession(ctx, found.token);
  if (!session) throw new UnauthorizedError('session expired or invalid');
  if (session.subjectType !== expected) throw new ForbiddenError(`${expected} access required`);
  if (found.viaCookie && !SAFE_METHODS.has(request.method)) {
    assertSameOrigin(ctx, request);
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
      throw new ForbiddenError('missing or wrong X-CSRF-Token header for a cookie-authenticated change');
    }
  }
  if (session.subjectType === 'publisher') await ensurePublisherActive(ctx, session.subjectId);
  request.principal = { type: session.subjectType, id: session.subjectId, token: found.token };
}

/** Suspending or rejecting a publisher stops what their open sessions may do, not just new logins. */
async function ensurePublisherActive(ctx: AppContext, publisherId: number) {
  const publisher = await ctx.db
    .selectFrom('publishers')
    .select('status')
    .where('id', '=', publisherId)
    .executeTakeFirst();
  if (!publisher) throw new UnauthorizedError('session expired or invalid');
  if (publisher.status === 'suspended' || publisher.status === 'rejected') {
    throw new AccountRefusedError('publisher', publisher.status);
  }
}

export function requireRole(ctx: AppContext, expected: SubjectType) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    await authenticate(ctx, request, expected);
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

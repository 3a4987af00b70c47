import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { safeEqual } from '../../lib/crypto.js';
import { ForbiddenError } from '../../lib/errors.js';
import {
  assertSameOrigin,
  CSRF_HEADER,
  principalOf,
  readToken,
  requireRole,
  SESSION_COOKIES,
} from './guards.js';
import { loginAdmin } from './login.js';
import { endSession, resolveSession, type SubjectType } from './sessions.js';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const LoginReply = Type.Object({
  token: Type.String(),
  csrf_token: Type.String(),
  expires_at: Type.String(),
});

/** Brute-force guard for every login route: per client IP. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

export function setSessionCookies(
  ctx: AppContext,
  reply: FastifyReply,
  role: SubjectType,
  session: { token: string; csrfToken: string; expiresAt: string },
) {
  const secure = ctx.config.publicUrl.startsWith('https://');
  const expires = new Date(session.expiresAt);
  const names = SESSION_COOKIES[role];
  reply.setCookie(names.session, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires,
  });
  reply.setCookie(names.csrf, session.csrfToken, {
    httpOnly: false,
    sameSite: 'lax',
    secure,
    path: '/',
    expires,
  });
}

export function authRoutes(app: App, ctx: AppContext) {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Admin login: returns a bearer token and sets the session cookie',
        body: LoginBody,
        response: { 200: LoginReply, 401: ErrorReply },
      },
    },
    async (request, reply) => {
      // A page elsewhere (or a sandboxed hosted page) may not sign this browser in to its own account.
      assertSameOrigin(ctx, request);
      const session = await loginAdmin(ctx, request.body.email, request.body.password);
      setSessionCookies(ctx, reply, 'admin', session);
      return { token: session.token, csrf_token: session.csrfToken, expires_at: session.expiresAt };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'End the admin session (or the session of the bearer token sent)' },
    },
    (request, reply) => logout(ctx, request, reply, 'admin'),
  );

  app.get(
    '/api/auth/me',
    {
      preHandler: requireRole(ctx, 'admin'),
      schema: {
        tags: ['auth'],
        summary: 'The logged-in admin',
        response: { 200: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }) },
      },
    },
    async (request) => {
      const user = await ctx.db
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('id', '=', principalOf(request).id)
        .executeTakeFirstOrThrow();
      return { id: String(user.id), email: user.email, name: user.name };
    },
  );
}

/** Ends the bearer token's session, or else this role's cookie session, and clears that role's cookies. */
export async function logout(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  role: SubjectType,
) {
  assertSameOrigin(ctx, request);
  const found = readToken(request, role);
  // Like every cookie-authenticated change: a page elsewhere may not sign this browser out.
  if (found?.viaCookie) {
    const session = await resolveSession(ctx, found.token);
    const sent = request.headers[CSRF_HEADER];
    if (session && (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken))) {
      throw new ForbiddenError('missing or wrong X-CSRF-Token header for a cookie-authenticated change');
    }
  }
  if (found) await endSession(ctx, found.token);
  const names = SESSION_COOKIES[role];
  reply.clearCookie(names.session, { path: '/' });
  reply.clearCookie(names.csrf, { path: '/' });
  return reply.status(204).send();
}

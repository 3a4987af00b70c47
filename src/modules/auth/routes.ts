import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { cookiesOf } from '../../http/cookies.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { CSRF_COOKIE, principalOf, requireRole, SESSION_COOKIE } from './guards.js';
import { loginAdmin } from './login.js';
import { endSession } from './sessions.js';

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
  session: { token: string; csrfToken: string; expiresAt: string },
) {
  const secure = ctx.config.publicUrl.startsWith('https://');
  const expires = new Date(session.expiresAt);
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires,
  });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, {
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
      const session = await loginAdmin(ctx, request.body.email, request.body.password);
      setSessionCookies(ctx, reply, session);
      return { token: session.token, csrf_token: session.csrfToken, expires_at: session.expiresAt };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session (admin or publisher)' } },
    async (request, reply) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ')
        ? header.slice(7).trim()
        : cookiesOf(request)[SESSION_COOKIE];
      if (token) await endSession(ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
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

import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { safeEqual } from '../../lib/crypto.js';
import { ForbiddenError } from '../../lib/errors.js';
import { accountRoutes } from './account-routes.js';
import {
  assertSameOrigin,
  CSRF_HEADER,
  principalOf,
  readToken,
  requireRole,
  SESSION_COOKIES,
} from './guards.js';
import { type LoginOutcome, loginAdmin, loginSecondFactor } from './login.js';
import { SignedInAdmin } from './schemas.js';
import { adminTwoFactorRequired } from './security-settings.js';
import { endSession, resolveSession, type SessionClient, type SubjectType } from './sessions.js';
import { hasTwoFactor } from './two-factor.js';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

/**
 * A session (token, csrf_token), or, when the account has two-factor sign-in on, only
 * `two_factor_required` and a short-lived single-use `ticket` for the second step: no session yet.
 */
export const LoginReply = Type.Object({
  token: Type.Optional(Type.String()),
  csrf_token: Type.Optional(Type.String()),
  expires_at: Type.String(),
  two_factor_required: Type.Boolean(),
  ticket: Type.Optional(Type.String()),
});

export const SecondFactorBody = Type.Object(
  {
    ticket: Type.String({ minLength: 1, maxLength: 200 }),
    code: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'the 6-digit code from the authenticator app, or one of the recovery codes',
    }),
  },
  { additionalProperties: false },
);

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

/** Where a session is opened from, kept with it for the person's list of sessions. */
export function clientOf(request: FastifyRequest): SessionClient {
  const agent = request.headers['user-agent'];
  return { ip: request.clientAddress, userAgent: typeof agent === 'string' ? agent : undefined };
}

/** The login answer: cookies and tokens for a session, or the ticket for the second step. */
export function answerLogin(ctx: AppContext, reply: FastifyReply, role: SubjectType, outcome: LoginOutcome) {
  if (outcome.kind === 'two_factor') {
    return { two_factor_required: true, ticket: outcome.ticket, expires_at: outcome.expiresAt };
  }
  setSessionCookies(ctx, reply, role, outcome);
  return {
    two_factor_required: false,
    token: outcome.token,
    csrf_token: outcome.csrfToken,
    expires_at: outcome.expiresAt,
  };
}

/** POST <login path>/2fa: trade the ticket and a code for the session. */
export function secondFactorRoute(app: App, ctx: AppContext, role: SubjectType, path: string) {
  app.post(
    path,
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: [role === 'admin' ? 'auth' : 'publisher portal'],
        summary: 'Second step of a two-factor sign-in: the ticket from the login answer and a code',
        body: SecondFactorBody,
        response: { 200: LoginReply, 401: ErrorReply, 403: ErrorReply, 429: ErrorReply },
      },
    },
    async (request, reply) => {
      assertSameOrigin(ctx, request);
      const session = await loginSecondFactor(
        ctx,
        role,
        request.body.ticket,
        request.body.code,
        clientOf(request),
      );
      return answerLogin(ctx, reply, role, { kind: 'session', ...session });
    },
  );
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
      const outcome = await loginAdmin(ctx, request.body.email, request.body.password, clientOf(request));
      return answerLogin(ctx, reply, 'admin', outcome);
    },
  );
  secondFactorRoute(app, ctx, 'admin', '/api/auth/login/2fa');
  accountRoutes(app, ctx, 'admin');
  accountRoutes(app, ctx, 'publisher');

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
        response: { 200: SignedInAdmin },
      },
    },
    async (request) => {
      const id = principalOf(request).id;
      const user = await ctx.db
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return {
        id: String(user.id),
        email: user.email,
        name: user.name,
        two_factor_enabled: await hasTwoFactor(ctx, { type: 'admin', id }),
        two_factor_required: await adminTwoFactorRequired(ctx),
      };
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

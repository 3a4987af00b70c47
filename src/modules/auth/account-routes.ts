import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { sha256 } from '../../lib/crypto.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { assertOwnPassword, changeOwnPassword } from './change-password.js';
import { principalOf, requireRole } from './guards.js';
import { LOGIN_RATE_LIMIT } from './routes.js';
import { adminTwoFactorRequired, saveSecuritySettings, securitySettings } from './security-settings.js';
import { endOtherSessions, listSessions, revokeSession, type SubjectType, sessionRef } from './sessions.js';
import {
  checkSecondFactor,
  confirmEnrolment,
  renewRecoveryCodes,
  startEnrolment,
  turnOffTwoFactor,
  twoFactorStatus,
} from './two-factor.js';

const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Code = Type.String({ minLength: 1, maxLength: 64 });
const TwoFactorStatus = Type.Object({
  enabled: Type.Boolean(),
  enabled_at: Type.Union([Type.String(), Type.Null()]),
  recovery_codes_left: Type.Integer(),
  required: Type.Boolean({ description: 'this account may not turn two-factor sign-in off' }),
});
const RecoveryCodes = Type.Object({ recovery_codes: Type.Array(Type.String()) });
const SessionItem = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  last_seen_at: Type.Union([Type.String(), Type.Null()]),
  expires_at: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});
const SessionParam = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{1,64}$' }) });

const PREFIX = { admin: '/api/auth', publisher: '/api/publisher' } as const satisfies Record<
  SubjectType,
  string
>;

/** Whether this account may turn its second factor off: admins may not while the setting requires it. */
async function required(ctx: AppContext, role: SubjectType) {
  return role === 'admin' && (await adminTwoFactorRequired(ctx));
}

async function accountName(ctx: AppContext, role: SubjectType, id: number): Promise<string> {
  const table = role === 'admin' ? 'users' : 'publishers';
  const row = await ctx.db.selectFrom(table).select('email').where('id', '=', id).executeTakeFirstOrThrow();
  return row.email;
}

/**
 * A person's own account, the same for admins (/api/auth/…) and publishers (/api/publisher/…):
 * two-factor sign-in, password, sessions. Outside the admin scope on purpose: an admin who must
 * enrol reaches these and nothing else.
 */
export function accountRoutes(app: App, ctx: AppContext, role: SubjectType) {
  const prefix = PREFIX[role];
  const tags = [role === 'admin' ? 'auth' : 'publisher portal'];
  // Who you are comes before the body is validated: a signed-out or suspended account learns nothing from it.
  const preValidation = requireRole(ctx, role);
  const me = (request: Parameters<typeof principalOf>[0]) => ({ type: role, id: principalOf(request).id });

  app.get(
    `${prefix}/2fa`,
    {
      preValidation,
      schema: { tags, summary: 'Is two-factor sign-in on for me', response: { 200: TwoFactorStatus } },
    },
    async (request) => ({
      ...(await twoFactorStatus(ctx, me(request))),
      required: await required(ctx, role),
    }),
  );

  app.post(
    `${prefix}/2fa/setup`,
    {
      preValidation,
      schema: {
        tags,
        summary: 'Start two-factor set-up: a new TOTP secret, its otpauth:// URL and QR code (SVG)',
        response: {
          200: Type.Object({ secret: Type.String(), otpauth_url: Type.String(), qr_svg: Type.String() }),
          409: ErrorReply,
        },
      },
    },
    async (request) => {
      const subject = me(request);
      return startEnrolment(ctx, subject, await accountName(ctx, role, subject.id));
    },
  );

  app.post(
    `${prefix}/2fa/confirm`,
    {
      preValidation,
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Finish set-up with a code from the app; answers ten one-time recovery codes, shown once',
        body: Type.Object({ code: Code }, { additionalProperties: false }),
        response: { 200: RecoveryCodes, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => confirmEnrolment(ctx, me(request), request.body.code.replace(/\s/g, '')),
  );

  app.post(
    `${prefix}/2fa/disable`,
    {
      preValidation,
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Turn two-factor sign-in off: the password and a current code (or a recovery code)',
        body: Type.Object({ password: Password, code: Code }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const subject = me(request);
      if (await required(ctx, role))
        throw new ConflictError(
          'two-factor sign-in is required for admins',
          undefined,
          'two_factor_required',
        );
      await assertOwnPassword(ctx, role, subject.id, request.body.password, 'password');
      if (!(await checkSecondFactor(ctx, subject, request.body.code))) {
        throw new ValidationError('wrong or already used code', 'code', 'two_factor_code_wrong');
      }
      await turnOffTwoFactor(ctx, subject);
      return reply.status(204).send();
    },
  );

  app.post(
    `${prefix}/2fa/recovery-codes`,
    {
      preValidation,
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Replace the recovery codes with ten new ones (the password is asked again)',
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 200: RecoveryCodes, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => {
      const subject = me(request);
      await assertOwnPassword(ctx, role, subject.id, request.body.password, 'password');
      return renewRecoveryCodes(ctx, subject);
    },
  );

  app.put(
    `${prefix}/password`,
    {
      preValidation,
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Change my password (the current one is asked); every other session of mine ends',
        body: Type.Object(
          { current_password: Password, new_password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ sessions_ended: Type.Integer() }), 422: ErrorReply },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return changeOwnPassword(ctx, role, principal.id, request.body, sha256(principal.token));
    },
  );

  app.get(
    `${prefix}/sessions`,
    {
      preValidation,
      schema: {
        tags,
        summary: 'My open sessions: opened, last seen, address, user agent; `current` is this one',
        response: { 200: Type.Object({ data: Type.Array(SessionItem) }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return { data: await listSessions(ctx, role, principal.id, sha256(principal.token)) };
    },
  );

  app.delete(
    `${prefix}/sessions/:id`,
    {
      preValidation,
      schema: { tags, summary: 'End one of my sessions', params: SessionParam },
    },
    async (request, reply) => {
      await revokeSession(ctx, role, principalOf(request).id, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    `${prefix}/sessions/revoke-others`,
    {
      preValidation,
      schema: {
        tags,
        summary: 'End every session of mine but this one',
        response: { 200: Type.Object({ sessions_ended: Type.Integer(), current: Type.String() }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const current = sha256(principal.token);
      return {
        sessions_ended: await endOtherSessions(ctx.db, role, principal.id, current),
        current: sessionRef(current),
      };
    },
  );
}

/** The network's security switches (admin scope): for now, whether admins must use two-factor sign-in. */
export function securitySettingsRoutes(admin: App, ctx: AppContext) {
  const Settings = Type.Object({ require_admin_two_factor: Type.Boolean() }, { additionalProperties: false });
  admin.get(
    '/api/admin/security-settings',
    { schema: { tags: ['users'], summary: 'Security settings', response: { 200: Settings } } },
    async () => securitySettings(ctx),
  );
  admin.put(
    '/api/admin/security-settings',
    {
      schema: {
        tags: ['users'],
        summary: 'Require two-factor sign-in of every admin (you must have it on yourself first)',
        body: Settings,
        response: { 200: Settings, 409: ErrorReply },
      },
    },
    async (request) => saveSecuritySettings(ctx, principalOf(request).id, request.body),
  );
}

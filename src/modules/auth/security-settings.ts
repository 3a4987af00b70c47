import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError, ConflictError } from '../../lib/errors.js';
import { principalOf } from './guards.js';
import { hasTwoFactor } from './two-factor.js';

const REQUIRE_ADMIN_2FA = 'require_admin_two_factor';

/** An admin who must enrol in two-factor sign-in first (403): only /api/auth/* answers them until they do. */
export class TwoFactorEnrolmentRequiredError extends AppError {
  constructor() {
    super(
      'two-factor sign-in is required for admins: set it up under /api/auth/2fa first',
      403,
      'two_factor_enrolment_required',
    );
  }
}

export async function adminTwoFactorRequired(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('security_settings')
    .select('value')
    .where('key', '=', REQUIRE_ADMIN_2FA)
    .executeTakeFirst();
  return row?.value === '1';
}

export async function securitySettings(ctx: AppContext) {
  return { require_admin_two_factor: await adminTwoFactorRequired(ctx) };
}

/**
 * Require (or stop requiring) two-factor sign-in of every admin. The admin who turns it on must have
 * it already, so nobody locks the panel behind a step they have not taken themselves.
 */
export async function saveSecuritySettings(
  ctx: AppContext,
  actorId: number,
  input: { require_admin_two_factor: boolean },
) {
  if (input.require_admin_two_factor && !(await hasTwoFactor(ctx, { type: 'admin', id: actorId }))) {
    throw new ConflictError(
      'turn on two-factor sign-in for yourself before requiring it of every admin',
      'require_admin_two_factor',
      'two_factor_yourself_first',
    );
  }
  const values = {
    value: input.require_admin_two_factor ? '1' : '0',
    updated_at: ctx.clock.now().toISOString(),
  };
  await ctx.db
    .insertInto('security_settings')
    .values({ key: REQUIRE_ADMIN_2FA, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
  return securitySettings(ctx);
}

/**
 * Behind the admin guard on every /api/admin route: while admins must use two-factor sign-in, one
 * without it is refused everything until they enrol (the enrolment routes live under /api/auth).
 * Checked per request, so turning the setting on applies to sessions already open. Two small reads a
 * request; admin traffic is light.
 */
export function requireTwoFactorEnrolment(ctx: AppContext) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!(await adminTwoFactorRequired(ctx))) return;
    if (await hasTwoFactor(ctx, { type: 'admin', id: principalOf(request).id })) return;
    throw new TwoFactorEnrolmentRequiredError();
  };
}

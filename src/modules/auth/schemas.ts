import { Type } from '@sinclair/typebox';

/** GET /api/auth/me: the signed-in admin. */
export const SignedInAdmin = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  two_factor_enabled: Type.Boolean(),
  two_factor_required: Type.Boolean({
    description: 'admins must use two-factor sign-in; without it only /api/auth/* answers',
  }),
});

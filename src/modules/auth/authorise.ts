import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import { type AccessScope, scopeAllows } from './access-scope.js';
import { principalOf } from './guards.js';
import { isRole, permissionFor, type Scope } from './permissions.js';

/**
 * The admin scope's second preHandler, after authentication: the signed-in user's role must be
 * listed for this route in the permission table (permissions.ts), and an account manager may only
 * name their own advertisers, publishers, leads and conversions (others' are 404, as if absent).
 */
export function authorise(ctx: AppContext) {
  return async (request: FastifyRequest) => {
    const principal = principalOf(request);
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'email', 'role'])
      .where('id', '=', principal.id)
      .executeTakeFirst();
    if (!user) throw new UnauthorizedError('session expired or invalid');
    const url = request.routeOptions.url ?? '';
    const permission = permissionFor(request.method, url);
    const role = isRole(user.role) ? user.role : undefined;
    if (!permission || !role || !permission.roles.includes(role)) {
      throw new ForbiddenError(`the ${user.role} role may not call ${request.method} ${url}`);
    }
    const scope = role === 'account_manager' ? await assignedScope(ctx, user.id) : undefined;
    request.access = { userId: user.id, email: user.email, role, ...(scope ? { scope } : {}) };
    if (scope && permission.scope && permission.scope !== 'list') {
      const id = (request.params as Record<string, string | undefined>).id;
      if (id === undefined || !(await ownsObject(ctx, scope, permission.scope, id))) {
        throw new NotFoundError(permission.scope);
      }
    }
  };
}

export async function assignedScope(ctx: AppContext, userId: number): Promise<AccessScope> {
  const rows = await ctx.db
    .selectFrom('user_assignments')
    .select(['subject_type', 'subject_id'])
    .where('user_id', '=', userId)
    .execute();
  return {
    advertiserIds: rows.filter((r) => r.subject_type === 'advertiser').map((r) => r.subject_id),
    publisherIds: rows.filter((r) => r.subject_type === 'publisher').map((r) => r.subject_id),
  };
}

async function ownsObject(
  ctx: AppContext,
  scope: AccessScope,
  kind: Exclude<Scope, 'list'>,
  id: string,
): Promise<boolean> {
  if (kind === 'advertiser') return scopeAllows(scope, { advertiserId: Number(id) });
  if (kind === 'publisher') return scopeAllows(scope, { publisherId: Number(id) });
  const row = await ctx.db
    .selectFrom(kind === 'lead' ? 'leads' : 'conversions')
    .select(['advertiser_id', 'publisher_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row !== undefined &&
    scopeAllows(scope, { advertiserId: row.advertiser_id, publisherId: row.publisher_id })
  );
}

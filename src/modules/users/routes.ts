import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { sha256 } from '../../lib/crypto.js';
import { principalOf } from '../auth/guards.js';
import { isRole, ROLES, routesFor } from '../auth/permissions.js';
import { createAdmin } from './create-admin.js';
import { AdminUser, changeAdminPassword, findAdmin, listAdmins, setAdminDisabled } from './manage-admins.js';
import { setAdminRole, setAssignments } from './roles.js';

const tags = ['users'];
const Password = Type.String({ minLength: 1, maxLength: 200, description: 'at least 8 characters' });
const RoleName = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'owner, admin, account_manager, finance or analyst (docs/users-and-roles.md "Roles")' },
);
const Ids = Type.Array(Type.String({ pattern: '^[0-9]{1,15}$' }), { maxItems: 1000 });

export function userRoutes(admin: App, ctx: AppContext) {
  admin.get(
    '/api/admin/me',
    {
      schema: {
        tags,
        summary:
          'The signed-in admin with their role, their assignments (account manager) and the routes their role may call',
        response: {
          200: Type.Intersect([
            AdminUser,
            Type.Object({
              permissions: Type.Array(Type.String(), {
                description: '`METHOD /api/admin/...` patterns this role may call (auth/permissions.ts)',
              }),
              public_url: Type.String({
                description: 'PUBLIC_URL: the address links, postback URLs and the portal are given out on',
              }),
            }),
          ]),
        },
      },
    },
    async (request) => {
      const me = await findAdmin(ctx, principalOf(request).id);
      return {
        ...me,
        permissions: isRole(me.role) ? routesFor(me.role) : [],
        public_url: ctx.config.publicUrl.replace(/\/+$/, ''),
      };
    },
  );

  admin.get(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: 'Admin users, active and disabled',
        response: { 200: Type.Object({ data: Type.Array(AdminUser) }) },
      },
    },
    async () => ({ data: await listAdmins(ctx) }),
  );

  admin.post(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: 'Create an admin user (password hashed with argon2id)',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Password,
            name: Type.Optional(Type.String({ maxLength: 200 })),
            role: Type.Optional(RoleName),
          },
          { additionalProperties: false },
        ),
        response: { 201: AdminUser, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const created = await createAdmin(ctx, { ...request.body, role: request.body.role ?? 'admin' });
      return reply.status(201).send(await findAdmin(ctx, created.id));
    },
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    admin.post(
      `/api/admin/users/:id/${action}`,
      {
        schema: {
          tags,
          summary: disabled
            ? 'Disable an admin: no login, sessions ended (not yourself, not the last active owner)'
            : 'Enable a disabled admin',
          params: IdParam,
          response: { 200: AdminUser, 404: ErrorReply, 409: ErrorReply },
        },
      },
      async (request) => setAdminDisabled(ctx, principalOf(request).id, Number(request.params.id), disabled),
    );
  }

  admin.put(
    '/api/admin/users/:id/password',
    {
      schema: {
        tags,
        summary: "Set an admin's password; their other sessions end",
        params: IdParam,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      await changeAdminPassword(
        ctx,
        Number(request.params.id),
        request.body.password,
        sha256(principal.token),
      );
      return reply.status(204).send();
    },
  );

  admin.put(
    '/api/admin/users/:id/role',
    {
      schema: {
        tags,
        summary: "Set a user's role (owners only; the last active owner keeps theirs)",
        params: IdParam,
        body: Type.Object({ role: RoleName }, { additionalProperties: false }),
        response: { 200: AdminUser, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request) => setAdminRole(ctx, Number(request.params.id), request.body.role),
  );

  admin.put(
    '/api/admin/users/:id/assignments',
    {
      schema: {
        tags,
        summary: "Replace an account manager's advertisers and publishers",
        params: IdParam,
        body: Type.Object({ advertiser_ids: Ids, publisher_ids: Ids }, { additionalProperties: false }),
        response: { 200: AdminUser, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) =>
      setAssignments(ctx, Number(request.params.id), {
        advertiserIds: request.body.advertiser_ids.map(Number),
        publisherIds: request.body.publisher_ids.map(Number),
      }),
  );
}

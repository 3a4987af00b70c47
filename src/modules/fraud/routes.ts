import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { BlockedIp, blockIp, listBlockedIps, unblockIp } from './blocklist.js';

const tags = ['fraud'];

export function fraudRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/fraud/blocked-ips',
    { schema: { tags, querystring: Type.Object(Pagination), response: { 200: Page(BlockedIp) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listBlockedIps(ctx, limit, offset);
      return { data: rows, page, per_page: perPage, total };
    },
  );

  app.post(
    '/api/admin/fraud/blocked-ips',
    {
      schema: {
        tags,
        summary: 'Block an address or CIDR range at every click and lead',
        body: Type.Object(
          {
            ip: Type.String({ minLength: 2, maxLength: 64 }),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: BlockedIp, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => reply.status(201).send(await blockIp(ctx, request.body)),
  );

  app.delete(
    '/api/admin/fraud/blocked-ips/:id',
    { schema: { tags, params: IdParam } },
    async (request, reply) => {
      await unblockIp(ctx, Number(request.params.id));
      return reply.status(204).send();
    },
  );
}

import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { scopeOf } from '../auth/access-scope.js';
import { listAdvertiserRows } from './queries.js';
import { createAdvertiser, getAdvertiser, presentAdvertiser, updateAdvertiser } from './save-advertiser.js';
import { Advertiser, AdvertiserCreate, AdvertiserListQuery, AdvertiserUpdate } from './schemas.js';

const tags = ['advertisers'];

export function advertiserRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/advertisers',
    { schema: { tags, querystring: AdvertiserListQuery, response: { 200: Page(Advertiser) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listAdvertiserRows(
        ctx.db,
        request.query,
        limit,
        offset,
        scopeOf(request),
      );
      return { data: rows.map((r) => presentAdvertiser(ctx, r)), page, per_page: perPage, total };
    },
  );

  app.post(
    '/api/admin/advertisers',
    { schema: { tags, body: AdvertiserCreate, response: { 201: Advertiser, 422: ErrorReply } } },
    async (request, reply) => reply.status(201).send(await createAdvertiser(ctx, request.body)),
  );

  app.get(
    '/api/admin/advertisers/:id',
    { schema: { tags, params: IdParam, response: { 200: Advertiser, 404: ErrorReply } } },
    async (request) => getAdvertiser(ctx, Number(request.params.id)),
  );

  app.patch(
    '/api/admin/advertisers/:id',
    {
      schema: {
        tags,
        params: IdParam,
        body: AdvertiserUpdate,
        response: { 200: Advertiser, 404: ErrorReply },
      },
    },
    async (request) => updateAdvertiser(ctx, Number(request.params.id), request.body),
  );
}

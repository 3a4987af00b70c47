import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { listFlowRows } from './queries.js';
import { createFlow, getFlow, presentFlow, updateFlow } from './save-flow.js';
import { Flow, FlowCreate, FlowListQuery, FlowUpdate } from './schemas.js';

const tags = ['flows'];

export function flowRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/flows',
    { schema: { tags, querystring: FlowListQuery, response: { 200: Page(Flow) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const q = request.query;
      const { rows, total } = await listFlowRows(
        ctx.db,
        {
          publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
          offerId: q.offer_id ? Number(q.offer_id) : undefined,
          status: q.status,
          q: q.q,
        },
        q,
        limit,
        offset,
      );
      return { data: rows.map((r) => presentFlow(ctx, r)), page, per_page: perPage, total };
    },
  );

  app.post(
    '/api/admin/flows',
    { schema: { tags, body: FlowCreate, response: { 201: Flow, 409: ErrorReply, 422: ErrorReply } } },
    async (request, reply) => reply.status(201).send(await createFlow(ctx, request.body)),
  );

  app.get(
    '/api/admin/flows/:id',
    { schema: { tags, params: IdParam, response: { 200: Flow, 404: ErrorReply } } },
    async (request) => getFlow(ctx, Number(request.params.id)),
  );

  app.patch(
    '/api/admin/flows/:id',
    {
      schema: {
        tags,
        params: IdParam,
        body: FlowUpdate,
        response: { 200: Flow, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => updateFlow(ctx, Number(request.params.id), request.body),
  );
}

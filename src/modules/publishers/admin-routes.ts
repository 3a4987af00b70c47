import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { scopeOf } from '../auth/access-scope.js';
import { assignOffer, listAssignments, unassignOffer } from './assign-offer.js';
import { listPublisherRows } from './queries.js';
import {
  approvePublisher,
  createPublisher,
  getPublisher,
  presentPublisher,
  updatePublisher,
} from './save-publisher.js';
import {
  Assignment,
  AssignOfferBody,
  Publisher,
  PublisherCreate,
  PublisherListQuery,
  PublisherUpdate,
} from './schemas.js';

const tags = ['publishers'];

export function publisherAdminRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/publishers',
    { schema: { tags, querystring: PublisherListQuery, response: { 200: Page(Publisher) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listPublisherRows(ctx.db, request.query, limit, offset, scopeOf(request));
      return { data: rows.map(presentPublisher), page, per_page: perPage, total };
    },
  );

  app.post(
    '/api/admin/publishers',
    { schema: { tags, body: PublisherCreate, response: { 201: Publisher, 409: ErrorReply } } },
    async (request, reply) => reply.status(201).send(await createPublisher(ctx, request.body)),
  );

  app.get(
    '/api/admin/publishers/:id',
    { schema: { tags, params: IdParam, response: { 200: Publisher, 404: ErrorReply } } },
    async (request) => getPublisher(ctx, Number(request.params.id)),
  );

  app.patch(
    '/api/admin/publishers/:id',
    {
      schema: { tags, params: IdParam, body: PublisherUpdate, response: { 200: Publisher, 404: ErrorReply } },
    },
    async (request) => updatePublisher(ctx, Number(request.params.id), request.body),
  );

  app.post(
    '/api/admin/publishers/:id/approve',
    { schema: { tags, params: IdParam, response: { 200: Publisher, 404: ErrorReply } } },
    async (request) => approvePublisher(ctx, Number(request.params.id)),
  );

  app.get(
    '/api/admin/publishers/:id/offers',
    { schema: { tags, params: IdParam, response: { 200: Type.Object({ data: Type.Array(Assignment) }) } } },
    async (request) => ({ data: await listAssignments(ctx, Number(request.params.id)) }),
  );

  app.post(
    '/api/admin/publishers/:id/offers',
    {
      schema: {
        tags,
        summary: 'Assign an offer (usually private) to a publisher, with an optional custom payout',
        params: IdParam,
        body: AssignOfferBody,
        response: { 201: Assignment, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await assignOffer(ctx, Number(request.params.id), request.body)),
  );

  app.delete(
    '/api/admin/publishers/:id/offers/:offer_id',
    {
      schema: {
        tags,
        params: Type.Object({
          id: Type.String({ pattern: '^[0-9]{1,15}$' }),
          offer_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
        }),
      },
    },
    async (request, reply) => {
      await unassignOffer(ctx, Number(request.params.id), Number(request.params.offer_id));
      return reply.status(204).send();
    },
  );
}

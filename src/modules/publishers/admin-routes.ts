import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { idsOf } from '../../http/export-schemas.js';
import { listExportRoutes } from '../../http/list-export.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { CsvExport } from '../../lib/csv-stream.js';
import { scopeOf } from '../auth/access-scope.js';
import { assignOffer, listAssignments, unassignOffer } from './assign-offer.js';
import { bulkPublishers, PublisherBulkBody, PublisherBulkReply } from './bulk-publishers.js';
import { listPublisherRows, publisherRowsAfter } from './queries.js';

type PublisherRow = Awaited<ReturnType<typeof publisherRowsAfter>>[number];

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

  listExportRoutes(app, ctx, {
    path: '/api/admin/publishers',
    list: 'publishers',
    tags,
    what: 'publisher',
    query: PublisherListQuery,
    spec: (query, request): CsvExport<PublisherRow, number> => {
      const scope = scopeOf(request);
      const ids = idsOf(query.ids)?.map(Number);
      return {
        columns: ['id', 'name', 'email', 'status', 'postback_url', 'created_at', 'updated_at'],
        page: (after: number | undefined, limit: number) =>
          publisherRowsAfter(ctx.db, query, scope, after, limit, ids),
        idOf: (row) => Number(row.id),
        present: presentPublisher,
      };
    },
  });

  app.post(
    '/api/admin/publishers/bulk',
    {
      schema: {
        tags,
        summary: 'Approve or suspend the selected publishers or all the filter matches: one transaction',
        body: PublisherBulkBody,
        response: { 200: PublisherBulkReply, 400: ErrorReply },
      },
    },
    async (request) => bulkPublishers(ctx, request.body, scopeOf(request)),
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

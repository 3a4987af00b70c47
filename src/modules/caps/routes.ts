import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import { createCap, listCaps, updateCap } from './manage-caps.js';
import { CapCreate, CapListQuery, CapUpdate, CapView } from './schemas.js';

const tags = ['caps'];

export function capAdminRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/caps',
    {
      schema: {
        tags,
        summary: 'Caps with the running period’s usage (of one offer and/or publisher)',
        querystring: CapListQuery,
        response: { 200: Type.Array(CapView) },
      },
    },
    async (request) =>
      listCaps(ctx, {
        offerId: request.query.offer_id ? Number(request.query.offer_id) : undefined,
        publisherId: request.query.publisher_id ? Number(request.query.publisher_id) : undefined,
      }),
  );

  app.post(
    '/api/admin/caps',
    {
      schema: {
        tags,
        summary: 'Create a cap per offer, publisher or offer × publisher',
        body: CapCreate,
        response: { 201: CapView, 422: ErrorReply },
      },
    },
    async (request, reply) => reply.status(201).send(await createCap(ctx, request.body)),
  );

  app.patch(
    '/api/admin/caps/:id',
    {
      schema: {
        tags,
        summary: 'Change a cap’s limit, mode or action, or switch it off',
        params: IdParam,
        body: CapUpdate,
        response: { 200: CapView, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => updateCap(ctx, Number(request.params.id), request.body),
  );
}

/** A publisher's own caps (those naming them), active ones only, with usage. */
export function capPortalRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/publisher/caps',
    { schema: { tags: ['publisher portal'], response: { 200: Type.Array(CapView) } } },
    async (request) => listCaps(ctx, { publisherId: principalOf(request).id, activeOnly: true }),
  );
}

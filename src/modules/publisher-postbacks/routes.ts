import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import { POSTBACK_EVENTS, POSTBACK_PRESETS } from './presets.js';
import { createPostback, deletePostback, listPostbacks, updatePostback } from './save-postback.js';
import { Postback, PostbackCreate, PostbackUpdate, TestPostbackReply } from './schemas.js';
import { sendTestPostback } from './test-postback.js';

const TestQuery = Type.Object(
  { event: Type.Optional(Type.Union(POSTBACK_EVENTS.map((e) => Type.Literal(e)))) },
  { additionalProperties: false },
);

/** The publisher's own postbacks (inside the publisher-authenticated scope). */
export function publisherPostbackRoutes(portal: App, ctx: AppContext) {
  const tags = ['publisher postbacks'];
  portal.get('/api/publisher/postback-presets', { schema: { tags } }, async () => ({
    data: Object.values(POSTBACK_PRESETS).map((p) => ({
      key: p.key,
      name: p.name,
      url: p.url,
      method: p.method,
      status_words: p.statusWords,
      events: p.events,
      default_events: p.defaultEvents,
      cancel_payout: p.cancelPayout,
      tracker_key: p.trackerKey ?? null,
      path_required: p.pathRequired ?? false,
      click_macro: p.clickMacro,
      docs_url: p.docsUrl,
      setup: p.setup,
    })),
    events: POSTBACK_EVENTS,
  }));
  portal.get(
    '/api/publisher/postbacks',
    { schema: { tags, response: { 200: Type.Object({ data: Type.Array(Postback) }) } } },
    async (request) => ({
      data: await listPostbacks(ctx, principalOf(request).id),
    }),
  );
  portal.post(
    '/api/publisher/postbacks',
    { schema: { tags, body: PostbackCreate, response: { 201: Postback, 422: ErrorReply } } },
    async (request, reply) =>
      reply.status(201).send(await createPostback(ctx, principalOf(request).id, request.body)),
  );
  portal.patch(
    '/api/publisher/postbacks/:id',
    { schema: { tags, params: IdParam, body: PostbackUpdate, response: { 200: Postback, 404: ErrorReply } } },
    async (request) => updatePostback(ctx, principalOf(request).id, Number(request.params.id), request.body),
  );
  portal.delete(
    '/api/publisher/postbacks/:id',
    { schema: { tags, params: IdParam } },
    async (request, reply) => {
      await deletePostback(ctx, principalOf(request).id, Number(request.params.id));
      return reply.status(204).send();
    },
  );
  portal.post(
    '/api/publisher/postbacks/:id/test',
    {
      schema: {
        tags,
        params: IdParam,
        querystring: TestQuery,
        response: { 200: TestPostbackReply, 404: ErrorReply },
      },
    },
    async (request) =>
      sendTestPostback(ctx, principalOf(request).id, Number(request.params.id), request.query.event),
  );
}

/** The same, for an admin acting on a publisher's behalf. */
export function adminPostbackRoutes(admin: App, ctx: AppContext) {
  const tags = ['publisher postbacks'];
  const params = Type.Object({
    id: Type.String({ pattern: '^[0-9]{1,15}$' }),
    postback_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
  });
  admin.get(
    '/api/admin/publishers/:id/postbacks',
    { schema: { tags, params: IdParam } },
    async (request) => ({
      data: await listPostbacks(ctx, Number(request.params.id)),
    }),
  );
  admin.post(
    '/api/admin/publishers/:id/postbacks',
    { schema: { tags, params: IdParam, body: PostbackCreate, response: { 201: Postback, 422: ErrorReply } } },
    async (request, reply) =>
      reply.status(201).send(await createPostback(ctx, Number(request.params.id), request.body)),
  );
  admin.patch(
    '/api/admin/publishers/:id/postbacks/:postback_id',
    { schema: { tags, params, body: PostbackUpdate, response: { 200: Postback, 404: ErrorReply } } },
    async (request) =>
      updatePostback(ctx, Number(request.params.id), Number(request.params.postback_id), request.body),
  );
  admin.post(
    '/api/admin/publishers/:id/postbacks/:postback_id/test',
    {
      schema: {
        tags,
        params,
        querystring: TestQuery,
        response: { 200: TestPostbackReply, 404: ErrorReply },
      },
    },
    async (request) =>
      sendTestPostback(
        ctx,
        Number(request.params.id),
        Number(request.params.postback_id),
        request.query.event,
      ),
  );
}

import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { cookiesOf } from '../../http/cookies.js';
import { ErrorReply, IdParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { CLICK_COOKIE } from '../clicks/answer-tracking.js';
import { ORDER_FORM_SNIPPET } from './order-form.js';
import { HOSTED_FILE_HEADERS, serveSiteFile } from './serve-site.js';
import {
  createSite,
  deleteSite,
  deleteSiteFile,
  getSite,
  listSites,
  putSiteFile,
  readSiteFile,
  Site,
  SiteCreate,
  SiteFileInput,
  SiteUpdate,
  updateSite,
} from './sites.js';

const tags = ['local sites'];
/** Uploads carry base64 files: allow more than the 1 MiB of other routes. */
const UPLOAD_LIMIT = 12 * 1024 * 1024;

export function siteAdminRoutes(admin: App, ctx: AppContext) {
  admin.get(
    '/api/admin/sites',
    {
      schema: {
        tags,
        querystring: Type.Object({ offer_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })) }),
        response: { 200: Type.Object({ data: Type.Array(Site) }) },
      },
    },
    async (request) => ({
      data: await listSites(ctx, request.query.offer_id ? Number(request.query.offer_id) : undefined),
    }),
  );
  admin.post(
    '/api/admin/sites',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: { tags, body: SiteCreate, response: { 201: Site, 409: ErrorReply, 422: ErrorReply } },
    },
    async (request, reply) => reply.status(201).send(await createSite(ctx, request.body)),
  );
  admin.get('/api/admin/sites/order-form-snippet', { schema: { tags } }, async (_request, reply) =>
    reply.header('content-type', 'text/plain; charset=utf-8').send(ORDER_FORM_SNIPPET),
  );
  admin.get(
    '/api/admin/sites/:id',
    { schema: { tags, params: IdParam, response: { 200: Site, 404: ErrorReply } } },
    async (request) => getSite(ctx, Number(request.params.id)),
  );
  admin.patch(
    '/api/admin/sites/:id',
    { schema: { tags, params: IdParam, body: SiteUpdate, response: { 200: Site, 404: ErrorReply } } },
    async (request) => updateSite(ctx, Number(request.params.id), request.body),
  );
  admin.delete('/api/admin/sites/:id', { schema: { tags, params: IdParam } }, async (request, reply) => {
    await deleteSite(ctx, Number(request.params.id));
    return reply.status(204).send();
  });
  admin.put(
    '/api/admin/sites/:id/files',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags,
        params: IdParam,
        body: SiteFileInput,
        response: { 200: Site, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => putSiteFile(ctx, Number(request.params.id), request.body),
  );
  admin.get(
    '/api/admin/sites/:id/file',
    {
      schema: {
        tags,
        summary: "One file's stored content (macros unfilled), for editing",
        params: IdParam,
        querystring: Type.Object({ path: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: {
          200: Type.Object({
            path: Type.String(),
            content_type: Type.String(),
            content_base64: Type.String(),
          }),
          404: ErrorReply,
        },
      },
    },
    async (request) => readSiteFile(ctx, Number(request.params.id), request.query.path),
  );
  admin.delete(
    '/api/admin/sites/:id/files',
    {
      schema: {
        tags,
        params: IdParam,
        querystring: Type.Object({ path: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      await deleteSiteFile(ctx, Number(request.params.id), request.query.path);
      return reply.status(204).send();
    },
  );
}

/** Public: the hosted pages themselves, under /s/<slug>/. */
export function sitePublicRoutes(app: App, ctx: AppContext) {
  // On every answer of these routes, the 404s and refused requests too.
  const onSend = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.headers(HOSTED_FILE_HEADERS);
    return payload;
  };
  const query = Type.Object({
    click_id: Type.Optional(Type.String({ maxLength: 64 })),
    click: Type.Optional(Type.String({ maxLength: 64 })),
  });
  app.get(
    '/s/:slug',
    { onSend, schema: { tags, hide: true, params: Type.Object({ slug: Type.String({ maxLength: 48 }) }) } },
    async (request, reply) => {
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`/s/${encodeURIComponent(request.params.slug)}/${search}`, 301);
    },
  );
  app.get(
    '/s/:slug/*',
    {
      onSend,
      schema: {
        tags,
        summary: 'A hosted landing page with the click macros filled',
        params: Type.Object({ slug: Type.String({ maxLength: 48 }), '*': Type.String() }),
        querystring: query,
      },
    },
    async (request, reply) => {
      const file = await serveSiteFile(
        ctx,
        request.params.slug,
        request.params['*'],
        // A visitor back on the page without the click in its URL: the tracking cookie's click.
        request.query.click_id ?? request.query.click ?? cookiesOf(request)[CLICK_COOKIE],
      );
      if (!file)
        return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
      return reply
        .status(file.status)
        .header('content-type', file.contentType)
        .header('cache-control', file.cacheControl)
        .send(file.body);
    },
  );
}

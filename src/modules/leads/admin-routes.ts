import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { AppContext } from '../../context.js';
import { idsOf } from '../../http/export-schemas.js';
import { listExportRoutes } from '../../http/list-export.js';
import { ErrorReply, IdParam, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ValidationError } from '../../lib/errors.js';
import { scopeOf } from '../auth/access-scope.js';
import { principalOf } from '../auth/guards.js';
import { bulkLeads, LeadBulkBody, LeadBulkReply } from './bulk-leads.js';
import { IMPORT_MAX_BYTES, importLeads, SAMPLE_CSV } from './import-leads.js';
import { retryLeadPush } from './retry-push.js';
import {
  ImportQuery,
  ImportReport,
  Lead,
  LeadDetail,
  LeadIdParam,
  LeadListQuery,
  LeadPage,
  TestLeadBody,
  TestLeadReply,
} from './schemas.js';
import { testAdvertiserPush } from './test-lead.js';
import { getLeadDetail, leadExport, listLeads, presentLead } from './view-leads.js';

const tags = ['leads'];

/** The leads table, lead detail with its push attempts, push retry, CSV import and the advertiser test lead. */
export async function leadAdminRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/leads',
    { schema: { tags, querystring: LeadListQuery, response: { 200: LeadPage } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { leads, total, counts } = await listLeads(ctx, request.query, limit, offset, scopeOf(request));
      return { data: leads, page, per_page: perPage, total, counts };
    },
  );

  listExportRoutes(app, ctx, {
    path: '/api/admin/leads',
    list: 'leads',
    tags,
    what: 'lead',
    query: LeadListQuery,
    spec: (query, request) => leadExport(ctx, query, scopeOf(request), idsOf(query.ids)),
  });

  app.post(
    '/api/admin/leads/bulk',
    {
      schema: {
        tags,
        summary:
          'Change the status (with a reason) of, or push again, the selected leads or all the filter matches: one transaction',
        body: LeadBulkBody,
        response: { 200: LeadBulkReply, 400: ErrorReply },
      },
    },
    async (request) => bulkLeads(ctx, request.body, principalOf(request).id, scopeOf(request)),
  );

  app.get(
    '/api/admin/leads/import/sample.csv',
    { schema: { tags, summary: 'A sample CSV for the lead import, every column filled in' } },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="leads-sample.csv"')
        .send(SAMPLE_CSV),
  );

  app.get(
    '/api/admin/leads/:id',
    { schema: { tags, params: LeadIdParam, response: { 200: LeadDetail, 404: ErrorReply } } },
    async (request) => getLeadDetail(ctx, request.params.id),
  );

  app.post(
    '/api/admin/leads/:id/push',
    {
      schema: {
        tags,
        summary: 'Push a lead whose push failed again (a fresh job with all its attempts)',
        params: LeadIdParam,
        response: { 200: Lead, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request) => presentLead(await retryLeadPush(ctx, request.params.id)),
  );

  app.post(
    '/api/admin/advertisers/:id/test-lead',
    {
      schema: {
        tags: ['advertisers'],
        summary:
          'Show the exact push request for a sample lead (send: false), or send it and show the answer',
        params: IdParam,
        body: TestLeadBody,
        response: { 200: TestLeadReply, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => testAdvertiserPush(ctx, Number(request.params.id), request.body ?? {}),
  );

  await app.register(async (scope: App) => {
    // The file is read as a stream, never buffered: the app's 1 MiB body limit does not apply here.
    scope.addContentTypeParser(['text/csv', 'application/csv', 'text/plain'], (_request, payload, done) =>
      done(null, payload),
    );
    await scope.register(multipart, {
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, parts: 20 },
    });
    scope.post(
      '/api/admin/leads/import',
      {
        schema: {
          tags,
          summary: 'Import leads for an offer from CSV (text/csv body or a multipart file)',
          querystring: ImportQuery,
          response: { 200: ImportReport, 404: ErrorReply, 413: ErrorReply, 422: ErrorReply },
        },
      },
      async (request) => {
        let source: Readable;
        if (request.isMultipart()) {
          const file = await request.file();
          if (!file)
            throw new ValidationError(
              'send the CSV as a file field of the form',
              'file',
              'import_file_required',
            );
          source = file.file;
        } else if (request.body && typeof (request.body as Readable).pipe === 'function') {
          source = request.body as Readable;
        } else {
          throw new ValidationError(
            'send the CSV as a text/csv body or a multipart/form-data file',
            'file',
            'import_file_required',
          );
        }
        const q = request.query;
        return importLeads(ctx, source, {
          offerId: Number(q.offer_id),
          publisherId: q.publisher_id === undefined ? undefined : Number(q.publisher_id),
          push: q.push !== false,
        });
      },
    );
  });
}

import type { AppContext } from '../../context.js';
import { listExportRoutes } from '../../http/list-export.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { CsvExport } from '../../lib/csv-stream.js';
import { NotFoundError } from '../../lib/errors.js';
import { rangeEnd, rangeStart } from '../../lib/time.js';
import { TextIdParam } from '../jobs/schemas.js';
import { previewPostback } from './preview-postback.js';
import {
  findPostbackLogRow,
  listPostbackLogRows,
  type PostbackLogFilter,
  type PostbackLogRow,
  postbackLogRowsAfter,
} from './queries.js';
import {
  type PostbackLogEntry,
  PostbackLogEntry as PostbackLogEntrySchema,
  PostbackLogQuery,
  PostbackPreviewBody,
  PostbackPreviewReply,
} from './schemas.js';

const idText = (id: number | null) => (id === null ? null : String(id));

const LOG_EXPORT_COLUMNS = [
  'id',
  'created_at',
  'endpoint',
  'method',
  'ip',
  'answer_status',
  'answer_code',
  'message',
  'advertiser_id',
  'offer_id',
  'flow_id',
  'click_id',
  'lead_id',
  'conversion_id',
  'status',
  'goal',
  'params',
  'changes',
  'warnings',
  'duration_ms',
];

function logFilterOf(q: PostbackLogQuery): PostbackLogFilter {
  return {
    flowId: q.flow_id ? Number(q.flow_id) : undefined,
    clickId: q.click_id,
    advertiserId: q.advertiser_id ? Number(q.advertiser_id) : undefined,
    answerStatus: q.answer_status,
    answerCode: q.answer_code,
    endpoint: q.endpoint,
    from: q.from ? rangeStart(q.from) : undefined,
    to: q.to ? rangeEnd(q.to) : undefined,
  };
}

export function presentPostbackLog(row: PostbackLogRow): PostbackLogEntry {
  return {
    ...row,
    params: JSON.parse(row.params),
    unknown_params: JSON.parse(row.unknown_params),
    advertiser_id: idText(row.advertiser_id),
    offer_id: idText(row.offer_id),
    flow_id: idText(row.flow_id),
    changes: JSON.parse(row.changes),
    warnings: JSON.parse(row.warnings),
    // Rows logged before 0053 have no codes: the web shows their English.
    warning_codes: row.warning_codes ? JSON.parse(row.warning_codes) : [],
  };
}

/** The postback log (seed 002 "Postback Log & Debugging"): every inbound postback and ingest call. */
export function postbackAdminRoutes(app: App, ctx: AppContext) {
  const tags = ['postbacks'];
  app.get(
    '/api/admin/postbacks',
    { schema: { tags, querystring: PostbackLogQuery, response: { 200: Page(PostbackLogEntrySchema) } } },
    async (request) => {
      const q = request.query;
      const { page, perPage, limit, offset } = pageWindow(q);
      const { rows, total } = await listPostbackLogRows(ctx.db, logFilterOf(q), q, limit, offset);
      return { data: rows.map(presentPostbackLog), page, per_page: perPage, total };
    },
  );

  listExportRoutes(app, ctx, {
    path: '/api/admin/postbacks',
    list: 'postback-log',
    tags,
    what: 'postback log row',
    query: PostbackLogQuery,
    spec: (query): CsvExport<PostbackLogRow, string> => {
      const filter = logFilterOf(query);
      return {
        columns: LOG_EXPORT_COLUMNS,
        page: (after, limit) => postbackLogRowsAfter(ctx.db, filter, after, limit),
        idOf: (row) => row.id,
        present: presentPostbackLog,
      };
    },
  });

  app.get(
    '/api/admin/postbacks/:id',
    { schema: { tags, params: TextIdParam, response: { 200: PostbackLogEntrySchema, 404: ErrorReply } } },
    async (request) => {
      const row = await findPostbackLogRow(ctx.db, request.params.id);
      if (!row) throw new NotFoundError('postback');
      return presentPostbackLog(row);
    },
  );

  app.post(
    '/api/admin/advertisers/:id/postback-preview',
    {
      schema: {
        tags,
        summary:
          'Postback inspector: what a pasted postback URL would do (click, lead, status, money, warnings) and a proposed inbound profile; nothing is changed',
        params: IdParam,
        body: PostbackPreviewBody,
        response: { 200: PostbackPreviewReply, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) =>
      previewPostback(ctx, Number(request.params.id), request.body.url, request.body.profile),
  );
}

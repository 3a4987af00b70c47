import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { idsOf } from '../../http/export-schemas.js';
import { listExportRoutes } from '../../http/list-export.js';
import { ErrorReply, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { CsvExport } from '../../lib/csv-stream.js';
import { NotFoundError } from '../../lib/errors.js';
import { rangeEnd, rangeStart } from '../../lib/time.js';
import { type AccessScope, scopeOf } from '../auth/access-scope.js';
import { principalOf } from '../auth/guards.js';
import { TextIdParam } from '../jobs/schemas.js';
import { bulkConversions, ConversionBulkBody, ConversionBulkReply } from './bulk-conversions.js';
import { changeLeadStatusByHand } from './change-lead-status.js';
import { presentConversion, presentHistory } from './present.js';
import {
  type ConversionFilter,
  type ConversionRow,
  conversionRowsAfter,
  findConversion,
  historyOfLead,
  listConversionRows,
} from './queries.js';
import {
  Conversion,
  ConversionListQuery,
  HistoryEntry,
  LeadIdParam,
  ManualStatusBody,
  StatusChangeReply,
} from './schemas.js';

export function conversionFilterOf(q: ConversionListQuery, scope?: AccessScope): ConversionFilter {
  return {
    offerId: q.offer_id ? Number(q.offer_id) : undefined,
    publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
    advertiserId: q.advertiser_id ? Number(q.advertiser_id) : undefined,
    flowId: q.flow_id ? Number(q.flow_id) : undefined,
    leadId: q.lead_id,
    status: q.status,
    goal: q.goal,
    from: q.from ? rangeStart(q.from) : undefined,
    to: q.to ? rangeEnd(q.to) : undefined,
    ...(scope ? { scope } : {}),
  };
}

const CONVERSION_EXPORT_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'lead_id',
  'lead_external_id',
  'click_id',
  'offer_id',
  'advertiser_id',
  'publisher_id',
  'flow_id',
  'goal',
  'status',
  'adv_payout',
  'pub_payout',
  'profit',
  'currency',
  'comment',
];

/** The conversions export (CSV or XLSX): every conversion the filter matches, paged by id. */
export function conversionExport(
  ctx: AppContext,
  filter: ConversionFilter,
  ids?: readonly string[],
  columns: readonly string[] = CONVERSION_EXPORT_COLUMNS,
) {
  return {
    columns,
    page: (after: string | undefined, limit) => conversionRowsAfter(ctx.db, filter, after, limit, ids),
    idOf: (row) => row.id,
    present: presentConversion,
  } satisfies CsvExport<ConversionRow, string>;
}

export function conversionAdminRoutes(app: App, ctx: AppContext) {
  const tags = ['conversions'];
  app.get(
    '/api/admin/conversions',
    { schema: { tags, querystring: ConversionListQuery, response: { 200: Page(Conversion) } } },
    async (request) => {
      const q = request.query;
      const { page, perPage, limit, offset } = pageWindow(q);
      const filter = conversionFilterOf(q, scopeOf(request));
      const { rows, total } = await listConversionRows(ctx.db, filter, q, limit, offset);
      return { data: rows.map(presentConversion), page, per_page: perPage, total };
    },
  );

  listExportRoutes(app, ctx, {
    path: '/api/admin/conversions',
    list: 'conversions',
    tags,
    what: 'conversion',
    query: ConversionListQuery,
    spec: (query, request) =>
      conversionExport(ctx, conversionFilterOf(query, scopeOf(request)), idsOf(query.ids)),
  });

  app.post(
    '/api/admin/conversions/bulk',
    {
      schema: {
        tags,
        summary:
          'Change the status (approve, reject, reverse…) of the selected conversions or all the filter matches, with a reason: one transaction, the ledger as for single changes',
        body: ConversionBulkBody,
        response: { 200: ConversionBulkReply, 400: ErrorReply },
      },
    },
    async (request) => bulkConversions(ctx, request.body, principalOf(request).id, scopeOf(request)),
  );

  app.get(
    '/api/admin/conversions/:id',
    { schema: { tags, params: TextIdParam, response: { 200: Conversion, 404: ErrorReply } } },
    async (request) => {
      const row = await findConversion(ctx.db, request.params.id);
      if (!row) throw new NotFoundError('conversion');
      return presentConversion(row);
    },
  );

  app.post(
    '/api/admin/leads/:id/status',
    {
      schema: {
        tags,
        summary: "Change a lead's status (and goal) by hand, with a reason; same pipeline as postbacks",
        params: LeadIdParam,
        body: ManualStatusBody,
        response: { 200: StatusChangeReply, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => changeLeadStatusByHand(ctx, request.params.id, request.body, principalOf(request).id),
  );

  app.get(
    '/api/admin/leads/:id/status-history',
    {
      schema: {
        tags,
        params: LeadIdParam,
        response: { 200: Type.Object({ data: Type.Array(HistoryEntry) }) },
      },
    },
    async (request) => ({ data: (await historyOfLead(ctx.db, request.params.id)).map(presentHistory) }),
  );
}

import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { listExportRoutes } from '../../http/list-export.js';
import { ErrorReply, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { CsvExport } from '../../lib/csv-stream.js';
import { InvalidQueryError, NotFoundError } from '../../lib/errors.js';
import { clientIp } from '../../lib/ip.js';
import { rangeEnd, rangeStart } from '../../lib/time.js';
import { answerTracking } from './answer-tracking.js';
import { findClick } from './find-click.js';
import { type ClickFilter, type ClickRow, clickRowsAfter, listClickRows } from './queries.js';
import { clickReference, normaliseReference, referenceSearch } from './reference.js';
import { Click, ClickListQuery, ClickQuery, FlowClickParams, OpenQuery, RefQuery } from './schemas.js';

/** Fastify's query parser gives arrays for repeated keys; tracking takes the first value. */
function firstValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

async function reply(ctx: AppContext, request: FastifyRequest, replyTo: FastifyReply) {
  const answer = await answerTracking(ctx, {
    path: request.url.split('?')[0] ?? '/',
    query: firstValues(request.query),
    headers: request.headers,
    ip: clientIp(request),
  });
  if (!answer) return replyTo.callNotFound();
  return replyTo.status(answer.status).headers(answer.headers).send(answer.body);
}

// answerTracking validates (the same way on the raw fast path); the schemas here document the routes.
const acceptAll = () => () => true;

/**
 * The tracking endpoints as Fastify routes. Real traffic on a listening server takes the raw fast
 * path in front of Fastify (src/http/fast-path.ts); both end in answerTracking.
 */
export function clickRoutes(app: App, ctx: AppContext) {
  const tags = ['tracking'];
  app.get(
    '/click',
    {
      validatorCompiler: acceptAll,
      config: { acceptsNul: true },
      schema: { tags, summary: 'Record a click and redirect to the landing page', querystring: ClickQuery },
    },
    (request, replyTo) => reply(ctx, request, replyTo),
  );
  app.get(
    '/f/:code',
    {
      validatorCompiler: acceptAll,
      config: { acceptsNul: true },
      schema: {
        tags,
        summary: 'Record a click through a flow',
        params: FlowClickParams,
        querystring: OpenQuery,
      },
    },
    (request, replyTo) => reply(ctx, request, replyTo),
  );
  app.get(
    '/go/:code',
    {
      validatorCompiler: acceptAll,
      config: { acceptsNul: true },
      schema: {
        tags,
        summary: "A publisher's smart link: picks the offer for the visitor, then records the click",
        params: FlowClickParams,
        querystring: OpenQuery,
      },
    },
    (request, replyTo) => reply(ctx, request, replyTo),
  );
  app.get(
    '/r',
    {
      validatorCompiler: acceptAll,
      config: { acceptsNul: true },
      schema: {
        tags,
        summary: 'Referral link: 60-day cookie, first click keeps attribution',
        querystring: RefQuery,
      },
    },
    (request, replyTo) => reply(ctx, request, replyTo),
  );
}

export function presentClick(row: ClickRow): Click {
  return {
    ...row,
    offer_id: row.offer_id === null ? null : String(row.offer_id),
    publisher_id: row.publisher_id === null ? null : String(row.publisher_id),
    flow_id: row.flow_id === null ? null : String(row.flow_id),
    is_unique: row.is_unique === 1,
    params: JSON.parse(row.params),
    hosting: Number(row.hosting ?? 0) === 1,
    reference: clickReference(row.id),
  };
}

const CLICK_EXPORT_COLUMNS = [
  'id',
  'created_at',
  'status',
  'reject_reason',
  'source',
  'offer_id',
  'publisher_id',
  'flow_id',
  'is_unique',
  'country',
  'ip',
  'user_agent',
  'referer',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'fbclid',
  'gclid',
  'destination',
];

function clickFilterOf(ctx: AppContext, q: ClickListQuery): ClickFilter {
  const ref = q.ref === undefined ? undefined : normaliseReference(q.ref);
  if (q.ref !== undefined && !ref)
    throw new InvalidQueryError('ref must be a reference such as K7Q2-9MXD', 'ref');
  return {
    offerId: q.offer_id ? Number(q.offer_id) : undefined,
    publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
    flowId: q.flow_id ? Number(q.flow_id) : undefined,
    country: q.country?.toUpperCase(),
    status: q.status,
    rejectReason: q.reject_reason,
    reference: ref ? referenceSearch(ref, ctx.clock.now().getTime()) : undefined,
    hosting: q.hosting === undefined ? undefined : q.hosting === 'true',
    from: q.from ? rangeStart(q.from) : undefined,
    to: q.to ? rangeEnd(q.to) : undefined,
  };
}

export function clickAdminRoutes(app: App, ctx: AppContext) {
  const tags = ['clicks'];
  app.get(
    '/api/admin/clicks',
    { schema: { tags, querystring: ClickListQuery, response: { 200: Page(Click) } } },
    async (request) => {
      const q = request.query;
      const { page: n, perPage, limit, offset } = pageWindow(q);
      const { rows, total } = await listClickRows(ctx.db, clickFilterOf(ctx, q), q, limit, offset);
      return { data: rows.map(presentClick), page: n, per_page: perPage, total };
    },
  );

  listExportRoutes(app, ctx, {
    path: '/api/admin/clicks',
    list: 'clicks',
    tags,
    what: 'click',
    query: ClickListQuery,
    spec: (query): CsvExport<ClickRow, string> => {
      const filter = clickFilterOf(ctx, query);
      return {
        columns: CLICK_EXPORT_COLUMNS,
        page: (after, limit) => clickRowsAfter(ctx.db, filter, after, limit),
        idOf: (row) => row.id,
        present: presentClick,
      };
    },
  });

  app.get(
    '/api/admin/clicks/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Click, 404: ErrorReply },
      },
    },
    async (request) => {
      // A click still in the write batch is shown too: nothing accepted is invisible.
      const row = await findClick(ctx, request.params.id);
      if (!row) throw new NotFoundError('click');
      return presentClick(row as ClickRow);
    },
  );
}

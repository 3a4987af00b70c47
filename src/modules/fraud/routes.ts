import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { idsOf } from '../../http/export-schemas.js';
import { listExportRoutes } from '../../http/list-export.js';
import { ErrorReply, IdParam, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { CsvExport } from '../../lib/csv-stream.js';
import { rangeEnd, rangeStart } from '../../lib/time.js';
import { BlockedIp, blockIp, listBlockedIps, unblockIp } from './blocklist.js';
import {
  type EventRow,
  FraudEvent,
  type FraudEventFilter,
  type FraudEventKey,
  FraudEventQuery,
  fraudEventKey,
  fraudEventsAfter,
  listFraudEvents,
  presentFraudEvent,
} from './events.js';
import { FraudRule, FraudRuleUpdate, listFraudRules, updateFraudRule } from './rules.js';

const tags = ['fraud'];

/** The export's columns: the list's fields, in the API's order. */
const EVENT_EXPORT_COLUMNS = ['created_at', 'kind', 'rule', 'id', 'ip', 'offer_id', 'publisher_id', 'detail'];

function eventFilterOf(q: FraudEventQuery): FraudEventFilter {
  return {
    rule: q.rule,
    kind: q.kind,
    ip: q.ip,
    offerId: q.offer_id === undefined ? undefined : Number(q.offer_id),
    publisherId: q.publisher_id === undefined ? undefined : Number(q.publisher_id),
    from: q.from ? rangeStart(q.from) : undefined,
    to: q.to ? rangeEnd(q.to) : undefined,
  };
}

export function fraudRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/fraud/blocked-ips',
    { schema: { tags, querystring: Type.Object(Pagination), response: { 200: Page(BlockedIp) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listBlockedIps(ctx, limit, offset);
      return { data: rows, page, per_page: perPage, total };
    },
  );

  app.post(
    '/api/admin/fraud/blocked-ips',
    {
      schema: {
        tags,
        summary: 'Block an address or CIDR range at every click and lead',
        body: Type.Object(
          {
            ip: Type.String({ minLength: 2, maxLength: 64 }),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: BlockedIp, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => reply.status(201).send(await blockIp(ctx, request.body)),
  );

  app.delete(
    '/api/admin/fraud/blocked-ips/:id',
    { schema: { tags, params: IdParam } },
    async (request, reply) => {
      await unblockIp(ctx, Number(request.params.id));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/fraud/rules',
    { schema: { tags, summary: 'Fraud rules and their settings', response: { 200: Type.Array(FraudRule) } } },
    async () => listFraudRules(ctx),
  );

  app.put(
    '/api/admin/fraud/rules/:rule',
    {
      schema: {
        tags,
        summary: 'Turn a fraud rule on or off, or change its threshold and window',
        params: Type.Object({ rule: Type.String({ maxLength: 40 }) }),
        body: FraudRuleUpdate,
        response: { 200: FraudRule, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => updateFraudRule(ctx, request.params.rule, request.body),
  );

  app.get(
    '/api/admin/fraud/events',
    {
      schema: {
        tags,
        summary: 'Fraud events newest first: rejected clicks, spam/duplicate leads, manual blocks',
        querystring: FraudEventQuery,
        response: { 200: Page(FraudEvent) },
      },
    },
    async (request) => {
      const q = request.query;
      const { page, perPage, limit, offset } = pageWindow(q);
      const { rows, total } = await listFraudEvents(ctx, eventFilterOf(q), limit, offset);
      return { data: rows, page, per_page: perPage, total };
    },
  );

  listExportRoutes(app, ctx, {
    path: '/api/admin/fraud/events',
    list: 'fraud-events',
    tags,
    what: 'fraud event',
    query: FraudEventQuery,
    spec: (query): CsvExport<EventRow, FraudEventKey> => {
      const filter = eventFilterOf(query);
      const ids = idsOf(query.ids);
      return {
        columns: EVENT_EXPORT_COLUMNS,
        page: (after, limit) => fraudEventsAfter(ctx, filter, ids, after, limit),
        idOf: fraudEventKey,
        present: presentFraudEvent,
      };
    },
  });
}

import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, Nullable } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import {
  deleteSavedReport,
  listSavedReports,
  MAX_SAVED_REPORTS,
  SAVED_REPORT_KINDS,
  saveReport,
} from './saved-reports.js';

const Kind = Type.Union(
  SAVED_REPORT_KINDS.map((k) => Type.Literal(k)),
  { description: 'which report: grouped or custom (the portal has the grouped report)' },
);
const Relative = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 366, description: 'how many days the range spans' }),
    end_offset: Type.Integer({
      minimum: 0,
      maximum: 366,
      description: 'how many days before the day it is opened the range ends (0: today, 1: yesterday)',
    }),
  },
  { additionalProperties: false },
);
const SavedReport = Type.Object({
  id: Type.Integer(),
  report: Kind,
  name: Type.String(),
  params: Type.String({ description: "the report's query string (without from/to when relative)" }),
  relative: Nullable(Relative),
  created_at: Type.String(),
  updated_at: Type.String(),
});
const SaveBody = Type.Object(
  {
    report: Kind,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    params: Type.String({ maxLength: 4000, description: "the report's query string, as in its URL" }),
    relative: Type.Optional(Relative),
  },
  { additionalProperties: false },
);

/** GET/POST/DELETE <base>/saved-reports for the admin panel and the portal: each person's own. */
export function savedReportRoutes(app: App, ctx: AppContext, base: '/api/admin' | '/api/publisher') {
  const tags = [base === '/api/admin' ? 'reports' : 'publisher portal'];
  app.get(
    `${base}/saved-reports`,
    {
      schema: {
        tags,
        summary: 'Your saved reports (settings of the grouped or custom report), by name',
        querystring: Type.Object({ report: Type.Optional(Kind) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(SavedReport) }) },
      },
    },
    async (request) => ({ data: await listSavedReports(ctx, principalOf(request), request.query.report) }),
  );
  app.post(
    `${base}/saved-reports`,
    {
      schema: {
        tags,
        summary: `Save a report's settings under a name (the same name replaces them; at most ${MAX_SAVED_REPORTS} per report)`,
        body: SaveBody,
        response: { 200: SavedReport, 201: SavedReport, 400: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const { created, saved } = await saveReport(ctx, principalOf(request), request.body);
      return reply.code(created ? 201 : 200).send(saved);
    },
  );
  app.delete(
    `${base}/saved-reports/:id`,
    {
      schema: {
        tags,
        summary: 'Delete one of your saved reports',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request, reply) => {
      await deleteSavedReport(ctx, principalOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}

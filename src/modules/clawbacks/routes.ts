import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import { outstandingClawbacks } from './clawbacks.js';
import { deleteFinalityWindow, listFinalityWindows, saveFinalityWindow } from './finality-windows.js';
import {
  acceptPendingChange,
  listPendingChanges,
  presentPendingChange,
  refusePendingChange,
} from './pending-changes.js';
import {
  DecisionBody,
  FinalityWindow,
  FinalityWindowBody,
  FinalityWindowParams,
  OutstandingClawbacks,
  PendingChange,
  PendingChangeDecided,
} from './schemas.js';

const errors = { 404: ErrorReply, 409: ErrorReply, 422: ErrorReply };
const PendingIdParam = Type.Object({ id: Type.String({ pattern: '^[0-9A-Z]{26}$' }) });
const PendingQuery = Type.Object(
  {
    ...Pagination,
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('refused')]),
    ),
  },
  { additionalProperties: false },
);

/** Clawbacks outstanding, held status changes with accept/refuse, and finality windows (issue 17). */
export function clawbackAdminRoutes(admin: App, ctx: AppContext) {
  const tags = ['clawbacks'];
  admin.get(
    '/api/admin/clawbacks',
    {
      schema: {
        tags,
        summary: 'Publishers whose balance is below zero after reversals of paid money, with the conversions',
        response: { 200: Type.Object({ data: Type.Array(OutstandingClawbacks) }) },
      },
    },
    async () => ({ data: await outstandingClawbacks(ctx) }),
  );

  admin.get(
    '/api/admin/pending-changes',
    { schema: { tags, querystring: PendingQuery, response: { 200: Page(PendingChange) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listPendingChanges(
        ctx.db,
        { status: request.query.status },
        limit,
        offset,
      );
      return { data: rows.map(presentPendingChange), page, per_page: perPage, total };
    },
  );

  for (const decision of ['accept', 'refuse'] as const) {
    admin.post(
      `/api/admin/pending-changes/:id/${decision}`,
      {
        schema: {
          tags,
          summary:
            decision === 'accept'
              ? 'Apply a held status change now (as an admin change)'
              : 'Refuse a held status change: the conversion stays as it is',
          params: PendingIdParam,
          body: DecisionBody,
          response: { 200: PendingChangeDecided, ...errors },
        },
      },
      async (request) => {
        const actor = `admin:${principalOf(request).id}`;
        const note = request.body?.note?.trim() || undefined;
        return decision === 'accept'
          ? acceptPendingChange(ctx, request.params.id, actor, note)
          : refusePendingChange(ctx, request.params.id, actor, note);
      },
    );
  }

  admin.get(
    '/api/admin/finality-windows',
    { schema: { tags, response: { 200: Type.Object({ data: Type.Array(FinalityWindow) }) } } },
    async () => ({ data: await listFinalityWindows(ctx) }),
  );

  admin.put(
    '/api/admin/finality-windows/:scope/:id',
    {
      schema: {
        tags,
        summary: "Set an offer's or advertiser's finality window; an offer's wins over its advertiser's",
        params: FinalityWindowParams,
        body: FinalityWindowBody,
        response: { 200: FinalityWindow, ...errors },
      },
    },
    async (request) =>
      saveFinalityWindow(ctx, request.params.scope, Number(request.params.id), {
        days: request.body.days ?? null,
        when_paid: request.body.when_paid ?? false,
      }),
  );

  admin.delete(
    '/api/admin/finality-windows/:scope/:id',
    { schema: { tags, params: FinalityWindowParams } },
    async (request, reply) => {
      await deleteFinalityWindow(ctx, request.params.scope, Number(request.params.id));
      return reply.status(204).send();
    },
  );
}

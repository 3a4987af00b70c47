import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import {
  approveAccess,
  listAccessRequests,
  listMarketplace,
  rejectAccess,
  requestAccess,
} from './marketplace.js';
import { AccessRequest, MarketplaceOffer, RejectBody, RequestAccessBody } from './schemas.js';

const tags = ['marketplace'];
const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });

export function marketplacePortalRoutes(portal: App, ctx: AppContext) {
  portal.get(
    '/api/publisher/marketplace',
    { schema: { tags, response: { 200: Type.Object({ data: Type.Array(MarketplaceOffer) }) } } },
    async (request) => ({ data: await listMarketplace(ctx, principalOf(request).id) }),
  );
  portal.post(
    '/api/publisher/marketplace/:offer_id/request',
    {
      schema: {
        tags,
        params: Type.Object({ offer_id: NumericId }),
        body: Type.Optional(RequestAccessBody),
        response: { 201: AccessRequest, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await requestAccess(
            ctx,
            principalOf(request).id,
            Number(request.params.offer_id),
            request.body?.message,
          ),
        ),
  );
}

export function marketplaceAdminRoutes(admin: App, ctx: AppContext) {
  admin.get(
    '/api/admin/access-requests',
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            ...Pagination,
            status: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
            ),
            offer_id: Type.Optional(NumericId),
            publisher_id: Type.Optional(NumericId),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AccessRequest) },
      },
    },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const q = request.query;
      const { data, total } = await listAccessRequests(
        ctx,
        {
          status: q.status,
          offerId: q.offer_id ? Number(q.offer_id) : undefined,
          publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
        },
        limit,
        offset,
      );
      return { data, page, per_page: perPage, total };
    },
  );
  admin.post(
    '/api/admin/access-requests/:id/approve',
    {
      schema: {
        tags,
        params: IdParam,
        response: {
          200: Type.Object({
            request: AccessRequest,
            tracking_url: Type.String(),
            ref_code: Type.String(),
            referral_url: Type.String(),
          }),
          404: ErrorReply,
          409: ErrorReply,
          422: ErrorReply,
        },
      },
    },
    async (request) => approveAccess(ctx, Number(request.params.id)),
  );
  admin.post(
    '/api/admin/access-requests/:id/reject',
    {
      schema: {
        tags,
        params: IdParam,
        body: RejectBody,
        response: { 200: AccessRequest, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request) => rejectAccess(ctx, Number(request.params.id), request.body.reason),
  );
}

import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { listOfferRows } from './queries.js';
import { createOffer, getOffer, presentOffers, rotatePixelKey, updateOffer } from './save-offer.js';
import { Offer, OfferCreate, OfferListQuery, OfferUpdate, PixelKeyAnswer } from './schemas.js';

const tags = ['offers'];

export function offerRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/offers',
    { schema: { tags, querystring: OfferListQuery, response: { 200: Page(Offer) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listOfferRows(ctx.db, request.query, limit, offset);
      return { data: await presentOffers(ctx, rows), page, per_page: perPage, total };
    },
  );

  app.post(
    '/api/admin/offers',
    { schema: { tags, body: OfferCreate, response: { 201: Offer, 422: ErrorReply } } },
    async (request, reply) => reply.status(201).send(await createOffer(ctx, request.body)),
  );

  app.get(
    '/api/admin/offers/:id',
    { schema: { tags, params: IdParam, response: { 200: Offer, 404: ErrorReply } } },
    async (request) => getOffer(ctx, Number(request.params.id)),
  );

  app.patch(
    '/api/admin/offers/:id',
    {
      schema: {
        tags,
        params: IdParam,
        body: OfferUpdate,
        response: { 200: Offer, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => updateOffer(ctx, Number(request.params.id), request.body),
  );

  app.post(
    '/api/admin/offers/:id/pixel-key',
    {
      schema: {
        tags,
        summary: "Rotate the offer's pixel key; pixels signed with the old key are refused at once",
        params: IdParam,
        response: { 200: PixelKeyAnswer, 404: ErrorReply },
      },
    },
    async (request) => ({ pixel_key: await rotatePixelKey(ctx, Number(request.params.id)) }),
  );
}

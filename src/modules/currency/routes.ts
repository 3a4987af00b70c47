import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { CurrencyRate, deleteRate, listRates, updateRate, upsertRate } from './rates.js';

const tags = ['currency'];
const RateFields = {
  currency: Type.String({ minLength: 3, maxLength: 3, description: 'ISO 4217 code' }),
  rate_date: Type.String({ maxLength: 10, description: 'YYYY-MM-DD: applies from this day' }),
  rate: Type.String({ maxLength: 24, description: 'units of the base currency per one unit, e.g. "1.0850"' }),
};

export function currencyRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/currency-rates',
    {
      schema: {
        tags,
        summary: 'Exchange rates against BASE_CURRENCY, newest day first',
        querystring: Type.Object(
          { ...Pagination, currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ ...Page(CurrencyRate).properties, base_currency: Type.String() }),
          422: ErrorReply,
        },
      },
    },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listRates(ctx, { currency: request.query.currency, limit, offset });
      return { data: rows, page, per_page: perPage, total, base_currency: ctx.config.baseCurrency };
    },
  );

  app.post(
    '/api/admin/currency-rates',
    {
      schema: {
        tags,
        summary: 'Set the rate of a currency on a day (replaces that day’s rate when there is one)',
        body: Type.Object(RateFields, { additionalProperties: false }),
        response: { 200: CurrencyRate, 201: CurrencyRate, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const { rate, created } = await upsertRate(ctx, request.body);
      return reply.status(created ? 201 : 200).send(rate);
    },
  );

  app.patch(
    '/api/admin/currency-rates/:id',
    {
      schema: {
        tags,
        params: IdParam,
        body: Type.Object(
          {
            currency: Type.Optional(RateFields.currency),
            rate_date: Type.Optional(RateFields.rate_date),
            rate: Type.Optional(RateFields.rate),
          },
          { additionalProperties: false },
        ),
        response: { 200: CurrencyRate, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => updateRate(ctx, Number(request.params.id), request.body),
  );

  app.delete(
    '/api/admin/currency-rates/:id',
    { schema: { tags, params: IdParam } },
    async (request, reply) => {
      await deleteRate(ctx, Number(request.params.id));
      return reply.status(204).send();
    },
  );
}

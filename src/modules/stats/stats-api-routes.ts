import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ForbiddenError } from '../../lib/errors.js';
import { publisherStats, type StatsGroup, statsCsv } from './publisher-stats.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' });

const StatsQuery = Type.Object(
  {
    token: Type.String({ minLength: 8, maxLength: 128 }),
    offer: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    group: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('offer'), Type.Literal('sub1')])),
  },
  { additionalProperties: false },
);

const StatsRow = Type.Object({
  key: Type.String(),
  currency: Type.String(),
  clicks: Type.Integer(),
  unique_clicks: Type.Integer(),
  leads: Type.Integer(),
  approved: Type.Integer(),
  payout: Type.String(),
  epc: Type.String(),
});

/** Per token: a tracker pulling on a schedule needs a few calls a minute, not thousands. */
const STATS_RATE_LIMIT = {
  max: 60,
  timeWindow: '1 minute',
  keyGenerator: (r: { query: unknown }) => String((r.query as { token?: string }).token),
};

/** Seed 004 "Stats API (pull)": a publisher's own stats by token, as JSON or CSV. */
export function statsApiRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/affiliate/stats-api',
    {
      config: { rateLimit: STATS_RATE_LIMIT },
      schema: {
        tags: ['stats api'],
        summary: "A publisher's clicks, leads, approved, payout and EPC by day, offer or sub1",
        querystring: StatsQuery,
        response: {
          200: Type.Union([
            Type.Object({
              group: Type.String(),
              from: Type.String(),
              to: Type.String(),
              data: Type.Array(StatsRow),
            }),
            Type.String(),
          ]),
          403: ErrorReply,
          422: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const publisher = await ctx.db
        .selectFrom('publishers')
        .select(['id', 'status'])
        .where('stats_token', '=', q.token)
        .executeTakeFirst();
      if (!publisher) throw new ForbiddenError('unknown or revoked stats token');
      if (publisher.status !== 'approved')
        throw new ForbiddenError(`publisher account is ${publisher.status}`);
      const today = ctx.clock.now().toISOString().slice(0, 10);
      const to = q.to ?? today;
      const from =
        q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
      const group: StatsGroup = q.group ?? 'day';
      const rows = await publisherStats(ctx, {
        publisherId: publisher.id,
        offerId: q.offer ? Number(q.offer) : undefined,
        from,
        to,
        group,
      });
      if (q.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="stats-${from}-${to}.csv"`)
          .send(statsCsv(rows, group));
      }
      return { group, from, to, data: rows };
    },
  );
}

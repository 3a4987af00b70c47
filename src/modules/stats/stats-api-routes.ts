import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, TimeZoneParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ForbiddenError } from '../../lib/errors.js';
import { addDays, assertTimeZone, localDate, UTC } from '../../lib/time.js';
import { principalOf } from '../auth/guards.js';
import { publisherStats, type StatsGroup, statsCsv } from './publisher-stats.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a day in `tz`' });

/** The filters both stats APIs take (the token API names the offer `offer`, the portal `offer_id`). */
const Filters = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  group: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('offer'), Type.Literal('sub1')])),
  tz: TimeZoneParam,
};
const OfferId = Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' }));

const StatsQuery = Type.Object(
  {
    token: Type.String({ minLength: 8, maxLength: 128 }),
    offer: OfferId,
    ...Filters,
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

const PortalStatsQuery = Type.Object({ offer_id: OfferId, ...Filters }, { additionalProperties: false });

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

const StatsReply = Type.Object({
  group: Type.String(),
  from: Type.String(),
  to: Type.String(),
  tz: Type.String({ description: 'the time zone of the days' }),
  data: Type.Array(StatsRow),
});

/** Per token: a tracker pulling on a schedule needs a few calls a minute, not thousands. */
const STATS_RATE_LIMIT = {
  max: 60,
  timeWindow: '1 minute',
  keyGenerator: (r: { query: unknown }) => String((r.query as { token?: string }).token),
};

/** One publisher's stats for the filters; the range defaults to the 30 days ending today in `tz`. */
async function statsFor(
  ctx: AppContext,
  publisherId: number,
  q: { offer?: string; from?: string; to?: string; group?: StatsGroup; tz?: string },
) {
  const tz = assertTimeZone(q.tz ?? UTC);
  const to = q.to ?? localDate(ctx.clock.now().getTime(), tz);
  const from = q.from ?? addDays(to, -29);
  const group: StatsGroup = q.group ?? 'day';
  const data = await publisherStats(ctx, {
    publisherId,
    offerId: q.offer ? Number(q.offer) : undefined,
    from,
    to,
    group,
    zone: tz,
  });
  return { group, from, to, tz, data };
}

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
          200: Type.Union([StatsReply, Type.String()]),
          400: ErrorReply,
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
      const stats = await statsFor(ctx, publisher.id, q);
      if (q.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="stats-${stats.from}-${stats.to}.csv"`)
          .send(statsCsv(stats.data, stats.group));
      }
      return stats;
    },
  );
}

/** The portal's Statistics page: the same figures for the signed-in publisher (session, no token). */
export function statsPortalRoutes(portal: App, ctx: AppContext) {
  portal.get(
    '/api/publisher/stats',
    {
      schema: {
        tags: ['publisher portal'],
        summary: 'Own clicks, unique clicks, leads, approved, payout and EPC by day, offer or sub1',
        querystring: PortalStatsQuery,
        response: { 200: StatsReply, 400: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => {
      const { offer_id, ...rest } = request.query;
      return statsFor(ctx, principalOf(request).id, { ...rest, offer: offer_id });
    },
  );
}

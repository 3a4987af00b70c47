import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, TimeZoneParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { addDays, assertTimeZone, localDate, UTC } from '../../lib/time.js';
import { principalOf } from '../auth/guards.js';
import { SUB_KEYS } from '../leads/lead-fields.js';
import {
  conversionFeed,
  conversionFeedCsv,
  decodeCursor,
  FEED_DEFAULT_LIMIT,
  FEED_MAX_LIMIT,
  parseInstant,
} from './conversion-feed.js';
import { publisherStats, type StatsGroup, statsCsv } from './publisher-stats.js';
import { statsTokenHash } from './stats-token.js';

const STATS_GROUPS: readonly StatsGroup[] = ['day', 'offer', ...SUB_KEYS];

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a day in `tz`' });

/** The filters both stats APIs take (the token API names the offer `offer`, the portal `offer_id`). */
const Filters = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  group: Type.Optional(Type.Union(STATS_GROUPS.map((g) => Type.Literal(g)))),
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

export const StatsRow = Type.Object({
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

const Instant = Type.String({
  maxLength: 40,
  description: 'a day (its UTC midnight) or an instant with its zone, e.g. 2026-06-01T10:00:00Z',
});

const ConversionsQuery = Type.Object(
  {
    token: Type.String({ minLength: 8, maxLength: 128 }),
    offer: OfferId,
    since: Type.Optional(Instant),
    until: Type.Optional(Instant),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'next_cursor of the previous page' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FEED_MAX_LIMIT, default: FEED_DEFAULT_LIMIT })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const ConversionRow = Type.Object({
  id: Type.String({ description: 'the conversion id: the same row comes again when it changes' }),
  click_id: Nullable(Type.String()),
  offer_id: Type.String(),
  goal: Nullable(Type.String()),
  event: Nullable(Type.String({ description: 'ingest event: sale, rebill, lead, trial' })),
  status: Type.String(),
  payout: Type.String({ description: "the publisher's payout, a decimal in `currency`" }),
  currency: Type.String(),
  txid: Type.String({ description: 'what postbacks send as {txid}: the payment id, else the lead id' }),
  payment_id: Nullable(Type.String()),
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sub${i + 1}`, Nullable(Type.String())])),
  created_at: Type.String(),
  updated_at: Type.String({ description: 'the last change: rows come in (updated_at, id) order' }),
});

const ConversionsReply = Type.Object({
  data: Type.Array(ConversionRow),
  next_cursor: Nullable(Type.String()),
  has_more: Type.Boolean(),
  since: Nullable(Type.String()),
  until: Type.String({ description: 'changes before this instant were looked at (at most now − 10 s)' }),
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

/** The approved publisher a stats token belongs to; 403 for an unknown or revoked token or another status. */
async function publisherOfToken(ctx: AppContext, token: string): Promise<number> {
  const publisher = await ctx.db
    .selectFrom('publishers')
    .select(['id', 'status'])
    .where('stats_token', '=', statsTokenHash(token))
    .executeTakeFirst();
  if (!publisher) throw new ForbiddenError('unknown or revoked stats token');
  if (publisher.status !== 'approved') throw new ForbiddenError(`publisher account is ${publisher.status}`);
  return publisher.id;
}

/** Seed 004 "Stats API (pull)": a publisher's own stats and conversions by token, as JSON or CSV. */
export function statsApiRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/affiliate/stats-api',
    {
      config: { rateLimit: STATS_RATE_LIMIT },
      schema: {
        tags: ['stats api'],
        summary: "A publisher's clicks, leads, approved, payout and EPC by day, offer or sub1…sub10",
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
      const stats = await statsFor(ctx, await publisherOfToken(ctx, q.token), q);
      if (q.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="stats-${stats.from}-${stats.to}.csv"`)
          .send(statsCsv(stats.data, stats.group));
      }
      return stats;
    },
  );

  app.get(
    '/api/affiliate/stats-api/conversions',
    {
      config: { rateLimit: STATS_RATE_LIMIT },
      schema: {
        tags: ['stats api'],
        summary:
          "A publisher's conversions one row each (click id, subs, offer, status, payout, txid), paged by last change",
        querystring: ConversionsQuery,
        response: {
          200: Type.Union([ConversionsReply, Type.String()]),
          400: ErrorReply,
          403: ErrorReply,
          422: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const publisherId = await publisherOfToken(ctx, q.token);
      const since = q.since === undefined ? undefined : parseInstant(q.since, 'since');
      const until = q.until === undefined ? undefined : parseInstant(q.until, 'until');
      if (since && until && until <= since)
        throw new ValidationError('until must be after since', 'until', 'range_reversed');
      const page = await conversionFeed(ctx, {
        publisherId,
        offerId: q.offer ? Number(q.offer) : undefined,
        since,
        until,
        after: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
        limit: q.limit ?? FEED_DEFAULT_LIMIT,
      });
      if (q.format === 'csv') {
        // The rows are the body; where to go on is in headers, as for the JSON's fields.
        if (page.next_cursor) reply.header('x-next-cursor', page.next_cursor);
        return reply
          .header('x-has-more', String(page.has_more))
          .header('x-until', page.until)
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="conversions.csv"')
          .send(conversionFeedCsv(page.data));
      }
      return page;
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
        summary: 'Own clicks, unique clicks, leads, approved, payout and EPC by day, offer or sub1…sub10',
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

import { type Static, Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../../context.js';
import { ErrorReply, Nullable, TimeZoneParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ValidationError } from '../../lib/errors.js';
import { assertCurrency } from '../../lib/money.js';
import { spreadsheetText } from '../../lib/spreadsheet.js';
import { assertTimeZone, UTC } from '../../lib/time.js';
import { scopeOf } from '../auth/access-scope.js';
import { principalOf } from '../auth/guards.js';
import { type GroupedFigures, groupedReport } from './grouped-report.js';
import { DIMENSIONS, type Dimension } from './report-dimensions.js';
/** The portal sees its own traffic: grouping by publisher or advertiser tells it nothing of its own. */
import { PORTAL_DIMENSIONS } from './report-groupings.js';
import { Day, MissingRates, ReportCurrency } from './report-schemas.js';

export { PORTAL_DIMENSIONS };

export function GroupedQuery(dimensions: readonly Dimension[]) {
  return Type.Object(
    {
      from: Day,
      to: Day,
      group_by: Type.String({
        pattern: `^(${dimensions.join('|')})(,(${dimensions.join('|')})){0,2}$`,
        description: `one to three of ${dimensions.join(', ')}, comma-separated, outermost first`,
      }),
      ...Object.fromEntries(
        dimensions.map((d) => [
          `f_${d}`,
          Type.Optional(Type.String({ maxLength: 2000, description: `only rows whose ${d} is this value` })),
        ]),
      ),
      currency: ReportCurrency,
      format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
      tz: TimeZoneParam,
    },
    { additionalProperties: false },
  );
}
type GroupedQuery = Static<ReturnType<typeof GroupedQuery>>;

const Percent = Nullable(Type.Number({ description: 'a percentage with two decimals; null on a zero base' }));
const FiguresSchema = {
  currency: Type.String(),
  clicks: Type.Integer({ description: 'accepted clicks' }),
  unique_clicks: Type.Integer(),
  leads: Type.Integer({ description: 'leads that passed the fraud checks (not spam, duplicate, test)' }),
  cr: Percent,
  approved: Type.Integer(),
  approval: Nullable(Type.Number({ description: '(approved + hold) ÷ leads, %: hold is confirmed (SPEC)' })),
  epc: Nullable(Type.String({ description: 'revenue per click (portal: payout per click)' })),
  payout: Type.String({ description: 'publisher payouts posted on the ledger in the range' }),
  revenue: Type.Optional(Type.String({ description: 'advertiser revenue (not in the portal)' })),
  profit: Type.Optional(Type.String()),
  roi: Type.Optional(Nullable(Type.Number({ description: 'profit ÷ payout, %' }))),
};
const Figures = Type.Object(FiguresSchema);
const GroupedReply = Type.Object({
  from: Type.String(),
  to: Type.String(),
  tz: Type.String(),
  group_by: Type.Array(Type.String()),
  filters: Type.Record(Type.String(), Type.String()),
  previous: Type.Object({ from: Type.String(), to: Type.String() }, { description: 'the period compared' }),
  report_currency: Nullable(Type.String()),
  missing_rates: MissingRates,
  data: Type.Array(
    Type.Object({
      keys: Type.Array(Type.String()),
      labels: Type.Array(Type.String()),
      ...FiguresSchema,
      previous: Figures,
    }),
  ),
  totals: Type.Array(Type.Object({ ...FiguresSchema, previous: Figures })),
});

function parseQuery(q: GroupedQuery, dimensions: readonly Dimension[]) {
  const groupBy = q.group_by.split(',') as Dimension[];
  if (new Set(groupBy).size !== groupBy.length)
    throw new ValidationError('a grouping is named twice', 'group_by', 'grouping_twice');
  const filters: Partial<Record<Dimension, string>> = {};
  const raw = q as Record<string, unknown>;
  for (const d of dimensions) {
    const value = raw[`f_${d}`];
    if (typeof value === 'string') filters[d] = value;
  }
  return {
    from: q.from,
    to: q.to,
    groupBy,
    filters,
    currency: q.currency ? assertCurrency(q.currency) : undefined,
    zone: assertTimeZone(q.tz ?? UTC),
  };
}

type Row = GroupedFigures & { labels?: string[]; previous: GroupedFigures };
const MEASURES = [
  'clicks',
  'unique_clicks',
  'leads',
  'cr',
  'approved',
  'approval',
  'epc',
  'revenue',
  'payout',
  'profit',
  'roi',
] as const;

/** RFC 4180 CSV of the report: the groupings, the figures, the previous period's beside, the totals. */
export function groupedReportCsv(
  report: { group_by: string[]; data: Row[]; totals: Row[] },
  portal: boolean,
): string {
  const measures = MEASURES.filter((m) => !portal || (m !== 'revenue' && m !== 'profit' && m !== 'roi'));
  const header = [...report.group_by, 'currency', ...measures, ...measures.map((m) => `previous_${m}`)];
  const line = (labels: string[], r: Row) => [
    ...labels,
    r.currency,
    ...measures.map((m) => (r as Record<string, unknown>)[m] ?? ''),
    ...measures.map((m) => (r.previous as Record<string, unknown>)[m] ?? ''),
  ];
  const rows = [
    ...report.data.map((r) => line(r.labels ?? [], r)),
    ...report.totals.map((r) =>
      line(
        report.group_by.map((_, i) => (i === 0 ? 'Total' : '')),
        r,
      ),
    ),
  ];
  return stringify([header, ...rows], {
    record_delimiter: 'windows',
    cast: { string: (value) => spreadsheetText(value), number: (value) => String(value) },
  });
}

function csvReply(q: GroupedQuery) {
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="report-${q.from}-${q.to}.csv"`,
  };
}

const summary =
  'Grouped report: up to three of date, hour, offer, publisher, advertiser, flow, landing, country, device, OS, browser, sub1–sub5; filters f_<grouping> for drill-down; the previous period beside; CSV with format=csv';

export function groupedReportRoutes(admin: App, ctx: AppContext) {
  const Query = GroupedQuery(DIMENSIONS);
  admin.get(
    '/api/admin/reports/grouped',
    {
      schema: {
        tags: ['reports'],
        summary,
        querystring: Query,
        response: { 200: Type.Union([GroupedReply, Type.String()]), 400: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await groupedReport(ctx, { ...parseQuery(q, DIMENSIONS), scope: scopeOf(request) });
      if (q.format === 'csv') return reply.headers(csvReply(q)).send(groupedReportCsv(report, false));
      return report;
    },
  );
}

export function groupedReportPortalRoutes(portal: App, ctx: AppContext) {
  const Query = GroupedQuery(PORTAL_DIMENSIONS);
  portal.get(
    '/api/publisher/reports/grouped',
    {
      schema: {
        tags: ['publisher portal'],
        summary: `${summary}. Only your own traffic; your payout, no advertiser revenue`,
        querystring: Query,
        response: { 200: Type.Union([GroupedReply, Type.String()]), 400: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await groupedReport(ctx, {
        ...parseQuery(q, PORTAL_DIMENSIONS),
        publisherId: principalOf(request).id,
      });
      if (q.format === 'csv') return reply.headers(csvReply(q)).send(groupedReportCsv(report, true));
      return report;
    },
  );
}

import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../../context.js';
import { ErrorReply, Nullable, TimeZoneParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { assertCurrency } from '../../lib/money.js';
import { spreadsheetText } from '../../lib/spreadsheet.js';
import { assertTimeZone, UTC } from '../../lib/time.js';
import { scopeOf } from '../auth/access-scope.js';
import { SUB_KEYS, type SubKey } from '../leads/lead-fields.js';
import { CUSTOM_GROUPS, type CustomReportRow, customReport } from './custom-report.js';
import { Day, MissingRates, NumericId, ReportCurrency } from './report-schemas.js';

export const CustomReportQuery = Type.Object(
  {
    from: Day,
    to: Day,
    group_by: Type.Optional(
      Type.Union(
        CUSTOM_GROUPS.map((g) => Type.Literal(g)),
        { default: 'day' },
      ),
    ),
    offer_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
    advertiser_id: Type.Optional(NumericId),
    ...Object.fromEntries(
      SUB_KEYS.map((key) => [
        key,
        Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: `only this exact ${key}` })),
      ]),
    ),
    currency: ReportCurrency,
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    tz: TimeZoneParam,
  },
  { additionalProperties: false },
);

const Row = Type.Object({
  key: Type.String({
    description: "the local day (in tz), id, country code or sub value ('' for none) of the group",
  }),
  label: Type.String(),
  currency: Type.String(),
  clicks: Type.Integer({ description: 'accepted clicks that arrived in the range' }),
  leads: Type.Integer({ description: 'leads that arrived in the range and passed fraud checks' }),
  approved: Type.Integer(),
  hold: Type.Integer(),
  rejected: Type.Integer({ description: 'cancelled, wrong number or charged back' }),
  revenue: Type.String({ description: 'advertiser receivable posted in the range' }),
  publisher_payouts: Type.String(),
  profit: Type.String(),
});

export const CustomReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  tz: Type.String({ description: 'the time zone whose local days from, to and day rows are' }),
  group_by: Type.String(),
  report_currency: Nullable(Type.String()),
  missing_rates: MissingRates,
  data: Type.Array(Row),
  totals: Type.Array(Row, { description: 'one row per currency (one in a report currency)' }),
});

const COLUMNS: (keyof CustomReportRow)[] = [
  'key',
  'label',
  'currency',
  'clicks',
  'leads',
  'approved',
  'hold',
  'rejected',
  'revenue',
  'publisher_payouts',
  'profit',
];

/** RFC 4180 CSV (csv-stringify): a header, the rows, then a total line per currency. */
export function customReportCsv(report: { data: CustomReportRow[]; totals: CustomReportRow[] }): string {
  return stringify([...report.data, ...report.totals], {
    header: true,
    columns: COLUMNS,
    record_delimiter: 'windows',
    // A publisher named =HYPERLINK(…) must reach the sheet as text, never as a formula.
    cast: { string: (value) => spreadsheetText(value) },
  });
}

function subFilters(q: Partial<Record<SubKey, string>>): Partial<Record<SubKey, string>> {
  const subs: Partial<Record<SubKey, string>> = {};
  for (const key of SUB_KEYS) if (q[key] !== undefined) subs[key] = q[key];
  return subs;
}

export function customReportRoutes(admin: App, ctx: AppContext) {
  admin.get(
    '/api/admin/reports/custom',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Custom date-range report (≤ 366 days) per day/offer/publisher/advertiser/country/sub1…sub10, filtered by exact sub values; CSV with format=csv',
        querystring: CustomReportQuery,
        response: { 200: Type.Union([CustomReport, Type.String()]), 400: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await customReport(ctx, {
        from: q.from,
        to: q.to,
        groupBy: q.group_by ?? 'day',
        offerId: q.offer_id ? Number(q.offer_id) : undefined,
        publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
        advertiserId: q.advertiser_id ? Number(q.advertiser_id) : undefined,
        subs: subFilters(q as Partial<Record<SubKey, string>>),
        currency: q.currency ? assertCurrency(q.currency) : undefined,
        zone: assertTimeZone(q.tz ?? UTC),
        scope: scopeOf(request),
      });
      if (q.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="report-${q.from}-${q.to}.csv"`)
          .send(customReportCsv(report));
      }
      return report;
    },
  );
}

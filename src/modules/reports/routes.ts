import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, Nullable, TimeZoneParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ValidationError } from '../../lib/errors.js';
import { assertCurrency } from '../../lib/money.js';
import { addDays, assertTimeZone, localDate, UTC } from '../../lib/time.js';
import { scopeOf } from '../auth/access-scope.js';
import { conversionStats, STATUS_GROUPS, statsTsv } from './conversion-stats.js';
import { customReportRoutes } from './custom-report-routes.js';
import { adminDashboard, PERIOD_DAYS, type Period } from './dashboard.js';
import { adminFinance } from './finance.js';
import { groupedReportRoutes } from './grouped-report-routes.js';
import { Day, MissingRates, NumericId, ReportCurrency } from './report-schemas.js';
import { savedReportRoutes } from './saved-reports-routes.js';

const Money = Type.Object({
  currency: Type.String(),
  revenue: Type.String({ description: 'advertiser payouts (gross)' }),
  publisher_payouts: Type.String(),
  profit: Type.String({ description: 'revenue − publisher payouts' }),
});

const Counts = {
  clicks: Type.Integer({ description: 'accepted clicks' }),
  rejected_clicks: Type.Integer({ description: 'clicks refused at tracking (bot, GEO, blocked IP…)' }),
  leads: Type.Integer({ description: 'leads that passed fraud checks: not spam, duplicate or test' }),
  conversions: Type.Integer({ description: 'of those, approved' }),
  hold: Type.Integer({ description: 'of those, on hold (confirmed, not yet paid)' }),
};

export const Dashboard = Type.Object({
  period: Type.String(),
  tz: Type.String({ description: 'the time zone whose local days the period and series are' }),
  from: Type.String({ description: 'UTC instant the period starts (the first local day’s midnight)' }),
  to: Type.String({ description: 'UTC instant it ends (exclusive)' }),
  ...Counts,
  approval_percent: Type.String({ description: '(approved + hold) ÷ leads × 100' }),
  active_flows: Type.Integer({ description: 'flows in Active status now (seed 002)' }),
  flows_with_clicks: Type.Integer({ description: 'of those, flows with an accepted click in the period' }),
  report_currency: Nullable(Type.String()),
  missing_rates: MissingRates,
  money: Type.Array(
    Type.Object({
      ...Money.properties,
      epc: Type.String({
        description:
          'approved + hold revenue ÷ accepted clicks on offers in this currency (hold is confirmed money, seed 003)',
      }),
    }),
  ),
  series: Type.Array(
    Type.Object({
      day: Type.String({ description: 'a local day in tz' }),
      ...Counts,
      money: Type.Array(Money),
    }),
  ),
});

const DashboardQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Union(
        (Object.keys(PERIOD_DAYS) as Period[]).map((p) => Type.Literal(p)),
        { default: '7d' },
      ),
    ),
    currency: ReportCurrency,
    tz: TimeZoneParam,
  },
  { additionalProperties: false },
);

const FinanceQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day), currency: ReportCurrency, tz: TimeZoneParam },
  { additionalProperties: false },
);

export const Finance = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  tz: Type.String({ description: 'the time zone whose local days from and to are' }),
  report_currency: Nullable(Type.String()),
  missing_rates: MissingRates,
  cards: Type.Array(
    Type.Object({
      currency: Type.String(),
      advertiser_revenue: Type.String({ description: 'approved advertiser payouts' }),
      owed_to_publishers: Type.String({
        description: 'approved + pending publisher balances; a balance below zero counts as 0 here',
      }),
      clawbacks_outstanding: Type.String({
        description: 'publisher balances below zero (reversals after payout), to net from their next payouts',
      }),
      already_paid: Type.String(),
      net_profit: Type.String({ description: 'network margin on approved conversions' }),
      to_collect: Type.String({
        description: 'advertiser revenue less payments and prepayment top-ups received (whole ledger)',
      }),
    }),
  ),
  advertisers: Type.Array(
    Type.Object({
      advertiser_id: Type.String(),
      name: Type.String(),
      currency: Type.String(),
      conversions: Type.Integer({ description: 'conversions whose receivable rose in the range' }),
      reversed: Type.Integer({
        description:
          'conversions whose receivable fell in the range (cancelled, charged back, refunded, also after payout)',
      }),
      revenue: Type.String({ description: 'receivable posted in the range, reversals included' }),
      pending: Type.String({ description: 'on hold now' }),
      invoiced: Type.String({ description: 'sent, partly paid and paid invoices dated in the range' }),
      received: Type.String({ description: 'invoice payments and prepayment top-ups received in the range' }),
      to_collect: Type.String({ description: 'revenue less received; over all time, what is owed now' }),
    }),
  ),
  publishers: Type.Array(
    Type.Object({
      publisher_id: Type.String(),
      name: Type.String(),
      currency: Type.String(),
      approved: Type.String(),
      pending: Type.String(),
      paid: Type.String(),
      clawback_outstanding: Type.String({
        description: 'the approved balance below zero, as a positive amount: netted from the next payout',
      }),
      requested: Type.String(),
      payable: Type.String(),
    }),
  ),
});

const ConversionStatsQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    group_by: Type.Optional(
      Type.Union([
        Type.Literal('date'),
        Type.Literal('offer'),
        Type.Literal('publisher'),
        Type.Literal('country'),
      ]),
    ),
    granularity: Type.Optional(
      Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
    ),
    currency: Type.Optional(
      Type.String({
        minLength: 3,
        maxLength: 3,
        description:
          'only offers in this currency (default: the currency with the most leads in the days, USD when none; every offer when report_currency is given)',
      }),
    ),
    report_currency: Type.Optional(
      Type.String({ minLength: 3, maxLength: 3, description: 'convert every Sum into this currency' }),
    ),
    offer_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('tsv')])),
    tz: TimeZoneParam,
  },
  { additionalProperties: false },
);

const GroupCell = Type.Object({
  qty: Type.Integer(),
  percent: Type.String(),
  sum: Type.String(),
  avg: Type.String(),
});

const ConversionStats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  tz: Type.String({ description: 'the time zone whose local days from, to and the date rows are' }),
  group_by: Type.String(),
  granularity: Type.String(),
  currency: Type.String({ description: 'the currency of every Sum and Avg' }),
  report_currency: Nullable(Type.String()),
  missing_rates: MissingRates,
  data: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      total: Type.Object({ qty: Type.Integer(), sum: Type.String(), avg: Type.String() }),
      ...Object.fromEntries(STATUS_GROUPS.map((g) => [g.key, GroupCell])),
    }),
  ),
});

export function reportRoutes(admin: App, ctx: AppContext) {
  const tags = ['reports'];
  customReportRoutes(admin, ctx);
  groupedReportRoutes(admin, ctx);
  savedReportRoutes(admin, ctx, '/api/admin');
  admin.get(
    '/api/admin/dashboard',
    {
      schema: {
        tags,
        summary: 'Dashboard cards and a per-day series; money per currency from the ledger',
        querystring: DashboardQuery,
        response: { 200: Dashboard, 400: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => {
      const { period, currency, tz } = request.query;
      return adminDashboard(ctx, {
        period: period ?? '7d',
        currency: currency ? assertCurrency(currency) : undefined,
        zone: assertTimeZone(tz ?? UTC),
      });
    },
  );

  admin.get(
    '/api/admin/finance',
    {
      schema: {
        tags,
        summary:
          'Finance cards, revenue per advertiser to invoice, balances per publisher: sums over the ledger',
        querystring: FinanceQuery,
        response: { 200: Finance, 422: ErrorReply },
      },
    },
    async (request) => {
      const { from, to, currency, tz } = request.query;
      if ((from === undefined) !== (to === undefined)) {
        throw new ValidationError(
          'give both from and to, or neither',
          from === undefined ? 'from' : 'to',
          'range_incomplete',
        );
      }
      return adminFinance(ctx, {
        from,
        to,
        currency: currency ? assertCurrency(currency) : undefined,
        zone: assertTimeZone(tz ?? UTC),
      });
    },
  );

  admin.get(
    '/api/admin/reports/conversion-stats',
    {
      schema: {
        tags,
        summary: 'Leads per date/offer/publisher/country with Total and six status groups (Qty, %, Sum, Avg)',
        querystring: ConversionStatsQuery,
        response: { 200: Type.Union([ConversionStats, Type.String()]), 400: ErrorReply, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const tz = assertTimeZone(q.tz ?? UTC);
      const to = q.to ?? localDate(ctx.clock.now().getTime(), tz);
      const from = q.from ?? addDays(to, -6);
      const groupBy = q.group_by ?? 'date';
      const granularity = q.granularity ?? 'day';
      const reportCurrency = q.report_currency
        ? assertCurrency(q.report_currency, 'report_currency')
        : undefined;
      // Without a report currency the table is one currency's offers: the one asked for, else the one
      // with the most leads in the days (conversion-stats.ts, busiestCurrency).
      const currency = q.currency ? assertCurrency(q.currency) : undefined;
      const {
        data,
        currency: shownIn,
        missingRates,
      } = await conversionStats(ctx, {
        from,
        to,
        groupBy,
        granularity,
        currency,
        reportCurrency,
        offerId: q.offer_id ? Number(q.offer_id) : undefined,
        publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
        zone: tz,
        scope: scopeOf(request),
      });
      if (q.format === 'tsv') {
        return reply
          .header('content-type', 'text/tab-separated-values; charset=utf-8')
          .header('content-disposition', `attachment; filename="conversion-stats-${from}-${to}.tsv"`)
          .send(statsTsv(data, groupBy));
      }
      return {
        from,
        to,
        tz,
        group_by: groupBy,
        granularity,
        currency: shownIn,
        report_currency: reportCurrency ?? null,
        missing_rates: missingRates,
        data,
      };
    },
  );
}

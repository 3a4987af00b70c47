import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { adminDashboard, PERIOD_DAYS, type Period } from './dashboard.js';

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

const Dashboard = Type.Object({
  period: Type.String(),
  from: Type.String(),
  to: Type.String(),
  ...Counts,
  approval_percent: Type.String({ description: '(approved + hold) ÷ leads × 100' }),
  active_flows: Type.Integer({ description: 'active flows with an accepted click in the period' }),
  money: Type.Array(
    Type.Object({
      ...Money.properties,
      epc: Type.String({ description: 'revenue ÷ accepted clicks on offers in this currency' }),
    }),
  ),
  series: Type.Array(Type.Object({ day: Type.String(), ...Counts, money: Type.Array(Money) })),
});

const DashboardQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Union(
        (Object.keys(PERIOD_DAYS) as Period[]).map((p) => Type.Literal(p)),
        { default: '7d' },
      ),
    ),
  },
  { additionalProperties: false },
);

export function reportRoutes(admin: App, ctx: AppContext) {
  const tags = ['reports'];
  admin.get(
    '/api/admin/dashboard',
    {
      schema: {
        tags,
        summary: 'Dashboard cards and a per-day series; money per currency from the ledger',
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
    },
    async (request) => adminDashboard(ctx, request.query.period ?? '7d'),
  );
}

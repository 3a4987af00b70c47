import { useState } from 'react';
import { BarChart } from '../../components/bar-chart';
import { ErrorNotice } from '../../components/notice';
import { MoneyLines, StatCard } from '../../components/stat-card';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { shortDay } from '../../lib/chart';
import { perDayTitle, seriesOptions } from '../../lib/dashboard';
import { formatMoney } from '../../lib/money';
import type { Dashboard } from '../../lib/types';
import { useNetworkCounts } from './use-network-counts';

const PERIODS = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: '7 days' },
  { value: '14d', label: '14 days' },
  { value: '30d', label: '30 days' },
];

type Money = Dashboard['money'][number];

/**
 * Seed 000's Dashboard: the period's cards (money per currency, from the ledger) and a daily chart,
 * both in the local days of the zone chosen in the top bar.
 */
export function DashboardPage() {
  usePageTitle('Dashboard');
  const { timeZone } = useTimeZone();
  const [period, setPeriod] = useState('7d');
  const [metric, setMetric] = useState('clicks');
  const dashboard = useResource(`dashboard-${period}-${timeZone}`, () =>
    api.get<Dashboard>('/api/admin/dashboard', { period, tz: timeZone }),
  );
  const network = useNetworkCounts();
  const d = dashboard.data;
  const money = (key: keyof Money) => (d?.money ?? []).map((m) => ({ amount: m[key], currency: m.currency }));
  const count = (n: number | undefined) => (n === undefined ? '…' : n.toLocaleString());
  const options = d ? seriesOptions(d) : [];
  const chosen = options.find((o) => o.key === metric) ?? options[0];
  const n = network.data;
  return (
    <section>
      <div className="page-head">
        <h1>Dashboard</h1>
        <fieldset className="segmented">
          <legend className="sr-only">Period</legend>
          {PERIODS.map((p) => (
            <button
              key={p.value}
              type="button"
              aria-pressed={period === p.value}
              onClick={() => setPeriod(p.value)}
            >
              {p.label}
            </button>
          ))}
        </fieldset>
      </div>
      {dashboard.error ? <ErrorNotice error={dashboard.error} onRetry={dashboard.reload} /> : null}
      <div className="cards" aria-busy={dashboard.loading}>
        <StatCard
          label="Clicks"
          to="/admin/clicks"
          note={d ? `${d.rejected_clicks.toLocaleString()} refused` : undefined}
        >
          {count(d?.clicks)}
        </StatCard>
        <StatCard label="Leads" to="/admin/leads" note="passed the fraud checks">
          {count(d?.leads)}
        </StatCard>
        <StatCard
          label="Conversions"
          to="/admin/conversions"
          note={d ? `${d.hold.toLocaleString()} on hold` : undefined}
        >
          {count(d?.conversions)}
        </StatCard>
        <StatCard label="Revenue" note="advertiser payouts">
          {d ? <MoneyLines items={money('revenue')} /> : '…'}
        </StatCard>
        <StatCard label="Profit" note="revenue − publisher payouts">
          {d ? <MoneyLines items={money('profit')} /> : '…'}
        </StatCard>
        <StatCard label="EPC" note="approved + hold revenue per click">
          {d ? <MoneyLines items={money('epc')} /> : '…'}
        </StatCard>
        <StatCard label="Approval %" note="approved + hold ÷ leads">
          {d ? `${d.approval_percent}%` : '…'}
        </StatCard>
        <StatCard
          label="Active flows"
          to="/admin/flows?status=active"
          note={
            d
              ? `in Active status · ${d.flows_with_clicks.toLocaleString()} with clicks in the period`
              : undefined
          }
        >
          {count(d?.active_flows)}
        </StatCard>
      </div>
      {d && chosen && (
        <div className="chart-block">
          <fieldset className="segmented chart-metrics">
            <legend className="sr-only">Chart</legend>
            {options.map((o) => (
              <button
                key={o.key}
                type="button"
                aria-pressed={o.key === chosen.key}
                onClick={() => setMetric(o.key)}
              >
                {o.label}
              </button>
            ))}
          </fieldset>
          <BarChart
            title={perDayTitle(chosen.label, d.tz)}
            counts={!chosen.currency}
            formatTick={
              chosen.currency
                ? (value) => formatMoney(String(value), chosen.currency ?? 'USD').replace(/\.00$/, '')
                : undefined
            }
            points={chosen.points.map((p) => ({
              key: p.day,
              label: shortDay(p.day),
              value: p.value,
              display: p.display,
            }))}
          />
        </div>
      )}
      <h2>Network</h2>
      {network.error ? <ErrorNotice error={network.error} onRetry={network.reload} /> : null}
      <div className="cards">
        <StatCard label="Active offers" to="/admin/offers?status=active">
          {count(n?.activeOffers)}
        </StatCard>
        <StatCard label="Approved publishers" to="/admin/publishers?status=approved">
          {count(n?.approvedPublishers)}
        </StatCard>
        <StatCard label="Pending publishers" to="/admin/publishers?status=pending">
          {count(n?.pendingPublishers)}
        </StatCard>
      </div>
    </section>
  );
}

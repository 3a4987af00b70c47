import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BarChart } from '../../components/bar-chart';
import { ErrorNotice } from '../../components/notice';
import { MoneyLines, StatCard } from '../../components/stat-card';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { formatNumber, formatPercent } from '../../i18n/format';
import { api } from '../../lib/api';
import { shortDay } from '../../lib/chart';
import { perDayTitle, seriesOptions } from '../../lib/dashboard';
import { formatMoney } from '../../lib/money';
import type { Dashboard } from '../../lib/types';
import { useNetworkCounts } from './use-network-counts';

const PERIODS = [
  { value: 'today', label: 'Today', days: 0 },
  { value: '7d', label: '7 days', days: 7 },
  { value: '14d', label: '14 days', days: 14 },
  { value: '30d', label: '30 days', days: 30 },
];

type Money = Dashboard['money'][number];

/**
 * Seed 000's Dashboard: the period's cards (money per currency, from the ledger) and a daily chart,
 * both in the local days of the zone chosen in the top bar.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('nav.admin.dashboard'));
  const { timeZone } = useTimeZone();
  const [period, setPeriod] = useState('7d');
  const [metric, setMetric] = useState('clicks');
  const dashboard = useResource(`dashboard-${period}-${timeZone}`, () =>
    api.get<Dashboard>('/api/admin/dashboard', { period, tz: timeZone }),
  );
  const network = useNetworkCounts();
  const d = dashboard.data;
  const money = (key: keyof Money) => (d?.money ?? []).map((m) => ({ amount: m[key], currency: m.currency }));
  const count = (n: number | undefined) => (n === undefined ? '…' : formatNumber(n));
  const options = d ? seriesOptions(d) : [];
  const chosen = options.find((o) => o.key === metric) ?? options[0];
  const n = network.data;
  return (
    <section>
      <div className="page-head">
        <h1>{t('nav.admin.dashboard')}</h1>
        <fieldset className="segmented">
          <legend className="sr-only">{t('admin.dashboard.period')}</legend>
          {PERIODS.map((p) => (
            <button
              key={p.value}
              type="button"
              aria-pressed={period === p.value}
              onClick={() => setPeriod(p.value)}
            >
              {p.days === 0 ? t('admin.dashboard.today') : t('admin.dashboard.days', { count: p.days })}
            </button>
          ))}
        </fieldset>
      </div>
      {dashboard.error ? <ErrorNotice error={dashboard.error} onRetry={dashboard.reload} /> : null}
      <div className="cards" aria-busy={dashboard.loading}>
        <StatCard
          label={t('admin.dashboard.series.clicks')}
          to="/admin/clicks"
          note={
            d
              ? t('admin.dashboard.refused', { count: d.rejected_clicks, n: formatNumber(d.rejected_clicks) })
              : undefined
          }
        >
          {count(d?.clicks)}
        </StatCard>
        <StatCard
          label={t('admin.dashboard.series.leads')}
          to="/admin/leads"
          note={t('admin.dashboard.passedFraud')}
        >
          {count(d?.leads)}
        </StatCard>
        <StatCard
          label={t('admin.dashboard.series.conversions')}
          to="/admin/conversions"
          note={d ? t('admin.dashboard.onHold', { n: formatNumber(d.hold) }) : undefined}
        >
          {count(d?.conversions)}
        </StatCard>
        <StatCard label={t('admin.dashboard.series.revenue')} note={t('admin.dashboard.revenueNote')}>
          {d ? <MoneyLines items={money('revenue')} /> : '…'}
        </StatCard>
        <StatCard label={t('admin.dashboard.series.profit')} note={t('admin.dashboard.profitNote')}>
          {d ? <MoneyLines items={money('profit')} /> : '…'}
        </StatCard>
        <StatCard label="EPC" note={t('admin.dashboard.epcNote')}>
          {d ? <MoneyLines items={money('epc')} /> : '…'}
        </StatCard>
        <StatCard label={t('admin.dashboard.approval')} note={t('admin.dashboard.approvalNote')}>
          {d ? formatPercent(Number(d.approval_percent) / 100) : '…'}
        </StatCard>
        <StatCard
          label={t('admin.dashboard.activeFlows')}
          to="/admin/flows?status=active"
          note={
            d ? t('admin.dashboard.activeFlowsNote', { n: formatNumber(d.flows_with_clicks) }) : undefined
          }
        >
          {count(d?.active_flows)}
        </StatCard>
      </div>
      {d && chosen && (
        <div className="chart-block">
          <fieldset className="segmented chart-metrics">
            <legend className="sr-only">{t('admin.dashboard.chart')}</legend>
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
                ? (value) =>
                    formatMoney(String(value), chosen.currency ?? 'USD', i18n.language).replace(
                      /[.,]00(?=\D*$)/,
                      '',
                    )
                : undefined
            }
            points={chosen.points.map((p) => ({
              key: p.day,
              label: shortDay(p.day, i18n.language),
              value: p.value,
              display: p.display,
            }))}
          />
        </div>
      )}
      <h2>{t('admin.dashboard.network')}</h2>
      {network.error ? <ErrorNotice error={network.error} onRetry={network.reload} /> : null}
      <div className="cards">
        <StatCard label={t('admin.dashboard.activeOffers')} to="/admin/offers?status=active">
          {count(n?.activeOffers)}
        </StatCard>
        <StatCard label={t('admin.dashboard.approvedPublishers')} to="/admin/publishers?status=approved">
          {count(n?.approvedPublishers)}
        </StatCard>
        <StatCard label={t('admin.dashboard.pendingPublishers')} to="/admin/publishers?status=pending">
          {count(n?.pendingPublishers)}
        </StatCard>
      </div>
    </section>
  );
}

import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { BarChart } from '../components/bar-chart';
import { type Column, DataTable, tableEmpty } from '../components/data-table';
import { DateInput } from '../components/date-input';
import { Field } from '../components/field';
import { Money } from '../components/money';
import { ErrorNotice } from '../components/notice';
import { MoneyLines, StatCard } from '../components/stat-card';
import { useTimeZone } from '../components/time-zone';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
import { tr } from '../i18n';
import { formatNumber } from '../i18n/format';
import { api } from '../lib/api';
import { shortDay } from '../lib/chart';
import { perDayTitle } from '../lib/dashboard';
import { dateRangeProblems } from '../lib/log-filters';
import { formatMoney } from '../lib/money';
import { dailyCounts, dailyPayout, rate, statsTotals } from '../lib/publisher-stats';
import { toQueryString } from '../lib/query-string';
import { addDays, todayIn } from '../lib/time-zone';
import type { PublisherOffer, PublisherStatsRow } from '../lib/types';

interface StatsReply {
  group: string;
  from: string;
  to: string;
  tz: string;
  data: PublisherStatsRow[];
}

interface StatsFilters {
  from: string;
  to: string;
  group: string;
  offer_id: string;
}

const GROUPS = [
  {
    value: 'day',
    get label() {
      return tr('portal.stats.day');
    },
  },
  {
    value: 'offer',
    get label() {
      return tr('portal.offers.offer');
    },
  },
  ...Array.from({ length: 10 }, (_, i) => ({ value: `sub${i + 1}`, label: `sub${i + 1}` })),
];

/**
 * The publisher's own statistics: cards, daily charts and a table by day, offer or sub1…sub10, in the local
 * days of the zone chosen in the top bar.
 */
export function PortalStatsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('nav.webmaster.stats'), 'Publisher');
  const [params, setParams] = useSearchParams();
  const { timeZone } = useTimeZone();
  const today = todayIn(timeZone);
  const filters: StatsFilters = {
    from: params.get('from') ?? addDays(today, -13),
    to: params.get('to') ?? today,
    group: params.get('group') ?? 'day',
    offer_id: params.get('offer_id') ?? '',
  };
  const query = { ...filters, offer_id: filters.offer_id || undefined, tz: timeZone };
  const stats = useResource(`portal-stats${toQueryString(query)}`, () =>
    api.get<StatsReply>('/api/publisher/stats', query),
  );
  const offers = useResource('portal-offers', () =>
    api.get<{ data: PublisherOffer[] }>('/api/publisher/offers').then((r) => r.data),
  );
  const rows = stats.data?.data;
  const totals = rows ? statsTotals(rows) : undefined;
  const reply = stats.data;
  const keyLabel = (key: string) => {
    if (reply?.group === 'offer')
      return offers.data?.find((o) => o.id === key)?.name ?? t('portal.caps.offerNumber', { id: key });
    if (reply?.group.startsWith('sub')) return key || t('portal.stats.noSub', { sub: reply.group });
    return key;
  };

  const columns: Column<PublisherStatsRow>[] = [
    {
      key: 'key',
      header: (GROUPS.find((g) => g.value === reply?.group)?.label ?? t('portal.stats.day')).toLowerCase(),
      render: (r) => keyLabel(r.key),
      sortValue: (r) => r.key,
    },
    { key: 'currency', header: t('portal.stats.currency'), render: (r) => r.currency },
    {
      key: 'clicks',
      header: t('portal.stats.clicks'),
      className: 'num',
      render: (r) => formatNumber(r.clicks),
      sortValue: (r) => r.clicks,
    },
    {
      key: 'unique',
      header: t('portal.stats.unique'),
      className: 'num',
      render: (r) => formatNumber(r.unique_clicks),
      sortValue: (r) => r.unique_clicks,
    },
    {
      key: 'leads',
      header: t('portal.stats.leads'),
      className: 'num',
      render: (r) => formatNumber(r.leads),
      sortValue: (r) => r.leads,
    },
    { key: 'cr', header: 'CR', className: 'num', render: (r) => rate(r.leads, r.clicks) },
    {
      key: 'approved',
      header: t('portal.stats.approved'),
      className: 'num',
      render: (r) => formatNumber(r.approved),
      sortValue: (r) => r.approved,
    },
    {
      key: 'payout',
      header: t('portal.stats.payout'),
      className: 'num',
      render: (r) => <Money amount={r.payout} currency={r.currency} />,
      sortValue: (r) => Number(r.payout),
    },
    {
      key: 'epc',
      header: 'EPC',
      className: 'num',
      render: (r) => <Money amount={r.epc} currency={r.currency} />,
      sortValue: (r) => Number(r.epc),
    },
  ];

  return (
    <section>
      <div className="page-head">
        <h1>{t('nav.webmaster.stats')}</h1>
        <button type="button" onClick={stats.reload} disabled={stats.loading}>
          {stats.loading ? t('portal.refreshing') : t('portal.refresh')}
        </button>
      </div>
      <StatsFilterForm
        filters={filters}
        offers={offers.data ?? []}
        onApply={(next) => setParams(toQueryString({ ...next }))}
      />
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      <div className="cards" aria-busy={stats.loading}>
        <StatCard
          label={t('portal.stats.clicks')}
          note={
            totals
              ? t('portal.stats.uniqueNote', {
                  count: totals.unique_clicks,
                  n: formatNumber(totals.unique_clicks),
                })
              : undefined
          }
        >
          {totals ? formatNumber(totals.clicks) : '…'}
        </StatCard>
        <StatCard
          label={t('portal.stats.leads')}
          note={totals ? `CR ${rate(totals.leads, totals.clicks)}` : undefined}
        >
          {totals ? formatNumber(totals.leads) : '…'}
        </StatCard>
        <StatCard
          label={t('portal.stats.approved')}
          note={totals ? t('portal.stats.ofLeads', { rate: rate(totals.approved, totals.leads) }) : undefined}
        >
          {totals ? formatNumber(totals.approved) : '…'}
        </StatCard>
        <StatCard label={t('portal.stats.payout')} note={t('portal.stats.payoutNote')}>
          {totals ? (
            <MoneyLines items={totals.money.map((m) => ({ amount: m.payout, currency: m.currency }))} />
          ) : (
            '…'
          )}
        </StatCard>
        <StatCard label="EPC" note={t('portal.stats.epcNote')}>
          {totals ? (
            <MoneyLines items={totals.money.map((m) => ({ amount: m.epc, currency: m.currency }))} />
          ) : (
            '…'
          )}
        </StatCard>
      </div>
      {reply && rows && reply.group === 'day' && (
        <div className="chart-grid-2">
          {(['clicks', 'leads'] as const).map((metric) => (
            <BarChart
              key={metric}
              title={perDayTitle(
                metric === 'clicks' ? t('portal.stats.clicks') : t('portal.stats.leads'),
                reply.tz,
              )}
              counts
              points={dailyCounts(rows, reply.from, reply.to, metric).map((d) => ({
                key: d.day,
                label: shortDay(d.day, i18n.language),
                value: d.value,
                display: formatNumber(d.value),
              }))}
            />
          ))}
          {(totals?.money ?? []).map((m) => (
            <BarChart
              key={m.currency}
              title={t('portal.stats.payoutPerDay', { currency: m.currency, timeZone: reply.tz })}
              formatTick={(n) =>
                formatMoney(String(n), m.currency, i18n.language).replace(/[.,]00(?=\D*$)/, '')
              }
              points={dailyPayout(rows, reply.from, reply.to, m.currency).map((d) => ({
                key: d.day,
                label: shortDay(d.day, i18n.language),
                value: Number(d.amount),
                display: formatMoney(d.amount, m.currency, i18n.language),
              }))}
            />
          ))}
        </div>
      )}
      <h2>
        {t('portal.stats.by', {
          group: (GROUPS.find((g) => g.value === reply?.group)?.label ?? t('portal.stats.day')).toLowerCase(),
        })}
      </h2>
      <DataTable
        caption={t('nav.webmaster.stats')}
        columns={columns}
        rows={rows}
        rowKey={(r) => `${r.key}-${r.currency}`}
        loading={stats.loading}
        error={stats.error}
        onRetry={stats.reload}
        empty={tableEmpty(t('portal.stats.none'), <p>{t('portal.stats.noneHint')}</p>)}
      />
    </section>
  );
}

function StatsFilterForm({
  filters,
  offers,
  onApply,
}: {
  filters: StatsFilters;
  offers: PublisherOffer[];
  onApply: (filters: StatsFilters) => void;
}) {
  const { t } = useTranslation();
  const { timeZone } = useTimeZone();
  const [draft, setDraft] = useState(filters);
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  const key = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for `filters`
  useEffect(() => setDraft(filters), [key]);
  const set = (k: keyof StatsFilters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const found = dateRangeProblems(draft.from, draft.to);
    if (!found.from && !draft.from) found.from = t('portal.stats.chooseFirst');
    if (!found.to && !draft.to) found.to = t('portal.stats.chooseLast');
    if (!found.from && !found.to && Date.parse(draft.to) - Date.parse(draft.from) > 365 * 86_400_000) {
      found.from = t('portal.stats.atMost');
    }
    setProblems(found);
    if (!found.from && !found.to) onApply(draft);
  }
  return (
    <form
      className="filters filters-grid"
      onSubmit={submit}
      noValidate
      aria-label={t('portal.stats.filters')}
    >
      <Field
        label={t('portal.stats.from')}
        error={problems.from}
        hint={t('portal.stats.zoneDays', { timeZone })}
      >
        {(c) => <DateInput {...c} value={draft.from} onChange={set('from')} />}
      </Field>
      <Field label={t('portal.stats.to')} error={problems.to}>
        {(c) => <DateInput {...c} value={draft.to} onChange={set('to')} />}
      </Field>
      <Field label={t('portal.stats.groupBy')}>
        {(c) => (
          <select {...c} value={draft.group} onChange={set('group')}>
            {GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('portal.offers.offer')}>
        {(c) => (
          <select {...c} value={draft.offer_id} onChange={set('offer_id')}>
            <option value="">{t('portal.stats.all')}</option>
            {offers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="filter-actions">
        <button type="submit" className="button-primary">
          {t('portal.stats.apply')}
        </button>
      </div>
    </form>
  );
}

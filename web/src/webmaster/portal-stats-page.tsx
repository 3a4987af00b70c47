import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { BarChart } from '../components/bar-chart';
import { type Column, DataTable, tableEmpty } from '../components/data-table';
import { Field } from '../components/field';
import { Money } from '../components/money';
import { ErrorNotice } from '../components/notice';
import { MoneyLines, StatCard } from '../components/stat-card';
import { useTimeZone } from '../components/time-zone';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
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
  { value: 'day', label: 'Day' },
  { value: 'offer', label: 'Offer' },
  ...Array.from({ length: 10 }, (_, i) => ({ value: `sub${i + 1}`, label: `sub${i + 1}` })),
];

/**
 * The publisher's own statistics: cards, daily charts and a table by day, offer or sub1…sub10, in the local
 * days of the zone chosen in the top bar.
 */
export function PortalStatsPage() {
  usePageTitle('Statistics', 'Publisher');
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
    if (reply?.group === 'offer') return offers.data?.find((o) => o.id === key)?.name ?? `Offer #${key}`;
    if (reply?.group.startsWith('sub')) return key || `(no ${reply.group})`;
    return key;
  };

  const columns: Column<PublisherStatsRow>[] = [
    {
      key: 'key',
      header: GROUPS.find((g) => g.value === reply?.group)?.label ?? 'Day',
      render: (r) => keyLabel(r.key),
      sortValue: (r) => r.key,
    },
    { key: 'currency', header: 'Currency', render: (r) => r.currency },
    {
      key: 'clicks',
      header: 'Clicks',
      className: 'num',
      render: (r) => r.clicks.toLocaleString(),
      sortValue: (r) => r.clicks,
    },
    {
      key: 'unique',
      header: 'Unique',
      className: 'num',
      render: (r) => r.unique_clicks.toLocaleString(),
      sortValue: (r) => r.unique_clicks,
    },
    {
      key: 'leads',
      header: 'Leads',
      className: 'num',
      render: (r) => r.leads.toLocaleString(),
      sortValue: (r) => r.leads,
    },
    { key: 'cr', header: 'CR', className: 'num', render: (r) => rate(r.leads, r.clicks) },
    {
      key: 'approved',
      header: 'Approved',
      className: 'num',
      render: (r) => r.approved.toLocaleString(),
      sortValue: (r) => r.approved,
    },
    {
      key: 'payout',
      header: 'Payout',
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
        <h1>Statistics</h1>
        <button type="button" onClick={stats.reload} disabled={stats.loading}>
          {stats.loading ? 'Refreshing…' : 'Refresh'}
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
          label="Clicks"
          note={totals ? `${totals.unique_clicks.toLocaleString()} unique` : undefined}
        >
          {totals ? totals.clicks.toLocaleString() : '…'}
        </StatCard>
        <StatCard label="Leads" note={totals ? `CR ${rate(totals.leads, totals.clicks)}` : undefined}>
          {totals ? totals.leads.toLocaleString() : '…'}
        </StatCard>
        <StatCard
          label="Approved"
          note={totals ? `${rate(totals.approved, totals.leads)} of leads` : undefined}
        >
          {totals ? totals.approved.toLocaleString() : '…'}
        </StatCard>
        <StatCard label="Payout" note="approved and on hold">
          {totals ? (
            <MoneyLines items={totals.money.map((m) => ({ amount: m.payout, currency: m.currency }))} />
          ) : (
            '…'
          )}
        </StatCard>
        <StatCard label="EPC" note="payout per click">
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
              title={perDayTitle(metric === 'clicks' ? 'Clicks' : 'Leads', reply.tz)}
              counts
              points={dailyCounts(rows, reply.from, reply.to, metric).map((d) => ({
                key: d.day,
                label: shortDay(d.day),
                value: d.value,
                display: d.value.toLocaleString(),
              }))}
            />
          ))}
          {(totals?.money ?? []).map((m) => (
            <BarChart
              key={m.currency}
              title={`Payout per day (${m.currency}, ${reply.tz})`}
              formatTick={(n) => formatMoney(String(n), m.currency).replace(/\.00$/, '')}
              points={dailyPayout(rows, reply.from, reply.to, m.currency).map((d) => ({
                key: d.day,
                label: shortDay(d.day),
                value: Number(d.amount),
                display: formatMoney(d.amount, m.currency),
              }))}
            />
          ))}
        </div>
      )}
      <h2>By {GROUPS.find((g) => g.value === reply?.group)?.label.toLowerCase() ?? 'day'}</h2>
      <DataTable
        caption="Statistics"
        columns={columns}
        rows={rows}
        rowKey={(r) => `${r.key}-${r.currency}`}
        loading={stats.loading}
        error={stats.error}
        onRetry={stats.reload}
        empty={tableEmpty(
          'No traffic in these days.',
          <p>Clicks on your links show here within a minute.</p>,
        )}
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
    if (!found.from && !draft.from) found.from = 'Choose the first day';
    if (!found.to && !draft.to) found.to = 'Choose the last day';
    if (!found.from && !found.to && Date.parse(draft.to) - Date.parse(draft.from) > 365 * 86_400_000) {
      found.from = 'At most 366 days at once';
    }
    setProblems(found);
    if (!found.from && !found.to) onApply(draft);
  }
  return (
    <form className="filters filters-grid" onSubmit={submit} noValidate aria-label="Statistics filters">
      <Field label="From" error={problems.from} hint={`${timeZone} days`}>
        {(c) => <input {...c} type="date" value={draft.from} onChange={set('from')} />}
      </Field>
      <Field label="To" error={problems.to}>
        {(c) => <input {...c} type="date" value={draft.to} onChange={set('to')} />}
      </Field>
      <Field label="Group by">
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
      <Field label="Offer">
        {(c) => (
          <select {...c} value={draft.offer_id} onChange={set('offer_id')}>
            <option value="">All</option>
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
          Apply
        </button>
      </div>
    </form>
  );
}

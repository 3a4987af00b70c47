import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice } from '../../components/notice';
import { MoneyLines, StatCard } from '../../components/stat-card';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { dateRangeProblems } from '../../lib/log-filters';
import { toQueryString } from '../../lib/query-string';
import type { Finance } from '../../lib/types';
import { ClawbacksOutstanding, PendingChanges } from './clawbacks';
import { PayoutRequests } from './payout-requests';

type AdvertiserRow = Finance['advertisers'][number];
type PublisherRow = Finance['publishers'][number];

const money = <T extends { currency: string }>(key: keyof T & string, header: string): Column<T> => ({
  key,
  header,
  className: 'num',
  render: (row) => <Money amount={String(row[key])} currency={row.currency} />,
  sortValue: (row) => Number(row[key]),
});

const ADVERTISER_COLUMNS: Column<AdvertiserRow>[] = [
  {
    key: 'name',
    header: 'Advertiser',
    render: (a) => a.name || `#${a.advertiser_id}`,
    sortValue: (a) => a.name,
  },
  { key: 'currency', header: 'Currency', render: (a) => a.currency },
  {
    key: 'conversions',
    header: 'Conversions',
    className: 'num',
    render: (a) => a.conversions,
    sortValue: (a) => a.conversions,
  },
  {
    key: 'reversed',
    header: 'Reversed',
    className: 'num',
    render: (a) => a.reversed,
    sortValue: (a) => a.reversed,
  },
  money<AdvertiserRow>('revenue', 'Earned'),
  money<AdvertiserRow>('invoiced', 'Invoiced'),
  money<AdvertiserRow>('received', 'Received'),
  money<AdvertiserRow>('to_collect', 'To collect'),
  money<AdvertiserRow>('pending', 'On hold now'),
];

const PUBLISHER_COLUMNS: Column<PublisherRow>[] = [
  {
    key: 'name',
    header: 'Publisher',
    render: (p) => p.name || `#${p.publisher_id}`,
    sortValue: (p) => p.name,
  },
  { key: 'currency', header: 'Currency', render: (p) => p.currency },
  money<PublisherRow>('approved', 'Approved'),
  money<PublisherRow>('pending', 'Pending'),
  money<PublisherRow>('paid', 'Paid'),
  money<PublisherRow>('clawback_outstanding', 'Clawback to net'),
  money<PublisherRow>('requested', 'Requested'),
  money<PublisherRow>('payable', 'Payable now'),
];

/** Seed 000's Finance tab: the overview cards, who to invoice, who to pay, and the payout requests. */
export function FinancePage() {
  usePageTitle('Finance');
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const { timeZone } = useTimeZone();
  // The days to invoice are local days of the chosen time zone; the cards are the whole ledger.
  const query = { from: from || undefined, to: to || undefined, tz: from && to ? timeZone : undefined };
  const finance = useResource(`finance${toQueryString(query)}`, () =>
    api.get<Finance>('/api/admin/finance', query),
  );
  const setParam = (changes: Record<string, string | undefined>) => {
    const next = Object.fromEntries(params.entries());
    setParams(toQueryString({ ...next, ...changes }));
  };
  const f = finance.data;
  // A payment, a Net-7 run or a decided held change moved money: the balances and clawbacks reload.
  const [moneyVersion, setMoneyVersion] = useState(0);
  const moneyMoved = () => {
    finance.reload();
    setMoneyVersion((v) => v + 1);
  };
  const card = (key: keyof Finance['cards'][number]) =>
    (f?.cards ?? []).map((c) => ({ amount: c[key], currency: c.currency }));
  return (
    <section>
      <div className="page-head">
        <h1>Finance</h1>
        <button type="button" onClick={finance.reload} disabled={finance.loading}>
          {finance.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {finance.error ? <ErrorNotice error={finance.error} onRetry={finance.reload} /> : null}
      <div className="cards" aria-busy={finance.loading}>
        <StatCard label="Advertiser revenue" note="approved advertiser payouts, earned">
          {f ? <MoneyLines items={card('advertiser_revenue')} /> : '…'}
        </StatCard>
        <StatCard label="To collect" note="revenue less payments and top-ups received">
          {f ? <MoneyLines items={card('to_collect')} /> : '…'}
        </StatCard>
        <StatCard label="Owed to publishers" note="approved + pending balances">
          {f ? <MoneyLines items={card('owed_to_publishers')} /> : '…'}
        </StatCard>
        <StatCard label="Clawbacks outstanding" note="reversed after payout, to net from next payouts">
          {f ? <MoneyLines items={card('clawbacks_outstanding')} /> : '…'}
        </StatCard>
        <StatCard label="Already paid" note="completed payouts">
          {f ? <MoneyLines items={card('already_paid')} /> : '…'}
        </StatCard>
        <StatCard label="Net profit" note="your margin on approved conversions">
          {f ? <MoneyLines items={card('net_profit')} /> : '…'}
        </StatCard>
      </div>

      <div className="section-head">
        <h2>Collect from advertisers</h2>
        <Link to="/admin/finance/invoices">Invoices, payments and ageing →</Link>
        <RangeForm from={from} to={to} onApply={(range) => setParam(range)} />
      </div>
      <p className="hint">
        {from && to
          ? `Conversions and revenue posted from ${from} to ${to} (${timeZone} days), reversals included; invoices dated and money received on those days; to collect is the period's revenue less what it received.`
          : 'Conversions and revenue over the whole ledger; to collect is revenue less payments and top-ups received. Choose days to invoice one period.'}
      </p>
      <DataTable
        caption="Collect from advertisers"
        columns={ADVERTISER_COLUMNS}
        rows={f?.advertisers}
        rowKey={(a) => `${a.advertiser_id}-${a.currency}`}
        loading={finance.loading}
        error={finance.error}
        onRetry={finance.reload}
        empty={tableEmpty('Nothing to collect yet.', <p>Revenue appears when advertisers approve leads.</p>)}
      />

      <h2>Pay to publishers</h2>
      <DataTable
        caption="Pay to publishers"
        columns={PUBLISHER_COLUMNS}
        rows={f?.publishers}
        rowKey={(p) => `${p.publisher_id}-${p.currency}`}
        loading={finance.loading}
        error={finance.error}
        onRetry={finance.reload}
        empty={tableEmpty('No publisher balances yet.')}
      />

      <ClawbacksOutstanding version={moneyVersion} />
      <PendingChanges onMoneyMoved={moneyMoved} />

      <PayoutRequests
        status={params.get('status') ?? 'requested'}
        page={Number(params.get('page') ?? 1) || 1}
        onChange={(status, page) => setParam({ status, page: page > 1 ? String(page) : undefined })}
        onMoneyMoved={moneyMoved}
      />
    </section>
  );
}

function RangeForm({
  from,
  to,
  onApply,
}: {
  from: string;
  to: string;
  onApply: (range: { from?: string; to?: string }) => void;
}) {
  const [draft, setDraft] = useState({ from, to });
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  useEffect(() => setDraft({ from, to }), [from, to]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const found = dateRangeProblems(draft.from, draft.to);
    if (!found.from && !found.to && Boolean(draft.from) !== Boolean(draft.to)) {
      found[draft.from ? 'to' : 'from'] = 'Choose both days, or neither';
    }
    setProblems(found);
    if (!found.from && !found.to) onApply({ from: draft.from || undefined, to: draft.to || undefined });
  }
  return (
    <form className="inline-form range-form" onSubmit={submit} noValidate aria-label="Invoice period">
      <Field label="From" error={problems.from}>
        {(c) => (
          <input
            {...c}
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        )}
      </Field>
      <Field label="To" error={problems.to}>
        {(c) => (
          <input
            {...c}
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        )}
      </Field>
      <button type="submit">Apply</button>
      {(from || to) && (
        <button
          type="button"
          className="button-ghost"
          onClick={() => onApply({ from: undefined, to: undefined })}
        >
          All time
        </button>
      )}
    </form>
  );
}

import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { DateInput } from '../../components/date-input';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice } from '../../components/notice';
import { MoneyLines, StatCard } from '../../components/stat-card';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { api } from '../../lib/api';
import { dateRangeProblems } from '../../lib/log-filters';
import { toQueryString } from '../../lib/query-string';
import type { Finance } from '../../lib/types';
import { ClawbacksOutstanding, PendingChanges } from './clawbacks';
import { PayoutRequests } from './payout-requests';

type AdvertiserRow = Finance['advertisers'][number];
type PublisherRow = Finance['publishers'][number];

/** A money column; its header is read in the current language when shown. */
const money = <T extends { currency: string }>(key: keyof T & string, headerKey: string): Column<T> => ({
  key,
  get header() {
    return tr(headerKey);
  },
  className: 'num',
  render: (row) => <Money amount={String(row[key])} currency={row.currency} />,
  sortValue: (row) => Number(row[key]),
});

const ADVERTISER_COLUMNS: Column<AdvertiserRow>[] = [
  {
    key: 'name',
    get header() {
      return tr('admin.col.advertiser');
    },
    render: (a) => a.name || `#${a.advertiser_id}`,
    sortValue: (a) => a.name,
  },
  {
    key: 'currency',
    get header() {
      return tr('admin.col.currency');
    },
    render: (a) => a.currency,
  },
  {
    key: 'conversions',
    get header() {
      return tr('finance.col.conversions');
    },
    className: 'num',
    render: (a) => a.conversions,
    sortValue: (a) => a.conversions,
  },
  {
    key: 'reversed',
    get header() {
      return tr('finance.col.reversed');
    },
    className: 'num',
    render: (a) => a.reversed,
    sortValue: (a) => a.reversed,
  },
  money<AdvertiserRow>('revenue', 'finance.col.earned'),
  money<AdvertiserRow>('invoiced', 'finance.col.invoiced'),
  money<AdvertiserRow>('received', 'finance.col.received'),
  money<AdvertiserRow>('to_collect', 'finance.col.toCollect'),
  money<AdvertiserRow>('pending', 'finance.col.onHoldNow'),
];

const PUBLISHER_COLUMNS: Column<PublisherRow>[] = [
  {
    key: 'name',
    get header() {
      return tr('admin.col.publisher');
    },
    render: (p) => p.name || `#${p.publisher_id}`,
    sortValue: (p) => p.name,
  },
  {
    key: 'currency',
    get header() {
      return tr('admin.col.currency');
    },
    render: (p) => p.currency,
  },
  money<PublisherRow>('approved', 'finance.col.approvedMoney'),
  money<PublisherRow>('pending', 'finance.col.pendingMoney'),
  money<PublisherRow>('paid', 'finance.col.paidOut'),
  money<PublisherRow>('clawback_outstanding', 'finance.col.clawbackToNet'),
  money<PublisherRow>('requested', 'finance.col.requestedMoney'),
  money<PublisherRow>('payable', 'finance.col.payableNow'),
];

/** Seed 000's Finance tab: the overview cards, who to invoice, who to pay, and the payout requests. */
export function FinancePage() {
  const { t } = useTranslation();
  usePageTitle(t('finance.title'));
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
  // A payment, a Net-7 run or a decided held change moved money: the change's own invalidation asks
  // the balances again (lib/invalidation.ts, MONEY); the clawbacks' list is keyed by the version.
  const [moneyVersion, setMoneyVersion] = useState(0);
  const moneyMoved = () => setMoneyVersion((v) => v + 1);
  const card = (key: keyof Finance['cards'][number]) =>
    (f?.cards ?? []).map((c) => ({ amount: c[key], currency: c.currency }));
  return (
    <section>
      <div className="page-head">
        <h1>{t('finance.title')}</h1>
        <button type="button" onClick={finance.reload} disabled={finance.loading}>
          {finance.loading ? t('admin.act.refreshing') : t('admin.act.refresh')}
        </button>
      </div>
      {finance.error ? <ErrorNotice error={finance.error} onRetry={finance.reload} /> : null}
      <div className="cards" aria-busy={finance.loading}>
        <StatCard label={t('finance.cards.revenue')} note={t('finance.cards.revenueNote')}>
          {f ? <MoneyLines items={card('advertiser_revenue')} /> : '…'}
        </StatCard>
        <StatCard label={t('finance.cards.toCollect')} note={t('finance.cards.toCollectNote')}>
          {f ? <MoneyLines items={card('to_collect')} /> : '…'}
        </StatCard>
        <StatCard label={t('finance.cards.owed')} note={t('finance.cards.owedNote')}>
          {f ? <MoneyLines items={card('owed_to_publishers')} /> : '…'}
        </StatCard>
        <StatCard label={t('finance.cards.clawbacks')} note={t('finance.cards.clawbacksNote')}>
          {f ? <MoneyLines items={card('clawbacks_outstanding')} /> : '…'}
        </StatCard>
        <StatCard label={t('finance.cards.paid')} note={t('finance.cards.paidNote')}>
          {f ? <MoneyLines items={card('already_paid')} /> : '…'}
        </StatCard>
        <StatCard label={t('finance.cards.profit')} note={t('finance.cards.profitNote')}>
          {f ? <MoneyLines items={card('net_profit')} /> : '…'}
        </StatCard>
      </div>

      <div className="section-head">
        <h2>{t('finance.collect')}</h2>
        <Link to="/admin/finance/invoices">{t('finance.invoicesLink')}</Link>
        <RangeForm from={from} to={to} onApply={(range) => setParam(range)} />
      </div>
      <p className="hint">
        {from && to ? t('finance.collectPeriodHint', { from, to, timeZone }) : t('finance.collectAllHint')}
      </p>
      <DataTable
        caption={t('finance.collect')}
        columns={ADVERTISER_COLUMNS}
        rows={f?.advertisers}
        rowKey={(a) => `${a.advertiser_id}-${a.currency}`}
        loading={finance.loading}
        error={finance.error}
        onRetry={finance.reload}
        empty={tableEmpty(t('finance.collectEmpty'), <p>{t('finance.collectEmptyHint')}</p>)}
      />

      <h2>{t('finance.pay')}</h2>
      <DataTable
        caption={t('finance.pay')}
        columns={PUBLISHER_COLUMNS}
        rows={f?.publishers}
        rowKey={(p) => `${p.publisher_id}-${p.currency}`}
        loading={finance.loading}
        error={finance.error}
        onRetry={finance.reload}
        empty={tableEmpty(t('finance.payEmpty'))}
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
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ from, to });
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  useEffect(() => setDraft({ from, to }), [from, to]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const found = dateRangeProblems(draft.from, draft.to);
    if (!found.from && !found.to && Boolean(draft.from) !== Boolean(draft.to)) {
      found[draft.from ? 'to' : 'from'] = t('finance.bothDays');
    }
    setProblems(found);
    if (!found.from && !found.to) onApply({ from: draft.from || undefined, to: draft.to || undefined });
  }
  return (
    <form className="inline-form range-form" onSubmit={submit} noValidate aria-label={t('finance.period')}>
      <Field label={t('finance.from')} error={problems.from}>
        {(c) => (
          <DateInput
            {...c}
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('finance.to')} error={problems.to}>
        {(c) => (
          <DateInput {...c} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        )}
      </Field>
      <button type="submit">{t('admin.act.apply')}</button>
      {(from || to) && (
        <button
          type="button"
          className="button-ghost"
          onClick={() => onApply({ from: undefined, to: undefined })}
        >
          {t('finance.allTime')}
        </button>
      )}
    </form>
  );
}

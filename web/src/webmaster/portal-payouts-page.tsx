import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../components/data-table';
import { Field } from '../components/field';
import { ErrorNotice, FormProblems, Loading, Notice } from '../components/notice';
import { PAYOUT_SORTS, payoutColumns } from '../components/payout-columns';
import { MoneyLines, StatCard } from '../components/stat-card';
import { DateTime } from '../components/time-zone';
import { useFormSubmit } from '../hooks/use-form-submit';
import { usePageTitle } from '../hooks/use-page-title';
import { type Resource, useResource } from '../hooks/use-resource';
import { useServerSort } from '../hooks/use-server-sort';
import { tr } from '../i18n';
import { api, type Page } from '../lib/api';
import { formatMoney } from '../lib/money';
import {
  canRequest,
  destinationBody,
  type MethodForm,
  methodLabel,
  methodProblems,
  PAYOUT_METHODS,
  type PayoutMethodValue,
  type RequestForm,
  requestProblems,
} from '../lib/payouts';
import { readPage, toQueryString } from '../lib/query-string';
import { PER_PAGE } from '../lib/table-state';
import type { OutstandingClawbacks, Payout, PayoutBalance, SavedPayoutMethod } from '../lib/types';
import { PortalClawbacks } from './portal-clawbacks';

type PayoutsReply = Page<Payout> & { balances: PayoutBalance[]; clawbacks?: OutstandingClawbacks[] };

/** The columns the server sorts by: column key → the API's sort name (GET /api/publisher/payouts). */
const SORTS = { ...PAYOUT_SORTS, decided: 'decided_at' };

const SHARED = payoutColumns((p) =>
  p.source === 'net7' ? tr('portal.payouts.weekly') : tr('portal.payouts.you'),
);
const COLUMNS: Column<Payout>[] = [
  SHARED.time,
  SHARED.amount,
  SHARED.method,
  {
    ...SHARED.destination,
    get header() {
      return tr('portal.payouts.to');
    },
  },
  {
    ...SHARED.source,
    get header() {
      return tr('portal.payouts.by');
    },
  },
  SHARED.status,
  SHARED.outcome,
  {
    key: 'decided',
    get header() {
      return tr('portal.payouts.decided');
    },
    render: (p) => (p.decided_at ? <DateTime iso={p.decided_at} /> : '—'),
  },
];

/** Balance & payouts: what is approved, on hold, payable and paid; the payout method; requests. */
export function PortalPayoutsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.webmaster.payouts'), 'Publisher');
  const [params, setParams] = useSearchParams();
  const page = readPage(params);
  const sorting = useServerSort(SORTS);
  const query = { ...sorting.query, page, per_page: PER_PAGE };
  const payouts = useResource(`portal-payouts${toQueryString(query)}`, () =>
    api.get<PayoutsReply>('/api/publisher/payouts', query),
  );
  const method = useResource('portal-payout-method', () =>
    api.get<SavedPayoutMethod>('/api/publisher/payout-method'),
  );
  const balances = payouts.data?.balances;
  const line = (key: keyof PayoutBalance) =>
    (balances ?? []).map((b) => ({ amount: b[key], currency: b.currency }));
  return (
    <section>
      <div className="page-head">
        <h1>{t('nav.webmaster.payouts')}</h1>
        <button type="button" onClick={payouts.reload} disabled={payouts.loading}>
          {payouts.loading ? t('portal.refreshing') : t('portal.refresh')}
        </button>
      </div>
      {payouts.error ? <ErrorNotice error={payouts.error} onRetry={payouts.reload} /> : null}
      <div className="cards" aria-busy={payouts.loading}>
        <StatCard
          label={t('portal.stats.approved')}
          note={
            payouts.data?.clawbacks?.length ? t('portal.payouts.belowZero') : t('portal.payouts.confirmed')
          }
        >
          {balances ? <MoneyLines items={line('approved')} /> : '…'}
        </StatCard>
        <StatCard label={t('portal.payouts.pending')} note={t('portal.payouts.pendingNote')}>
          {balances ? <MoneyLines items={line('pending')} /> : '…'}
        </StatCard>
        <StatCard label={t('portal.payouts.payable')} note={t('portal.payouts.payableNote')}>
          {balances ? <MoneyLines items={line('payable')} /> : '…'}
        </StatCard>
        <StatCard label={t('portal.payouts.paid')} note={t('portal.payouts.paidNote')}>
          {balances ? <MoneyLines items={line('paid')} /> : '…'}
        </StatCard>
      </div>
      <PortalClawbacks clawbacks={payouts.data?.clawbacks} />
      <div className="two-panels">
        <RequestPanel payouts={payouts} method={method} />
        <MethodPanel method={method} />
      </div>
      <h2>{t('portal.payouts.requests')}</h2>
      <DataTable
        caption={t('portal.payouts.requests')}
        columns={COLUMNS}
        rowKey={(p) => p.id}
        empty={tableEmpty(t('portal.payouts.none'), <p>{t('portal.payouts.noneHint')}</p>)}
        serverSort={sorting.table}
        {...pagedRows(payouts, page, (n) =>
          setParams(toQueryString({ ...sorting.query, page: n > 1 ? n : undefined })),
        )}
      />
    </section>
  );
}

function MethodFields({
  form,
  errors,
  onChange,
}: {
  form: MethodForm;
  errors: Record<string, string | undefined>;
  onChange: (form: MethodForm) => void;
}) {
  const { t } = useTranslation();
  const field = PAYOUT_METHODS.find((m) => m.value === form.method)?.field;
  return (
    <>
      <Field label={t('common.payouts.method')} required error={errors.method}>
        {(c) => (
          <select {...c} value={form.method} onChange={(e) => onChange({ ...form, method: e.target.value })}>
            <option value="">{t('portal.choose')}</option>
            {PAYOUT_METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={field === 'account' ? t('portal.payouts.account') : t('portal.payouts.wallet')}
        required
        error={errors.destination}
      >
        {(c) => (
          <input
            {...c}
            value={form.destination}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange({ ...form, destination: e.target.value })}
          />
        )}
      </Field>
    </>
  );
}

function RequestPanel({
  payouts,
  method,
}: {
  payouts: Resource<PayoutsReply>;
  method: Resource<SavedPayoutMethod>;
}) {
  const { t, i18n } = useTranslation();
  const money = (amount: string, currency: string) => formatMoney(amount, currency, i18n.language);
  const balances = payouts.data?.balances ?? [];
  const [form, setForm] = useState<RequestForm>({ amount: '', currency: '', method: '', destination: '' });
  const [done, setDone] = useState<string>();
  const saved = method.data;
  // Start from the first currency with money and the saved method (blank fields only).
  const loaded = payouts.data;
  useEffect(() => {
    const list = loaded?.balances ?? [];
    setForm((f) => {
      const next = {
        ...f,
        currency: f.currency || (list.find(canRequest) ?? list[0])?.currency || '',
        method: f.method || saved?.method || '',
        destination: f.destination || saved?.destination || '',
      };
      return JSON.stringify(next) === JSON.stringify(f) ? f : next;
    });
  }, [loaded, saved]);
  const balance = balances.find((b) => b.currency === form.currency);
  const { errors, failure, busy, submit } = useFormSubmit<RequestForm>(
    (f) => requestProblems(f, balance),
    async (f) => {
      const created = await api.post<Payout>('/api/publisher/payouts', {
        amount: f.amount.trim(),
        currency: f.currency,
        ...destinationBody(f.method as PayoutMethodValue, f.destination),
      });
      setDone(t('portal.payouts.requestedDone', { amount: money(created.amount, created.currency) }));
      setForm((x) => ({ ...x, amount: '' }));
      payouts.reload();
    },
  );
  if (!payouts.data) return <Loading />;
  return (
    <form
      className="panel form"
      aria-labelledby="request-title"
      onSubmit={(e) => {
        setDone(undefined);
        void submit(e, form);
      }}
      noValidate
    >
      <h2 id="request-title">{t('portal.payouts.requestTitle')}</h2>
      {done && <Notice tone="success">{done}</Notice>}
      <FormProblems errors={errors} failure={failure} />
      {balances.length === 0 ? (
        <p className="muted">{t('portal.payouts.nothing')}</p>
      ) : (
        <>
          <Field label={t('portal.payouts.balance')} error={errors.currency}>
            {(c) => (
              <select
                {...c}
                value={form.currency}
                onChange={(e) => setForm({ ...form, currency: e.target.value })}
              >
                {balances.map((b) => (
                  <option key={b.currency} value={b.currency}>
                    {t('portal.payouts.payableOption', {
                      currency: b.currency,
                      amount: money(b.payable, b.currency),
                    })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('common.payouts.amount')}
            required
            error={errors.amount}
            hint={
              balance && canRequest(balance)
                ? t('portal.payouts.range', {
                    min: money(balance.minimum, balance.currency),
                    max: money(balance.payable, balance.currency),
                  })
                : balance
                  ? t('portal.payouts.belowMinimum', {
                      payable: money(balance.payable, balance.currency),
                      min: money(balance.minimum, balance.currency),
                    })
                  : undefined
            }
          >
            {(c) => (
              <input
                {...c}
                inputMode="decimal"
                value={form.amount}
                onChange={(e) => setForm({ ...form, amount: e.target.value })}
              />
            )}
          </Field>
          <MethodFields form={form} errors={errors} onChange={(m) => setForm({ ...form, ...m })} />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t('portal.payouts.requesting') : t('portal.payouts.request')}
            </button>
            {balance && canRequest(balance) && (
              <button type="button" onClick={() => setForm({ ...form, amount: balance.payable })}>
                {t('portal.payouts.useAll', { amount: money(balance.payable, balance.currency) })}
              </button>
            )}
          </div>
        </>
      )}
    </form>
  );
}

function MethodPanel({ method }: { method: Resource<SavedPayoutMethod> }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<MethodForm>({ method: '', destination: '' });
  const [done, setDone] = useState<string>();
  const saved = method.data;
  useEffect(() => {
    if (saved) setForm({ method: saved.method ?? '', destination: saved.destination ?? '' });
  }, [saved]);
  const { errors, failure, busy, submit } = useFormSubmit<MethodForm>(methodProblems, async (f) => {
    await api.put(
      '/api/publisher/payout-method',
      destinationBody(f.method as PayoutMethodValue, f.destination),
    );
    setDone(t('portal.payouts.methodSaved'));
    method.reload();
  });
  if (method.error) return <ErrorNotice error={method.error} onRetry={method.reload} />;
  if (!saved) return <Loading />;
  return (
    <form
      className="panel form"
      aria-labelledby="method-title"
      onSubmit={(e) => {
        setDone(undefined);
        void submit(e, form);
      }}
      noValidate
    >
      <h2 id="method-title">{t('portal.payouts.methodTitle')}</h2>
      <p className="hint">
        {t('portal.payouts.methodHint')}{' '}
        {saved.method
          ? t('portal.payouts.methodNow', {
              method: methodLabel(saved.method),
              destination: saved.destination,
            })
          : t('portal.payouts.methodNone')}
      </p>
      {done && <Notice tone="success">{done}</Notice>}
      <FormProblems errors={errors} failure={failure} />
      <MethodFields form={form} errors={errors} onChange={setForm} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('portal.saving') : t('portal.payouts.saveMethod')}
        </button>
      </div>
    </form>
  );
}

import { useEffect, useState } from 'react';
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

const SHARED = payoutColumns((p) => (p.source === 'net7' ? 'Weekly run' : 'You'));
const COLUMNS: Column<Payout>[] = [
  SHARED.time,
  SHARED.amount,
  SHARED.method,
  { ...SHARED.destination, header: 'To' },
  { ...SHARED.source, header: 'By' },
  SHARED.status,
  SHARED.outcome,
  {
    key: 'decided',
    header: 'Decided',
    render: (p) => (p.decided_at ? <DateTime iso={p.decided_at} /> : '—'),
  },
];

/** Balance & payouts: what is approved, on hold, payable and paid; the payout method; requests. */
export function PortalPayoutsPage() {
  usePageTitle('Balance & payouts', 'Publisher');
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
        <h1>Balance &amp; payouts</h1>
        <button type="button" onClick={payouts.reload} disabled={payouts.loading}>
          {payouts.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {payouts.error ? <ErrorNotice error={payouts.error} onRetry={payouts.reload} /> : null}
      <div className="cards" aria-busy={payouts.loading}>
        <StatCard
          label="Approved"
          note={
            payouts.data?.clawbacks?.length
              ? 'below zero: reversed after payout, netted from your next payout'
              : 'confirmed, not yet paid'
          }
        >
          {balances ? <MoneyLines items={line('approved')} /> : '…'}
        </StatCard>
        <StatCard label="Pending" note="on hold with the advertiser">
          {balances ? <MoneyLines items={line('pending')} /> : '…'}
        </StatCard>
        <StatCard label="Payable now" note="past the offer's hold, less open requests">
          {balances ? <MoneyLines items={line('payable')} /> : '…'}
        </StatCard>
        <StatCard label="Paid" note="paid out so far">
          {balances ? <MoneyLines items={line('paid')} /> : '…'}
        </StatCard>
      </div>
      <PortalClawbacks clawbacks={payouts.data?.clawbacks} />
      <div className="two-panels">
        <RequestPanel payouts={payouts} method={method} />
        <MethodPanel method={method} />
      </div>
      <h2>Your payout requests</h2>
      <DataTable
        caption="Your payout requests"
        columns={COLUMNS}
        rowKey={(p) => p.id}
        empty={tableEmpty(
          'No payout requests yet.',
          <p>Request a payout from your payable balance above.</p>,
        )}
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
  const field = PAYOUT_METHODS.find((m) => m.value === form.method)?.field;
  return (
    <>
      <Field label="Method" required error={errors.method}>
        {(c) => (
          <select {...c} value={form.method} onChange={(e) => onChange({ ...form, method: e.target.value })}>
            <option value="">Choose…</option>
            {PAYOUT_METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={field === 'account' ? 'Account (email or IBAN)' : 'Wallet address'}
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
      setDone(`Payout of ${formatMoney(created.amount, created.currency)} requested. We will pay it soon.`);
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
      <h2 id="request-title">Request a payout</h2>
      {done && <Notice tone="success">{done}</Notice>}
      <FormProblems errors={errors} failure={failure} />
      {balances.length === 0 ? (
        <p className="muted">
          Nothing to pay out yet: approved money shows here once an advertiser confirms your leads.
        </p>
      ) : (
        <>
          <Field label="Balance" error={errors.currency}>
            {(c) => (
              <select
                {...c}
                value={form.currency}
                onChange={(e) => setForm({ ...form, currency: e.target.value })}
              >
                {balances.map((b) => (
                  <option key={b.currency} value={b.currency}>
                    {b.currency}: {formatMoney(b.payable, b.currency)} payable
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Amount"
            required
            error={errors.amount}
            hint={
              balance && canRequest(balance)
                ? `From ${formatMoney(balance.minimum, balance.currency)} up to ${formatMoney(balance.payable, balance.currency)}.`
                : balance
                  ? `${formatMoney(balance.payable, balance.currency)} payable now; the minimum payout is ${formatMoney(balance.minimum, balance.currency)}.`
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
              {busy ? 'Requesting…' : 'Request payout'}
            </button>
            {balance && canRequest(balance) && (
              <button type="button" onClick={() => setForm({ ...form, amount: balance.payable })}>
                Use all {formatMoney(balance.payable, balance.currency)}
              </button>
            )}
          </div>
        </>
      )}
    </form>
  );
}

function MethodPanel({ method }: { method: Resource<SavedPayoutMethod> }) {
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
    setDone('Payout method saved.');
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
      <h2 id="method-title">Payout method</h2>
      <p className="hint">
        The weekly Net-7 run pays your payable balance by this method when it reaches the minimum.
        {saved.method ? ` Now: ${methodLabel(saved.method)} to ${saved.destination}.` : ' None saved yet.'}
      </p>
      {done && <Notice tone="success">{done}</Notice>}
      <FormProblems errors={errors} failure={failure} />
      <MethodFields form={form} errors={errors} onChange={setForm} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save method'}
        </button>
      </div>
    </form>
  );
}

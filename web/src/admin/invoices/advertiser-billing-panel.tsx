import { useState } from 'react';
import { Link } from 'react-router';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice, FormProblems, Notice } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { amountProblem, isCurrencyCode } from '../../lib/money';
import { ReceivablesTable } from './receivables-table';
import type { Billing } from './types';

/** On the advertiser's page: what they owe on invoices, and their prepayment balance and top-ups. */
export function AdvertiserBillingPanel({ advertiserId }: { advertiserId: string }) {
  const billing = useResource(`billing-${advertiserId}`, () =>
    api.get<Billing>(`/api/admin/advertisers/${advertiserId}/billing`),
  );
  const [version, setVersion] = useState(0);
  const b = billing.data;
  return (
    <section className="panel" aria-label="Billing">
      <h2>Billing</h2>
      <h3>Outstanding on invoices</h3>
      <ReceivablesTable advertiserId={advertiserId} version={version} />
      <p className="hint">
        <Link to="/admin/finance/invoices">Invoices</Link> for this advertiser are made and paid in Finance →
        Invoices.
      </p>
      {billing.error ? <ErrorNotice error={billing.error} onRetry={billing.reload} /> : null}
      {b && (
        <>
          <h3>Prepayment</h3>
          {b.mode === 'prepayment' ? (
            <dl className="facts" data-testid="prepaid-balances">
              {b.balances.length === 0 && (
                <>
                  <dt>Balance</dt>
                  <dd>No top-ups yet</dd>
                </>
              )}
              {b.balances.map((x) => (
                <BalanceFact key={x.currency} balance={x} />
              ))}
            </dl>
          ) : (
            <p className="hint">This advertiser is invoiced after the fact.</p>
          )}
          <BillingForm
            key={`${b.mode}-${b.low_balance_alert}-${b.pause_at_zero}`}
            billing={b}
            onSaved={() => {
              billing.reload();
              setVersion((v) => v + 1);
            }}
          />
          {b.mode === 'prepayment' && <TopupForm advertiserId={advertiserId} onSaved={billing.reload} />}
        </>
      )}
    </section>
  );
}

function BalanceFact({ balance }: { balance: Billing['balances'][number] }) {
  return (
    <>
      <dt>Balance {balance.currency}</dt>
      <dd>
        <Money amount={balance.balance} currency={balance.currency} /> (top-ups{' '}
        <Money amount={balance.topups} currency={balance.currency} />, drawn{' '}
        <Money amount={balance.drawn} currency={balance.currency} />){balance.low ? ' — low' : ''}
      </dd>
    </>
  );
}

interface BillingDraft {
  mode: Billing['mode'];
  low_balance_alert: string;
  pause_at_zero: boolean;
}

function BillingForm({ billing, onSaved }: { billing: Billing; onSaved: () => void }) {
  const [form, setForm] = useState<BillingDraft>({
    mode: billing.mode,
    low_balance_alert: billing.low_balance_alert ?? '',
    pause_at_zero: billing.pause_at_zero,
  });
  const [saved, setSaved] = useState(false);
  const { errors, failure, busy, submit } = useFormSubmit<BillingDraft>(
    (f) =>
      f.low_balance_alert && amountProblem(f.low_balance_alert, 'USD')
        ? { low_balance_alert: 'Enter an amount like 100.00' }
        : {},
    async (f) => {
      await api.put<Billing>(`/api/admin/advertisers/${billing.advertiser_id}/billing`, {
        mode: f.mode,
        low_balance_alert: f.low_balance_alert.trim() || null,
        pause_at_zero: f.pause_at_zero,
      });
      setSaved(true);
      onSaved();
    },
  );
  return (
    <form className="form" onSubmit={(e) => submit(e, form)} noValidate aria-label="Billing mode">
      <FormProblems errors={errors} failure={failure} />
      {saved && <Notice tone="success">Billing saved.</Notice>}
      <div className="inline-form">
        <Field label="Billing">
          {(c) => (
            <select
              {...c}
              value={form.mode}
              onChange={(e) => setForm({ ...form, mode: e.target.value as Billing['mode'] })}
            >
              <option value="invoice">Invoiced after the fact</option>
              <option value="prepayment">Prepayment (a balance)</option>
            </select>
          )}
        </Field>
        <Field
          label="Alert at balance"
          hint="in each currency; empty: at zero"
          error={errors.low_balance_alert}
        >
          {(c) => (
            <input
              {...c}
              inputMode="decimal"
              value={form.low_balance_alert}
              onChange={(e) => setForm({ ...form, low_balance_alert: e.target.value })}
            />
          )}
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={form.pause_at_zero}
            onChange={(e) => setForm({ ...form, pause_at_zero: e.target.checked })}
          />{' '}
          Pause their offers at zero (a top-up resumes them)
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save billing'}
        </button>
      </div>
    </form>
  );
}

interface TopupDraft {
  amount: string;
  currency: string;
  received_on: string;
  reference: string;
}

function TopupForm({ advertiserId, onSaved }: { advertiserId: string; onSaved: () => void }) {
  const empty = {
    amount: '',
    currency: 'USD',
    received_on: new Date().toISOString().slice(0, 10),
    reference: '',
  };
  const [form, setForm] = useState<TopupDraft>(empty);
  const { errors, failure, busy, submit } = useFormSubmit<TopupDraft>(
    (f) => {
      const found: Record<string, string> = {};
      const currency = f.currency.trim().toUpperCase();
      if (!isCurrencyCode(currency)) found.currency = 'A currency code like USD';
      const problem = amountProblem(f.amount, isCurrencyCode(currency) ? currency : 'USD');
      if (problem) found.amount = problem;
      if (!f.reference.trim()) found.reference = 'Enter the bank or payment reference';
      return found;
    },
    async (f) => {
      await api.post<Billing>(`/api/admin/advertisers/${advertiserId}/topups`, {
        ...f,
        currency: f.currency.trim().toUpperCase(),
        reference: f.reference.trim(),
      });
      setForm(empty);
      onSaved();
    },
  );
  const set = (changes: Partial<TopupDraft>) => setForm({ ...form, ...changes });
  return (
    <form className="form" onSubmit={(e) => submit(e, form)} noValidate aria-label="Record a top-up">
      <h3>Record a top-up</h3>
      <FormProblems errors={errors} failure={failure} />
      <div className="inline-form">
        <Field label="Amount" required error={errors.amount}>
          {(c) => (
            <input
              {...c}
              inputMode="decimal"
              value={form.amount}
              onChange={(e) => set({ amount: e.target.value })}
            />
          )}
        </Field>
        <Field label="Currency" required error={errors.currency}>
          {(c) => (
            <input
              {...c}
              maxLength={3}
              value={form.currency}
              onChange={(e) => set({ currency: e.target.value })}
            />
          )}
        </Field>
        <Field label="Received on" required>
          {(c) => (
            <input
              {...c}
              type="date"
              value={form.received_on}
              onChange={(e) => set({ received_on: e.target.value })}
            />
          )}
        </Field>
        <Field label="Reference" required error={errors.reference}>
          {(c) => (
            <input
              {...c}
              maxLength={200}
              value={form.reference}
              onChange={(e) => set({ reference: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Record top-up'}
        </button>
      </div>
    </form>
  );
}

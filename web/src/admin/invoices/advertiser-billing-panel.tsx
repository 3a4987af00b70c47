import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateInput } from '../../components/date-input';
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
  const { t } = useTranslation();
  const billing = useResource(`billing-${advertiserId}`, () =>
    api.get<Billing>(`/api/admin/advertisers/${advertiserId}/billing`),
  );
  const [version, setVersion] = useState(0);
  const b = billing.data;
  return (
    <section className="panel" aria-label={t('finance.billing.title')}>
      <h2>{t('finance.billing.title')}</h2>
      <h3>{t('finance.billing.outstanding')}</h3>
      <ReceivablesTable advertiserId={advertiserId} version={version} />
      <p className="hint">
        <Trans
          i18nKey="finance.billing.invoicesHint"
          components={{ go: <Link to="/admin/finance/invoices" /> }}
        />
      </p>
      {billing.error ? <ErrorNotice error={billing.error} onRetry={billing.reload} /> : null}
      {b && (
        <>
          <h3>{t('finance.billing.prepayment')}</h3>
          {b.mode === 'prepayment' ? (
            <dl className="facts" data-testid="prepaid-balances">
              {b.balances.length === 0 && (
                <>
                  <dt>{t('finance.col.balance')}</dt>
                  <dd>{t('finance.billing.noTopups')}</dd>
                </>
              )}
              {b.balances.map((x) => (
                <BalanceFact key={x.currency} balance={x} />
              ))}
            </dl>
          ) : (
            <p className="hint">{t('finance.billing.invoicedAfter')}</p>
          )}
          <BillingForm
            key={`${b.mode}-${b.low_balance_alert}-${b.pause_at_zero}`}
            billing={b}
            onSaved={() => setVersion((v) => v + 1)}
          />
          {b.mode === 'prepayment' && <TopupForm advertiserId={advertiserId} onSaved={billing.reload} />}
        </>
      )}
    </section>
  );
}

function BalanceFact({ balance }: { balance: Billing['balances'][number] }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t('finance.billing.balanceIn', { currency: balance.currency })}</dt>
      <dd>
        <Money amount={balance.balance} currency={balance.currency} /> ({t('finance.billing.topups')}{' '}
        <Money amount={balance.topups} currency={balance.currency} />, {t('finance.billing.drawn')}{' '}
        <Money amount={balance.drawn} currency={balance.currency} />)
        {balance.low ? ` — ${t('finance.billing.low')}` : ''}
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
  const { t } = useTranslation();
  const [form, setForm] = useState<BillingDraft>({
    mode: billing.mode,
    low_balance_alert: billing.low_balance_alert ?? '',
    pause_at_zero: billing.pause_at_zero,
  });
  const [saved, setSaved] = useState(false);
  const { errors, failure, busy, submit } = useFormSubmit<BillingDraft>(
    (f) =>
      f.low_balance_alert && amountProblem(f.low_balance_alert, 'USD')
        ? { low_balance_alert: t('finance.billing.amountLike') }
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
    <form
      className="form"
      onSubmit={(e) => submit(e, form)}
      noValidate
      aria-label={t('finance.billing.mode')}
    >
      <FormProblems errors={errors} failure={failure} />
      {saved && <Notice tone="success">{t('finance.billing.saved')}</Notice>}
      <div className="inline-form">
        <Field label={t('finance.billing.title')}>
          {(c) => (
            <select
              {...c}
              value={form.mode}
              onChange={(e) => setForm({ ...form, mode: e.target.value as Billing['mode'] })}
            >
              <option value="invoice">{t('finance.billing.modeInvoice')}</option>
              <option value="prepayment">{t('finance.billing.modePrepayment')}</option>
            </select>
          )}
        </Field>
        <Field
          label={t('finance.billing.alertAt')}
          hint={t('finance.billing.alertHint')}
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
          {t('finance.billing.pauseAtZero')}
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('admin.act.saving') : t('finance.billing.save')}
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
  const { t } = useTranslation();
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
      if (!isCurrencyCode(currency)) found.currency = t('finance.billing.currencyLike');
      const problem = amountProblem(f.amount, isCurrencyCode(currency) ? currency : 'USD');
      if (problem) found.amount = problem;
      if (!f.reference.trim()) found.reference = t('finance.needReference');
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
    <form
      className="form"
      onSubmit={(e) => submit(e, form)}
      noValidate
      aria-label={t('finance.billing.topupTitle')}
    >
      <h3>{t('finance.billing.topupTitle')}</h3>
      <FormProblems errors={errors} failure={failure} />
      <div className="inline-form">
        <Field label={t('common.payouts.amount')} required error={errors.amount}>
          {(c) => (
            <input
              {...c}
              inputMode="decimal"
              value={form.amount}
              onChange={(e) => set({ amount: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('admin.col.currency')} required error={errors.currency}>
          {(c) => (
            <input
              {...c}
              maxLength={3}
              value={form.currency}
              onChange={(e) => set({ currency: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('finance.receivedOn')} required>
          {(c) => (
            <DateInput
              {...c}
              value={form.received_on}
              onChange={(e) => set({ received_on: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('finance.col.reference')} required error={errors.reference}>
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
          {busy ? t('admin.act.saving') : t('finance.billing.recordTopup')}
        </button>
      </div>
    </form>
  );
}

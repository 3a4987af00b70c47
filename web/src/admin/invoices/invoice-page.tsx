import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { DateInput } from '../../components/date-input';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice, FormProblems, Loading, Notice } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { formatDay } from '../../i18n/format';
import { api } from '../../lib/api';
import { amountProblem, formatMoney } from '../../lib/money';
import { type Invoice, STATUS_LABELS } from './types';

type Line = Invoice['lines'][number];
type Payment = Invoice['payments'][number];

/** One invoice: its frozen lines, payments received, and the next step (send, record a payment, void). */
export function InvoicePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const invoice = useResource(`invoice-${id}`, () => api.get<Invoice>(`/api/admin/invoices/${id}`));
  usePageTitle(
    invoice.data ? t('finance.invoice.title', { number: invoice.data.number }) : t('finance.col.invoice'),
  );
  const [paying, setPaying] = useState(false);
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  if (invoice.error) return <ErrorNotice error={invoice.error} onRetry={invoice.reload} />;
  if (!invoice.data) return <Loading />;
  const inv = invoice.data;
  const money = (amount: string) => <Money amount={amount} currency={inv.currency} />;

  async function step(action: 'send' | 'void') {
    if (action === 'void' && !window.confirm(t('finance.invoice.askVoid', { number: inv.number }))) return;
    setFailure(undefined);
    try {
      await api.post<Invoice>(`/api/admin/invoices/${inv.id}/${action}`);
      setNote(
        action === 'send'
          ? t('finance.invoice.sentNote', { number: inv.number })
          : t('finance.invoice.voidedNote', { number: inv.number }),
      );
    } catch (error) {
      setFailure(error);
    }
  }

  const lineColumns: Column<Line>[] = [
    { key: 'posted', header: t('finance.col.posted'), render: (l) => formatDay(l.posted_at.slice(0, 10)) },
    {
      key: 'kind',
      header: t('finance.col.line'),
      render: (l) =>
        l.kind === 'adjustment' ? t('finance.invoice.adjustment') : t('finance.invoice.conversion'),
    },
    {
      key: 'offer',
      header: t('admin.col.offer'),
      render: (l) => `${l.offer_name}${l.goal ? ` · ${l.goal}` : ''}`,
    },
    {
      key: 'lead',
      header: t('finance.col.lead'),
      render: (l) => (
        <Link to={`/admin/leads/${l.lead_id}`}>
          <code>{l.lead_id}</code>
        </Link>
      ),
    },
    {
      key: 'status',
      header: t('admin.col.status'),
      render: (l) => t(`common.status.${l.status}`, { defaultValue: l.status }),
    },
    { key: 'amount', header: t('common.payouts.amount'), className: 'num', render: (l) => money(l.amount) },
  ];
  const paymentColumns: Column<Payment>[] = [
    { key: 'received', header: t('finance.col.received'), render: (p) => formatDay(p.received_on) },
    { key: 'reference', header: t('finance.col.reference'), render: (p) => p.reference },
    { key: 'amount', header: t('common.payouts.amount'), className: 'num', render: (p) => money(p.amount) },
  ];
  const payable = inv.status === 'sent' || inv.status === 'partly_paid';
  return (
    <section>
      <p className="crumbs">
        <Link to="/admin/finance">{t('finance.title')}</Link> /{' '}
        <Link to="/admin/finance/invoices">{t('finance.invoices.title')}</Link> /
      </p>
      <div className="page-head">
        <h1>
          {t('finance.invoice.title', { number: inv.number })}{' '}
          <span className={`badge badge-invoice-${inv.status}`}>{STATUS_LABELS[inv.status]}</span>
        </h1>
        <span className="row-actions">
          <a className="button" href={`/api/admin/invoices/${inv.id}/html`} target="_blank" rel="noopener">
            {t('finance.invoice.print')}
          </a>
          <a className="button button-ghost" href={`/api/admin/invoices/${inv.id}/lines.csv`} download>
            {t('finance.invoice.linesCsv')}
          </a>
          {inv.status === 'draft' && (
            <button type="button" className="button-primary" onClick={() => step('send')}>
              {t('finance.invoice.markSent')}
            </button>
          )}
          {payable && (
            <button type="button" className="button-primary" onClick={() => setPaying(true)}>
              {t('finance.invoice.recordPayment')}
            </button>
          )}
          {(inv.status === 'draft' || inv.status === 'sent') && (
            <button type="button" className="button-danger" onClick={() => step('void')}>
              {t('finance.invoice.void')}
            </button>
          )}
        </span>
      </div>
      {note && <Notice tone="success">{note}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <dl className="facts">
        <dt>{t('admin.col.advertiser')}</dt>
        <dd>
          <Link to={`/admin/advertisers/${inv.advertiser_id}`}>{inv.advertiser_name}</Link>
        </dd>
        <dt>{t('finance.col.period')}</dt>
        <dd>
          {formatDay(inv.period_from)} – {formatDay(inv.period_to)} ({inv.time_zone})
        </dd>
        <dt>{t('finance.col.invoiceDate')}</dt>
        <dd>{formatDay(inv.invoice_date)}</dd>
        <dt>{t('finance.invoice.dueDate')}</dt>
        <dd>{formatDay(inv.due_date)}</dd>
        <dt>{t('admin.act.total')}</dt>
        <dd>{money(inv.total)}</dd>
        <dt>{t('finance.col.paid')}</dt>
        <dd>{money(inv.paid)}</dd>
        <dt>{t('finance.col.outstanding')}</dt>
        <dd data-testid="invoice-outstanding">{money(inv.outstanding)}</dd>
      </dl>
      {inv.notes && <p className="hint">{inv.notes}</p>}
      <h2>{t('finance.invoice.lines')}</h2>
      <DataTable
        caption={t('finance.invoice.linesCaption')}
        columns={lineColumns}
        rows={inv.lines}
        rowKey={(l) => `${l.kind}-${l.conversion_id}`}
        loading={false}
        error={undefined}
        empty={tableEmpty(t('finance.invoice.noLines'))}
      />
      <h2>{t('finance.invoice.payments')}</h2>
      <DataTable
        caption={t('finance.invoice.payments')}
        columns={paymentColumns}
        rows={inv.payments}
        rowKey={(p) => p.id}
        loading={false}
        error={undefined}
        empty={tableEmpty(t('finance.invoice.noPayments'))}
      />
      <Dialog
        title={t('finance.invoice.paymentTitle', { number: inv.number })}
        open={paying}
        onClose={() => setPaying(false)}
      >
        {paying && (
          <PaymentForm
            invoice={inv}
            onDone={(saved) => {
              setPaying(false);
              setNote(
                t('finance.invoice.paymentNote', { amount: formatMoney(saved.outstanding, saved.currency) }),
              );
            }}
          />
        )}
      </Dialog>
    </section>
  );
}

interface PaymentDraft {
  amount: string;
  received_on: string;
  reference: string;
}

function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: (saved: Invoice) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<PaymentDraft>({
    amount: invoice.outstanding,
    received_on: new Date().toISOString().slice(0, 10),
    reference: '',
  });
  const { errors, failure, busy, submit } = useFormSubmit<PaymentDraft>(
    (f) => {
      const found: Record<string, string> = {};
      const problem = amountProblem(f.amount, invoice.currency);
      if (problem) found.amount = problem;
      if (!f.received_on) found.received_on = t('finance.invoice.needDay');
      if (!f.reference.trim()) found.reference = t('finance.needReference');
      return found;
    },
    async (f) => {
      onDone(
        await api.post<Invoice>(`/api/admin/invoices/${invoice.id}/payments`, {
          amount: f.amount.trim(),
          received_on: f.received_on,
          reference: f.reference.trim(),
        }),
      );
    },
  );
  return (
    <form className="dialog-body form" onSubmit={(e) => submit(e, form)} noValidate>
      <FormProblems errors={errors} failure={failure} />
      <p className="hint">
        {t('finance.invoice.outstandingNow', { amount: formatMoney(invoice.outstanding, invoice.currency) })}
      </p>
      <Field label={t('finance.amountIn', { currency: invoice.currency })} required error={errors.amount}>
        {(c) => (
          <input
            {...c}
            inputMode="decimal"
            value={form.amount}
            onChange={(e) => setForm({ ...form, amount: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('finance.receivedOn')} required error={errors.received_on}>
        {(c) => (
          <DateInput
            {...c}
            value={form.received_on}
            onChange={(e) => setForm({ ...form, received_on: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('finance.col.reference')} required error={errors.reference}>
        {(c) => (
          <input
            {...c}
            maxLength={200}
            autoComplete="off"
            value={form.reference}
            onChange={(e) => setForm({ ...form, reference: e.target.value })}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('admin.act.saving') : t('finance.invoice.recordPayment')}
        </button>
      </div>
    </form>
  );
}

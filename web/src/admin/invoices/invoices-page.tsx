import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { DateInput } from '../../components/date-input';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { FormProblems, Notice } from '../../components/notice';
import { useTimeZone } from '../../components/time-zone';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { formatDay } from '../../i18n/format';
import { api, type Page } from '../../lib/api';
import { dateRangeProblems } from '../../lib/log-filters';
import { formatMoney } from '../../lib/money';
import { toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import { useAllAdvertisers } from '../lookups';
import { ReceivablesTable } from './receivables-table';
import { type Invoice, type InvoiceSummary, STATUS_LABELS } from './types';

const STATUSES = ['all', 'draft', 'sent', 'partly_paid', 'paid', 'void'] as const;

const COLUMNS: Column<InvoiceSummary>[] = [
  {
    key: 'number',
    get header() {
      return tr('finance.col.invoice');
    },
    render: (i) => <Link to={`/admin/finance/invoices/${i.id}`}>{i.number}</Link>,
  },
  {
    key: 'advertiser',
    get header() {
      return tr('admin.col.advertiser');
    },
    render: (i) => i.advertiser_name || `#${i.advertiser_id}`,
  },
  {
    key: 'period',
    get header() {
      return tr('finance.col.period');
    },
    render: (i) => `${formatDay(i.period_from)} – ${formatDay(i.period_to)}`,
  },
  {
    key: 'date',
    get header() {
      return tr('finance.col.invoiceDate');
    },
    render: (i) => formatDay(i.invoice_date),
  },
  {
    key: 'status',
    get header() {
      return tr('admin.col.status');
    },
    render: (i) => <span className={`badge badge-invoice-${i.status}`}>{STATUS_LABELS[i.status]}</span>,
  },
  {
    key: 'total',
    get header() {
      return tr('admin.act.total');
    },
    className: 'num',
    render: (i) => <Money amount={i.total} currency={i.currency} />,
  },
  {
    key: 'paid',
    get header() {
      return tr('finance.col.paid');
    },
    className: 'num',
    render: (i) => <Money amount={i.paid} currency={i.currency} />,
  },
  {
    key: 'outstanding',
    get header() {
      return tr('finance.col.outstanding');
    },
    className: 'num',
    render: (i) => <Money amount={i.outstanding} currency={i.currency} />,
  },
];

/** Finance → Invoices: what advertisers owe (aged), new invoices for a period, and every invoice. */
export function InvoicesPage() {
  const { t } = useTranslation();
  usePageTitle(t('finance.invoices.title'));
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'all';
  const page = Number(params.get('page') ?? 1) || 1;
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<Invoice[]>();
  const query = { status: status === 'all' ? undefined : status, page, per_page: PER_PAGE };
  const list = useResource(`invoices${toQueryString(query)}-${version}`, () =>
    api.get<Page<InvoiceSummary>>('/api/admin/invoices', query),
  );
  const setParam = (changes: Record<string, string | undefined>) =>
    setParams(toQueryString({ ...Object.fromEntries(params.entries()), ...changes }));
  return (
    <section>
      <p className="crumbs">
        <Link to="/admin/finance">{t('finance.title')}</Link> /
      </p>
      <h1>{t('finance.invoices.title')}</h1>
      <h2>{t('finance.col.outstanding')}</h2>
      <ReceivablesTable version={version} />

      <h2>{t('finance.invoices.new')}</h2>
      <NewInvoiceForm
        onCreated={(invoices) => {
          setCreated(invoices);
          setVersion((v) => v + 1);
        }}
      />
      {created && (
        <Notice tone="success">
          {t('finance.invoices.created', {
            count: created.length,
            invoices: created.map((i) => `${i.number} (${formatMoney(i.total, i.currency)})`).join(', '),
          })}{' '}
          {created.map((i) => (
            <Link key={i.id} to={`/admin/finance/invoices/${i.id}`} className="link-gap">
              {t('finance.invoices.open', { number: i.number })}
            </Link>
          ))}
        </Notice>
      )}

      <div className="section-head">
        <h2>{t('finance.invoices.all')}</h2>
        <label className="tz-select">
          <span>{t('finance.show')}</span>
          <select value={status} onChange={(e) => setParam({ status: e.target.value, page: undefined })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? t('finance.all') : STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DataTable
        caption={t('finance.invoices.title')}
        columns={COLUMNS}
        rowKey={(i) => i.id}
        empty={tableEmpty(t('finance.invoices.empty'), <p>{t('finance.invoices.emptyHint')}</p>)}
        {...pagedRows(list, page, (n) => setParam({ page: n > 1 ? String(n) : undefined }))}
      />
    </section>
  );
}

interface NewInvoice {
  advertiser_id: string;
  from: string;
  to: string;
  due_days: string;
  notes: string;
}

function NewInvoiceForm({ onCreated }: { onCreated: (invoices: Invoice[]) => void }) {
  const { t } = useTranslation();
  const advertisers = useAllAdvertisers();
  const { timeZone } = useTimeZone();
  const [form, setForm] = useState<NewInvoice>({
    advertiser_id: '',
    from: '',
    to: '',
    due_days: '30',
    notes: '',
  });
  const set = (changes: Partial<NewInvoice>) => setForm({ ...form, ...changes });
  const { errors, failure, busy, submit } = useFormSubmit<NewInvoice>(
    (f) => {
      const found: Record<string, string> = { ...dateRangeProblems(f.from, f.to) };
      if (!f.advertiser_id) found.advertiser_id = t('finance.invoices.chooseAdvertiser');
      if (!f.from) found.from = t('finance.invoices.chooseFirst');
      if (!f.to) found.to = t('finance.invoices.chooseLast');
      if (!/^\d{1,3}$/.test(f.due_days)) found.due_days = t('finance.invoices.dueDaysProblem');
      return found;
    },
    async (f) => {
      const answer = await api.post<{ data: Invoice[] }>('/api/admin/invoices', {
        advertiser_id: f.advertiser_id,
        from: f.from,
        to: f.to,
        tz: timeZone,
        due_days: Number(f.due_days),
        notes: f.notes,
      });
      onCreated(answer.data);
    },
  );
  return (
    <form
      className="form panel"
      onSubmit={(e) => submit(e, form)}
      noValidate
      aria-label={t('finance.invoices.new')}
    >
      <FormProblems errors={errors} failure={failure} />
      <p className="hint">{t('finance.invoices.newHint', { timeZone })}</p>
      <div className="inline-form">
        <Field label={t('admin.col.advertiser')} required error={errors.advertiser_id}>
          {(c) => (
            <select
              {...c}
              value={form.advertiser_id}
              onChange={(e) => set({ advertiser_id: e.target.value })}
            >
              <option value="">{t('finance.invoices.choose')}</option>
              {(advertisers.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('finance.from')} required error={errors.from}>
          {(c) => <DateInput {...c} value={form.from} onChange={(e) => set({ from: e.target.value })} />}
        </Field>
        <Field label={t('finance.to')} required error={errors.to}>
          {(c) => <DateInput {...c} value={form.to} onChange={(e) => set({ to: e.target.value })} />}
        </Field>
        <Field label={t('finance.invoices.dueDays')} error={errors.due_days}>
          {(c) => (
            <input
              {...c}
              inputMode="numeric"
              value={form.due_days}
              onChange={(e) => set({ due_days: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label={t('finance.invoices.notes')} hint={t('finance.invoices.notesHint')}>
        {(c) => (
          <textarea
            {...c}
            rows={2}
            maxLength={2000}
            value={form.notes}
            onChange={(e) => set({ notes: e.target.value })}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('finance.invoices.creating') : t('finance.invoices.create')}
        </button>
      </div>
    </form>
  );
}

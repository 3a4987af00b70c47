import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { DateInput } from '../../components/date-input';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { formatDay } from '../../i18n/format';
import { ApiError, api, type Page } from '../../lib/api';
import { formatDecimal } from '../../lib/money';
import { readPage, toQueryString } from '../../lib/query-string';
import { type RateDraft, rateProblems, rateSavedNote } from '../../lib/rate-form';
import { PER_PAGE } from '../../lib/table-state';
import type { CurrencyRate } from '../../lib/types';
import { useAccess } from '../access';

const EMPTY: RateDraft = { currency: '', rate_date: '', rate: '' };

/** Exchange rates against the base currency: add one (a day that has one is replaced), edit, delete. */
export function RatesSection() {
  const { t } = useTranslation();
  // Finance, admins and owners set rates; other roles read them.
  const canEdit = useAccess().can('POST /api/admin/currency-rates');
  const [params, setParams] = useSearchParams();
  const page = readPage(params, 'rates_page');
  const query = { page, per_page: PER_PAGE };
  const list = useResource(`rates${toQueryString(query)}`, () =>
    api.get<Page<CurrencyRate> & { base_currency: string }>('/api/admin/currency-rates', query),
  );
  const base = list.data?.base_currency ?? 'USD';
  const [draft, setDraft] = useState(EMPTY);
  const [editing, setEditing] = useState<CurrencyRate>();
  const [problems, setProblems] = useState<Partial<RateDraft>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const set = (key: keyof RateDraft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  function reset() {
    setDraft(EMPTY);
    setEditing(undefined);
    setProblems({});
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setDone(undefined);
    const found = rateProblems(draft, base);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const body = {
      currency: draft.currency.trim().toUpperCase(),
      rate_date: draft.rate_date,
      rate: draft.rate.trim(),
    };
    try {
      const saved = editing
        ? await api.patch<CurrencyRate>(`/api/admin/currency-rates/${editing.id}`, body)
        : await api.post<CurrencyRate>('/api/admin/currency-rates', body);
      setDone(rateSavedNote(saved));
      reset();
      list.reload();
    } catch (error) {
      const field = error instanceof ApiError ? error.field : undefined;
      if (field === 'currency' || field === 'rate_date' || field === 'rate') {
        setProblems({ [field]: (error as ApiError).message });
      } else setFailure(error);
    }
  }

  function edit(rate: CurrencyRate) {
    setEditing(rate);
    setDraft({ currency: rate.currency, rate_date: rate.rate_date, rate: rate.rate });
    setProblems({});
  }

  async function remove(rate: CurrencyRate) {
    const words = { currency: rate.currency, day: formatDay(rate.rate_date) };
    if (!window.confirm(t('setup.rates.askDelete', words))) return;
    setFailure(undefined);
    try {
      await api.delete(`/api/admin/currency-rates/${rate.id}`);
      setDone(t('setup.rates.deleted', words));
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<CurrencyRate>[] = [
    {
      key: 'currency',
      header: t('admin.col.currency'),
      render: (r) => r.currency,
      sortValue: (r) => r.currency,
    },
    {
      key: 'date',
      header: t('setup.rates.fromDay'),
      render: (r) => formatDay(r.rate_date),
      sortValue: (r) => r.rate_date,
    },
    {
      key: 'rate',
      header: t('setup.rates.ratePerUnit', { base }),
      className: 'num',
      render: (r) => <span className="num">{formatDecimal(r.rate)}</span>,
      sortValue: (r) => Number(r.rate),
    },
    {
      key: 'actions',
      header: '',
      render: (r) =>
        canEdit && (
          <span className="row-actions">
            <button
              type="button"
              className="button-small"
              onClick={() => edit(r)}
              aria-label={t('setup.rates.editOf', { currency: r.currency, day: formatDay(r.rate_date) })}
            >
              {t('admin.act.edit')}
            </button>
            <button
              type="button"
              className="button-small"
              onClick={() => remove(r)}
              aria-label={t('setup.rates.deleteOf', { currency: r.currency, day: formatDay(r.rate_date) })}
            >
              {t('admin.act.delete')}
            </button>
          </span>
        ),
    },
  ];

  return (
    <div className="settings-block">
      <h2>{t('setup.rates.title')}</h2>
      <p className="muted">{t('setup.rates.hint', { base })}</p>
      {canEdit && (
        <form
          className="form inline-form"
          onSubmit={save}
          noValidate
          aria-label={editing ? t('setup.rates.editRate') : t('setup.rates.addRate')}
        >
          <Field label={t('admin.col.currency')} error={problems.currency} required>
            {(c) => (
              <input
                {...c}
                value={draft.currency}
                onChange={set('currency')}
                maxLength={3}
                placeholder="EUR"
                className="input-short"
              />
            )}
          </Field>
          <Field label={t('setup.rates.fromDay')} error={problems.rate_date} required>
            {(c) => <DateInput {...c} value={draft.rate_date} onChange={set('rate_date')} />}
          </Field>
          <Field label={t('setup.rates.rateIn', { base })} error={problems.rate} required>
            {(c) => (
              <input
                {...c}
                inputMode="decimal"
                value={draft.rate}
                onChange={set('rate')}
                placeholder="1.0850"
              />
            )}
          </Field>
          <button type="submit" className="button-primary">
            {editing ? t('setup.rates.save') : t('setup.rates.add')}
          </button>
          {editing && (
            <button type="button" className="button" onClick={reset}>
              {t('admin.act.cancel')}
            </button>
          )}
        </form>
      )}
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('setup.rates.title')}
        columns={columns}
        rowKey={(r) => r.id}
        empty={tableEmpty(t('setup.rates.empty'), t('setup.rates.emptyHint'))}
        {...pagedRows(list, page, (n) => setParams(toQueryString({ rates_page: n })))}
      />
    </div>
  );
}

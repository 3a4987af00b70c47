import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { ApiError, api, type Page } from '../../lib/api';
import { readPage, toQueryString } from '../../lib/query-string';
import { type RateDraft, rateProblems } from '../../lib/rate-form';
import { PER_PAGE } from '../../lib/table-state';
import type { CurrencyRate } from '../../lib/types';
import { useAccess } from '../access';

const EMPTY: RateDraft = { currency: '', rate_date: '', rate: '' };

/** Exchange rates against the base currency: add one (a day that has one is replaced), edit, delete. */
export function RatesSection() {
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
      setDone(`1 ${saved.currency} = ${saved.rate} ${saved.base_currency} from ${saved.rate_date}.`);
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
    if (!window.confirm(`Delete the ${rate.currency} rate of ${rate.rate_date}?`)) return;
    setFailure(undefined);
    try {
      await api.delete(`/api/admin/currency-rates/${rate.id}`);
      setDone(`The ${rate.currency} rate of ${rate.rate_date} is deleted.`);
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<CurrencyRate>[] = [
    { key: 'currency', header: 'Currency', render: (r) => r.currency, sortValue: (r) => r.currency },
    { key: 'date', header: 'From day', render: (r) => r.rate_date, sortValue: (r) => r.rate_date },
    {
      key: 'rate',
      header: `Rate (${base} per unit)`,
      className: 'num',
      render: (r) => <span className="num">{r.rate}</span>,
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
              aria-label={`Edit ${r.currency} ${r.rate_date}`}
            >
              Edit
            </button>
            <button
              type="button"
              className="button-small"
              onClick={() => remove(r)}
              aria-label={`Delete ${r.currency} ${r.rate_date}`}
            >
              Delete
            </button>
          </span>
        ),
    },
  ];

  return (
    <div className="settings-block">
      <h2>Currency rates</h2>
      <p className="muted">
        How many {base} (the base currency) one unit of a currency is worth, from a day on. Reports in a
        chosen currency convert with these; each conversion keeps the rate of the day it was made.
      </p>
      {canEdit && (
        <form
          className="form inline-form"
          onSubmit={save}
          noValidate
          aria-label={editing ? 'Edit rate' : 'Add a rate'}
        >
          <Field label="Currency" error={problems.currency} required>
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
          <Field label="From day" error={problems.rate_date} required>
            {(c) => <input {...c} type="date" value={draft.rate_date} onChange={set('rate_date')} />}
          </Field>
          <Field label={`Rate (${base})`} error={problems.rate} required>
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
            {editing ? 'Save rate' : '+ Add rate'}
          </button>
          {editing && (
            <button type="button" className="button" onClick={reset}>
              Cancel
            </button>
          )}
        </form>
      )}
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Currency rates"
        columns={columns}
        rowKey={(r) => r.id}
        empty={tableEmpty('No rates yet.', 'Add one to report in another currency.')}
        {...pagedRows(list, page, (n) => setParams(toQueryString({ rates_page: n })))}
      />
    </div>
  );
}

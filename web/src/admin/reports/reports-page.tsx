import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { Notice } from '../../components/notice';
import { SavedReportsBar } from '../../components/saved-reports';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { formatNumber } from '../../i18n/format';
import { api } from '../../lib/api';
import { toQueryString } from '../../lib/query-string';
import {
  REPORT_GROUPS,
  type ReportFilters,
  readReportFilters,
  reportApiQuery,
  reportFilterProblems,
  reportFiltersFromSaved,
  reportSavedParams,
  SUB_KEYS,
} from '../../lib/report-filters';
import { todayIn } from '../../lib/time-zone';
import type { CustomReport, CustomReportRow } from '../../lib/types';
import { useAllAdvertisers, useAllOffers, useAllPublishers } from '../lookups';
import { useRateCurrencies } from '../settings/use-rate-currencies';

const count = (
  key: 'clicks' | 'leads' | 'approved' | 'hold' | 'rejected',
  header: string,
): Column<CustomReportRow> => ({
  key,
  header,
  className: 'num',
  render: (r) => formatNumber(r[key]),
  sortValue: (r) => r[key],
});

const money = (key: 'revenue' | 'publisher_payouts' | 'profit', header: string): Column<CustomReportRow> => ({
  key,
  header,
  className: 'num',
  render: (r) => <Money amount={r[key]} currency={r.currency} />,
  sortValue: (r) => Number(r[key]),
});

function columnsFor(groupBy: string): Column<CustomReportRow>[] {
  const title = REPORT_GROUPS.find(([key]) => key === groupBy)?.[1] ?? 'Group';
  return [
    { key: 'label', header: title, render: (r) => r.label || '—', sortValue: (r) => r.label },
    { key: 'currency', header: 'Currency', render: (r) => r.currency, sortValue: (r) => r.currency },
    count('clicks', 'Clicks'),
    count('leads', 'Leads'),
    count('approved', 'Approved'),
    count('hold', 'Hold'),
    count('rejected', 'Rejected'),
    money('revenue', 'Revenue'),
    money('publisher_payouts', 'Publisher payouts'),
    money('profit', 'Profit'),
  ];
}

/** Seed 000's Reports: custom date-range figures for invoicing and reconciliation, with a CSV export. */
export function ReportsPage() {
  usePageTitle('Reports');
  const [params, setParams] = useSearchParams();
  const { timeZone } = useTimeZone();
  const today = todayIn(timeZone);
  const filters = readReportFilters(params, today);
  const filtersKey = JSON.stringify(filters);
  const [draft, setDraft] = useState(filters);
  const [problems, setProblems] = useState<Partial<ReportFilters>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for `filters`
  useEffect(() => setDraft(filters), [filtersKey]);
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const advertisers = useAllAdvertisers();
  const currencies = useRateCurrencies();
  const query = reportApiQuery(filters, { tz: timeZone });
  const valid = Object.keys(reportFilterProblems(filters)).length === 0;
  const report = useResource(valid ? `report${toQueryString(query)}` : null, () =>
    api.get<CustomReport>('/api/admin/reports/custom', query),
  );
  const set = (key: keyof ReportFilters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = reportFilterProblems(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) setParams(toQueryString(draft));
  }

  const select = (
    key: keyof ReportFilters,
    label: string,
    items: { id: string; name: string }[] | undefined,
  ) => (
    <Field label={label}>
      {(c) => (
        <select {...c} value={draft[key]} onChange={set(key)}>
          <option value="">All</option>
          {(items ?? []).map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const data = report.data;
  const missing = data?.missing_rates ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>Reports</h1>
        <Link className="button" to="/admin/reports/grouped">
          Grouped report (drill-down)
        </Link>
        {valid && (
          <a
            className="button"
            href={`/api/admin/reports/custom${toQueryString(reportApiQuery(filters, { tz: timeZone, format: 'csv' }))}`}
            download
          >
            Download CSV
          </a>
        )}
      </div>
      <p className="muted">
        Custom date-range figures ({timeZone} days) for advertiser invoicing and publisher reconciliation.
        Money is what the ledger posted in the range, reversals included — the same sums as Finance and the
        Dashboard.
      </p>
      <SavedReportsBar
        base="/api/admin"
        report="custom"
        current={reportSavedParams(filters)}
        timeZone={timeZone}
        onOpen={(q) => setParams(reportFiltersFromSaved(q))}
      />
      <form className="filters filters-grid" onSubmit={submit} noValidate aria-label="Report filters">
        <Field label="From" error={problems.from} required>
          {(c) => <input {...c} type="date" value={draft.from} onChange={set('from')} />}
        </Field>
        <Field label="To" error={problems.to} required>
          {(c) => <input {...c} type="date" value={draft.to} onChange={set('to')} />}
        </Field>
        <Field label="Group by">
          {(c) => (
            <select {...c} value={draft.group_by} onChange={set('group_by')}>
              {REPORT_GROUPS.map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {select('offer_id', 'Offer', offers.data)}
        {select('publisher_id', 'Publisher', publishers.data)}
        {select('advertiser_id', 'Advertiser', advertisers.data)}
        <Field label="Sub ID">
          {(c) => (
            <select {...c} value={draft.sub_key} onChange={set('sub_key')}>
              {SUB_KEYS.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Sub ID value" hint="exact value; empty: any">
          {(c) => <input {...c} value={draft.sub_value} onChange={set('sub_value')} maxLength={255} />}
        </Field>
        <Field label="Currency" error={problems.currency}>
          {(c) => (
            <select {...c} value={draft.currency} onChange={set('currency')}>
              <option value="">Each in its own</option>
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="filter-actions">
          <button type="submit" className="button-primary">
            Run report
          </button>
        </div>
      </form>
      {missing.length > 0 && (
        <Notice tone="warning">
          No exchange rate for {missing.map((m) => `${m.currency} on ${m.date}`).join(', ')}: those amounts
          are left out of the {data?.report_currency} figures. Add the rates under Settings.
        </Notice>
      )}
      <DataTable
        caption="Report rows"
        columns={columnsFor(filters.group_by)}
        rows={data?.data}
        rowKey={(r) => `${r.key}|${r.currency}`}
        loading={report.loading}
        error={report.error}
        onRetry={report.reload}
        empty={tableEmpty('Nothing in this range.', 'Try a longer range or fewer filters.')}
      />
      {data && data.totals.length > 0 && (
        <>
          <h2>Totals</h2>
          <DataTable
            caption="Totals per currency"
            columns={columnsFor(filters.group_by).map((c) =>
              c.key === 'label' ? { ...c, header: '', sortValue: undefined } : c,
            )}
            rows={data.totals}
            rowKey={(r) => r.currency}
            loading={report.loading}
            error={undefined}
            empty={null}
          />
        </>
      )}
    </section>
  );
}

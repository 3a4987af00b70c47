import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { DateInput } from '../../components/date-input';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { Notice } from '../../components/notice';
import { SavedReportsBar } from '../../components/saved-reports';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
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
  headerKey: string,
): Column<CustomReportRow> => ({
  key,
  get header() {
    return tr(headerKey);
  },
  className: 'num',
  render: (r) => formatNumber(r[key]),
  sortValue: (r) => r[key],
});

const money = (
  key: 'revenue' | 'publisher_payouts' | 'profit',
  headerKey: string,
): Column<CustomReportRow> => ({
  key,
  get header() {
    return tr(headerKey);
  },
  className: 'num',
  render: (r) => <Money amount={r[key]} currency={r.currency} />,
  sortValue: (r) => Number(r[key]),
});

/** A grouping's name (day, offer, country…) in the current language; sub1…sub10 stay as they are. */
function groupLabel(key: string): string {
  return key.startsWith('sub') ? key : tr(`setup.reports.groups.${key}`);
}

function columnsFor(groupBy: string): Column<CustomReportRow>[] {
  const title = REPORT_GROUPS.some(([key]) => key === groupBy)
    ? groupLabel(groupBy)
    : tr('setup.reports.group');
  return [
    { key: 'label', header: title, render: (r) => r.label || '—', sortValue: (r) => r.label },
    {
      key: 'currency',
      header: tr('admin.col.currency'),
      render: (r) => r.currency,
      sortValue: (r) => r.currency,
    },
    count('clicks', 'setup.reports.clicks'),
    count('leads', 'setup.reports.leads'),
    count('approved', 'common.status.approved'),
    count('hold', 'common.status.hold'),
    count('rejected', 'common.status.rejected'),
    money('revenue', 'admin.col.revenue'),
    money('publisher_payouts', 'setup.reports.publisherPayouts'),
    money('profit', 'setup.reports.profit'),
  ];
}

/** Seed 000's Reports: custom date-range figures for invoicing and reconciliation, with a CSV export. */
export function ReportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.reports.title'));
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
          <option value="">{t('admin.act.all')}</option>
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
        <h1>{t('setup.reports.title')}</h1>
        <Link className="button" to="/admin/reports/grouped">
          {t('setup.reports.grouped')}
        </Link>
        {valid && (
          <a
            className="button"
            href={`/api/admin/reports/custom${toQueryString(reportApiQuery(filters, { tz: timeZone, format: 'csv' }))}`}
            download
          >
            {t('setup.reports.downloadCsv')}
          </a>
        )}
      </div>
      <p className="muted">{t('setup.reports.intro', { timeZone })}</p>
      <SavedReportsBar
        base="/api/admin"
        report="custom"
        current={reportSavedParams(filters)}
        timeZone={timeZone}
        onOpen={(q) => setParams(reportFiltersFromSaved(q))}
      />
      <form
        className="filters filters-grid"
        onSubmit={submit}
        noValidate
        aria-label={t('setup.reports.filters')}
      >
        <Field label={t('setup.from')} error={problems.from} required>
          {(c) => <DateInput {...c} value={draft.from} onChange={set('from')} />}
        </Field>
        <Field label={t('setup.to')} error={problems.to} required>
          {(c) => <DateInput {...c} value={draft.to} onChange={set('to')} />}
        </Field>
        <Field label={t('setup.reports.groupBy')}>
          {(c) => (
            <select {...c} value={draft.group_by} onChange={set('group_by')}>
              {REPORT_GROUPS.map(([key]) => (
                <option key={key} value={key}>
                  {groupLabel(key)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {select('offer_id', t('admin.col.offer'), offers.data)}
        {select('publisher_id', t('admin.col.publisher'), publishers.data)}
        {select('advertiser_id', t('admin.col.advertiser'), advertisers.data)}
        <Field label={t('setup.reports.subId')}>
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
        <Field label={t('setup.reports.subValue')} hint={t('setup.reports.subValueHint')}>
          {(c) => <input {...c} value={draft.sub_value} onChange={set('sub_value')} maxLength={255} />}
        </Field>
        <Field label={t('admin.col.currency')} error={problems.currency}>
          {(c) => (
            <select {...c} value={draft.currency} onChange={set('currency')}>
              <option value="">{t('setup.reports.eachOwn')}</option>
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
            {t('setup.reports.run')}
          </button>
        </div>
      </form>
      {missing.length > 0 && (
        <Notice tone="warning">
          {t('setup.reports.missingRates', {
            missing: missing
              .map((m) => t('setup.reports.rateOn', { currency: m.currency, date: m.date }))
              .join(', '),
            currency: data?.report_currency,
          })}
        </Notice>
      )}
      <DataTable
        caption={t('setup.reports.rows')}
        columns={columnsFor(filters.group_by)}
        rows={data?.data}
        rowKey={(r) => `${r.key}|${r.currency}`}
        loading={report.loading}
        error={report.error}
        onRetry={report.reload}
        empty={tableEmpty(t('setup.reports.empty'), t('setup.reports.emptyHint'))}
      />
      {data && data.totals.length > 0 && (
        <>
          <h2>{t('setup.reports.totals')}</h2>
          <DataTable
            caption={t('setup.reports.totalsCaption')}
            columns={columnsFor(filters.group_by).map((c) =>
              // The server names the totals row "Total" (in the CSV too); the screen says it in the reader's language.
              c.key === 'label'
                ? { ...c, header: '', sortValue: undefined, render: () => t('admin.act.total') }
                : c,
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

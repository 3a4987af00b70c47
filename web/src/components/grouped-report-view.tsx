import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  DIMENSIONS,
  type Dimension,
  PORTAL_DIMENSIONS,
} from '../../../src/modules/reports/report-groupings.js';
import { useResource } from '../hooks/use-resource';
import { currentLocale, tr } from '../i18n';
import { formatNumber } from '../i18n/format';
import { api } from '../lib/api';
import { toQueryString } from '../lib/query-string';
import { addDays, todayIn } from '../lib/time-zone';
import { DateInput } from './date-input';
import { ErrorNotice, Loading } from './notice';
import { SavedReportsBar } from './saved-reports';
import { useTimeZone } from './time-zone';

type Grouping = Dimension;

/** A grouping's name in the reader's language (reports.group.<grouping>). */
export function groupingName(g: string): string {
  return (DIMENSIONS as readonly string[]).includes(g) ? tr(`reports.group.${g}`) : g;
}

const DEVICES = new Set(['desktop', 'mobile', 'tablet', 'tv', 'bot', 'unknown']);

/**
 * A row's value: an empty one says "(no sub2)" in the reader's language, a device type is a word
 * of the app; the rest (names, codes, sub values, days) is data, marked as not to translate.
 */
function RowLabel({ grouping, value, label }: { grouping: string; value: string; label: string }) {
  if (value === '') return <>{tr('reports.noValue', { grouping: groupingName(grouping) })}</>;
  if (grouping === 'device' && DEVICES.has(value)) return <>{tr(`streams.device.${value}`)}</>;
  return <span translate="no">{label}</span>;
}

interface Figures {
  currency: string;
  clicks: number;
  unique_clicks: number;
  leads: number;
  cr: number | null;
  approved: number;
  approval: number | null;
  epc: string | null;
  payout: string;
  revenue?: string;
  profit?: string;
  roi?: number | null;
}
interface Row extends Figures {
  keys: string[];
  labels: string[];
  previous: Figures;
}
interface GroupedReport {
  group_by: string[];
  previous: { from: string; to: string };
  data: Row[];
  totals: (Figures & { previous: Figures })[];
}

type Measure = keyof Omit<Figures, 'currency'>;
const MEASURES: Measure[] = [
  'clicks',
  'unique_clicks',
  'leads',
  'cr',
  'approved',
  'approval',
  'epc',
  'revenue',
  'payout',
  'profit',
  'roi',
];
/** Decimal strings (money) keep their digits; the rest are numbers. */
const DECIMALS: ReadonlySet<Measure> = new Set(['epc', 'revenue', 'payout', 'profit']);

/** A figure in the reader's language: "1,234.50" / "1.234,50" / "1 234,50"; exact for money strings. */
function figure(measure: Measure, value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (DECIMALS.has(measure) && typeof value === 'string') {
    const match = /^-?\d+(?:\.(\d+))?$/.exec(value);
    if (!match) return value;
    const digits = match[1]?.length ?? 0;
    return new Intl.NumberFormat(currentLocale(), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value as Intl.StringNumericLiteral);
  }
  return typeof value === 'number' ? formatNumber(value) : value;
}
/** Compared with the previous period (Δ %). */
const COMPARED: ReadonlySet<Measure> = new Set([
  'clicks',
  'leads',
  'approved',
  'revenue',
  'payout',
  'profit',
]);

function delta(now: number, before: number): number | null {
  if (before === 0) return null;
  return Math.round(((now - before) / Math.abs(before)) * 1000) / 10;
}

function Cell({ row, measure }: { row: Figures & { previous: Figures }; measure: Measure }) {
  const value = row[measure];
  const shown = figure(measure, value);
  if (!COMPARED.has(measure)) return <>{shown}</>;
  const d = delta(Number(value ?? 0), Number(row.previous[measure] ?? 0));
  return (
    <>
      {shown}
      {d !== null && d !== 0 && (
        <span
          className={d > 0 ? 'delta-up' : 'delta-down'}
          title={tr('reports.previousValue', { value: figure(measure, row.previous[measure]) })}
        >
          {' '}
          {d > 0 ? '▲' : '▼'}
          {formatNumber(Math.abs(d))}%
        </span>
      )}
    </>
  );
}

/**
 * The grouped report (issue 21), for the admin and the portal: up to three groupings, a row's value
 * clicked becomes a filter and the report moves to the next grouping (drill-down), the previous
 * period's change beside the counts and money, CSV of what is on screen.
 */
export function GroupedReportView({ apiPath, portal }: { apiPath: string; portal: boolean }) {
  const dayId = useId();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { timeZone } = useTimeZone();
  const groupings: readonly Grouping[] = portal ? PORTAL_DIMENSIONS : DIMENSIONS;
  const today = todayIn(timeZone);
  const from = params.get('from') ?? addDays(today, -6);
  const to = params.get('to') ?? today;
  const groupBy = (params.get('group_by') ?? 'date').split(',').filter(Boolean) as Grouping[];
  const filters = Object.fromEntries(
    [...params.entries()].filter(([k]) => k.startsWith('f_')).map(([k, v]) => [k.slice(2), v]),
  ) as Partial<Record<Grouping, string>>;
  const query = {
    from,
    to,
    group_by: groupBy.join(','),
    tz: timeZone,
    ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [`f_${k}`, v])),
  };
  const report = useResource(`grouped${toQueryString(query)}`, () => api.get<GroupedReport>(apiPath, query));
  const [draft, setDraft] = useState({
    from,
    to,
    groups: [groupBy[0] ?? 'date', groupBy[1] ?? '', groupBy[2] ?? ''],
  });
  const [labels, setLabels] = useState<Record<string, string>>({});

  const go = (next: Record<string, string>) => setParams(toQueryString(next));
  const filterParams = (f: Partial<Record<Grouping, string>>) =>
    Object.fromEntries(Object.entries(f).map(([k, v]) => [`f_${k}`, v as string]));

  function submit(event: FormEvent) {
    event.preventDefault();
    const groups = [...new Set(draft.groups.filter(Boolean))];
    go({ from: draft.from, to: draft.to, group_by: groups.join(','), ...filterParams(filters) });
  }

  /** Drill-down: the first grouping's value becomes a filter, the next groupings move up. */
  function drill(row: Row) {
    const [first, ...rest] = groupBy;
    if (!first) return;
    const unused = groupings.find((g) => !groupBy.includes(g) && !(g in filters));
    const next = rest.length > 0 ? rest : unused ? [unused] : [];
    setLabels((l) => ({ ...l, [`${first}=${row.keys[0]}`]: row.labels[0] ?? '' }));
    const nextFilters = { ...filters, [first]: row.keys[0] ?? '' };
    setDraft((d) => ({ ...d, groups: [next[0] ?? 'date', next[1] ?? '', next[2] ?? ''] }));
    go({ from, to, group_by: next.join(','), ...filterParams(nextFilters) });
  }

  function removeFilter(name: Grouping) {
    const { [name]: _gone, ...rest } = filters;
    go({ from, to, group_by: groupBy.join(','), ...filterParams(rest) });
  }

  const measures = MEASURES.filter((m) => !portal || (m !== 'revenue' && m !== 'profit' && m !== 'roi'));
  const nameOf = groupingName;
  const data = report.data;
  return (
    <section>
      <div className="page-head">
        <h1>{t('reports.title')}</h1>
        <a className="button" href={`${apiPath}${toQueryString({ ...query, format: 'csv' })}`} download>
          {t('reports.downloadCsv')}
        </a>
      </div>
      <SavedReportsBar
        base={portal ? '/api/publisher' : '/api/admin'}
        report="grouped"
        current={query}
        timeZone={timeZone}
        onOpen={(q) => setParams(q)}
      />
      <form className="form report-groups" aria-label={t('reports.settings')} onSubmit={submit}>
        <label htmlFor={`${dayId}-from`}>
          {t('reports.from')}{' '}
          <DateInput
            id={`${dayId}-from`}
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label htmlFor={`${dayId}-to`}>
          {t('reports.to')}{' '}
          <DateInput
            id={`${dayId}-to`}
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        {[0, 1, 2].map((i) => (
          <label key={i}>
            {t('reports.groupN', { n: i + 1 })}{' '}
            <select
              aria-label={t('reports.groupingN', { n: i + 1 })}
              value={draft.groups[i]}
              onChange={(e) => {
                const groups = [...draft.groups];
                groups[i] = e.target.value;
                setDraft({ ...draft, groups });
              }}
            >
              {i > 0 && <option value="">—</option>}
              {groupings.map((g) => (
                <option key={g} value={g}>
                  {groupingName(g)}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="submit" className="button-primary">
          {t('reports.show')}
        </button>
      </form>
      {Object.keys(filters).length > 0 && (
        <nav className="report-crumbs" aria-label={t('reports.drillFilters')}>
          {(Object.entries(filters) as [Grouping, string][]).map(([g, v]) => (
            <button
              key={g}
              type="button"
              className="chip"
              onClick={() => removeFilter(g)}
              title={t('reports.removeFilter')}
            >
              {nameOf(g)}: <RowLabel grouping={g} value={v} label={labels[`${g}=${v}`] || v} /> ✕
            </button>
          ))}
        </nav>
      )}
      <p className="muted">
        {t('reports.hint')}
        {data ? ` (${data.previous.from.slice(0, 10)} – ${data.previous.to.slice(0, 10)})` : ''}.
      </p>
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      {!data ? (
        report.error ? null : (
          <Loading />
        )
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        <section className="table-wrap" tabIndex={0} aria-label={t('reports.title')}>
          <table>
            <thead>
              <tr>
                {groupBy.map((g) => (
                  <th key={g} scope="col">
                    {nameOf(g)}
                  </th>
                ))}
                <th scope="col">{t('reports.currency')}</th>
                {measures.map((m) => (
                  <th key={m} scope="col" className="num">
                    {t(`reports.measure.${m}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.data.length === 0 && (
                <tr>
                  <td colSpan={groupBy.length + 1 + measures.length}>{t('reports.empty')}</td>
                </tr>
              )}
              {data.data.map((row) => (
                <tr key={`${row.keys.join('|')}|${row.currency}`}>
                  {row.labels.map((label, i) => (
                    <td key={groupBy[i]}>
                      {i === 0 ? (
                        <button type="button" className="report-row-drill" onClick={() => drill(row)}>
                          <RowLabel grouping={groupBy[0] ?? ''} value={row.keys[0] ?? ''} label={label} />
                        </button>
                      ) : (
                        <RowLabel grouping={groupBy[i] ?? ''} value={row.keys[i] ?? ''} label={label} />
                      )}
                    </td>
                  ))}
                  <td>{row.currency}</td>
                  {measures.map((m) => (
                    <td key={m} className="num">
                      <Cell row={row} measure={m} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              {data.totals.map((total) => (
                <tr key={total.currency}>
                  <th scope="row" colSpan={groupBy.length}>
                    {t('reports.total')}
                  </th>
                  <td>{total.currency}</td>
                  {measures.map((m) => (
                    <td key={m} className="num">
                      <Cell row={total} measure={m} />
                    </td>
                  ))}
                </tr>
              ))}
            </tfoot>
          </table>
        </section>
      )}
    </section>
  );
}

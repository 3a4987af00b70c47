import { tr } from '../i18n';
import { type Filters, readFilters } from './query-string';
import { addDays, UTC } from './time-zone';

/** The sub ids a click (and its lead) keeps: the report groups and filters by each. */
export const SUB_KEYS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8', 'sub9', 'sub10'];

/** The Reports page's filters, as they stand in the address bar. Days are local days of the chosen zone. */
export const REPORT_FILTER_KEYS = [
  'from',
  'to',
  'group_by',
  'offer_id',
  'publisher_id',
  'advertiser_id',
  'sub_key',
  'sub_value',
  'currency',
] as const;
export type ReportFilters = Record<(typeof REPORT_FILTER_KEYS)[number], string>;

export const REPORT_GROUPS: [string, string][] = [
  ['day', 'Day'],
  ['offer', 'Offer'],
  ['publisher', 'Publisher'],
  ['advertiser', 'Advertiser'],
  ['country', 'Country'],
  ...SUB_KEYS.map((key): [string, string] => [key, key]),
];

/** The API's longest range. */
export const MAX_REPORT_DAYS = 366;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDay(text: string): boolean {
  if (!DATE.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

/** From the address bar; a missing range is the last 7 days ending `today` (in the chosen zone). */
export function readReportFilters(params: URLSearchParams, today: string): ReportFilters {
  const filters = readFilters(params, REPORT_FILTER_KEYS);
  return {
    ...filters,
    from: filters.from || addDays(today, -6),
    to: filters.to || today,
    group_by: filters.group_by || 'day',
    sub_key: SUB_KEYS.includes(filters.sub_key) ? filters.sub_key : 'sub1',
  };
}

/** What is wrong before anything is sent, by field: required real days, in order, at most 366 days. */
export function reportFilterProblems(filters: ReportFilters): Partial<ReportFilters> {
  const problems: Partial<ReportFilters> = {};
  if (!isDay(filters.from)) problems.from = tr('common.dates.notDate');
  if (!isDay(filters.to)) problems.to = tr('common.dates.notDate');
  if (problems.from || problems.to) return problems;
  if (filters.to < filters.from) problems.to = tr('common.dates.endsBefore');
  else {
    const days =
      (Date.parse(`${filters.to}T00:00:00Z`) - Date.parse(`${filters.from}T00:00:00Z`)) / 86_400_000 + 1;
    if (days > MAX_REPORT_DAYS) problems.from = tr('setup.reports.atMostDays', { count: MAX_REPORT_DAYS });
  }
  if (filters.currency && !/^[A-Za-z]{3}$/.test(filters.currency))
    problems.currency = tr('setup.reports.isoCode');
  return problems;
}

/** The API query: blanks left out, the sub filter as `subN=value`, the currency upper-cased, days counted in `tz`. */
export function reportApiQuery(
  filters: ReportFilters,
  options: { tz?: string; format?: 'csv' } = {},
): Filters {
  const { tz = UTC, format } = options;
  const { sub_key, sub_value, currency, ...rest } = filters;
  const sub = sub_value.trim() !== '' && SUB_KEYS.includes(sub_key) ? { [sub_key]: sub_value } : {};
  return { ...rest, ...sub, currency: currency.toUpperCase(), tz, format };
}

/** What a saved report keeps of the Reports page: the API's query without empty values, time zone or format. */
export function reportSavedParams(filters: ReportFilters): Record<string, string> {
  const saved: Record<string, string> = {};
  for (const [key, value] of Object.entries(reportApiQuery(filters))) {
    if (key !== 'tz' && key !== 'format' && typeof value === 'string' && value !== '') saved[key] = value;
  }
  return saved;
}

/** A saved report's query (the API's names) back into the Reports page's address bar. */
export function reportFiltersFromSaved(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of query) {
    if (SUB_KEYS.includes(key)) {
      out.set('sub_key', key);
      out.set('sub_value', value);
    } else if (key !== 'tz' && key !== 'format') out.set(key, value);
  }
  return out;
}

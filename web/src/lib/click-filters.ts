import { tr } from '../i18n';
import { labelsOf } from '../i18n/labels';
import { type Filters, readFilters, readPage } from './query-string';
import { PER_PAGE } from './table-state';
import { addDays, zonedDayStart } from './time-zone';

/** The Clicks page's filters, as they stand in the address bar. */
export const CLICK_FILTER_KEYS = [
  'offer_id',
  'publisher_id',
  'flow_id',
  'country',
  'status',
  'reject_reason',
  'ref',
  'hosting',
  'from',
  'to',
] as const;
export type ClickFilters = Record<(typeof CLICK_FILTER_KEYS)[number], string>;

/** Why a click was turned away (src/modules/clicks/record-click.ts), in words. */
export const REJECT_REASONS: Record<string, string> = labelsOf(
  [
    'offer_not_found',
    'offer_paused',
    'publisher_not_found',
    'publisher_not_approved',
    'offer_not_assigned',
    'flow_paused',
    'ip_blocked',
    'bot_ua',
    'ip_velocity',
    'geo_mismatch',
    'daily_cap',
    'cap_reached',
    'datacenter_ip',
  ],
  'admin.rejectReason',
);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readClickFilters(params: URLSearchParams): { filters: ClickFilters; page: number } {
  return { filters: readFilters(params, CLICK_FILTER_KEYS), page: readPage(params) };
}

/** What is wrong with the filters before anything is sent, by field. */
export function clickFilterProblems(filters: ClickFilters): Partial<ClickFilters> {
  const problems: Partial<ClickFilters> = {};
  if (filters.country && !/^[A-Za-z]{2}$/.test(filters.country)) {
    problems.country = tr('admin.clicks.countryProblem');
  }
  if (filters.ref && !/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/.test(filters.ref.trim())) {
    problems.ref = tr('admin.clicks.refProblem');
  }
  if (filters.from && !DATE.test(filters.from)) problems.from = tr('common.dates.notDate');
  if (filters.to && !DATE.test(filters.to)) problems.to = tr('common.dates.notDate');
  if (!problems.from && !problems.to && filters.from && filters.to && filters.to < filters.from) {
    problems.to = tr('common.dates.endsBefore');
  }
  return problems;
}

/**
 * Address-bar filters → the API's query. Dates are days on the chosen zone's calendar, so "from
 * 2026-06-01 to 2026-06-01" in Asia/Kolkata is the half-open range of that Indian day in UTC.
 */
export function clickApiQuery(filters: ClickFilters, page: number, timeZone: string): Filters {
  return {
    offer_id: filters.offer_id,
    publisher_id: filters.publisher_id,
    flow_id: /^\d{1,15}$/.test(filters.flow_id) ? filters.flow_id : undefined,
    country: filters.country.toUpperCase(),
    status: filters.status,
    reject_reason: filters.reject_reason,
    ref: filters.ref.trim() || undefined,
    hosting: filters.hosting === 'true' || filters.hosting === 'false' ? filters.hosting : undefined,
    from: DATE.test(filters.from) ? zonedDayStart(filters.from, timeZone) : undefined,
    to: DATE.test(filters.to) ? zonedDayStart(addDays(filters.to, 1), timeZone) : undefined,
    page,
    per_page: PER_PAGE,
  };
}

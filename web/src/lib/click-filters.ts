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
export const REJECT_REASONS: Record<string, string> = {
  offer_not_found: 'Offer not found',
  offer_paused: 'Offer paused',
  publisher_not_found: 'Publisher not found',
  publisher_not_approved: 'Publisher not approved',
  offer_not_assigned: 'Private offer not assigned',
  flow_paused: 'Flow paused',
  ip_blocked: 'IP blocked',
  bot_ua: 'Bot user agent',
  ip_velocity: 'Too many clicks from one IP',
  geo_mismatch: 'Country outside offer GEO',
  daily_cap: 'Daily cap reached',
  cap_reached: 'Cap reached',
  datacenter_ip: 'Datacenter / hosting IP',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readClickFilters(params: URLSearchParams): { filters: ClickFilters; page: number } {
  return { filters: readFilters(params, CLICK_FILTER_KEYS), page: readPage(params) };
}

/** What is wrong with the filters before anything is sent, by field. */
export function clickFilterProblems(filters: ClickFilters): Partial<ClickFilters> {
  const problems: Partial<ClickFilters> = {};
  if (filters.country && !/^[A-Za-z]{2}$/.test(filters.country)) {
    problems.country = 'Two-letter ISO code, e.g. IN';
  }
  if (filters.ref && !/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/.test(filters.ref.trim())) {
    problems.ref = 'A reference like K7Q2-9MXD';
  }
  if (filters.from && !DATE.test(filters.from)) problems.from = 'A date, YYYY-MM-DD';
  if (filters.to && !DATE.test(filters.to)) problems.to = 'A date, YYYY-MM-DD';
  if (!problems.from && !problems.to && filters.from && filters.to && filters.to < filters.from) {
    problems.to = 'Ends before it starts';
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

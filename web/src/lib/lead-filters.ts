import { tr } from '../i18n';
import { labelsOf } from '../i18n/labels';
import { type Filters, readFilters, readPage } from './query-string';
import { PER_PAGE } from './table-state';
import { addDays, zonedDayStart } from './time-zone';

/** Every lead status (src/modules/leads/statuses.ts), in the chip bar's order. */
export const LEAD_STATUSES = [
  'processing',
  'hold',
  'approved',
  'cancelled',
  'wrong_number',
  'spam',
  'duplicate',
  'test',
  'chargedback',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Each status's name in the current language (read when shown: common.status.*). */
export const LEAD_STATUS_LABELS = labelsOf(LEAD_STATUSES, 'common.status');

/** The filter form's fields besides the search and the status chips: "contains" for text, exact for ids. */
export const LEAD_COLUMN_FILTERS = [
  'id',
  'offer_id',
  'publisher_id',
  'name',
  'phone',
  'email',
  'country',
  'ip',
  'goal',
  'push_status',
  'sub1',
  'sub2',
  'from',
  'to',
] as const;
export const LEAD_FILTER_KEYS = ['status', 'q', ...LEAD_COLUMN_FILTERS] as const;
export type LeadFilterKey = (typeof LEAD_FILTER_KEYS)[number];
export type LeadFilters = Record<LeadFilterKey, string>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readLeadFilters(params: URLSearchParams): { filters: LeadFilters; page: number } {
  return { filters: readFilters(params, LEAD_FILTER_KEYS), page: readPage(params) };
}

/** "approved,hold" in the address bar → the known statuses, in chip order, each once. */
export function selectedStatuses(status: string): LeadStatus[] {
  const picked = new Set(status.split(',').map((s) => s.trim()));
  return LEAD_STATUSES.filter((s) => picked.has(s));
}

/** A click on a chip: adds or removes that status; "Total" (null) clears the selection. */
export function toggleStatus(status: string, chip: LeadStatus | null): string {
  if (chip === null) return '';
  const current = selectedStatuses(status);
  const next = current.includes(chip) ? current.filter((s) => s !== chip) : [...current, chip];
  return LEAD_STATUSES.filter((s) => next.includes(s)).join(',');
}

export interface StatusChip {
  status: LeadStatus | null;
  label: string;
  count: number;
  selected: boolean;
}

/**
 * The chip bar: Total, then one chip per status with the API's counts (which apply every filter but
 * status, so the numbers say what a click on the chip would show). A missing count is 0.
 */
export function statusChips(counts: Record<string, number> | undefined, status: string): StatusChip[] {
  const selected = selectedStatuses(status);
  const total = counts?.total ?? LEAD_STATUSES.reduce((sum, s) => sum + (counts?.[s] ?? 0), 0);
  return [
    { status: null, label: tr('admin.act.total'), count: total, selected: selected.length === 0 },
    ...LEAD_STATUSES.map((s) => ({
      status: s,
      label: LEAD_STATUS_LABELS[s],
      count: counts?.[s] ?? 0,
      selected: selected.includes(s),
    })),
  ];
}

/** Address-bar filters → GET /api/admin/leads query; dates are days on the chosen zone's calendar. */
export function leadApiQuery(filters: LeadFilters, page: number, timeZone: string): Filters {
  const country = filters.country.trim();
  return {
    status: selectedStatuses(filters.status).join(','),
    q: filters.q,
    id: filters.id,
    offer_id: /^\d+$/.test(filters.offer_id) ? filters.offer_id : undefined,
    publisher_id: /^\d+$/.test(filters.publisher_id) ? filters.publisher_id : undefined,
    name: filters.name,
    phone: filters.phone,
    email: filters.email,
    country: /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined,
    ip: filters.ip,
    goal: filters.goal,
    push_status: filters.push_status,
    sub1: filters.sub1,
    sub2: filters.sub2,
    from: DATE.test(filters.from) ? zonedDayStart(filters.from, timeZone) : undefined,
    to: DATE.test(filters.to) ? zonedDayStart(addDays(filters.to, 1), timeZone) : undefined,
    page,
    per_page: PER_PAGE,
  };
}

/** Filters → the address bar: blanks dropped, page 1 left out. */
export function leadFiltersToParams(filters: LeadFilters, page = 1): Filters {
  return { ...filters, page: page > 1 ? page : undefined };
}

/** What is wrong with the filters before anything is sent: a country is a two-letter code. */
export function leadFilterProblems(filters: LeadFilters): Partial<LeadFilters> {
  const country = filters.country.trim();
  return country && !/^[A-Za-z]{2}$/.test(country) ? { country: tr('admin.clicks.countryProblem') } : {};
}

export function hasLeadFilters(filters: LeadFilters): boolean {
  return Object.values(filters).some((v) => v.trim() !== '');
}

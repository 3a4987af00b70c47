import { tr } from '../i18n';
import { type Filters, readFilters, readPage } from './query-string';
import { PER_PAGE } from './table-state';
import { addDays, zonedDayStart } from './time-zone';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^\d{1,15}$/;

/** A day range on the chosen zone's calendar → the API's half-open UTC range. */
function dayRange(from: string, to: string, timeZone: string): Filters {
  return {
    from: DATE.test(from) ? zonedDayStart(from, timeZone) : undefined,
    to: DATE.test(to) ? zonedDayStart(addDays(to, 1), timeZone) : undefined,
  };
}

export const CONVERSION_FILTER_KEYS = [
  'offer_id',
  'publisher_id',
  'flow_id',
  'status',
  'goal',
  'from',
  'to',
] as const;
export type ConversionFilters = Record<(typeof CONVERSION_FILTER_KEYS)[number], string>;

export function readConversionFilters(params: URLSearchParams) {
  return { filters: readFilters(params, CONVERSION_FILTER_KEYS), page: readPage(params) };
}

export function conversionApiQuery(filters: ConversionFilters, page: number, timeZone: string): Filters {
  return {
    offer_id: ID.test(filters.offer_id) ? filters.offer_id : undefined,
    publisher_id: ID.test(filters.publisher_id) ? filters.publisher_id : undefined,
    flow_id: ID.test(filters.flow_id) ? filters.flow_id : undefined,
    status: filters.status,
    goal: filters.goal,
    ...dayRange(filters.from, filters.to, timeZone),
    page,
    per_page: PER_PAGE,
  };
}

export const POSTBACK_FILTER_KEYS = ['flow_id', 'click_id', 'answer_code', 'from', 'to'] as const;
export type PostbackFilters = Record<(typeof POSTBACK_FILTER_KEYS)[number], string>;

/** What a postback was answered (src/modules/postbacks), for the answer filter. */
export const ANSWER_CODES = [
  'ok',
  'no-changes',
  'ignored',
  'queued',
  'access',
  'bad-click',
  'bad-flow',
  'no-lead',
  'no-click',
  'bad-status',
  'bad-goal',
  'bad-payout',
  'bad-currency',
  'bad-params',
  'unused-params',
  'db',
];

export function readPostbackFilters(params: URLSearchParams) {
  return { filters: readFilters(params, POSTBACK_FILTER_KEYS), page: readPage(params) };
}

export function postbackApiQuery(filters: PostbackFilters, page: number, timeZone: string): Filters {
  return {
    flow_id: ID.test(filters.flow_id) ? filters.flow_id : undefined,
    click_id: filters.click_id,
    answer_code: filters.answer_code,
    ...dayRange(filters.from, filters.to, timeZone),
    page,
    per_page: PER_PAGE,
  };
}

/** Which dates are wrong before anything is sent. */
export function dateRangeProblems(from: string, to: string): { from?: string; to?: string } {
  const problems: { from?: string; to?: string } = {};
  if (from && !DATE.test(from)) problems.from = tr('common.dates.notDate');
  if (to && !DATE.test(to)) problems.to = tr('common.dates.notDate');
  if (!problems.from && !problems.to && from && to && to < from) problems.to = tr('common.dates.endsBefore');
  return problems;
}

export const FRAUD_EVENT_FILTER_KEYS = ['rule', 'ip', 'offer_id', 'publisher_id', 'from', 'to'] as const;
export type FraudEventFilters = Record<(typeof FRAUD_EVENT_FILTER_KEYS)[number], string>;

/** Rules that leave a fraud event (GET /api/admin/fraud/events), for the rule filter. */
export const FRAUD_EVENT_RULES = [
  'bot_ua',
  'ip_blocked',
  'ip_velocity',
  'duplicate_phone',
  'duplicate_email',
  'manual_block',
  'pixel_limit',
  'pixel_bad_sig',
];

export function readFraudEventFilters(params: URLSearchParams) {
  return { filters: readFilters(params, FRAUD_EVENT_FILTER_KEYS), page: readPage(params) };
}

export function fraudEventApiQuery(filters: FraudEventFilters, page: number, timeZone: string): Filters {
  return {
    rule: filters.rule,
    ip: filters.ip,
    offer_id: ID.test(filters.offer_id) ? filters.offer_id : undefined,
    publisher_id: ID.test(filters.publisher_id) ? filters.publisher_id : undefined,
    ...dayRange(filters.from, filters.to, timeZone),
    page,
    per_page: PER_PAGE,
  };
}

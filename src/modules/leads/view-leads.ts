import type { AppContext } from '../../context.js';
import type { TextParams } from '../../http/schemas.js';
import type { CsvExport } from '../../lib/csv-stream.js';
import { NotFoundError } from '../../lib/errors.js';
import { rangeEnd, rangeStart } from '../../lib/time.js';
import type { AccessScope } from '../auth/access-scope.js';
import { presentOutboundRequest } from '../outbound/list-outbound-requests.js';
import { listOutboundRequestRows } from '../outbound/queries.js';
import {
  findLead,
  LEAD_EXACT_COLUMNS,
  LEAD_TEXT_COLUMNS,
  type LeadFilter,
  type LeadRow,
  leadRowsAfter,
  listLeadRows,
} from './queries.js';
import type { Lead, LeadListQuery } from './schemas.js';
import { LEAD_STATUSES } from './statuses.js';

const NUMERIC_COLUMNS = new Set(['offer_id', 'advertiser_id', 'publisher_id', 'flow_id']);
/** The most push attempts a lead's detail shows (8 tries, each with up to 3 redirects, fit). */
const MAX_SHOWN_REQUESTS = 100;

const idOrNull = (id: number | null) => (id === null ? null : String(id));

export function presentLead(row: LeadRow): Lead {
  return {
    ...row,
    offer_id: String(row.offer_id),
    advertiser_id: String(row.advertiser_id),
    publisher_id: idOrNull(row.publisher_id),
    flow_id: idOrNull(row.flow_id),
    push_attempts: Number(row.push_attempts),
    push_maybe_sent: Number(row.push_maybe_sent) === 1,
    meta: JSON.parse(row.meta) as Record<string, string>,
    tags: JSON.parse(row.tags) as Record<string, unknown>,
    push_error_params: row.push_error_params ? (JSON.parse(row.push_error_params) as TextParams) : null,
  };
}

export function leadFilterOf(query: Partial<LeadListQuery>, scope?: AccessScope): LeadFilter {
  const exact: LeadFilter['exact'] = {};
  for (const column of LEAD_EXACT_COLUMNS) {
    const value = query[column];
    if (value === undefined || value === '') continue;
    exact[column] = NUMERIC_COLUMNS.has(column)
      ? Number(value)
      : column === 'country'
        ? value.toUpperCase()
        : value;
  }
  const contains: LeadFilter['contains'] = {};
  for (const column of LEAD_TEXT_COLUMNS) {
    const value = query[column];
    if (value !== undefined && value !== '') contains[column] = value;
  }
  return {
    q: query.q?.trim() || undefined,
    statuses: query.status?.split(','),
    exact,
    contains,
    from: query.from ? rangeStart(query.from) : undefined,
    to: query.to ? rangeEnd(query.to) : undefined,
    ...(scope ? { scope } : {}),
  };
}

export const LEAD_EXPORT_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'status',
  'goal',
  'source',
  'offer_id',
  'advertiser_id',
  'publisher_id',
  'flow_id',
  'click_id',
  'external_id',
  'name',
  'phone',
  'email',
  'country',
  'address',
  'ip',
  'push_status',
  'push_attempts',
  'fraud_rule',
  'comment',
  'status_comment',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
] as const;

/** The leads export (CSV or XLSX): the list's filter, paged by id. */
export function leadExport(
  ctx: AppContext,
  query: LeadListQuery,
  scope?: AccessScope,
  ids?: readonly string[],
): CsvExport<LeadRow, string> {
  const filter = leadFilterOf(query, scope);
  return {
    columns: LEAD_EXPORT_COLUMNS,
    page: (after, limit) => leadRowsAfter(ctx.db, filter, after, limit, ids),
    idOf: (row: LeadRow) => row.id,
    present: presentLead,
  };
}

/** The leads table: one page, and counts per status under every other filter (the status chip bar). */
export async function listLeads(
  ctx: AppContext,
  query: LeadListQuery,
  limit: number,
  offset: number,
  scope?: AccessScope,
) {
  const { rows, total, byStatus } = await listLeadRows(
    ctx.db,
    leadFilterOf(query, scope),
    query,
    limit,
    offset,
  );
  const counts: Record<string, number> = { total: 0 };
  for (const status of LEAD_STATUSES) counts[status] = 0;
  for (const { status, count } of byStatus) {
    counts[status] = count;
    counts.total = (counts.total ?? 0) + count;
  }
  return { leads: rows.map(presentLead), total, counts };
}

/** One lead with every push attempt made for it, from the outbound request log. */
export async function getLeadDetail(ctx: AppContext, id: string) {
  const row = await findLead(ctx.db, id);
  if (!row) throw new NotFoundError('lead');
  const { rows } = await listOutboundRequestRows(
    ctx.db,
    { kind: 'lead_push', subject_id: id },
    MAX_SHOWN_REQUESTS,
    0,
  );
  return { ...presentLead(row), push_requests: rows.reverse().map(presentOutboundRequest) };
}

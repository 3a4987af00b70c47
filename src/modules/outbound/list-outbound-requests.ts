import type { AppContext } from '../../context.js';
import { listOutboundRequestRows, type OutboundRequestRow } from './queries.js';
import type { OutboundRequest, OutboundRequestListQuery } from './schemas.js';

export async function listOutboundRequests(
  ctx: AppContext,
  query: OutboundRequestListQuery,
  limit: number,
  offset: number,
) {
  const { rows, total } = await listOutboundRequestRows(ctx.db, query, limit, offset);
  return { requests: rows.map(presentOutboundRequest), total };
}

export function presentOutboundRequest(row: OutboundRequestRow): OutboundRequest {
  return {
    ...row,
    request_headers: JSON.parse(row.request_headers) as Record<string, string>,
    response_headers:
      row.response_headers === null ? null : (JSON.parse(row.response_headers) as Record<string, string>),
  };
}

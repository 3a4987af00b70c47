import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Pagination } from '../../http/schemas.js';

export const OutboundRequest = Type.Object({
  id: Type.String(),
  job_id: Nullable(Type.String()),
  kind: Type.String(),
  subject_id: Nullable(Type.String()),
  hop: Type.Integer({ description: '0 for the request as asked, 1… for each redirect followed' }),
  method: Type.String(),
  url: Type.String({ description: 'secrets masked as ***' }),
  request_headers: Type.Record(Type.String(), Type.String()),
  request_body: Nullable(Type.String()),
  outcome: Type.Union(
    [
      Type.Literal('response'),
      Type.Literal('network_error'),
      Type.Literal('timeout'),
      Type.Literal('refused'),
      Type.Literal('sending'),
      Type.Literal('interrupted'),
    ],
    {
      description:
        'sending: recorded before it left, no outcome yet; interrupted: its process stopped while it was in flight',
    },
  ),
  response_status: Nullable(Type.Integer()),
  response_headers: Nullable(Type.Record(Type.String(), Type.String())),
  response_body: Nullable(Type.String({ description: 'the first 8 KiB' })),
  error: Nullable(Type.String()),
  duration_ms: Type.Integer(),
  created_at: Type.String(),
});
export type OutboundRequest = Static<typeof OutboundRequest>;

export const OutboundRequestListQuery = Type.Object(
  {
    ...Pagination,
    kind: Type.Optional(Type.String({ maxLength: 64 })),
    subject_id: Type.Optional(Type.String({ maxLength: 200 })),
    job_id: Type.Optional(Type.String({ maxLength: 26 })),
  },
  { additionalProperties: false },
);
export type OutboundRequestListQuery = Static<typeof OutboundRequestListQuery>;

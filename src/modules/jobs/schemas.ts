import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Pagination } from '../../http/schemas.js';

/** Text ids from newId(): 26 Crockford base32 characters. */
export const TextIdParam = Type.Object({ id: Type.String({ pattern: '^[0-9A-Z]{26}$' }) });

const JobStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
]);

export const Job = Type.Object({
  id: Type.String(),
  type: Type.String(),
  payload: Type.Unknown(),
  status: JobStatus,
  attempts: Type.Integer(),
  max_attempts: Type.Integer(),
  run_at: Type.String(),
  locked_by: Nullable(Type.String()),
  locked_until: Nullable(Type.String()),
  last_error: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type Job = Static<typeof Job>;

export const JobListQuery = Type.Object(
  {
    ...Pagination,
    type: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(JobStatus),
  },
  { additionalProperties: false },
);
export type JobListQuery = Static<typeof JobListQuery>;

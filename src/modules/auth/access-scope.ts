import type { FastifyRequest } from 'fastify';
import { type RawBuilder, sql } from 'kysely';

/**
 * What an account manager may see: their assigned advertisers and publishers. Undefined for every
 * other role (they see the whole network). Queries narrow their rows with `inScope`.
 */
export interface AccessScope {
  advertiserIds: readonly number[];
  publisherIds: readonly number[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin authorisation preHandler (auth/authorise.ts). */
    access?: { userId: number; email: string; role: string; scope?: AccessScope };
  }
}

export function scopeOf(request: FastifyRequest): AccessScope | undefined {
  return request.access?.scope;
}

/**
 * A row is in scope when its advertiser or its publisher is assigned. Columns are SQL references
 * (`l.publisher_id`); a side without a column (advertisers have no publisher) is left out.
 */
export function inScope(
  scope: AccessScope,
  columns: { advertiser?: string; publisher?: string },
): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (columns.advertiser && scope.advertiserIds.length > 0) {
    parts.push(sql`${sql.ref(columns.advertiser)} in (${sql.join(scope.advertiserIds)})`);
  }
  if (columns.publisher && scope.publisherIds.length > 0) {
    parts.push(sql`${sql.ref(columns.publisher)} in (${sql.join(scope.publisherIds)})`);
  }
  if (parts.length === 0) return sql<boolean>`1 = 0`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

export function scopeAllows(
  scope: AccessScope | undefined,
  row: { advertiserId?: number | null; publisherId?: number | null },
): boolean {
  if (!scope) return true;
  return (
    (row.advertiserId != null && scope.advertiserIds.includes(row.advertiserId)) ||
    (row.publisherId != null && scope.publisherIds.includes(row.publisherId))
  );
}

import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { Nullable, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { auditCsv } from './csv.js';
import { type AuditFilter, type AuditRow, auditObjectTypes, listAuditRows } from './queries.js';

const AuditEntry = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  user_id: Nullable(Type.String()),
  user_email: Type.String(),
  ip: Type.String(),
  route: Type.String(),
  object_type: Type.String(),
  object_id: Nullable(Type.String()),
  action: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

const AuditQuery = Type.Object(
  {
    ...Pagination,
    user_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    object_type: Type.Optional(Type.String({ maxLength: 64 })),
    object_id: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

/** Rows one CSV export holds at most (newest first). */
const CSV_MAX_ROWS = 50_000;

function present(r: AuditRow) {
  return {
    id: String(r.id),
    created_at: r.created_at,
    user_id: r.user_id === null ? null : String(r.user_id),
    user_email: r.user_email,
    ip: r.ip,
    route: r.route,
    object_type: r.object_type,
    object_id: r.object_id,
    action: r.action,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
  };
}

/** The audit log: read and export only. There is no route that changes or deletes an entry. */
export function auditRoutes(admin: App, ctx: AppContext) {
  admin.get(
    '/api/admin/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log of changes made through the admin API, newest first (format=csv to export)',
        querystring: AuditQuery,
        response: {
          200: Type.Union([
            Type.Intersect([Page(AuditEntry), Type.Object({ object_types: Type.Array(Type.String()) })]),
            Type.String(),
          ]),
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter: AuditFilter = {
        ...(q.user_id ? { userId: Number(q.user_id) } : {}),
        ...(q.object_type ? { objectType: q.object_type } : {}),
        ...(q.object_id ? { objectId: q.object_id } : {}),
        ...(q.from ? { from: new Date(q.from).toISOString() } : {}),
        ...(q.to ? { to: new Date(q.to).toISOString() } : {}),
      };
      if (q.format === 'csv') {
        const { rows } = await listAuditRows(ctx.db, filter, CSV_MAX_ROWS, 0);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-log.csv"')
          .send(auditCsv(rows));
      }
      const { page, perPage, limit, offset } = pageWindow(q);
      const [{ rows, total }, objectTypes] = await Promise.all([
        listAuditRows(ctx.db, filter, limit, offset),
        auditObjectTypes(ctx.db),
      ]);
      return { data: rows.map(present), page, per_page: perPage, total, object_types: objectTypes };
    },
  );
}

import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf, requireRole } from '../auth/guards.js';
import type { SubjectType } from '../auth/sessions.js';
import { readPreferences, resetTableColumns, saveDensity, saveTableColumns } from './queries.js';
import { DensityBody, TableColumnsBody, TableParams, UiPreferencesReply } from './schemas.js';

const PREFIX = { admin: '/api/auth', publisher: '/api/publisher' } as const satisfies Record<
  SubjectType,
  string
>;

/**
 * A person's own table settings, the same for admins (/api/auth/ui-preferences) and publishers
 * (/api/publisher/ui-preferences). Like the language, outside the admin scope: every role has its
 * own, and the owner is always the session's subject (no id in the path or body names another).
 */
export function uiPreferenceRoutes(app: App, ctx: AppContext) {
  for (const role of ['admin', 'publisher'] as const) {
    const base = `${PREFIX[role]}/ui-preferences`;
    const tags = [role === 'admin' ? 'auth' : 'publisher portal'];
    const preValidation = requireRole(ctx, role);
    const ownerOf = (request: Parameters<typeof principalOf>[0]) => ({
      type: role,
      id: principalOf(request).id,
    });

    app.get(
      base,
      {
        preValidation,
        schema: { tags, summary: 'My table settings', response: { 200: UiPreferencesReply } },
      },
      async (request) => readPreferences(ctx, ownerOf(request)),
    );

    app.put(
      `${base}/density`,
      {
        preValidation,
        schema: {
          tags,
          summary: 'Choose row density for every table',
          body: DensityBody,
          response: { 200: UiPreferencesReply, 400: ErrorReply },
        },
      },
      async (request) => {
        await saveDensity(ctx, ownerOf(request), request.body.density);
        return readPreferences(ctx, ownerOf(request));
      },
    );

    app.put(
      `${base}/tables/:table`,
      {
        preValidation,
        schema: {
          tags,
          summary: "Keep a table's columns: their order and those hidden",
          params: TableParams,
          body: TableColumnsBody,
          response: { 200: UiPreferencesReply, 400: ErrorReply, 409: ErrorReply },
        },
      },
      async (request) => {
        await saveTableColumns(ctx, ownerOf(request), request.params.table, request.body);
        return readPreferences(ctx, ownerOf(request));
      },
    );

    app.delete(
      `${base}/tables/:table`,
      {
        preValidation,
        schema: {
          tags,
          summary: "Reset a table's columns to the default",
          params: TableParams,
          response: { 200: UiPreferencesReply, 400: ErrorReply },
        },
      },
      async (request) => {
        await resetTableColumns(ctx, ownerOf(request), request.params.table);
        return readPreferences(ctx, ownerOf(request));
      },
    );
  }
}

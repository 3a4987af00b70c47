import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { retentionSettings, saveRetentionSettings } from './retention-settings.js';

/** Days, at least one; null keeps the rows forever. Ten years at most. */
const Days = Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()]);

const Settings = Type.Object(
  {
    raw_clicks: Days,
    postback_log: Days,
    outbound_requests: Days,
    finished_jobs: Days,
  },
  { additionalProperties: false },
);

/** Retention of raw rows (admin settings); every change is in the audit log like any admin change. */
export function retentionRoutes(admin: App, ctx: AppContext) {
  admin.get(
    '/api/admin/retention-settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Days each kind of raw row is kept (null: forever)',
        response: { 200: Settings },
      },
    },
    async () => retentionSettings(ctx),
  );
  admin.put(
    '/api/admin/retention-settings',
    {
      schema: {
        tags: ['settings'],
        summary:
          'Set how many days raw clicks, the postback log, outbound requests and finished jobs are kept; a daily job deletes older rows (reports keep answering from the hourly rollups)',
        body: Type.Partial(Settings, { additionalProperties: false }),
        response: { 200: Settings },
      },
    },
    async (request) => saveRetentionSettings(ctx, request.body),
  );
}

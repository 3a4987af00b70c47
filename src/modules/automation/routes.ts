import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { listNotifications, markRead } from './notifications.js';
import { runRule } from './run-rule.js';
import { createRule, deleteRule, findRule, listRules, presentRule, updateRule } from './save-rule.js';
import {
  Notification,
  NotificationQuery,
  Rule,
  RuleCreate,
  RuleUpdate,
  Run,
  RunBody,
  RunQuery,
} from './schemas.js';
import { listRuns } from './view-runs.js';

const tags = ['automation'];
const Errors = { 404: ErrorReply, 422: ErrorReply };

export function automationRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/automation/rules',
    { schema: { tags, querystring: Type.Object(Pagination), response: { 200: Page(Rule) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listRules(ctx, limit, offset);
      return { data: rows, page, per_page: perPage, total };
    },
  );

  app.post(
    '/api/admin/automation/rules',
    {
      schema: {
        tags,
        summary: 'Create an automation rule: metric, scope, condition, actions, schedule',
        body: RuleCreate,
        response: { 201: Rule, ...Errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createRule(ctx, request.body)),
  );

  app.get(
    '/api/admin/automation/rules/:id',
    { schema: { tags, params: IdParam, response: { 200: Rule, 404: ErrorReply } } },
    async (request) => presentRule(await findRule(ctx, Number(request.params.id))),
  );

  app.patch(
    '/api/admin/automation/rules/:id',
    { schema: { tags, params: IdParam, body: RuleUpdate, response: { 200: Rule, ...Errors } } },
    async (request) => updateRule(ctx, Number(request.params.id), request.body),
  );

  app.delete(
    '/api/admin/automation/rules/:id',
    { schema: { tags, summary: 'Delete a rule (its runs stay in the log)', params: IdParam } },
    async (request, reply) => {
      await deleteRule(ctx, Number(request.params.id));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/admin/automation/rules/:id/run',
    {
      // A dry run changes and stores nothing: no audit entry (as on the dry-run path below).
      config: {
        readOnly: (request) => (request.body as { dry_run?: boolean } | undefined)?.dry_run === true,
      },
      schema: {
        tags,
        summary: 'Run a rule now; dry_run shows what it would do and changes nothing',
        params: IdParam,
        body: Type.Optional(RunBody),
        response: { 200: Run, 404: ErrorReply },
      },
    },
    async (request) => {
      const rule = await findRule(ctx, Number(request.params.id));
      return runRule(ctx, rule, { dryRun: request.body?.dry_run === true, trigger: 'manual' });
    },
  );

  app.post(
    '/api/admin/automation/rules/:id/dry-run',
    {
      // Changes and stores nothing, so it leaves no audit entry, and the web app's cache (whose
      // invalidation reads only the path) knows from the path that nothing needs asking again.
      config: { readOnly: true },
      schema: {
        tags,
        summary: 'What a run of the rule would do now: the same answer as run with dry_run, nothing changed',
        params: IdParam,
        response: { 200: Run, 404: ErrorReply },
      },
    },
    async (request) => {
      const rule = await findRule(ctx, Number(request.params.id));
      return runRule(ctx, rule, { dryRun: true, trigger: 'manual' });
    },
  );

  app.get(
    '/api/admin/automation/runs',
    {
      schema: { tags, summary: 'Run log, newest first', querystring: RunQuery, response: { 200: Page(Run) } },
    },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const ruleId = request.query.rule_id === undefined ? undefined : Number(request.query.rule_id);
      const { rows, total } = await listRuns(ctx, { ruleId }, limit, offset);
      return { data: rows, page, per_page: perPage, total };
    },
  );

  app.get(
    '/api/admin/notifications',
    {
      schema: {
        tags,
        summary: 'Admin notifications (automation alerts), newest first',
        querystring: NotificationQuery,
        response: {
          200: Type.Composite([Page(Notification), Type.Object({ unread: Type.Integer() })]),
        },
      },
    },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total, unread } = await listNotifications(ctx, request.query.unread, limit, offset);
      return { data: rows, page, per_page: perPage, total, unread };
    },
  );

  app.post(
    '/api/admin/notifications/:id/read',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ pattern: '^[0-9A-Z]{26}$' }) }),
        response: { 200: Type.Object({ marked: Type.Integer() }), 404: ErrorReply },
      },
    },
    async (request) => ({ marked: await markRead(ctx, request.params.id) }),
  );

  app.post(
    '/api/admin/notifications/read-all',
    { schema: { tags, response: { 200: Type.Object({ marked: Type.Integer() }) } } },
    async () => ({ marked: await markRead(ctx) }),
  );
}
